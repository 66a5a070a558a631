/**
 * What the end-to-end tests share: the real-n8n harness (scripts/n8n/*.mjs, ES modules loaded with `import()`)
 * and a Loops API emulator with the accounts the examples use.
 */
import { LoopsEmulator } from '../emulator';
import type { RecordedRequest } from '../emulator';

export type Harness = typeof import('../../scripts/n8n/harness.mjs');
export type Examples = typeof import('../../scripts/n8n/examples.mjs');

export async function loadHarness(): Promise<{ h: Harness; ex: Examples }> {
	const h = await import('../../scripts/n8n/harness.mjs');
	const ex = await import('../../scripts/n8n/examples.mjs');
	return { h, ex };
}

export async function startEmulator(ex: Examples): Promise<LoopsEmulator> {
	// Loops' default rate limit (10 requests/s per account) applies, as on the real service.
	return await LoopsEmulator.start({ accounts: ex.emulatorAccounts() });
}

/** A request as the assertions read it: what reached Loops, with which key. */
export interface Received {
	method: string;
	path: string;
	query?: Record<string, string>;
	authorization: string | undefined;
	body?: unknown;
}

export function received(requests: readonly RecordedRequest[]): Received[] {
	return requests.map((r) => ({
		method: r.method,
		path: r.path,
		...(Object.keys(r.query ?? {}).length ? { query: r.query } : {}),
		authorization: r.headers.authorization,
		...(r.body !== undefined ? { body: r.body } : {}),
	}));
}

/** The mailing list the examples subscribe to (the emulator's seeded "Newsletter"). */
export const NEWSLETTER = 'cm06f5v0e45nf0ml5754o9cix';
