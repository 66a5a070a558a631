import type { INodeProperties } from 'n8n-workflow';

import { splitArrayResponse } from '../../shared/postReceive';
import { loopsRoute } from '../../shared/transport';
import { getAllDescription } from './getAll';

export const mailingListOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['mailingList'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many mailing lists',
			description:
				'List every mailing list of the account with its ID, name, description and whether it is public',
			routing: loopsRoute(
				{ method: 'GET', url: '/v1/lists' },
				{ postReceive: [splitArrayResponse] },
			),
		},
	],
	default: 'getAll',
};

export const mailingListFields: INodeProperties[] = [...getAllDescription];
