import type { INodeProperties } from 'n8n-workflow';

const show = { resource: ['contact'], operation: ['removeSuppression'] };

/**
 * DELETE /v1/contacts/suppression: takes the contact's address off the suppression list so Loops sends to
 * it again. Each removal uses one of the account's removal quota; Loops answers 400 when the address is
 * not suppressed or the quota is used up.
 */
// The contact is chosen with the shared identification fields (shared/fields.ts identificationFields).
export const removeSuppressionDescription: INodeProperties[] = [
	{
		displayName:
			"Loops stops sending to an address after a hard bounce or a spam complaint. Remove it only when you know the address works and the contact wants your email: each removal uses one of your account's removal quota.",
		name: 'removeSuppressionNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
];
