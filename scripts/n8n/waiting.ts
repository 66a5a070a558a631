/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev scripts: they poll with timers */
/**
 * Waiting for a state, never for a fixed time: `waitUntil` polls a check until it yields a value, and fails with
 * what it saw last when the time is up. Every wait of the real-n8n scripts goes through it: n8n's readiness and its
 * webhooks, executions and their data, Redis and PostgreSQL.
 *
 * Our own rather than wait-on: wait-on cannot stop waiting when the process it waits for has died (it polls on
 * until its time limit), cannot ask with OPTIONS (n8n's webhook check), and knows only HTTP and TCP, where most of
 * our waits read n8n's REST API or a log.
 */

export interface WaitOptions {
	/** What is awaited, for the error: "n8n's /healthz/readiness". */
	what: string;
	timeoutMs: number;
	/** Pause between two checks. Default 250 ms. */
	intervalMs?: number;
	/** Ends the wait at once with an error when it returns a reason (e.g. the awaited process has exited). */
	giveUpIf?: () => string | undefined;
}

/**
 * Calls `check` until it returns something other than undefined, and resolves that. `check` may set the last state
 * it saw through `seen`, which the time-out error reports.
 */
export async function waitUntil<T>(
	check: (seen: (state: string) => void) => Promise<T | undefined>,
	{ what, timeoutMs, intervalMs = 250, giveUpIf }: WaitOptions,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last = 'not checked yet';
	const seen = (state: string) => (last = state);
	for (;;) {
		const reason = giveUpIf?.();
		if (reason) throw new Error(`${what}: ${reason}`);
		const value = await check(seen);
		if (value !== undefined) return value;
		if (Date.now() >= deadline)
			throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** Waits until `url` answers 2xx (each request bounded by 10 s); `init` as for fetch (e.g. method OPTIONS). */
export async function waitForHttpOk(
	url: string,
	init: RequestInit,
	options: WaitOptions,
): Promise<void> {
	await waitUntil(async (seen) => {
		try {
			const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
			await response.arrayBuffer();
			if (response.ok) return true;
			seen(`status ${response.status}`);
		} catch (error) {
			seen((error as Error).message);
		}
		return undefined;
	}, options);
}
