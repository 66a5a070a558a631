/**
 * The pacer's budget (nodes/Loops/shared/pacing/windowBudget.ts, AccountBudget) in virtual time against a model of
 * Loops' rate limit, as the emulator plays it (a sliding one-second window counting every request by
 * arrival, 429s included): `processes` n8n processes on one key, each with its own budget and an equal
 * part of the items; a 429 is retried after the transport's backoff. Seconds instead of minutes per run
 * and the same result for the same seed, for the pacer's tests and for exploring its choices
 * (scripts/simulate-pacing.ts); the benchmark measures the real thing.
 *
 * Each request meets four delays: n8n's own work between the pacer's release and the request leaving,
 * the way there (Loops counts it as it arrives), the way back, and n8n's own work before the pacer hears
 * of the answer. By default the way there is rtt/2 + 0..jitter ms, the way back rtt/2 + 0..backJitter ms
 * and n8n's work 0..clientMs ms each side; `timing` scripts them instead. On top, a busy n8n stalls a
 * process's whole event loop: while it is stalled nothing of that process is released, sent or read.
 */
import {
	AccountBudget,
	DEFAULT_TUNING,
	type PacerTuning,
} from '../../nodes/Loops/shared/pacing/windowBudget';
import { mulberry32 } from '../emulator/faults';
import { mostInAnySecond } from '../emulator/received';

/** The delays one request meets, ms. */
export interface RequestTiming {
	/** n8n's own work between the pacer's release and the request leaving. */
	beforeSendMs: number;
	/** On the network to Loops, which counts the request as it arrives. */
	thereMs: number;
	/** Loops' answer on its way back. */
	backMs: number;
	/** n8n's own work between the answer arriving and the pacer hearing of it. */
	beforeReadMs: number;
}

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
	/**
	 * Each process starts up to this many ms later, drawn per process: n8n preparing the items takes longer
	 * in one process than in another, so processes started together do not send their first requests at once.
	 */
	startSpreadMs?: number;
	/**
	 * 0..startupStallMs ms (drawn per process) in which a process's event loop is busy right after its
	 * first releases: n8n starting every other item's request before the first ones actually leave.
	 */
	startupStallMs?: number;
	/** Event-loop stalls of 0..stallMs ms each, `stallsPerSecond` of them a second on average. */
	stallMs?: number;
	stallsPerSecond?: number;
	/** Scripts each request's delays instead of the model above (the stalls still apply). */
	timing?: (request: { process: number; index: number; releasedAt: number }) => RequestTiming;
	seed?: number;
	tuning?: Partial<PacerTuning>;
	/**
	 * Called every half second of virtual time with Loops' count and each process's share of the window
	 * (its slots, marked * while it knows of others).
	 */
	trace?: (at: number, inWindow: number, rateLimited: number, shares: string[]) => void;
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
	/** Each process's finish, s from its own start, by process. */
	finishSeconds: number[];
	/** The most requests Loops counted in any one second (429s included, as Loops counts them). */
	mostInAnySecond: number;
	/** When Loops counted each request, ms of virtual time. */
	arrivals: number[];
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

/** One process's event loop: when it is busy, what it would do at `at` happens when the stall ends. */
class EventLoop {
	private readonly stalls: Array<{ from: number; until: number }> = [];
	private drawnUntil: number;

	constructor(
		start: number,
		startupStallMs: number,
		private readonly stallMs: number,
		private readonly stallsPerSecond: number,
		private readonly random: () => number,
	) {
		// The startup stall begins just after the first releases (from is exclusive: those run).
		if (startupStallMs > 0)
			this.stalls.push({ from: start, until: start + random() * startupStallMs });
		this.drawnUntil = start;
	}

	/** When something due at `at` really runs. */
	free(at: number): number {
		let time = at;
		for (;;) {
			this.drawStallsUntil(time);
			const stall = this.stalls.find(({ from, until }) => from < time && time < until);
			if (!stall) return time;
			time = stall.until;
		}
	}

	private drawStallsUntil(at: number): void {
		if (this.stallMs <= 0 || this.stallsPerSecond <= 0) return;
		while (this.drawnUntil <= at) {
			// Exponential gaps: stalls come at random, `stallsPerSecond` a second on average.
			this.drawnUntil += (-Math.log(1 - this.random()) * 1000) / this.stallsPerSecond;
			this.stalls.push({
				from: this.drawnUntil,
				until: this.drawnUntil + this.random() * this.stallMs,
			});
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
	/** Each process's finish, ms from its own start. */
	const finishes: number[] = [];
	let finished = 0;
	const budgets: AccountBudget[] = [];

	const modelTiming = (): RequestTiming => ({
		beforeSendMs: random() * clientMs,
		thereMs: rtt / 2 + random() * jitter,
		backMs: rtt / 2 + random() * backJitter,
		beforeReadMs: random() * clientMs,
	});

	const trace = options.trace;
	if (trace) {
		const report = (): void => {
			const inWindow = counted.filter((at) => at > time.now - 1000).length;
			trace(
				time.now,
				inWindow,
				rateLimited,
				budgets.map((budget) => `${budget.requestsPerWindow}${budget.sharing ? '*' : ''}`),
			);
			if (finished < processes) time.at(time.now + 500, report);
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
		const spread = options.startSpreadMs ?? 0;
		const start = index * (options.staggerMs ?? 0) + (spread > 0 ? random() * spread : 0);
		const loop = new EventLoop(
			start,
			options.startupStallMs ?? 0,
			options.stallMs ?? 0,
			options.stallsPerSecond ?? 0,
			mulberry32((options.seed ?? 1) * 104729 + index),
		);
		const queue: number[] = [];
		let left = count;
		let released = 0;
		let wakeAt = Infinity;
		const pump = (): void => {
			while (queue.length > 0) {
				const delay = budget.releaseDelay(time.now);
				if (delay > 0) {
					if (Number.isFinite(delay) && time.now + delay < wakeAt) {
						wakeAt = time.now + delay;
						time.at(loop.free(wakeAt), () => {
							wakeAt = Infinity;
							pump();
						});
					}
					return;
				}
				const failedAttempts = queue.shift() as number;
				const request = budget.release(time.now);
				const timing =
					options.timing?.({ process: index, index: released, releasedAt: time.now }) ??
					modelTiming();
				released++;
				time.at(loop.free(time.now + timing.beforeSendMs) + timing.thereMs, () => {
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
					time.at(loop.free(time.now + timing.backMs + timing.beforeReadMs), () => {
						budget.answered(request, time.now, { limit, remaining, rateLimited: !allowed });
						if (allowed) {
							if (--left === 0) {
								finishes[index] = time.now - start;
								finished++;
							}
						} else {
							// The transport's backoff: full jitter over 200 ms × 2^(failed attempts - 1).
							const backoff = random() * Math.min(5000, 200 * 2 ** failedAttempts);
							time.at(loop.free(time.now + backoff), () => {
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

	// Loops' log is in order of arrival already (the events run in time order).
	const sendingSeconds = ((counted[counted.length - 1] as number) - (counted[0] as number)) / 1000;
	return {
		sendingSeconds,
		pacing: sendingSeconds / ((options.items - limit) / limit),
		rateLimited,
		slowestOverFastest: Math.max(...finishes) / Math.min(...finishes),
		finishSeconds: finishes.map((ms) => ms / 1000),
		mostInAnySecond: mostInAnySecond(counted),
		arrivals: counted,
	};
}
