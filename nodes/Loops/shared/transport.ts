import { createHash } from 'crypto';
import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';

import {
	describeFailure,
	isRetryable,
	loopsError,
	type LoopsContext,
	type LoopsFailure,
} from './errors';
import { passRunGate } from './gate';
import { answerWasLost, earlierAttempts } from './earlierAttempts';
import {
	type AccountPacer,
	type AcquireOptions,
	CancelledError,
	type PacedSlot,
	pacerFor,
} from './pacing/accountQueue';
import type { WindowReport } from './pacing/windowBudget';

/**
 * Everything that cuts across Loops requests lives here: pacing to the account's rate limit and retrying
 * what can be retried (errors.ts words what cannot). n8n's declarative engine hands every request of the node
 * to `sendPacedRequests` (the node's `requestOperations.pagination`), so operation files stay pure
 * description.
 */

export const CREDENTIAL_TYPE = 'loopsApi';

export const CANCELLED_MESSAGE = 'The execution was cancelled before this item was sent to Loops';

/** Attempts per request, the first included; with 17% of requests failing, 8 leaves ~1e-6 per item. */
export const MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 5000;

type LoopsCredentials = { apiKey?: string; baseUrl?: string };

function backoffMs(failedAttempts: number): number {
	// "Full jitter": spreads retries of many items so they do not return in one burst.
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failedAttempts - 1));
	return Math.round(Math.random() * ceiling);
}

export const DEFAULT_BASE_URL = 'https://app.loops.so/api';

/** The credential's base URL without a trailing slash (an emulator, a proxy, or Loops itself). */
export function baseUrlFrom(credentials: LoopsCredentials): string {
	const baseUrl = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (baseUrl === '') return DEFAULT_BASE_URL;
	// A loop, not /\/+$/: that pattern is retried at every slash and takes time quadratic in a run of them.
	let end = baseUrl.length;
	while (end > 0 && baseUrl.charCodeAt(end - 1) === 0x2f) end--;
	return baseUrl.slice(0, end);
}

function accountKeyOf(credentials: LoopsCredentials): string {
	// Hashed so the pacer map never holds a readable key; the base URL separates emulators and proxies.
	return createHash('sha256')
		.update(`${baseUrlFrom(credentials)}\n${credentials.apiKey ?? ''}`)
		.digest('hex');
}

/**
 * The slot of the item being sent, for the postReceive hook of the same item. n8n runs postReceive
 * with the item's context, of which the executor's context is a child (Object.create).
 */
const slotOfItem = new WeakMap<object, PacedSlot>();

export interface SendOptions<T> {
	/**
	 * Statuses that mean "already done" for this request (409 for a reused Idempotency-Key): the answer
	 * becomes `resolve(failure, ownAttempt)` instead of an error. `ownAttempt`: an earlier attempt of this
	 * request may have been applied (its answer was lost), so what Loops recognised may be that attempt.
	 */
	alreadyDone?: { statuses: number[]; resolve: (failure: LoopsFailure, ownAttempt: boolean) => T };
	/**
	 * Statuses that, once an attempt of this request may have been applied (its answer was lost, or an earlier
	 * try of the node succeeded with it: earlierAttempts.ts), may be that attempt's own effect (create → 409
	 * exists, delete → 404 not found, …). `confirm` checks (a look-up where one can tell) and gives the item's
	 * output, marked `alreadyApplied`; undefined keeps the answer an error, as it is when no attempt may have
	 * been applied: a conflict that was there before stays one.
	 */
	ownEffect?: { statuses: number[]; confirm: (failure: LoopsFailure) => Promise<T | undefined> };
	/** An earlier try of the node may have applied this request (earlierAttempts.ts). */
	mayBeAppliedBefore?: boolean;
	/** Called when an attempt loses its answer. */
	onAnswerLost?: () => void;
	/** Rewords a final failure (e.g. a missing endpoint). Return undefined to keep the default. */
	explain?: (failure: LoopsFailure) => string | undefined;
}

type ExecutionContext = LoopsContext & { onExecutionFinish?: (handler: () => unknown) => void };

