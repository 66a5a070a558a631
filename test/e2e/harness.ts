/**
 * What the end-to-end tests share besides the real-n8n harness (scripts/n8n/harness.ts): a Loops API emulator
 * with the accounts the examples use, and what it received with the headers that tell the account.
 */
import { emulatorAccounts } from '../../scripts/n8n/examples';
import { LoopsEmulator, receivedRequests, type ReceivedRequest, type RecordedRequest } from '../emulator';

export async function startEmulator(): Promise<LoopsEmulator> {
	// Loops' default rate limit (10 requests/s per account) applies, as on the real service.
	return await LoopsEmulator.start({ accounts: emulatorAccounts() });
}

/** What Loops received, with the Authorization (which account) and Idempotency-Key headers. */
export function received(requests: readonly RecordedRequest[]): ReceivedRequest[] {
	return receivedRequests(requests, { withHeaders: true });
}

/** The mailing list the examples subscribe to (the emulator's seeded "Newsletter"). */
export const NEWSLETTER = 'cm06f5v0e45nf0ml5754o9cix';
