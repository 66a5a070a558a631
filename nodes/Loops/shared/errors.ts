import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions, JsonObject } from 'n8n-workflow';

import { recordInputFailure } from './allOrNothing';

/**
 * How the node words what went wrong: input it refuses before sending (naming the field and the item), and
 * what Loops answered (its own message and HTTP code).
 */

/** An input error names the field and the item, and is raised before any request is sent. */
export function invalidInput(
	context: IExecuteSingleFunctions,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	const itemIndex = context.getItemIndex();
	const message = `${field}: ${problem} [item ${itemIndex}]`;
	recordInputFailure(context, message);
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/** In n8n's spelling: its engine reads "canceled" in a node's error as a cancelled execution, not a failed one. */
export const CANCELLED_MESSAGE = 'The execution was canceled before this item was sent to Loops';

/** An item its execution's end (a user's cancel) stopped before it was sent. */
export class ExecutionCancelledError extends NodeOperationError {}

export function cancelledError(context: LoopsContext): ExecutionCancelledError {
	return new ExecutionCancelledError(context.getNode(), CANCELLED_MESSAGE, {
		itemIndex: context.getItemIndex?.(),
	});
}

/**
 * Runs a look-up whose failure the caller can do without (it then gets `fallback`), except a cancellation: an
 * execution that ended sends nothing more, so the item stops there.
 */
export async function unlessCancelled<T, F>(lookUp: Promise<T>, fallback: F): Promise<T | F> {
	let cancelled: ExecutionCancelledError | undefined;
	const result = await lookUp.catch((error: unknown) => {
		if (error instanceof ExecutionCancelledError) cancelled = error;
		return fallback;
	});
	if (cancelled) throw cancelled;
	return result;
}

/** What every Loops request needs from its n8n context: the node, the credential, its execution and cancel signal. */
export type LoopsContext = Pick<IExecuteSingleFunctions, 'getNode' | 'getCredentials'> &
	Partial<
		Pick<IExecuteSingleFunctions, 'getItemIndex' | 'getExecutionCancelSignal' | 'getExecutionId'>
	>;

export interface LoopsFailure {
	/** HTTP status Loops answered, or undefined when no answer came (dropped connection, timeout). */
	status?: number;
	/** Loops' own wording (`message`), when it gave one. */
	loopsMessage?: string;
	/** The network error code when no answer came. */
	networkCode?: string;
	/** The system call that failed with it (`connect`: the connection was never made, nothing was sent). */
	syscall?: string;
	body?: unknown;
	/** The answer's headers (a 429 carries the account's rate-limit headers too). */
	headers?: IDataObject;
}

/**
 * The network errors worth retrying, each with whether the request may have reached Loops before it: after a
 * reset or a timeout the answer may be what was lost (Loops may have applied the request); a refused connection
 * or a failed name look-up sent nothing.
 */
const NETWORK_ERRORS = new Map<string, { mayHaveArrived: boolean }>([
	['ECONNRESET', { mayHaveArrived: true }],
	['ECONNABORTED', { mayHaveArrived: true }],
	['EPIPE', { mayHaveArrived: true }],
	['ETIMEDOUT', { mayHaveArrived: true }],
	['ESOCKETTIMEDOUT', { mayHaveArrived: true }],
	['ECONNREFUSED', { mayHaveArrived: false }],
	['EAI_AGAIN', { mayHaveArrived: false }],
	['ERR_SOCKET_CONNECTION_TIMEOUT', { mayHaveArrived: false }],
]);

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object'
		? (value as Record<string, unknown>)
		: undefined;
}

/** Reads what Loops answered out of the error n8n's HTTP helper threw. */
export function describeFailure(error: unknown): LoopsFailure {
	const err = asRecord(error) ?? {};
	const cause = asRecord(err.cause) ?? {};
	const response = asRecord(cause.response) ?? asRecord(err.response);
	const statusCandidate = response?.status ?? response?.statusCode ?? err.httpCode;
	const status =
		statusCandidate !== undefined && statusCandidate !== null ? Number(statusCandidate) : NaN;
	const body = response?.data ?? response?.body ?? asRecord(err.context)?.data;
	const bodyRecord = asRecord(body);
	const loopsMessage =
		typeof bodyRecord?.message === 'string'
			? bodyRecord.message
			: typeof bodyRecord?.error === 'string'
				? bodyRecord.error
				: undefined;
	const networkCode = [cause.code, err.code].find((code) => typeof code === 'string') as
		| string
		| undefined;
	const syscall = [cause.syscall, err.syscall].find((call) => typeof call === 'string') as
		| string
		| undefined;
	return {
		status: Number.isFinite(status) && status > 0 ? status : undefined,
		loopsMessage,
		networkCode,
		syscall,
		body,
		headers: asRecord(response?.headers) as IDataObject | undefined,
	};
}

