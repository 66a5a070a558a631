import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	cancelledError,
	describeFailure,
	isRetryable,
	loopsError,
	type LoopsContext,
	type LoopsFailure,
} from './errors';
import type { AttemptsReading } from './lostAnswers';
import { CancelledError } from './pacing/accountQueue';

/**
 * What is retried and how: 429, 5xx and dropped connections, with exponential backoff and full jitter, up to
 * MAX_ATTEMPTS; everything else fails at once. The final failure is worded for the user (errors.ts); a failure
 * that is the request's own earlier effect becomes a success (lostAnswers.ts). A cancelled execution sends
 * nothing more: not while queued (the pacer), not after waiting out a backoff.
 */

/** Attempts per request, the first included; with 17% of requests failing, 8 leaves ~1e-6 per item. */
export const MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 5000;

/** An attempt that reached the network and failed, with what Loops said (read once, by the transport). */
export class FailedAttempt extends Error {
	constructor(
		readonly error: unknown,
		readonly failure: LoopsFailure,
	) {
		super('A Loops request failed');
	}
}

export interface RetryOptions<T> {
	/** How a failure reads in the light of the request's earlier attempts (lostAnswers.ts). */
	reading?: AttemptsReading<T>;
	/** Rewords a final failure (e.g. a missing endpoint). Return undefined to keep the default. */
	explain?: (failure: LoopsFailure) => string | undefined;
	/** A failure retrying cannot mend although its status is retried elsewhere (a daily quota's 429). */
	final?: (failure: LoopsFailure) => boolean;
	/** The request's lane: aborted once its execution ended or was cancelled. */
	lane?: AbortSignal;
}

export async function withRetries<T>(
	context: LoopsContext,
	attempt: () => Promise<T>,
	options: RetryOptions<T> = {},
): Promise<T> {
	const { reading, lane } = options;
	for (let attempts = 1; ; attempts++) {
		const recovered = await reading?.recover();
		if (recovered !== undefined) return recovered;
		let result: T;
		try {
			result = await attempt();
		} catch (thrown) {
			if (thrown instanceof CancelledError) throw cancelledError(context);
			if (!(thrown instanceof FailedAttempt)) {
				// Not an HTTP failure (e.g. a postReceive hook refusing the answer): nothing to retry or reword.
				throw new NodeOperationError(context.getNode(), thrown as Error, {
					itemIndex: context.getItemIndex?.(),
				});
			}
			const { failure, error } = thrown;
			const settled = await reading?.read(failure);
			if (settled !== undefined) return settled;
			if (lane?.aborted) throw cancelledError(context);
			if (!isRetryable(failure) || options.final?.(failure) || attempts >= MAX_ATTEMPTS) {
				const apiError = loopsError(context, error, failure, attempts);
				const explanation = options.explain?.(failure);
				if (explanation) apiError.message = explanation;
				throw apiError;
			}
			await backoff(backoffMs(attempts), lane);
			if (lane?.aborted) throw cancelledError(context); // cancelled while waiting: not sent again
			continue;
		}
		reading?.succeeded();
		return result;
	}
}

/**
 * The failure an attempt's error stands for, read once where the attempt is made; undefined when it is not an
 * HTTP or network failure (nothing to retry).
 */
export function failedAttempt(error: unknown): FailedAttempt | undefined {
	const failure = describeFailure(error);
	if (failure.status === undefined && failure.networkCode === undefined) return undefined;
	return new FailedAttempt(error, failure);
}

function backoffMs(failedAttempts: number): number {
	// "Full jitter": spreads retries of many items so they do not return in one burst.
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failedAttempts - 1));
	return Math.round(Math.random() * ceiling);
}

/**
 * One promise per lane, settled when it closes: every request of a lane waiting to be retried races the same
 * one, so a lane gets one listener however many wait (Node warns past ten listeners).
 */
const closingOf = new WeakMap<AbortSignal, Promise<void>>();

function whenClosed(lane: AbortSignal): Promise<void> {
	let closing = closingOf.get(lane);
	if (!closing) {
		closing = new Promise<void>((resolve) => {
			if (lane.aborted) resolve();
			else lane.addEventListener('abort', () => resolve(), { once: true });
		});
		closingOf.set(lane, closing);
	}
	return closing;
}

/** Waits `ms`, or less when the lane closes meanwhile. */
async function backoff(ms: number, lane: AbortSignal | undefined): Promise<void> {
	if (!lane) return await sleep(ms);
	await Promise.race([sleep(ms), whenClosed(lane)]);
}
