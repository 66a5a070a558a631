import type { INodeType } from 'n8n-workflow';

import { LoopsApi } from '../../credentials/LoopsApi.credentials';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });

/**
 * n8n's credential tester runs the credential's `test.request` as the request defaults of a
 * throw-away declarative node; this does the same through the same engine.
 */
function credentialTester(): INodeType {
	const credential = new LoopsApi();
	return {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['input'],
			version: 1,
			description: '',
			defaults: { name: 'Credential test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credential.name, required: true }],
			requestDefaults: credential.test.request,
			properties: [],
		},
	};
}

describe('Loops API credential', () => {
	it("declares the API key as a password field and Loops' API as the default base URL", () => {
		const [apiKey, baseUrl] = new LoopsApi().properties;
		expect(apiKey).toMatchObject({ name: 'apiKey', typeOptions: { password: true } });
		expect(baseUrl).toMatchObject({ name: 'baseUrl', default: 'https://app.loops.so/api' });
	});

	it('tests the key with GET /v1/api-key and a Bearer header, tolerating a trailing slash', async () => {
		const { items, error } = await runLoopsNode(
			{ parameters: {} },
			{
				credentials: { main: { apiKey: 'test-api-key', baseUrl: `${loops.emulator.url}/` } },
				nodeType: credentialTester(),
			},
		);
		expect(error).toBeUndefined();
		expect(
			loops.emulator.requests.map((request) => [
				request.method,
				request.path,
				request.headers.authorization,
			]),
		).toEqual([['GET', '/api/v1/api-key', 'Bearer test-api-key']]);
		expect(items.map((item) => item.json)).toEqual([{ success: true, teamName: 'Test Team' }]);
	});

	it('fails the test for a wrong key', async () => {
		const { error } = await runLoopsNode(
			{ parameters: {} },
			{
				credentials: { main: { apiKey: 'wrong', baseUrl: loops.emulator.url } },
				nodeType: credentialTester(),
			},
		);
		expect(error?.message).toBe('Authorization failed - please check your credentials');
		expect(error?.httpCode).toBe('401');
	});
});

describe('Loops API credential: a pathological Base URL', () => {
	it('reads 100,000 slashes before the end in linear time', async () => {
		// A regular expression blocks n8n's process while it runs, so Jest's own timeout cannot stop it: the time
		// is read here. Quadratic, this took 17 s on a quiet machine; linear, a few milliseconds.
		const startedAt = performance.now();
		const { error } = await runLoopsNode(
			{ parameters: {} },
			{
				credentials: {
					main: { apiKey: 'test-api-key', baseUrl: `${loops.emulator.url}${'/'.repeat(100_000)}x` },
				},
				nodeType: credentialTester(),
			},
		);
		expect(error).toBeDefined(); // no Loops at that address
		expect(performance.now() - startedAt).toBeLessThan(5000);
	});

	it('still takes every trailing slash off', async () => {
		const { error } = await runLoopsNode(
			{ parameters: {} },
			{
				credentials: {
					main: { apiKey: 'test-api-key', baseUrl: `${loops.emulator.url}${'/'.repeat(1000)}` },
				},
				nodeType: credentialTester(),
			},
		);
		expect(error).toBeUndefined();
		expect(loops.emulator.requests.map((request) => request.path)).toEqual(['/api/v1/api-key']);
	});
});