/** The HTTP status of an error the node raised for a Loops answer (loopsError sets it), if any. */
export function httpStatusOf(error: unknown): number | undefined {
	const status = Number(asRecord(error)?.httpCode);
	return Number.isInteger(status) && status > 0 ? status : undefined;
}

export function isRetryable(failure: LoopsFailure): boolean {
	if (failure.status !== undefined) return failure.status === 429 || failure.status >= 500;
	return failure.networkCode !== undefined && NETWORK_ERRORS.has(failure.networkCode);
}

/**
 * Whether Loops may have applied the request although the answer says otherwise or never came: no answer after
 * the connection was made (the answer, not the request, may be what was lost), or a 5xx, which a gateway in front
 * of Loops (502/503/504) gives when Loops' own answer is late. A 429 or 4xx says the request was not applied.
 * Where the request cannot be told from its answer (a reset on a reused connection before the request left),
 * this errs on the side of "may have been applied": see lostAnswers.ts for what that changes.
 */
export function mayHaveBeenApplied(failure: LoopsFailure): boolean {
	if (failure.status !== undefined) return failure.status >= 500;
	if (failure.syscall === 'connect') return false; // the connection was never made
	return NETWORK_ERRORS.get(failure.networkCode ?? '')?.mayHaveArrived === true;
}

function describeAnswer(failure: LoopsFailure): string {
	if (failure.status === undefined) {
		return `no answer (${failure.networkCode ?? 'connection dropped'})`;
	}
	return failure.loopsMessage ? `${failure.status} "${failure.loopsMessage}"` : `${failure.status}`;
}

/** Turns what Loops answered into the error the user reads. */
export function loopsError(
	context: LoopsContext,
	error: unknown,
	failure: LoopsFailure,
	attempts: number,
): NodeApiError {
	const itemIndex = context.getItemIndex?.();
	const httpCode = failure.status !== undefined ? String(failure.status) : undefined;
	let message: string;
	let description: string | undefined;
	if (failure.status === 401) {
		message = 'Loops rejected the API key (401)';
		description =
			'Check the API key in the Loops credential: Loops → Settings → API. Each key belongs to one Loops account.';
	} else if (isRetryable(failure)) {
		message = `Loops did not accept the request after ${attempts} attempts; last answer: ${describeAnswer(failure)}`;
		description =
			'The node paces requests to the account rate limit and retries 429, 5xx and dropped connections with backoff. Run again later.';
	} else {
		message = failure.loopsMessage
			? `Loops answered ${failure.status}: ${failure.loopsMessage}`
			: `Loops answered ${failure.status ?? 'nothing'}`;
	}
	const source = (asRecord(error) ?? { message: String(error) }) as JsonObject;
	const apiError = new NodeApiError(context.getNode(), source, {
		message,
		description,
		httpCode,
		itemIndex,
	});
	// NodeApiError hands back an already-wrapped error unchanged: set our wording on whichever came back.
	apiError.message = message;
	if (description) apiError.description = description;
	if (httpCode) apiError.httpCode = httpCode;
	// RoutingNode replaces the message of any error whose statusCode is 429 with a batching hint that
	// does not apply here (we pace and retry already): keep ours.
	delete (apiError as unknown as IDataObject).statusCode;
	return apiError;
}

/** A caught error as n8n wants it thrown: the node's own errors as they are, anything else wrapped. */
export function asNodeError(
	context: Pick<IExecuteSingleFunctions, 'getNode'>,
	error: unknown,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error));
}

/** Words a failed look-up for the person opening a dropdown (the cause is already in Loops' terms). */
export function lookupError(
	context: Pick<IExecuteSingleFunctions, 'getNode'>,
	what: string,
	error: unknown,
): NodeOperationError {
	const reason = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(context.getNode(), `Could not load ${what} from Loops: ${reason}`);
}
