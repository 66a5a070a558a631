import type { INodeProperties } from 'n8n-workflow';

import { identifierFields, identifyByField } from '../../shared/fields';

const show = { resource: ['contact'], operation: ['delete'] };

export const deleteDescription: INodeProperties[] = [
	identifyByField(show, 'userId'),
	...identifierFields(show, 'identifyBy', { type: 'body' }),
];
