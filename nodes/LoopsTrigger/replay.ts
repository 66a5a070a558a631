/**
 * Memory of the webhook-ids already accepted, so that a captured delivery cannot be replayed while its timestamp is
 * still inside the tolerance window.
 *
 * An entry only needs to live until the delivery's own timestamp leaves the window: after that, replaying the same
 * signed message fails the timestamp check, and giving it a fresh timestamp breaks its signature. Entries are
 * therefore kept until `timestamp + tolerance`, and expired ones are pruned on each use. Only verified deliveries
 * are remembered, so the map's size is bounded by the genuine traffic of the tolerance window (Loops sends at most
 * 10 events per second).
 */
export class ReplayGuard {
	/** Key → expiry (Unix ms). Insertion order ≈ expiry order, which keeps pruning cheap. */
	private readonly expiries = new Map<string, number>();

	/** Whether `key` was accepted and has not expired at `nowMs`. */
	has(key: string, nowMs: number): boolean {
		this.prune(nowMs);
		const expiresAt = this.expiries.get(key);
		return expiresAt !== undefined && expiresAt > nowMs;
	}

	/** Remembers `key` until `expiresAtMs`. */
	remember(key: string, expiresAtMs: number, nowMs: number): void {
		this.prune(nowMs);
		this.expiries.delete(key);
		this.expiries.set(key, expiresAtMs);
	}

	/** Number of entries currently held (expired ones included until the next prune). */
	get size(): number {
		return this.expiries.size;
	}

	clear(): void {
		this.expiries.clear();
	}

	/**
	 * Drops expired entries from the oldest end and stops at the first live one. Expiries are not strictly ordered
	 * (timestamps may differ by up to the tolerance), so a few expired entries can linger behind a live one for at
	 * most one more window; `has()` checks the expiry itself, so correctness never depends on pruning.
	 */
	private prune(nowMs: number): void {
		for (const [key, expiresAt] of this.expiries) {
			if (expiresAt > nowMs) break;
			this.expiries.delete(key);
		}
	}
}

/**
 * The webhook-ids accepted by every Loops Trigger node of this n8n process (module-level, so shared by all
 * workflows). It is per process: with several n8n instances (queue mode with several webhook processes, or
 * several mains) each keeps its own memory, so a replay routed to another instance within the window is not caught
 * by this check; it still has to pass the signature and 5-minute timestamp checks.
 */
export const acceptedWebhookIds = new ReplayGuard();
