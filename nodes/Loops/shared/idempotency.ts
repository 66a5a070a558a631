import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { sendPaced } from './transport';

/**
 * Executor of the requests that carry an Idempotency-Key (Send Event, Send Transactional Email; the key is
 * set by `sendIdempotencyKey` in hooks.ts). A 409 means Loops already applied this key, so the message went out
 * once and the item succeeds:
 * - after an attempt of this item lost its answer, it is that attempt's own effect: the output is what the lost
 *   answer would have said, marked `alreadyApplied: true`, as for every operation (see earlierAttempts.ts);
 * - otherwise an earlier run applied it (Retry On Fail, a retried execution, another item or run with the same
 *   key of the user's): `duplicate: true` and the key, since this item itself sent nothing.
 */
export async function sendOnce(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const idempotencyKey = requestData.options.headers?.['Idempotency-Key'];
	return await sendPaced(this, requestData, {
		alreadyDone: {
			statuses: [409],
			resolve: (_failure, ownAttempt) => [
				{
					json: ownAttempt
						? { success: true, alreadyApplied: true }
						: { success: true, duplicate: true, idempotencyKey },
				},
			],
		},
	});
}
