import type { INodeProperties } from 'n8n-workflow';

import { sendPaced, type ItemExecutor } from '../../shared/transport';

// The contact is chosen with the shared identification fields (shared/fields.ts identificationFields).
export const contactDeleteDescription: INodeProperties[] = [];

/**
 * Deletes the contact. When an attempt lost its answer and the retry meets 404 ("contact not found"), that
 * attempt deleted it: the item outputs what the lost answer would have given, marked `alreadyApplied`. (Loops
 * cannot tell that from a contact that never existed; either way, the contact is gone.)
 */
export const deleteContact: ItemExecutor = async function (requestData) {
	return await sendPaced(this, requestData, {
		ownEffect: {
			statuses: [404],
			confirm: async () => [{ json: { deleted: true, alreadyApplied: true } }],
		},
	});
};
