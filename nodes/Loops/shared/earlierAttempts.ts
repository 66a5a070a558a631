import { createHash } from 'crypto';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
} from 'n8n-workflow';

import type { LoopsFailure } from './errors';

/**
 * Requests that an earlier attempt may have applied. A request that got no answer (the connection dropped, or
 * timed out) may have been applied by Loops all the same; a request that succeeded in a try of the node that
 * then failed on another item is sent again by n8n's Retry On Fail. Either way the request, sent again, meets
 * its own effect (create → 409 "already exists", delete → 404): a success, not an error (transport.ts,
 * `ownEffect`).
 *
 * The executor knows about lost answers within one request's attempts; this file keeps both kinds across n8n's
 * tries of the node (Retry On Fail) and across a retry of the failed execution from n8n's Executions list: the
 * note lives in the node's context, which n8n keeps for both (and saves with the execution).
 */

/** Network errors after which the request may have reached Loops: the answer, not the request, was lost. */
const ANSWER_LOST_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
]);

export function answerWasLost(failure: LoopsFailure): boolean {
	return failure.status === undefined && ANSWER_LOST_CODES.has(failure.networkCode ?? '');
}

/** The node context's list of request fingerprints (saved with the execution, so a list, not a Set). */
const NOTE = 'loopsMayBeApplied';
/** The same list as a Set, for look-ups in constant time; rebuilt from the list when a context is new here. */
const indexes = new WeakMap<IDataObject, { list: string[]; set: Set<string> }>();

function notesOf(
	context: IExecutePaginationFunctions,
): { list: string[]; set: Set<string> } | undefined {
	let node: IDataObject;
	try {
		node = context.getContext('node');
	} catch {
		return undefined; // no run data (a context outside a workflow run)
	}
	if (!Array.isArray(node[NOTE])) node[NOTE] = [];
	const list = node[NOTE] as string[];
	let index = indexes.get(node);
	if (!index || index.list !== list) {
		index = { list, set: new Set(list) };
		indexes.set(node, index);
	}
	return index;
}

/** One item's request of one node run, hashed (the note is saved with the execution). */
function fingerprint(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): string {
	const itemIndex = context.getItemIndex();
	const { method, url, qs, body } = requestData.options;
	const identity = [
		context.getWorkflowDataProxy(itemIndex).$runIndex,
		itemIndex,
		method,
		url,
		qs,
		body,
	];
	return createHash('sha256').update(JSON.stringify(identity)).digest('base64url');
}

/**
 * Whether an earlier try may have applied this item's request, and how to note that this attempt may have.
 * The fingerprint is taken before anything is sent, so later changes to the request (the base URL) do not
 * change it.
 */
export function earlierAttempts(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): { mayBeApplied: boolean; note: () => void } {
	const notes = notesOf(context);
	if (!notes) return { mayBeApplied: false, note: () => {} };
	const key = fingerprint(context, requestData); // a few microseconds: one small JSON text, one hash
	return {
		mayBeApplied: notes.set.has(key),
		note: () => {
			if (notes.set.has(key)) return;
			notes.set.add(key);
			notes.list.push(key);
		},
	};
}