/**
 * Where a request waits for the account's budget: an execution's requests in its own lane (lanes take
 * turns, so a one-item run is not stuck behind another run's backlog); a dropdown in the editor before
 * every lane (n8n gives a load-options context no execution cancel signal; n8n-core's request helpers
 * tell the two apart the same way).
 *
 * A lane closes when its execution ends, and with it any request still queued: n8n runs the
 * execution-finish handlers at once when a user cancels an execution. (n8n 2.x builds a declarative
 * node's context without the execution's cancel signal, so that signal alone would never fire here;
 * it is used too where a context has it.) See docs/n8n-internals.md.
 */
function queueOf(context: ExecutionContext, pacer: AccountPacer): AcquireOptions {
	if (typeof context.getExecutionCancelSignal !== 'function') return { interactive: true };
	const lane = context.getExecutionId?.() ?? '';
	if (lane !== '' && typeof context.onExecutionFinish === 'function' && !pacer.watch(lane)) {
		context.onExecutionFinish(() => pacer.closeLane(lane));
	}
	return { lane, signal: context.getExecutionCancelSignal() };
}

/**
 * One promise per signal, settled when it aborts: every request of a lane waiting to be retried races the
 * same one, so a signal gets one listener however many wait (Node warns past ten listeners).
 */
const abortOf = new WeakMap<AbortSignal, Promise<void>>();

function whenAborted(signal: AbortSignal): Promise<void> {
	let aborted = abortOf.get(signal);
	if (!aborted) {
		aborted = new Promise<void>((resolve) => {
			if (signal.aborted) resolve();
			else signal.addEventListener('abort', () => resolve(), { once: true });
		});
		abortOf.set(signal, aborted);
	}
	return aborted;
}

/** Waits `ms`, or less when the lane closes meanwhile. */
async function backoff(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	await Promise.race([sleep(ms), whenAborted(signal)]);
}

/**
 * Runs `send` paced to the account's budget, retrying 429, 5xx and dropped connections with exponential
 * backoff and jitter, and words the final failure. Every request of the node goes through here.
 */
async function withPacingAndRetries<T>(
	context: LoopsContext,
	send: (baseUrl: string, slot: PacedSlot) => Promise<T>,
	options: SendOptions<T> = {},
): Promise<T> {
	const credentials = await context.getCredentials<LoopsCredentials>(CREDENTIAL_TYPE);
	const baseUrl = baseUrlFrom(credentials);
	const pacer = pacerFor(accountKeyOf(credentials));
	let mayBeApplied = options.mayBeAppliedBefore === true;
	const queue = queueOf(context, pacer);
	const closed =
		(queue.lane === undefined ? undefined : pacer.laneSignal(queue.lane)) ?? queue.signal;
	for (let attempt = 1; ; attempt++) {
		let slot: PacedSlot;
		try {
			slot = await pacer.acquire(queue);
		} catch (error) {
			const itemIndex = context.getItemIndex?.();
			if (error instanceof CancelledError) {
				throw new NodeOperationError(context.getNode(), CANCELLED_MESSAGE, { itemIndex });
			}
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
		}
		try {
			const result = await send(baseUrl, slot);
			slot.done();
			return result;
		} catch (error) {
			const failure = describeFailure(error);
			if (failure.status !== undefined)
				slot.observe(windowReport(failure.headers, failure.status === 429));
			slot.done();
			// Not an HTTP failure (e.g. a postReceive hook rejecting the answer): nothing to retry or reword.
			if (failure.status === undefined && failure.networkCode === undefined) {
				throw new NodeOperationError(context.getNode(), error as Error, {
					itemIndex: context.getItemIndex?.(),
				});
			}
			if (answerWasLost(failure)) {
				mayBeApplied = true;
				options.onAnswerLost?.();
			}
			if (failure.status !== undefined && options.alreadyDone?.statuses.includes(failure.status)) {
				return options.alreadyDone.resolve(failure, mayBeApplied);
			}
			if (
				mayBeApplied &&
				failure.status !== undefined &&
				options.ownEffect?.statuses.includes(failure.status)
			) {
				const output = await options.ownEffect.confirm(failure);
				if (output !== undefined) return output;
			}
			if (!isRetryable(failure) || attempt >= MAX_ATTEMPTS || closed?.aborted) {
				const apiError = loopsError(context, error, failure, attempt);
				const explanation = options.explain?.(failure);
				if (explanation) apiError.message = explanation;
				throw apiError;
			}
			await backoff(backoffMs(attempt), closed);
		}
	}
}

