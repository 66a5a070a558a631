import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/fields';

export const campaignGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit({ resource: ['campaign'], operation: ['getAll'] }),
];
