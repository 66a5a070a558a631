import type { INodeProperties } from 'n8n-workflow';

import { identifierFields, identifyByField } from '../../shared/fields';

const show = { resource: ['contact'], operation: ['getSuppression'] };

/**
 * GET /v1/contacts/suppression: whether Loops suppresses the contact's address (after a hard bounce or a
 * spam complaint Loops stops sending to it) and how many removals the account has left.
 */
export const getSuppressionDescription: INodeProperties[] = [
	identifyByField(show, 'email'),
	...identifierFields(show, 'identifyBy', { type: 'query' }),
];
