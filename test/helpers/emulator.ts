import { LoopsEmulator, receivedRequests, type EmulatorOptions, type ReceivedRequest } from '../emulator';
import type { LoopsCredential } from './n8n';

/**
 * Starts one emulator for a test file (127.0.0.1, free port), resets it before each test, closes it at
 * the end. `credential(apiKey)` gives the n8n credential that reaches that account.
 */
export function useLoopsEmulator(options: EmulatorOptions = {}) {
	const handle = {
		emulator: undefined as unknown as LoopsEmulator,
		credential(apiKey = 'test-api-key'): LoopsCredential {
			return { apiKey, baseUrl: handle.emulator.url };
		},
		/** The requests Loops received, without the header noise. */
		received(): ReceivedRequest[] {
			return receivedRequests(handle.emulator.requests);
		},
	};
	beforeAll(async () => {
		handle.emulator = await LoopsEmulator.start(options);
	});
	beforeEach(() => handle.emulator.reset());
	afterAll(async () => await handle.emulator.close());
	return handle;
}
