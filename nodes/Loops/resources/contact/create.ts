import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import {
	contactProfileFields,
	customPropertiesField,
	mailingListsField,
} from '../../shared/fields';
import { requestLoops, sendPaced, type ItemExecutor } from '../../shared/transport';

/** This operation's options in the node's one Additional Fields collection (resources/optionalFields.ts). */
export const contactCreateAdditionalFields: INodeProperties[] = [
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

/** The contact fields Loops keeps as sent, compared to tell our own contact from one that was there before. */
function holdsWhatWasSent(contact: IDataObject, sent: IDataObject): boolean {
	for (const [key, value] of Object.entries(sent)) {
		if (key === 'email') {
			if (String(contact.email ?? '').toLowerCase() !== String(value).toLowerCase()) return false;
		} else if (key === 'mailingLists') {
			const lists = (contact.mailingLists ?? {}) as IDataObject;
			for (const [listId, subscribed] of Object.entries(value as IDataObject)) {
				if ((lists[listId] === true) !== subscribed) return false;
			}
		} else if (value === null) {
			if (contact[key] !== null && contact[key] !== undefined) return false; // null empties it
		} else if (contact[key] !== value) {
			return false;
		}
	}
	return true;
}

/**
 * Creates the contact. When an attempt lost its answer and the retry meets 409 ("email or userId already
 * exists"), the node looks the contact up by email (one more request, only then): if Loops holds a contact with
 * everything this request sent, it is this request's own, and the item outputs its id as the lost answer would
 * have, marked `alreadyApplied`. A contact that differs was there before: the 409 stays an error.
 */
export const createContact: ItemExecutor = async function (requestData) {
	const sent = (requestData.options.body ?? {}) as IDataObject;
	return await sendPaced(this, requestData, {
		ownEffect: {
			statuses: [409],
			confirm: async () => {
				const found = await requestLoops<IDataObject[]>(
					this as unknown as IExecuteSingleFunctions,
					{
						method: 'GET',
						path: '/v1/contacts/find',
						qs: { email: String(sent.email) },
					},
				);
				const contact = Array.isArray(found) ? found[0] : undefined;
				if (!contact || !holdsWhatWasSent(contact, sent)) return undefined;
				return [{ json: { success: true, id: contact.id, alreadyApplied: true } }];
			},
		},
	});
};
