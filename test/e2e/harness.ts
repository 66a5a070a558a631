/**
 * What the end-to-end tests share besides the real-n8n harness (scripts/n8n/harness.ts and the modules it gathers): a Loops API emulator
 * with the accounts the examples use, and what it received with the headers that tell the account.
 */
import { API_KEYS, emulatorAccounts, exampleCredentials } from '../../scripts/n8n/examples';
import type { Json } from '../../scripts/n8n/runData';
import { importCredentials, importWorkflows } from '../../scripts/n8n/n8nCli';
import { createN8nHome, type N8nHome } from '../../scripts/n8n/n8nHome';
import { e2eTarball } from '../../scripts/n8n/package';
import { majorOf, selectedLine } from '../../scripts/n8n/n8nLines';
import {
	LoopsEmulator,
	receivedRequests,
	type ReceivedRequest,
	type RecordedRequest,
} from '../emulator';

/**
 * The n8n line this run tests: 2 (`npm run test:e2e`) or 1 (`npm run test:e2e:n8n1`, which sets LOOPS_N8N_LINE).
 * Every test file runs on both lines as it is: the harness (scripts/n8n/harness.ts) takes care of what differs.
 */
export const N8N_MAJOR = majorOf(selectedLine());

/**
 * `describe` for a block that applies to some n8n lines only, with the reason, in one line:
 *
 *   describeOnN8n([2], 'n8n 1.x has no …')('the block', () => { beforeAll(…); it(…); });
 *
 * On another line the block is skipped (its hooks do not run either) and its title carries the reason, so the
 * report (`--verbose`) says why. Keep a file's set-up (beforeAll) inside the block when the whole file is one line's.
 */
export function describeOnN8n(
	majors: number[],
	reason: string,
): (title: string, body: () => void) => void {
	return (title, body) => {
		if (majors.includes(N8N_MAJOR)) describe(title, body);
		else
			describe.skip(
				`${title} [n8n ${majors.map((major) => `${major}.x`).join(' and ')} only: ${reason}]`,
				body,
			);
	};
}

export async function startEmulator(): Promise<LoopsEmulator> {
	// Loops' default rate limit (10 requests/s per account) applies, as on the real service.
	return await LoopsEmulator.start({ accounts: emulatorAccounts() });
}

/**
 * A fresh n8n home as a user's n8n is after installing the package: the packed package installed, the examples'
 * credentials pointing at `emulator`, and `workflows` (paths or workflow JSON) imported.
 */
export async function exampleHome(
	emulator: LoopsEmulator,
	workflows: ReadonlyArray<string | Json>,
): Promise<N8nHome> {
	const home = await createN8nHome({ tarball: e2eTarball() });
	await importCredentials(home, exampleCredentials({ baseUrl: emulator.url }));
	await importWorkflows(home, [...workflows]);
	return home;
}

/** What Loops received, with the Authorization (which account) and Idempotency-Key headers. */
export function received(requests: readonly RecordedRequest[]): ReceivedRequest[] {
	return receivedRequests(requests, { withHeaders: true });
}

/** The mailing list the examples subscribe to (the emulator's seeded "Newsletter"). */
export const NEWSLETTER = 'cm06f5v0e45nf0ml5754o9cix';

/** A Loops Send Event node's parameters: the event `eventName` for the item's `email`, nothing else. */
export function sendEventParameters(eventName: string) {
	return {
		resource: 'event',
		operation: 'send',
		identifyBy: 'email',
		email: '={{ $json.email }}',
		eventName,
		additionalFields: {},
	};
}

/** What `received()` lists for a Send Event of the account `apiKey` that Loops answered 200: `body`, a key. */
export function eventSent(
	body: Record<string, unknown>,
	apiKey: string = API_KEYS.account,
): ReceivedRequest {
	return {
		method: 'POST',
		path: '/api/v1/events/send',
		query: {},
		authorization: `Bearer ${apiKey}`,
		status: 200,
		idempotencyKey: expect.any(String),
		body,
	};
}
