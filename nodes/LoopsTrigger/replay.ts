import { createHash } from 'crypto';

/**
 * Memory of the deliveries the Loops Trigger accepted, by `webhook-id`, so that one delivery never starts two
 * executions. Loops re-sends a delivery whose 200 it did not receive (the answer was lost, or came too late) with
 * the same webhook-id and a new timestamp and signature; a captured delivery could also be replayed byte for
 * byte while its timestamp is inside the 5-minute window. Both are answered 200 without a new execution.
 *
 * An id is remembered for 28 hours after it was accepted. Loops does not publish its retry schedule; Standard
 * Webhooks senders built on Svix retry for 27 h 35 min after the first attempt (immediately, then after 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: docs.svix.com/retries). At most 100,000 ids are held (about 12 MB,
 * measured), the oldest forgotten first: that is more than one accepted delivery a second for a whole day.
 *
 * Only accepted deliveries are remembered (signature and timestamp verified, body a JSON object), so a refused
 * delivery that Loops retries is judged afresh.
 */

/** How long an accepted webhook-id is remembered. */
export const ACCEPTED_ID_MEMORY_MS = 28 * 60 * 60 * 1000;
/** The most ids held at once. */
export const MAX_ACCEPTED_IDS = 100_000;

export class AcceptedDeliveries {
	/** Key → expiry (Unix ms), in the order remembered: with one lifetime for all, that is expiry order. */
	private readonly expiries = new Map<string, number>();

	constructor(
		private readonly memoryMs = ACCEPTED_ID_MEMORY_MS,
		private readonly maxSize = MAX_ACCEPTED_IDS,
	) {}

	/** Whether `key` was accepted and is still remembered at `nowMs`. */
	has(key: string, nowMs: number): boolean {
		this.prune(nowMs);
		const expiresAt = this.expiries.get(key);
		return expiresAt !== undefined && expiresAt > nowMs;
	}

	/** Remembers `key`, accepted at `nowMs`. */
	remember(key: string, nowMs: number): void {
		this.prune(nowMs);
		this.expiries.delete(key);
		this.expiries.set(key, nowMs + this.memoryMs);
		for (const oldest of this.expiries.keys()) {
			if (this.expiries.size <= this.maxSize) break;
			this.expiries.delete(oldest);
		}
	}

	/** Number of ids currently held (expired ones included until the next use). */
	get size(): number {
		return this.expiries.size;
	}

	clear(): void {
		this.expiries.clear();
	}

	/**
	 * Drops expired entries from the oldest end, stopping at the first live one. Should the clock step back, an
	 * entry may outlive one behind it for a while; `has()` checks the expiry itself, so that is only memory.
	 */
	private prune(nowMs: number): void {
		for (const [key, expiresAt] of this.expiries) {
			if (expiresAt > nowMs) break;
			this.expiries.delete(key);
		}
	}
}

/**
 * The memory key of a delivery: its webhook-id, scoped by the signing key so that two Loops accounts (two
 * secrets) never shadow each other's ids.
 */
export function deliveryKey(signingKey: Buffer, webhookId: string): string {
	return `${createHash('sha256').update(signingKey).digest('base64').slice(0, 16)}:${webhookId}`;
}

/**
 * The deliveries accepted by every Loops Trigger node of this n8n process (module-level, so shared by all
 * workflows). It is per process and lives in memory: after a restart of n8n, or with several n8n processes
 * receiving webhooks (queue mode with webhook processes, several mains), a delivery that reaches a process that
 * did not accept it the first time starts an execution again.
 */
export const acceptedWebhookIds = new AcceptedDeliveries();
