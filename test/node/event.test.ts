import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { derivedIdempotencyKey } from '../../nodes/Loops/shared/idempotency';
import { SEED_MAILING_LISTS } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

describe('Event → Send', () => {
	it('posts the event with typed event properties, contact properties and lists, keyed for exactly-once delivery', async () => {
		const listId = SEED_MAILING_LISTS[1].id;
		const { items, error } = await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: 'ada@example.com',
					eventName: 'purchase',
					additionalFields: {
						eventProperties: {
							property: [
								{ key: 'amount', value: '={{ 49.5 }}' },
								{ key: 'product', value: 'Pro plan' },
								{ key: 'firstOrder', value: '={{ false }}' },
							],
						},
						contactProperties: { property: [{ key: 'plan', value: 'pro' }] },
						mailingLists: { list: [{ id: listId, subscribed: true }] },
					},
				},
			},
			{ credentials: credentials(), executionId: 'exec-42' },
		);

		expect(error).toBeUndefined();
		const [request] = loops.emulator.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v1/events/send');
		expect(request.headers.authorization).toBe('Bearer test-api-key');
		expect(request.body).toStrictEqual({
			email: 'ada@example.com',
			eventName: 'purchase',
			eventProperties: { amount: 49.5, product: 'Pro plan', firstOrder: false },
			plan: 'pro',
			mailingLists: { [listId]: true },
		});
		expect(request.headers['idempotency-key']).toMatch(/^n8n-[A-Za-z0-9_-]{43}$/);
		expect(items.map((item) => item.json)).toEqual([{ success: true }]);
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(1);
	});

	it('identifies the contact by User ID when asked', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com', userId: 'user_1' });
		await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					identifyBy: 'userId',
					userId: 'user_1',
					eventName: 'signup',
				},
			},
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].body).toStrictEqual({
			userId: 'user_1',
			eventName: 'signup',
		});
	});

	it("sends the user's own Idempotency-Key", async () => {
		await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: 'ada@example.com',
					eventName: 'purchase',
					additionalFields: { idempotencyKey: 'order_1234' },
				},
			},
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].headers['idempotency-key']).toBe('order_1234');
	});

	it('gives each item its own key, and a new execution new keys even where n8n repeats its ids', async () => {
		const items = [{ json: { email: 'a@example.com' } }, { json: { email: 'b@example.com' } }];
		const parameters = {
			resource: 'event',
			operation: 'send',
			email: '={{ $json.email }}',
			eventName: 'purchase',
		};
		await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items, executionId: 'exec-1' },
		);
		const firstKeys = loops.emulator.requests.map((request) => request.headers['idempotency-key']);
		loops.emulator.clearRequests();
		// The same instance, workflow and execution id, a node context of its own: an n8n whose database was
		// reset (execution ids from 1 again), or a staging copy with the same encryption key.
		const again = await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items, executionId: 'exec-1' },
		);
		const againKeys = loops.emulator.requests.map((request) => request.headers['idempotency-key']);

		expect(new Set(firstKeys).size).toBe(2);
		expect(new Set([...firstKeys, ...againKeys]).size).toBe(4);
		// Each event of the new execution is delivered, none dropped as a duplicate of the earlier one's.
		expect(again.items.map((item) => item.json)).toEqual([{ success: true }, { success: true }]);
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(4);
	});

	it('uses a different key in a different execution', async () => {
		const parameters = {
			resource: 'event',
			operation: 'send',
			email: 'a@example.com',
			eventName: 'purchase',
		};
		await runLoopsNode({ parameters }, { credentials: credentials(), executionId: 'exec-a' });
		await runLoopsNode({ parameters }, { credentials: credentials(), executionId: 'exec-b' });
		const [first, second] = loops.emulator.requests.map(
			(request) => request.headers['idempotency-key'],
		);
		expect(first).not.toBe(second);
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(2);
	});
});

