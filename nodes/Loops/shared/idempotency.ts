import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { sendPaced } from './transport';

/**
 * Executor of the requests that carry an Idempotency-Key (Send Event, Send Transactional Email; the key is
 * set by `sendIdempotencyKey` in hooks.ts). A 409 means Loops already applied this key (an earlier attempt
 * whose answer was lost, or a re-run): the message went out once, so the item succeeds and says so.
 */
export async function sendOnce(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const idempotencyKey = requestData.options.headers?.['Idempotency-Key'];
	return await sendPaced(this, requestData, {
		alreadyDone: {
			statuses: [409],
			resolve: () => [{ json: { success: true, duplicate: true, idempotencyKey } }],
		},
	});
}
