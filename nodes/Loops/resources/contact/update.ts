import type { INodeProperties, PreSendAction } from 'n8n-workflow';

import {
	contactProfileFields,
	customPropertiesField,
	mailingListsField,
} from '../../shared/fields';
import { bodyOf } from '../../shared/preSend';
import { invalidInput } from '../../shared/errors';
import { requireEmail } from '../../shared/validation';

const show = { resource: ['contact'], operation: ['update'] };

/** This operation's options in the node's one Update Fields collection (resources/optionalFields.ts). */
export const contactUpdateFields: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		default: '',
		description:
			"The contact's new email address. Loops changes an email only for a contact identified by User ID.",
		// sent by the operation's preSend: the body's `email` may already hold the identifier
	},
	...contactProfileFields,
	mailingListsField,
	customPropertiesField,
];

export const contactUpdateDescription: INodeProperties[] = [
	{
		displayName:
			'Loops creates the contact when none matches (an "upsert"). To change an email address, identify the contact by User ID.',
		name: 'upsertNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
];

/** The new address goes in `email` beside the `userId` that finds the contact: that is how Loops changes it. */
export const sendNewEmail: PreSendAction = async function (requestOptions) {
	const field = 'Update Fields → Email';
	const newEmail = this.getNodeParameter('updateFields.email', '') as string;
	if (newEmail === '' || newEmail === undefined || newEmail === null) return requestOptions;
	if (this.getNodeParameter('identifyBy') !== 'userId') {
		throw invalidInput(
			this,
			field,
			'a new email address needs the contact identified by User ID',
			'Set "Identify By" to User ID: Loops matches the contact by User ID and gives it the new address.',
		);
	}
	bodyOf(requestOptions).email = requireEmail(this, field, newEmail);
	return requestOptions;
};
