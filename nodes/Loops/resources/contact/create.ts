import type { INodeProperties } from 'n8n-workflow';

import {
	contactProfileFields,
	customPropertiesField,
	mailingListsField,
} from '../../shared/fields';

/** This operation's options in the node's one Additional Fields collection (resources/additionalFields.ts). */
export const createAdditionalFields: INodeProperties[] = [
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
];
