import { sleep } from 'n8n-workflow';

import { AccountBudget, type PacerTuning, type WindowReport } from './windowBudget';

/** Longest nap of the pump, so what an answer teaches applies at once. */
const MAX_NAP_MS = 20;

/** The turn of requests without a lane; it never closes. */
const LANELESS = new AbortController().signal;

/** A released request's hold on the account's budget. */
export interface PacedSlot {
	/** Call when the request's answer (or its failure) has come back. */
	done(): void;
	/** What Loops said about its window when this request arrived: the `x-ratelimit-*` headers, a 429. */
	observe(report: WindowReport): void;
}

export interface AcquireOptions {
	/**
	 * Whose request this is: the lane of its execution's node run (pacing/executionLanes.ts), a signal that
	 * aborts when that execution ends or is cancelled. Lanes take turns, so one execution's backlog does not hold
	 * up another's few requests; an aborted lane is closed for good: its queued requests leave at once and no
	 * request of it is let in again.
	 */
	lane?: AbortSignal;
	/** Someone is waiting in the editor (a dropdown): served before every lane. */
	interactive?: boolean;
}

interface Waiter {
	resolve: (slot: PacedSlot) => void;
	reject: (reason: Error) => void;
}

export class CancelledError extends Error {
	constructor() {
		super('The execution was cancelled before this request was sent');
		this.name = 'CancelledError';
	}
}

/** How the pacer tells time; the tests and the simulation give it another. */
export interface PacerClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/**
 * Monotonic: a step of the wall clock (an NTP correction, a suspended machine's clock set back by an hour) must
 * neither stall a key (every slot freed "an hour from now") nor flood it.
 */
const realClock: PacerClock = {
	now: () => performance.now(),
	sleep: async (ms) => await sleep(ms),
};

/**
 * One Loops account's queue of requests waiting for its budget. Waiters are served interactive ones
 * first, then the lanes (executions) in turn, each lane in order.
 */
export class AccountPacer {
	readonly budget: AccountBudget;

	private readonly interactive: Waiter[] = [];
	/** Lanes with waiters, in turn order; each lane's waiters in order. */
	private readonly lanes = new Map<AbortSignal, Waiter[]>();
	/** Lanes whose closing this pacer listens for (weakly held: a lane goes away with its execution). */
	private readonly listening = new WeakSet<AbortSignal>();
	private pumping = false;

	constructor(
		private readonly clock: PacerClock = realClock,
		tuning?: PacerTuning,
	) {
		this.budget = new AccountBudget(tuning);
	}

	get requestsPerSecond(): number {
		return this.budget.requestsPerSecond;
	}

	/** Requests waiting for a slot. */
	get waiting(): number {
		let count = this.interactive.length;
		for (const lane of this.lanes.values()) count += lane.length;
		return count;
	}

	async acquire(options: AcquireOptions = {}): Promise<PacedSlot> {
		const lane = options.interactive ? undefined : options.lane;
		return await new Promise<PacedSlot>((resolve, reject) => {
			if (lane?.aborted) {
				reject(new CancelledError()); // closed for good: an ended execution sends nothing more
				return;
			}
			const waiter: Waiter = { resolve, reject };
			if (options.interactive) {
				this.interactive.push(waiter);
			} else {
				// Requests without a lane (a context that is neither an execution's nor the editor's) share one.
				const turn = lane ?? LANELESS;
				if (lane) this.listenForClosing(lane);
				const queue = this.lanes.get(turn);
				if (queue) queue.push(waiter);
				else this.lanes.set(turn, [waiter]);
			}
			if (!this.pumping) void this.pump();
		});
	}

	/** When the lane closes, its queued requests leave at once: their acquire rejects, none takes a slot. */
	private listenForClosing(lane: AbortSignal): void {
		if (this.listening.has(lane)) return;
		this.listening.add(lane);
		lane.addEventListener(
			'abort',
			() => {
				const waiters = this.lanes.get(lane) ?? [];
				this.lanes.delete(lane);
				for (const waiter of waiters) waiter.reject(new CancelledError());
			},
			{ once: true },
		);
	}

	/** The next waiter: interactive first, then the first lane's; that lane goes to the end of the turn. */
	private next(): Waiter | undefined {
		const urgent = this.interactive.shift();
		if (urgent) return urgent;
		for (const [lane, waiters] of this.lanes) {
			this.lanes.delete(lane);
			const waiter = waiters.shift();
			if (waiters.length > 0) this.lanes.set(lane, waiters);
			if (waiter) return waiter;
		}
		return undefined;
	}

	private async pump(): Promise<void> {
		this.pumping = true;
		try {
			while (this.waiting > 0) {
				const now = this.clock.now();
				const delay = this.budget.releaseDelay(now);
				if (delay > 0) {
					await this.clock.sleep(Math.min(MAX_NAP_MS, Math.max(1, Math.ceil(delay))));
					continue;
				}
				const waiter = this.next();
				if (!waiter) break;
				const request = this.budget.release(now);
				waiter.resolve({
					done: () => this.budget.answered(request, this.clock.now()),
					observe: (report) => this.budget.answered(request, this.clock.now(), report),
				});
			}
		} catch (error) {
			// Never leave waiters hanging on a broken pump: fail them, the retry policy takes over.
			for (let waiter = this.next(); waiter; waiter = this.next()) waiter.reject(error as Error);
		} finally {
			this.pumping = false;
		}
	}
}

/**
 * One pacer per Loops account, shared by every Loops node in this n8n process: two credentials with
 * different keys get two budgets, two nodes with the same key share one.
 */
const pacers = new Map<string, AccountPacer>();

export function pacerFor(accountKey: string): AccountPacer {
	let pacer = pacers.get(accountKey);
	if (!pacer) {
		pacer = new AccountPacer();
		pacers.set(accountKey, pacer);
	}
	return pacer;
}
