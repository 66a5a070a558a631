import {
	LoopsEmulator,
	receivedRequests,
	type EmulatorOptions,
	type ReceivedRequest,
} from '../emulator';
import { requestsOutsideSpec } from './loopsSpec';
import type { LoopsCredential } from './n8n';

/**
 * Starts one emulator for a test file (127.0.0.1, free port), resets it before each test, closes it at
 * the end. `credential(apiKey)` gives the n8n credential that reaches that account.
 *
 * After each test, every request the emulator received is checked against Loops' official OpenAPI spec
 * 1.21.6 (./loopsSpec.ts): path, method, query, headers, body. A request outside the spec fails the test,
 * naming the request and why.
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
	afterEach(() => {
		const outside = requestsOutsideSpec(handle.emulator.requests);
		if (outside.length > 0) {
			throw new Error(`Requests outside Loops' OpenAPI spec 1.21.6:\n${outside.join('\n')}`);
		}
	});
	afterAll(async () => await handle.emulator.close());
	return handle;
}
