import type { INodeProperties } from 'n8n-workflow';

import { splitArrayResponse } from '../../shared/postReceive';
import { operationsOf } from '../../shared/fields';
import { loopsRoute } from '../../shared/transport';
import { checkNewProperty, contactPropertyCreateDescription, createProperty } from './create';
import { contactPropertyGetManyDescription } from './getAll';

export const contactPropertyOperations = operationsOf('contactProperty', 'getAll', [
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
]);

export const contactPropertyFields: INodeProperties[] = [
	...contactPropertyCreateDescription,
	...contactPropertyGetManyDescription,
];
