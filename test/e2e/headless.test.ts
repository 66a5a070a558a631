/**
 * Examples (a) and (c) in a real n8n, headless: the packed package installed into the n8n folder as n8n installs
 * community packages, the example's credentials imported pointing at the Loops API emulator, the example imported
 * from examples/ and run with `n8n execute --id`. Asserts what the emulator received and what n8n output.
 * Then one workflow run in two fresh n8n homes, as two people trying the README's demo would (same encryption key,
 * same workflow id, execution ids from 1): Loops must not take the second run's event for the first's.
 */
import type { LoopsEmulator } from '../emulator';

import * as ex from '../../scripts/n8n/examples';
import * as h from '../../scripts/n8n/harness';

import {
	eventSent,
	exampleHome,
	NEWSLETTER,
	received,
	sendEventParameters,
	startEmulator,
} from './harness';

let emulator: LoopsEmulator;
let home: h.N8nHome;

beforeAll(async () => {
	emulator = await startEmulator();
	home = await exampleHome(emulator, [
		ex.examplePath(ex.EXAMPLES.contactLifecycle),
		ex.examplePath(ex.EXAMPLES.twoAccounts),
	]);
}, 10 * 60_000);

afterAll(async () => {
	await emulator?.close();
	if (home) h.removeN8nHome(home);
});

beforeEach(() => emulator.reset());

