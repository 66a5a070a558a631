import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { requestLoops, sendPaced, type ItemExecutor } from '../../shared/transport';

const show = { resource: ['contact'], operation: ['removeSuppression'] };

/**
 * DELETE /v1/contacts/suppression: takes the contact's address off the suppression list so Loops sends to
 * it again. Each removal uses one of the account's removal quota; Loops answers 400 when the address is
 * not suppressed or the quota is used up.
 */
// The contact is chosen with the shared identification fields (shared/fields.ts identificationFields).
export const contactRemoveSuppressionDescription: INodeProperties[] = [
	{
		displayName:
			"Loops stops sending to an address after a hard bounce or a spam complaint. Remove it only when you know the address works and the contact wants your email: each removal uses one of your account's removal quota.",
		name: 'removeSuppressionNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
];

/**
 * Removes the suppression. When an attempt lost its answer and the retry meets 400 (Loops' answer for an address
 * that is not suppressed, and for a used-up quota), the node asks Loops whether the address is still suppressed
 * (one more request, only then): if not, the lost attempt removed it, and the item outputs the quota left,
 * marked `alreadyApplied`. Still suppressed: the 400 stays an error.
 */
export const removeSuppression: ItemExecutor = async function (requestData) {
	return await sendPaced(this, requestData, {
		ownEffect: {
			statuses: [400],
			confirm: async () => {
				const status = await requestLoops<IDataObject>(this as unknown as IExecuteSingleFunctions, {
					method: 'GET',
					path: '/v1/contacts/suppression',
					qs: requestData.options.qs as IDataObject,
				});
				if (status?.isSuppressed !== false) return undefined;
				return [
					{ json: { success: true, removalQuota: status.removalQuota, alreadyApplied: true } },
				];
			},
		},
	});
};
