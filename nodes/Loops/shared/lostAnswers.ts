import { createHash } from 'crypto';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
} from 'n8n-workflow';

import type { LoopsFailure } from './errors';

/**
 * Requests whose answer was lost. A request that got no answer (the connection dropped, or timed out) may have
 * been applied by Loops all the same: retried, it then meets its own effect (create → 409 "already exists",
 * delete → 404), which is a success, not an error. The executor (transport.ts) knows this within one request's
 * attempts; this file keeps it across n8n's tries of the node (Retry On Fail) and across a retry of the failed
 * execution from n8n's Executions list: the note lives in the node's context, which n8n keeps for both.
 */

/** Network errors after which the request may have reached Loops: the answer, not the request, was lost. */
const ANSWER_LOST_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

export function answerWasLost(failure: LoopsFailure): boolean {
	return failure.status === undefined && ANSWER_LOST_CODES.has(failure.networkCode ?? '');
}

const NOTE = 'loopsLostAnswers';

/** One item's request of one node run, hashed (the node context is saved with the execution). */
function fingerprint(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): string {
	const itemIndex = context.getItemIndex();
	const { method, url, qs, body } = requestData.options;
	const identity = [context.getWorkflowDataProxy(itemIndex).$runIndex, itemIndex, method, url, qs, body];
	return createHash('sha256').update(JSON.stringify(identity)).digest('base64url');
}

function notesOf(context: IExecutePaginationFunctions): { node?: IDataObject; notes: string[] } {
	try {
		const node = context.getContext('node');
		return { node, notes: Array.isArray(node[NOTE]) ? (node[NOTE] as string[]) : [] };
	} catch {
		return { notes: [] }; // no run data (a context outside a workflow run)
	}
}

/**
 * Whether an earlier try of this item's request lost its answer, and how to note that this one did. Nothing
 * is hashed unless a note exists or is made: the usual request costs one property read.
 */
export function lostAnswerMemory(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): { before: boolean; note: () => void } {
	const { node, notes } = notesOf(context);
	const before = notes.length > 0 && notes.includes(fingerprint(context, requestData));
	return {
		before,
		note: () => {
			if (!node) return;
			const key = fingerprint(context, requestData);
			const current = notesOf(context).notes; // other items may have noted theirs meanwhile
			if (!current.includes(key)) node[NOTE] = [...current, key];
		},
	};
}
