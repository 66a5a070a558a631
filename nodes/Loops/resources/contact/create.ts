import type { INodeProperties } from 'n8n-workflow';

import {
	contactProfileFields,
	customPropertiesField,
	mailingListsField,
} from '../../shared/fields';

const show = { resource: ['contact'], operation: ['create'] };

export const createDescription: INodeProperties[] = [
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Optional contact fields to set: names, User ID, source, subscription, group, mailing lists, custom properties',
		displayOptions: { show },
		options: [
			...contactProfileFields,
			{
				displayName: 'User ID',
				name: 'userId',
				type: 'string',
				default: '',
				placeholder: 'e.g. user_123',
				description: 'The ID your app gives the contact; needed later to change its email',
				routing: { send: { type: 'body', property: 'userId' } },
			},
			mailingListsField,
			customPropertiesField,
		],
	},
];
