import { sleep } from 'n8n-workflow';

import { AccountBudget, type PacerTuning, type WindowReport } from './windowBudget';

/** Longest nap of the pump, so what an answer teaches applies at once. */
const MAX_NAP_MS = 20;

/** A released request's hold on the account's budget. */
export interface PacedSlot {
	/** Call when the request's answer (or its failure) has come back. */
	done(): void;
	/** What Loops said about its window when this request arrived: the `x-ratelimit-*` headers, a 429. */
	observe(report: WindowReport): void;
}

export interface AcquireOptions {
	/**
	 * Whose request this is: an execution's id. Lanes take turns, so one execution's backlog does not
	 * hold up another's few requests; a closed lane's requests leave the queue (see closeLane).
	 */
	lane?: string;
	/** Someone is waiting in the editor (a dropdown): served before every lane. */
	interactive?: boolean;
	/** Closes the request's lane when aborted (the execution was cancelled). */
	signal?: AbortSignal;
}

interface Waiter {
	lane?: string;
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

const realClock: PacerClock = { now: () => Date.now(), sleep: async (ms) => await sleep(ms) };

/**
 * One Loops account's queue of requests waiting for its budget. Waiters are served interactive ones
 * first, then the lanes (executions) in turn, each lane in order.
 */
export class AccountPacer {
	readonly budget: AccountBudget;

	private readonly interactive: Waiter[] = [];
	/** Lanes in turn order; each lane's waiters in order. */
	private readonly lanes = new Map<string, Waiter[]>();
	/** Per lane, aborted when it closes: what the transport's waits between retries listen to. */
	private readonly closers = new Map<string, AbortController>();
	private readonly watched = new Set<string>();
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
		const lane = options.interactive ? undefined : (options.lane ?? '');
		if (lane !== undefined && options.signal) this.closeOnAbort(lane, options.signal);
		return await new Promise<PacedSlot>((resolve, reject) => {
			if (options.signal?.aborted) {
				reject(new CancelledError());
				return;
			}
			const waiter: Waiter = { lane, resolve, reject };
			if (lane === undefined) {
				this.interactive.push(waiter);
			} else {
				const queue = this.lanes.get(lane);
				if (queue) queue.push(waiter);
				else this.lanes.set(lane, [waiter]);
			}
			if (!this.pumping) void this.pump();
		});
	}

	/**
	 * Whether the lane's closing is already arranged; the first caller for a lane gets false and arranges
	 * it (the transport, with the execution's end).
	 */
	watch(lane: string): boolean {
		if (this.watched.has(lane)) return true;
		this.watched.add(lane);
		return false;
	}

	/**
	 * The execution of `lane` ended or was cancelled: its queued requests leave at once (their acquire
	 * rejects with CancelledError, none takes a slot) and its lane signal aborts, so that requests
	 * waiting to be retried give up too. A later run with the same execution id (n8n resumes a waiting
	 * execution under its id) starts a fresh lane.
	 */
	closeLane(lane: string): void {
		const waiters = this.lanes.get(lane) ?? [];
		this.lanes.delete(lane);
		for (const waiter of waiters) waiter.reject(new CancelledError());
		this.closers.get(lane)?.abort();
		this.closers.delete(lane);
		this.watched.delete(lane);
		this.watched.delete(`signal ${lane}`);
	}

	/** Aborted when a watched lane closes: for the transport's waits between retries. */
	laneSignal(lane: string): AbortSignal | undefined {
		if (!this.watched.has(lane)) return undefined;
		let closer = this.closers.get(lane);
		if (!closer) {
			closer = new AbortController();
			this.closers.set(lane, closer);
		}
		return closer.signal;
	}

	private closeOnAbort(lane: string, signal: AbortSignal): void {
		if (signal.aborted) return; // acquire refuses the request; the lane's others were closed then
		const key = `signal ${lane}`;
		if (this.watched.has(key)) return;
		this.watched.add(key);
		signal.addEventListener('abort', () => this.closeLane(lane), { once: true });
	}

	/** The next waiter: interactive first, then the first lane's; that lane goes to the end of the turn. */
	private next(): Waiter | undefined {
		const urgent = this.interactive.shift();
		if (urgent) return urgent;
		for (const [name, lane] of this.lanes) {
			this.lanes.delete(name);
			const waiter = lane.shift();
			if (lane.length > 0) this.lanes.set(name, lane);
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
