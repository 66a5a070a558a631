import type { INodeProperties } from 'n8n-workflow';

import { splitArrayResponse } from '../../shared/postReceive';
import { loopsRoute } from '../../shared/transport';
import { checkNewProperty, createDescription, createProperty } from './create';
import { getAllDescription } from './getAll';

export const contactPropertyOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['contactProperty'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a contact property',
			description:
				'Add a custom contact property (name in camelCase; type string, number, boolean or date) so contacts and events can set it',
			routing: loopsRoute(
				{ method: 'POST', url: '/v1/contacts/properties' },
				{ preSend: [checkNewProperty], execute: createProperty },
			),
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many contact properties',
			description:
				'List the contact properties of the account (all, or only the custom ones) with their key, label and type',
			routing: loopsRoute(
				{ method: 'GET', url: '/v1/contacts/properties' },
				{ postReceive: [splitArrayResponse] },
			),
		},
	],
	default: 'getAll',
};

export const contactPropertyFields: INodeProperties[] = [
	...createDescription,
	...getAllDescription,
];
