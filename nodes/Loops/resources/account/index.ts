import type { INodeProperties } from 'n8n-workflow';

import { loopsRoute } from '../../shared/transport';

export const accountOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['account'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get the account',
			description: 'Check the API key and get the name of the Loops team it belongs to',
			routing: loopsRoute({ method: 'GET', url: '/v1/api-key' }),
		},
	],
	default: 'get',
};

export const accountFields: INodeProperties[] = [];
