import { sleep } from 'n8n-workflow';

/** Loops counts requests per account in a one-second window. */
const WINDOW_MS = 1000;
/** Slack for timer and network jitter, so our window never overlaps Loops' own. */
const SAFETY_MS = 25;
/** Loops' documented default; the account's real limit is learnt from `x-ratelimit-limit`. */
export const DEFAULT_REQUESTS_PER_SECOND = 10;
const MAX_NAP_MS = 20;

/**
 * The request budget of one Loops account. Waiters are released in arrival order, never more than
 * `limit` within any window, counting the moments they were released (not the moments they asked),
 * and evenly spaced: a burst of releases would leave n8n's event loop a queue of requests to send
 * late, bunching their arrival at Loops into the next window.
 */
export class AccountPacer {
	private limit = DEFAULT_REQUESTS_PER_SECOND;

	private readonly released: number[] = [];

	private readonly waiters: Array<() => void> = [];

	private pumping = false;

	private lastSlotAt = -Infinity;

	get requestsPerSecond(): number {
		return this.limit;
	}

	async acquire(): Promise<void> {
		return await new Promise<void>((resolve) => {
			this.waiters.push(resolve);
			if (!this.pumping) void this.pump();
		});
	}

	/** Adopt the limit Loops reports for this account. */
	observeLimit(limit: number): void {
		if (Number.isInteger(limit) && limit > 0) this.limit = limit;
	}

	/**
	 * Adopt what Loops reports after a response. When Loops has counted more requests in its window than
	 * we released (another n8n process or app on the same key), the difference is taken out of our
	 * window too, so the shared key is not pushed into 429s.
	 */
	observe(limit: number, remaining: number): void {
		this.observeLimit(limit);
		if (!Number.isInteger(remaining) || remaining < 0) return;
		const countedByLoops = this.limit - remaining;
		const windowStart = Date.now() - WINDOW_MS - SAFETY_MS;
		const releasedInWindow = this.released.filter((at) => at > windowStart).length;
		for (let extra = countedByLoops - releasedInWindow; extra > 0; extra--) this.consumeSlot();
	}

	/**
	 * Loops counted a request we did not (another client on the same key, or a window edge): take one
	 * slot out of the current window rather than stalling every waiter.
	 */
	consumeSlot(): void {
		this.released.push(Date.now());
	}

	private async pump(): Promise<void> {
		this.pumping = true;
		try {
			while (this.waiters.length > 0) {
				const now = Date.now();
				const windowStart = now - WINDOW_MS - SAFETY_MS;
				while (this.released.length > 0 && this.released[0] <= windowStart) this.released.shift();
				// Spacing follows an ideal grid, not the actual (late) wake-ups, so timer lag is caught up
				// instead of adding up; after an idle spell the grid restarts at now.
				const interval = WINDOW_MS / this.limit;
				if (this.lastSlotAt < now - interval) this.lastSlotAt = now - interval;
				const spacingWait = this.lastSlotAt + interval - now;
				const windowWait =
					this.released.length >= this.limit
						? this.released[this.released.length - this.limit] - windowStart
						: 0;
				const wait = Math.max(spacingWait, windowWait);
				if (wait > 0) {
					// Short naps, so a limit learnt meanwhile (first response of a fast account) applies at once.
					await sleep(Math.min(MAX_NAP_MS, Math.max(1, Math.ceil(wait))));
					continue;
				}
				this.lastSlotAt += interval;
				this.released.push(now);
				this.waiters.shift()?.();
			}
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