describe('Event → Send: the event name and lists as the editor saves them', () => {
	const listId = SEED_MAILING_LISTS[2].id;

	it('takes the event name picked From List, typed By Name (an expression too) and as plain text', async () => {
		const forms = [
			{ __rl: true, mode: 'list', value: 'planUpgraded', cachedResultName: 'planUpgraded' },
			{ __rl: true, mode: 'name', value: 'planUpgraded' },
			{ __rl: true, mode: 'name', value: '={{ $json.event }}' },
			'planUpgraded', // as an older workflow, or an AI agent, gives it
			'={{ $json.event }}',
		];
		for (const eventName of forms) {
			loops.emulator.reset();
			const { error, items } = await runLoopsNode(
				{
					parameters: { resource: 'event', operation: 'send', email: 'ada@example.com', eventName },
				},
				{ credentials: credentials(), items: [{ json: { event: 'planUpgraded' } }] },
			);
			expect([eventName, error, items.map((item) => item.json)]).toEqual([
				eventName,
				undefined,
				[{ success: true }],
			]);
			expect(loops.emulator.requests.map((request) => request.body)).toEqual([
				{ email: 'ada@example.com', eventName: 'planUpgraded' },
			]);
		}
	});

	it('refuses an event name that resolves to nothing, before sending', async () => {
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: 'ada@example.com',
					eventName: { __rl: true, mode: 'name', value: '={{ $json.event }}' },
				},
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Event Name: must not be empty [item 0]');
		expect(loops.emulator.requests).toEqual([]);
	});

	it('takes each mailing list row as picked From List, typed By ID, or as a plain ID', async () => {
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: 'ada@example.com',
					eventName: { __rl: true, mode: 'list', value: 'signup' },
					additionalFields: {
						mailingLists: {
							list: [
								{
									id: {
										__rl: true,
										mode: 'list',
										value: SEED_MAILING_LISTS[0].id,
										cachedResultName: 'Newsletter',
									},
									subscribed: true,
								},
								{ id: { __rl: true, mode: 'id', value: '={{ $json.list }}' }, subscribed: false },
								{ id: listId, subscribed: true },
							],
						},
					},
				},
			},
			{ credentials: credentials(), items: [{ json: { list: SEED_MAILING_LISTS[1].id } }] },
		);
		expect(error).toBeUndefined();
		expect(loops.emulator.requests[0].body).toStrictEqual({
			email: 'ada@example.com',
			eventName: 'signup',
			mailingLists: {
				[SEED_MAILING_LISTS[0].id]: true,
				[SEED_MAILING_LISTS[1].id]: false,
				[listId]: true,
			},
		});
	});

	it('refuses a mailing list row whose ID resolves to nothing', async () => {
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: 'ada@example.com',
					eventName: 'signup',
					additionalFields: {
						mailingLists: {
							list: [
								{ id: { __rl: true, mode: 'id', value: '={{ $json.list }}' }, subscribed: true },
							],
						},
					},
				},
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Mailing Lists: a row has no list ID [item 0]');
		expect(loops.emulator.requests).toEqual([]);
	});
});

describe('the default Idempotency-Key', () => {
	/** Node contexts as n8n keeps them: one per execution, handed on to its retries. */
	const nodeContexts = new Map<string, IDataObject>();
	const context = (overrides: {
		instanceId?: string;
		workflowId?: string;
		executionId?: string;
	}) => {
		const executionId = overrides.executionId ?? '1';
		if (!nodeContexts.has(executionId)) nodeContexts.set(executionId, {});
		return {
			getItemIndex: () => 0,
			getWorkflowDataProxy: () => ({ $runIndex: 0 }),
			getNode: () => ({ id: 'node-1', name: 'Loops' }),
			getInstanceId: () => overrides.instanceId ?? 'instance-a',
			getWorkflow: () => ({ id: overrides.workflowId ?? 'workflow-1' }),
			getExecutionId: () => executionId,
			getContext: () => nodeContexts.get(executionId),
		} as unknown as IExecuteSingleFunctions;
	};

	it('differs between two n8n instances whose execution ids both start at 1', () => {
		const first = derivedIdempotencyKey(context({ instanceId: 'instance-a' }));
		const second = derivedIdempotencyKey(context({ instanceId: 'instance-b' }));
		expect(first).not.toBe(second);
		expect(first.length).toBeLessThanOrEqual(100);
	});

	it('differs between workflows and executions, and repeats within an execution (its retries)', () => {
		const key = derivedIdempotencyKey(context({}));
		expect(derivedIdempotencyKey(context({ workflowId: 'workflow-2' }))).not.toBe(key);
		expect(derivedIdempotencyKey(context({ executionId: '2' }))).not.toBe(key);
		expect(derivedIdempotencyKey(context({}))).toBe(key);
	});

	it('differs for the same ids once the node context is new (a reset database)', () => {
		const key = derivedIdempotencyKey(context({ executionId: '7' }));
		nodeContexts.delete('7');
		expect(derivedIdempotencyKey(context({ executionId: '7' }))).not.toBe(key);
	});
});
