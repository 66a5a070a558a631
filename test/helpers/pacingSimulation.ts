/**
 * The pacer's budget (nodes/Loops/shared/pacing/windowBudget.ts, AccountBudget) in virtual time against a model of
 * Loops' rate limit, as the emulator plays it (a sliding one-second window counting every request by
 * arrival, 429s included): `processes` n8n processes on one key, each with its own budget and an equal
 * part of the items, the way there taking rtt/2 + 0..jitter ms, the way back rtt/2 + 0..backJitter ms,
 * and a few ms of n8n's own work each way; a 429 is retried after the transport's backoff. Seconds
 * instead of minutes per run and the same result for the same seed, for the pacer's tests and for
 * exploring its choices (scripts/simulate-pacing.ts); the benchmark measures the real thing.
 */
import {
	AccountBudget,
	DEFAULT_TUNING,
	type PacerTuning,
} from '../../nodes/Loops/shared/pacing/windowBudget';
import { mulberry32 } from '../emulator/faults';
import { mostInAnySecond } from '../emulator/received';

export interface SimulationOptions {
	items: number;
	/** Loops' limit, requests per second. */
	limit: number;
	processes?: number;
	rttMs?: number;
	/** 0..jitter ms added, uniformly, before Loops counts each request. */
	jitterMs?: number;
	/** 0..backJitter ms added to each answer's way back. */
	backJitterMs?: number;
	/** 0..clientMs ms of n8n's own work before a request leaves and after its answer comes (each). */
	clientMs?: number;
	/** ms between one process starting and the next. */
	staggerMs?: number;
	seed?: number;
	tuning?: Partial<PacerTuning>;
	/** Called every half second of virtual time with Loops' count and each process's window share. */
	trace?: (at: number, inWindow: number, rateLimited: number, shares: number[]) => void;
}

export interface SimulationResult {
	/** From the first request Loops counted to the last. */
	sendingSeconds: number;
	/** Sending time against the least Loops allows after the first window: (items - limit) / limit s. */
	pacing: number;
	/** 429s Loops answered (its own count, as the benchmark's "429s Loops saw"). */
	rateLimited: number;
	/** Slowest process's finish over the fastest's, from its own start. */
	slowestOverFastest: number;
	/** The most requests Loops counted in any one second. */
	mostInAnySecond: number;
}

class VirtualTime {
	now = 0;
	private readonly events: Array<{ at: number; order: number; run: () => void }> = [];
	private order = 0;

	at(at: number, run: () => void): void {
		const event = { at: Math.max(at, this.now), order: this.order++, run };
		let low = 0;
		let high = this.events.length;
		while (low < high) {
			const middle = (low + high) >> 1;
			const other = this.events[middle] as (typeof this.events)[number];
			if (other.at < event.at || (other.at === event.at && other.order < event.order))
				low = middle + 1;
			else high = middle;
		}
		this.events.splice(low, 0, event);
	}

	run(): void {
		for (let event = this.events.shift(); event; event = this.events.shift()) {
			this.now = event.at;
			event.run();
		}
	}
}

export function simulatePacing(options: SimulationOptions): SimulationResult {
	const processes = options.processes ?? 1;
	const rtt = options.rttMs ?? 0;
	const jitter = options.jitterMs ?? 0;
	const backJitter = options.backJitterMs ?? 0;
	const clientMs = options.clientMs ?? 3;
	const limit = options.limit;
	const random = mulberry32(options.seed ?? 1);
	const time = new VirtualTime();
	const counted: number[] = [];
	let windowStart = 0;
	let rateLimited = 0;
	const finishes: number[] = [];
	const budgets: AccountBudget[] = [];

	const trace = options.trace;
	if (trace) {
		const report = (): void => {
			const inWindow = counted.filter((at) => at > time.now - 1000).length;
			trace(
				time.now,
				inWindow,
				rateLimited,
				budgets.map((budget) => budget.requestsPerWindow),
			);
			if (finishes.length < processes) time.at(time.now + 500, report);
		};
		time.at(0, report);
	}

	for (let index = 0; index < processes; index++) {
		const budget = new AccountBudget(
			{ ...DEFAULT_TUNING, ...options.tuning },
			mulberry32((options.seed ?? 1) * 7919 + index),
		);
		budgets.push(budget);
		const count =
			Math.floor(options.items / processes) + (index < options.items % processes ? 1 : 0);
		const start = index * (options.staggerMs ?? 0);
		const queue: number[] = [];
		let left = count;
		let wakeAt = Infinity;
		const pump = (): void => {
			while (queue.length > 0) {
				const delay = budget.releaseDelay(time.now);
				if (delay > 0) {
					if (Number.isFinite(delay) && time.now + delay < wakeAt) {
						wakeAt = time.now + delay;
						time.at(wakeAt, () => {
							wakeAt = Infinity;
							pump();
						});
					}
					return;
				}
				const failedAttempts = queue.shift() as number;
				const request = budget.release(time.now);
				time.at(time.now + random() * clientMs + rtt / 2 + random() * jitter, () => {
					// Loops counts the request as it arrives, a 429 included.
					while (
						windowStart < counted.length &&
						(counted[windowStart] as number) <= time.now - 1000
					)
						windowStart++;
					const inWindow = counted.length - windowStart;
					counted.push(time.now);
					const allowed = inWindow < limit;
					if (!allowed) rateLimited++;
					const remaining = allowed ? limit - inWindow - 1 : 0;
					time.at(time.now + rtt / 2 + random() * backJitter + random() * clientMs, () => {
						budget.answered(request, time.now, { limit, remaining, rateLimited: !allowed });
						if (allowed) {
							if (--left === 0) finishes.push(time.now - start);
						} else {
							// The transport's backoff: full jitter over 200 ms × 2^(failed attempts - 1).
							const backoff = random() * Math.min(5000, 200 * 2 ** failedAttempts);
							time.at(time.now + backoff, () => {
								queue.push(failedAttempts + 1);
								pump();
							});
						}
						pump();
					});
				});
			}
		};
		time.at(start, () => {
			for (let item = 0; item < count; item++) queue.push(0);
			pump();
		});
	}
	time.run();

	const sendingSeconds = ((counted[counted.length - 1] as number) - (counted[0] as number)) / 1000;
	return {
		sendingSeconds,
		pacing: sendingSeconds / ((options.items - limit) / limit),
		rateLimited,
		slowestOverFastest: Math.max(...finishes) / Math.min(...finishes),
		mostInAnySecond: mostInAnySecond(counted),
	};
}