describe('the package in n8n', () => {
	it('is installed the way n8n installs a community package: the packed files, no dev dependencies', () => {
		const install = h.describeInstall(home);
		const version = install.packageJson.version as string;
		expect(install.declared).toEqual({ [h.PACKAGE_NAME]: version });
		// n8n drops dev and peer dependencies before installing: nothing of n8n-workflow, jest, … gets in
		expect(install.packageJson.devDependencies).toBeUndefined();
		expect(install.packageJson.peerDependencies).toBeUndefined();
		expect(install.packageJson.dependencies ?? {}).toEqual({});
		expect(install.nodeModules).toEqual([]);
		expect(install.files).toEqual(
			expect.arrayContaining([
				'package.json',
				'dist/nodes/Loops/Loops.node.js',
				'dist/nodes/LoopsTrigger/LoopsTrigger.node.js',
				'dist/credentials/LoopsApi.credentials.js',
				'dist/credentials/LoopsWebhookApi.credentials.js',
			]),
		);
		// the tarball ships dist/, README.md, LICENSE.md and package.json: never the sources, the tests or CHANGELOG.md
		const unexpected = install.files.filter(
			(f) => !f.startsWith('dist/') && !/^(package\.json|README\.md|LICENSE\.md)$/.test(f),
		);
		expect(unexpected).toEqual([]);
		expect(install.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
	});
});

describe('example (a): Manual Trigger → Create Contact → Send Event → Get Contact → Update Contact → Get Many', () => {
	it('sends each operation to Loops with the account key and outputs Loops’ answers', async () => {
		const result = await h.executeSuccessfully(home, ex.EXAMPLES.contactLifecycle.id);

		const bearer = `Bearer ${ex.API_KEYS.account}`;
		expect(received(emulator.requests)).toEqual([
			{
				method: 'POST',
				path: '/api/v1/contacts/create',
				query: {},
				authorization: bearer,
				status: 200,
				body: {
					email: 'ada@example.com',
					firstName: 'Ada',
					lastName: 'Lovelace',
					source: 'n8n example',
					userId: 'ada-001',
					mailingLists: { [NEWSLETTER]: true },
					plan: 'pro',
				},
			},
			eventSent({
				email: 'ada@example.com',
				eventName: 'signup',
				eventProperties: { plan: 'pro', seats: 3 },
			}),
			{
				method: 'GET',
				path: '/api/v1/contacts/find',
				query: { userId: 'ada-001' },
				authorization: bearer,
				status: 200,
			},
			{
				method: 'PUT',
				path: '/api/v1/contacts/update',
				query: {},
				authorization: bearer,
				status: 200,
				body: { userId: 'ada-001', firstName: 'Augusta Ada', plan: 'enterprise' },
			},
			{
				method: 'GET',
				path: '/api/v1/contacts',
				query: { limit: '50', offset: '0' },
				authorization: bearer,
				status: 200,
			},
		]);
		expect(emulator.requests.every((r) => r.status === 200)).toBe(true);
		// events are sent exactly once: the node sets an Idempotency-Key of its own
		const idempotencyKey = emulator.requests[1]?.headers['idempotency-key'];
		expect(typeof idempotencyKey).toBe('string');
		expect((idempotencyKey as string).length).toBeGreaterThan(0);
		expect((idempotencyKey as string).length).toBeLessThanOrEqual(100);

		const contactId = result.items['Create Contact']?.[0]?.id;
		expect(typeof contactId).toBe('string');
		const ada = {
			id: contactId,
			email: 'ada@example.com',
			lastName: 'Lovelace',
			userId: 'ada-001',
			subscribed: true,
			mailingLists: { [NEWSLETTER]: true },
		};
		expect(result.items).toEqual({
			Start: [{}],
			'Create Contact': [{ success: true, id: contactId }],
			'Send Event': [{ success: true }],
			'Get Contact': [{ ...ada, firstName: 'Ada' }],
			'Update Contact': [{ success: true, id: contactId }],
			'Get Many': [{ ...ada, firstName: 'Augusta Ada' }],
		});
		expect(result.lastNode).toBe('Get Many');

		// and what the Loops account now holds
		const account = emulator.account(ex.API_KEYS.account);
		expect(account.contacts).toEqual([
			expect.objectContaining({
				email: 'ada@example.com',
				firstName: 'Augusta Ada',
				userId: 'ada-001',
				plan: 'enterprise',
			}),
		]);
		expect(account.events).toEqual([
			expect.objectContaining({
				eventName: 'signup',
				email: 'ada@example.com',
				eventProperties: { plan: 'pro', seats: 3 },
			}),
		]);
	});
});

describe('example (c): a "marketing" and a "transactional" credential side by side', () => {
	it('sends each node’s requests to its own Loops account, with that account’s key only', async () => {
		const result = await h.executeSuccessfully(home, ex.EXAMPLES.twoAccounts.id);

		const marketingKey = `Bearer ${ex.API_KEYS.marketing}`;
		const transactionalKey = `Bearer ${ex.API_KEYS.transactional}`;
		expect(received(emulator.requests)).toEqual([
			{
				method: 'POST',
				path: '/api/v1/contacts/create',
				query: {},
				authorization: marketingKey,
				status: 200,
				body: {
					email: 'grace@example.com',
					firstName: 'Grace',
					userId: 'grace-001',
					source: 'n8n signup',
					mailingLists: { [NEWSLETTER]: true },
				},
			},
			// the node reads the one email it sends (its data variables) before sending
			{
				method: 'GET',
				path: '/api/v1/transactional-emails/welcome',
				query: {},
				authorization: transactionalKey,
				status: 200,
			},
			{
				method: 'POST',
				path: '/api/v1/transactional',
				query: {},
				authorization: transactionalKey,
				status: 200,
				idempotencyKey: expect.any(String),
				body: {
					email: 'grace@example.com',
					transactionalId: 'welcome',
					dataVariables: { name: 'Grace' },
				},
			},
		]);
		expect(emulator.requests.every((r) => r.status === 200)).toBe(true);
		expect(emulator.requests[2]?.headers['idempotency-key']).toEqual(expect.any(String));

		const marketing = emulator.account(ex.API_KEYS.marketing);
		const transactional = emulator.account(ex.API_KEYS.transactional);
		expect(marketing.contacts).toEqual([
			expect.objectContaining({
				email: 'grace@example.com',
				userId: 'grace-001',
				mailingLists: { [NEWSLETTER]: true },
			}),
		]);
		expect(marketing.transactionalSent).toEqual([]);
		expect(transactional.transactionalSent).toEqual([
			expect.objectContaining({
				transactionalId: 'welcome',
				email: 'grace@example.com',
				dataVariables: { name: 'Grace' },
			}),
		]);
		expect(transactional.contacts).toEqual([]);
		expect(emulator.account(ex.API_KEYS.account).contacts).toEqual([]);

		expect(result.items).toEqual({
			Start: [{}],
			'New Signup': [{ email: 'grace@example.com', firstName: 'Grace', userId: 'grace-001' }],
			'Marketing: Add to Newsletter': [{ success: true, id: expect.any(String) }],
			'Transactional: Welcome Email': [{ success: true }],
		});
	});
});

/** Manual Trigger → Set (one email) → Send Event "demo", on the example account, derived keys. */
const DEMO_EVENT: h.Json = {
	id: 'LoopsDemoEvent01',
	name: 'Send one event (e2e: two fresh homes)',
	active: false,
	nodes: [
		{
			id: '5d1e0000-0000-4000-8000-000000000001',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '5d1e0000-0000-4000-8000-000000000002',
			name: 'Buyer',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'buyer-email', name: 'email', value: 'demo@example.com', type: 'string' },
					],
				},
				options: {},
			},
		},
		{
			id: '5d1e0000-0000-4000-8000-000000000003',
			name: 'Send Event',
			type: h.NODE_TYPE,
			typeVersion: 1,
			position: [440, 0],
			parameters: sendEventParameters('demo'),
			credentials: { loopsApi: { id: ex.CREDENTIAL_IDS.account, name: 'Loops account' } },
		},
	],
	connections: {
		Start: { main: [[{ node: 'Buyer', type: 'main', index: 0 }]] },
		Buyer: { main: [[{ node: 'Send Event', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	pinData: {},
};

describe('one workflow in two fresh n8n homes, one Loops account', () => {
	const homes: h.N8nHome[] = [];
	afterAll(() => homes.forEach((fresh) => h.removeN8nHome(fresh)));

	it(
		"sends each run's event with a key of its own: Loops applies both",
		async () => {
			for (let run = 0; run < 2; run++) {
				const fresh = await exampleHome(emulator, [DEMO_EVENT]);
				homes.push(fresh);
				const result = await h.executeSuccessfully(fresh, 'LoopsDemoEvent01');
				expect(result.items['Send Event']).toEqual([{ success: true }]);
			}

			const keys = emulator.requests.map((request) => request.headers['idempotency-key']);
			expect(emulator.requests.map((request) => [request.path, request.status])).toEqual([
				['/api/v1/events/send', 200],
				['/api/v1/events/send', 200],
			]);
			expect(keys).toEqual([expect.any(String), expect.any(String)]);
			expect(keys[0]).not.toBe(keys[1]);
			expect(emulator.account(ex.API_KEYS.account).eventsNamed('demo')).toHaveLength(2);
		},
		10 * 60_000,
	);
});
