import { randomInt } from 'node:crypto';

import { mulberry32 } from './faults';
import type { NetworkOptions } from './types';

/** The two delays one request meets: before Loops counts it, and before its answer reaches the client. */
export interface NetworkDelays {
	countDelayMs: number;
	answerDelayMs: number;
}

function milliseconds(name: string, value: number | undefined): number {
	const ms = value ?? 0;
	if (!Number.isFinite(ms) || ms < 0)
		throw new RangeError(`NetworkOptions.${name} must be 0 or more ms, got ${ms}`);
	return ms;
}

/**
 * The network between a client and Loops, as the emulator plays it: each request waits `requestDelayMs`
 * plus a uniform draw in [0, `requestJitterMs`] before Loops counts it (its arrival), and its answer waits
 * `responseDelayMs` plus a draw in [0, `responseJitterMs`] before it leaves.
 */
export class NetworkModel {
	readonly options: Readonly<NetworkOptions>;
	private readonly requestDelayMs: number;
	private readonly requestJitterMs: number;
	private readonly responseDelayMs: number;
	private readonly responseJitterMs: number;
	private readonly random: () => number;

	constructor(options: NetworkOptions) {
		this.requestDelayMs = milliseconds('requestDelayMs', options.requestDelayMs);
		this.requestJitterMs = milliseconds('requestJitterMs', options.requestJitterMs);
		this.responseDelayMs = milliseconds('responseDelayMs', options.responseDelayMs);
		this.responseJitterMs = milliseconds('responseJitterMs', options.responseJitterMs);
		const seed = options.seed ?? randomInt(0, 2 ** 32 - 1);
		this.options = Object.freeze({ ...options, seed });
		this.random = mulberry32(seed);
	}

	/** Whether any request is delayed at all (a loopback emulator answers as it always did). */
	get active(): boolean {
		return (
			this.requestDelayMs + this.requestJitterMs + this.responseDelayMs + this.responseJitterMs > 0
		);
	}

	/** One draw per request. */
	next(): NetworkDelays {
		return {
			countDelayMs: this.requestDelayMs + this.random() * this.requestJitterMs,
			answerDelayMs: this.responseDelayMs + this.random() * this.responseJitterMs,
		};
	}
}

/** A round trip split as the benchmark uses it: half before Loops counts, the jitter on top, half back. */
export function roundTrip(rttMs: number, jitterMs = 0, seed?: number): NetworkOptions {
	return { requestDelayMs: rttMs / 2, requestJitterMs: jitterMs, responseDelayMs: rttMs / 2, seed };
}
