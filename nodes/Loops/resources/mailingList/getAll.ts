import type { INodeProperties } from 'n8n-workflow';

/**
 * GET /v1/lists: every mailing list of the account, one item each `{ id, name, description, isPublic }`.
 * Loops answers them all at once, so there is nothing to page or limit.
 */
export const mailingListGetManyDescription: INodeProperties[] = [
	{
		displayName:
			'Outputs every mailing list of the account: use an ID in a contact\'s or an event\'s "Mailing Lists" to subscribe or unsubscribe the contact',
		name: 'mailingListsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['mailingList'], operation: ['getAll'] } },
	},
];
