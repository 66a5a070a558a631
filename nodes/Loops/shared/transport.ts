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

import { accountOf, CREDENTIAL_TYPE } from './account';
import { passAllOrNothingGate } from './allOrNothing';
import { checkJsonSafeBody } from './jsonSafe';
import type { LoopsContext } from './errors';
import { type ExactlyOnceOptions, readingOf } from './lostAnswers';
import type { PacedSlot } from './pacing/accountQueue';
import { queueOf } from './pacing/executionLanes';
import type { WindowReport } from './pacing/windowBudget';
import { failedAttempt, type RetryOptions, withRetries } from './retryPolicy';

/**
 * The adapter between n8n's declarative routing and the rest: n8n hands every request of the node to one
 * executor (the node's `requestOperations.pagination`, switched on by `loopsRoute`), which sends it in the item's
 * pacer slot (pacing/) under the retry policy (retryPolicy.ts). Operation files stay pure description.
 */

/**
 * The slot of the item being sent, for the postReceive hook of the same item. n8n runs postReceive
 * with the item's context, of which the executor's context is a child (Object.create).
 */
const slotOfItem = new WeakMap<object, PacedSlot>();

export type SendOptions<T> = ExactlyOnceOptions<T> & Pick<RetryOptions<T>, 'explain' | 'final'>;

/** Sends with `send` in a slot of the account's pacer, under the retry policy. */
async function sendPacedAndRetried<T>(
	context: LoopsContext,
	send: (baseUrl: string, slot: PacedSlot) => Promise<T>,
	options: Omit<RetryOptions<T>, 'lane'> = {},
): Promise<T> {
	const { baseUrl, pacer } = await accountOf(context);
	const queue = queueOf(context);
	const attempt = async () => {
		const slot = await pacer.acquire(queue);
		try {
			const result = await send(baseUrl, slot);
			slot.done();
			return result;
		} catch (error) {
			const failed = failedAttempt(error);
			const status = failed?.failure.status;
			if (status !== undefined) slot.observe(windowReport(failed?.failure.headers, status === 429));
			slot.done();
			throw failed ?? error;
		}
	};
	return await withRetries(context, attempt, { ...options, lane: queue.lane });
}

/**
 * Sends one item's request through n8n's routing engine (so routing's postReceive still shapes the
 * output), paced and retried; `options` say what an answer that may be the request's own earlier effect means.
 */
export async function sendPaced(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	options: SendOptions<INodeExecutionData[]> = {},
): Promise<INodeExecutionData[]> {
	const reading = readingOf(context, requestData.options, options);
	return await sendPacedAndRetried(
		context,
		async (baseUrl, slot) => {
			// The base URL is set here rather than as an expression in requestDefaults, which n8n would
			// evaluate twice per item before sending anything.
			requestData.options.baseURL = baseUrl;
			slotOfItem.set(Object.getPrototypeOf(context) as object, slot);
			return await context.makeRoutingRequest(requestData);
		},
		{ reading, explain: options.explain, final: options.final },
	);
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
	return await sendPacedAndRetried(context, async (baseUrl, slot) => {
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

export type ItemExecutor = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/** Every item's executor first waits for the run's input checks (see allOrNothing.ts). */
function gated(execute: ItemExecutor): ItemExecutor {
	return async function (this: IExecutePaginationFunctions, requestData) {
		await passAllOrNothingGate(this);
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
 * n8n hand the request to our executor instead of sending it unpaced. Every operation's last preSend refuses
 * a body JSON cannot carry (jsonSafe.ts).
 */
export function loopsRoute(
	request: { method: IHttpRequestMethods; url: string },
	extras: LoopsRouteExtras = {},
): INodePropertyRouting {
	return {
		request,
		send: { paginate: true, preSend: [...(extras.preSend ?? []), checkJsonSafeBody] },
		output: { postReceive: [observeRateLimit, ...(extras.postReceive ?? [])] },
		...(extras.execute ? { operations: { pagination: gated(extras.execute) } } : {}),
	};
}