/**
 * Sends one item's request through n8n's routing engine (so routing's postReceive still shapes the
 * output), paced and retried.
 */
export async function sendPaced(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	options: SendOptions<INodeExecutionData[]> = {},
): Promise<INodeExecutionData[]> {
	const earlier =
		options.ownEffect || options.alreadyDone ? earlierAttempts(context, requestData) : undefined;
	const output = await withPacingAndRetries(
		context,
		async (baseUrl, slot) => {
			// The base URL is set here rather than as an expression in requestDefaults, which n8n would
			// evaluate twice per item before sending anything.
			requestData.options.baseURL = baseUrl;
			slotOfItem.set(Object.getPrototypeOf(context) as object, slot);
			return await context.makeRoutingRequest(requestData);
		},
		{ ...options, mayBeAppliedBefore: earlier?.mayBeApplied, onAnswerLost: earlier?.note },
	);
	// Applied: should another item fail this try, Retry On Fail sends this request again and meets its effect.
	if (options.ownEffect) earlier?.note();
	return output;
}

/**
 * A request outside the routing engine (dropdowns, a look-up before sending), paced and retried like
 * every other: `path` is relative to the credential's base URL.
 */
export async function requestLoops<T>(
	context: LoopsContext & {
		helpers: IExecuteSingleFunctions['helpers'] | ILoadOptionsFunctions['helpers'];
	},
	request: { method: IHttpRequestMethods; path: string; qs?: IDataObject; body?: IDataObject },
): Promise<T> {
	return await withPacingAndRetries(context, async (baseUrl, slot) => {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context as IExecuteSingleFunctions,
			CREDENTIAL_TYPE,
			{
				method: request.method,
				url: `${baseUrl}${request.path}`,
				qs: request.qs,
				body: request.body,
				headers: { Accept: 'application/json' },
				json: true,
				returnFullResponse: true,
			},
			// n8n resends a request answered 401 once, for credentials that refresh a token; a Loops key
			// does not change, so the resend only spends the account's budget (and a 401 is how Loops
			// answers a team without its content API: see accountData.ts).
			{ preAuthenticationRetryStatusCode: [] },
		)) as IN8nHttpFullResponse;
		slot.observe(windowReport(response.headers));
		return response.body as T;
	});
}

/** What Loops said about its window in an answer's headers (checked by the pacer, which trusts nothing odd). */
function windowReport(headers: IDataObject | undefined, rateLimited = false): WindowReport {
	return {
		limit: headers?.['x-ratelimit-limit'],
		remaining: headers?.['x-ratelimit-remaining'],
		rateLimited,
	};
}

type ItemExecutor = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/** Every item's executor first waits for the run's input checks (see gate.ts). */
function gated(execute: ItemExecutor): ItemExecutor {
	return async function (this: IExecutePaginationFunctions, requestData) {
		await passRunGate(this);
		return await execute.call(this, requestData);
	};
}

/** The node's default request executor: one paced, retried request per item. */
export const sendPacedRequests = gated(async function (
	this: IExecutePaginationFunctions,
	requestData,
) {
	return await sendPaced(this, requestData);
});

/**
 * First postReceive of every operation: hands what Loops said about its window (`x-ratelimit-*`) to the
 * pacer as soon as the answer is seen, so it learns the account's limit, when the request arrived, and
 * how much of the window other clients of the key use.
 */
export async function observeRateLimit(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	slotOfItem.get(this)?.observe(windowReport(response.headers));
	return items;
}

type LoopsRouteExtras = {
	preSend?: PreSendAction[];
	postReceive?: PostReceiveAction[];
	/** Replaces the one-request executor, e.g. to page through a list. */
	execute?: ItemExecutor;
};

/**
 * The routing of one operation: its Loops request, its hooks, and the switch (`paginate`) that makes
 * n8n hand the request to our executor instead of sending it unpaced.
 */
export function loopsRoute(
	request: { method: IHttpRequestMethods; url: string },
	extras: LoopsRouteExtras = {},
): INodePropertyRouting {
	return {
		request,
		send: { paginate: true, preSend: extras.preSend ?? [] },
		output: { postReceive: [observeRateLimit, ...(extras.postReceive ?? [])] },
		...(extras.execute ? { operations: { pagination: gated(extras.execute) } } : {}),
	};
}
