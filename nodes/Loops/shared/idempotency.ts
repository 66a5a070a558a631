import { createHash, randomBytes } from 'crypto';
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { invalidInput } from './errors';
import { savedNodeContext } from './runState';
import { sendPaced, type ItemExecutor } from './transport';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './validation';

/**
 * Exactly-once sends where Loops takes an Idempotency-Key (Send Event, Send Transactional Email): the key each
 * item is sent with, and the executor that reads Loops' 409 for a key it already applied.
 */

/**
 * preSend: sets the Idempotency-Key header, the user's own key (from the field at `parameterPath`) or one derived
 * from the run (see `derivedIdempotencyKey`). n8n's Retry On Fail and a retried request reuse the key, and Loops
 * answers 409 instead of delivering the message again.
 */
export function sendIdempotencyKey(parameterPath: string, field = 'Idempotency Key') {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const key = userSetTheField(this, parameterPath)
			? headerFormOf(ownIdempotencyKey(this, field, this.getNodeParameter(parameterPath, '')))
			: derivedIdempotencyKey(this);
		if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
			throw invalidInput(
				this,
				field,
				`is ${key.length} characters long; Loops accepts at most ${MAX_IDEMPOTENCY_KEY_LENGTH}`,
			);
		}
		requestOptions.headers = { ...(requestOptions.headers ?? {}), 'Idempotency-Key': key };
		return requestOptions;
	};
}

/**
 * Whether the user gave a key: the field holds an expression or text (as saved, before evaluation). A field left
 * out or left empty asks for the derived key; an expression asks for its own value, whatever it gives.
 */
function userSetTheField(context: IExecuteSingleFunctions, parameterPath: string): boolean {
	let value: unknown = context.getNode().parameters;
	for (const name of parameterPath.split('.')) {
		value = (value as IDataObject | undefined)?.[name];
	}
	return value !== undefined && !(typeof value === 'string' && value.trim() === '');
}

/**
 * The key the user gave, as text. A field the user added must give a key: an expression that gives nothing
 * (undefined, null, blank) would otherwise fall back to a derived key without a word, and the "once per order"
 * the user asked for would be gone. Only text and numbers are keys: anything else would be one key for every item.
 */
function ownIdempotencyKey(
	context: IExecuteSingleFunctions,
	field: string,
	value: unknown,
): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (value === undefined || value === null || typeof value === 'string') {
		const gave = typeof value === 'string' ? 'gave blank text' : `gave ${String(value)}`;
		throw invalidInput(
			context,
			field,
			`${gave}; give each item its own key (e.g. {{ $json.orderId }}), or remove the field to let the node make one`,
		);
	}
	const kind = Array.isArray(value)
		? 'a list'
		: typeof value === 'object'
			? 'an object'
			: typeof value === 'number'
				? 'not a finite number'
				: `a ${typeof value}`;
	throw invalidInput(context, field, `is ${kind}; an Idempotency Key is text or a number`);
}

/**
 * A header carries printable ASCII only: n8n's HTTP client (axios) silently drops other characters, which made
 * "订单-张三-1" and "订单-李四-1" both arrive as "--1" (one key for two orders). Such a key is sent as a hash
 * of its UTF-8 bytes instead: distinct keys stay distinct, the same key always gives the same form, and it is
 * 54 characters long whatever the key's length.
 */
function headerFormOf(key: string): string {
	for (let index = 0; index < key.length; index++) {
		const code = key.charCodeAt(index);
		if (code < 0x20 || code > 0x7e) {
			return `n8n-sha256-${createHash('sha256').update(key, 'utf8').digest('base64url')}`;
		}
	}
	return key;
}

/** Where the node notes the random part of its derived keys (see `derivedIdempotencyKey`). */
const KEY_SEED = 'loopsIdempotencySeed';

/**
 * The random part of the execution's derived keys, noted in the node context the first time the execution runs
 * the node. n8n hands that context to Retry On Fail and to a retry of the failed execution (Executions → Retry),
 * which so derive the same keys: Loops refuses (409) what had already gone out. A new execution notes a new one,
 * even where n8n repeats every id it has (an n8n whose database was reset: the same encryption key, so the same
 * instance id, workflows imported with their ids, execution ids from 1 again).
 */
function keySeed(context: IExecuteSingleFunctions): string {
	const nodeContext = savedNodeContext(context);
	const noted = nodeContext?.[KEY_SEED];
	if (typeof noted === 'string' && noted !== '') return noted;
	const seed = randomBytes(16).toString('base64url');
	if (nodeContext) nodeContext[KEY_SEED] = seed;
	return seed;
}

/** The key of an item without a key of the user's: unique to the execution that first ran it, node, run and item. */
export function derivedIdempotencyKey(context: IExecuteSingleFunctions): string {
	const itemIndex = context.getItemIndex();
	const runIndex = context.getWorkflowDataProxy(itemIndex).$runIndex;
	const node = context.getNode();
	// The instance and the workflow keep apart two n8n instances that happen to draw alike; the seed does the rest.
	const identity = [
		context.getInstanceId(),
		context.getWorkflow().id,
		keySeed(context),
		node.id || node.name,
		runIndex,
		itemIndex,
	].join('\n');
	return `n8n-${createHash('sha256').update(identity).digest('base64url')}`;
}

/**
 * Executor of the requests that carry an Idempotency-Key. A 409 means Loops already applied this key, so the
 * message went out once and the item succeeds:
 * - after an attempt of this item may have been applied (its answer was lost), it is that attempt's own effect:
 *   the output is what the lost answer would have said, marked `alreadyApplied: true` (lostAnswers.ts);
 * - otherwise an earlier run applied it (Retry On Fail, a retried execution, another item or run with the same
 *   key of the user's): `duplicate: true` and the key, since this item itself sent nothing.
 */
export const sendOnce: ItemExecutor = async function (requestData) {
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
};
