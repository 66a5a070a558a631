import type { INodeProperties } from 'n8n-workflow';

/** GET /v1/contacts/properties?list=all|custom: one item per property `{ key, label, type }`. */
export const contactPropertyGetManyDescription: INodeProperties[] = [
	{
		displayName: 'List',
		name: 'list',
		type: 'options',
		default: 'all',
		description: 'Which contact properties to return',
		displayOptions: { show: { resource: ['contactProperty'], operation: ['getAll'] } },
		options: [
			{
				name: 'All',
				value: 'all',
				description:
					"Loops' default properties (email, firstName, …) followed by the account's custom ones",
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'Only the properties created in this account',
			},
		],
		routing: { send: { type: 'query', property: 'list' } },
	},
];
