import { sleep } from 'n8n-workflow';

/** Loops counts requests per account in a one-second window. */
const WINDOW_MS = 1000;
/** Slack for clock granularity between our window and Loops' own. */
const SAFETY_MS = 2;
/** Loops' documented default; the account's real limit is learnt from `x-ratelimit-limit`. */
export const DEFAULT_REQUESTS_PER_SECOND = 10;
/** Longest nap of the pump, so a limit learnt meanwhile applies at once. */
const MAX_NAP_MS = 20;

interface Slot {
	releasedAt: number;
	/** When the answer came back; until then the request may still be on its way to Loops. */
	doneAt?: number;
}

/** A released request's hold on the account's budget. */
export interface PacedSlot {
	/** Call when the request's answer (or its failure) has come back. */
	done(): void;
	/** What Loops said about the window when this request arrived (`x-ratelimit-*`). */
	observe(limit: number, remaining: number): void;
}

/**
 * The request budget of one Loops account: never more than `limit` requests that Loops could count in
 * the same second. Loops counts a request when it arrives, which is some time between our release and
 * its answer; so a request holds its slot until one window after its answer came back, however late a
 * busy event loop actually sent it. Waiters are released in arrival order as soon as a slot is free:
 * a run's first `limit` requests go at once, as Loops allows, and each later one as soon as the window
 * has room. (Spacing releases evenly was tried: it made a run about 5% slower, its last window's
 * requests waiting out a spread that no later window needed.)
 */
export class AccountPacer {
	private limit = DEFAULT_REQUESTS_PER_SECOND;

	private slots: Slot[] = [];

	private readonly waiters: Array<(slot: PacedSlot) => void> = [];

	private pumping = false;

	get requestsPerSecond(): number {
		return this.limit;
	}

	async acquire(): Promise<PacedSlot> {
		return await new Promise<PacedSlot>((resolve) => {
			this.waiters.push(resolve);
			if (!this.pumping) void this.pump();
		});
	}

	/** Adopt the limit Loops reports for this account. */
	observeLimit(limit: number): void {
		if (Number.isInteger(limit) && limit > 0) this.limit = limit;
	}

	/**
	 * Adopt what Loops reported for a request released at `releasedAt`. When Loops had counted more
	 * requests in its window than we held then (another n8n process or app on the same key), the
	 * difference is taken out of our window too, so the shared key is not pushed into 429s. Our count is
	 * taken as of the release, since Loops counted when the request arrived, which is no earlier.
	 */
	observe(limit: number, remaining: number, releasedAt = Date.now()): void {
		this.observeLimit(limit);
		if (!Number.isInteger(remaining) || remaining < 0) return;
		const countedByLoops = this.limit - remaining;
		const windowStart = releasedAt - WINDOW_MS - SAFETY_MS;
		const heldThen = this.slots.filter((slot) => slot.doneAt === undefined || slot.doneAt > windowStart).length;
		for (let extra = countedByLoops - heldThen; extra > 0; extra--) this.consumeSlot();
	}

	/** Loops counted a request we did not (a 429, another client): take one slot out of the window. */
	consumeSlot(): void {
		const now = Date.now();
		this.slots.push({ releasedAt: now, doneAt: now });
	}

	private heldSlots(now: number): number {
		const windowStart = now - WINDOW_MS - SAFETY_MS;
		this.slots = this.slots.filter((slot) => slot.doneAt === undefined || slot.doneAt > windowStart);
		return this.slots.length;
	}

	private async pump(): Promise<void> {
		this.pumping = true;
		try {
			while (this.waiters.length > 0) {
				const now = Date.now();
				if (this.heldSlots(now) >= this.limit) {
					await sleep(Math.min(MAX_NAP_MS, Math.max(1, Math.ceil(this.windowWait(now)))));
					continue;
				}
				const slot: Slot = { releasedAt: now };
				this.slots.push(slot);
				this.waiters.shift()?.({
					done: () => {
						slot.doneAt ??= Date.now();
					},
					observe: (limit, remaining) => this.observe(limit, remaining, slot.releasedAt),
				});
			}
		} finally {
			this.pumping = false;
		}
	}

	/** How long until a held slot leaves the window (a nap when all are still in flight). */
	private windowWait(now: number): number {
		const finished = this.slots.filter((slot) => slot.doneAt !== undefined).map((slot) => slot.doneAt as number);
		if (finished.length === 0) return MAX_NAP_MS;
		return Math.min(...finished) + WINDOW_MS + SAFETY_MS - now;
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
