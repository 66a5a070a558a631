import type { INodeExecutionData } from 'n8n-workflow';

import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * n8n's node settings (Settings tab of every node) with the Loops node, run by n8n-core's engine: each keeps the
 * meaning it has for n8n's own nodes, and the node's promises (all or nothing, nothing sent twice) hold with it.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

const sendEvent = {
	resource: 'event',
	operation: 'send',
	email: '={{ $json.email }}',
	eventName: 'purchase',
};

function buyers(...emails: string[]): INodeExecutionData[] {
	return emails.map((email) => ({ json: { email } }));
}

describe('Execute Once', () => {
	it('sends the first item only, with 3 items in', async () => {
		const { items, error } = await runLoopsNode(
			{ parameters: sendEvent, executeOnce: true },
			{
				credentials: credentials(),
				items: buyers('a@example.com', 'b@example.com', 'c@example.com'),
			},
		);

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ success: true }]);
		expect(loops.received()).toEqual([
			expect.objectContaining({
				path: '/api/v1/events/send',
				body: { email: 'a@example.com', eventName: 'purchase' },
			}),
		]);
	});

	it('judges only that item: a bad later item does not stop it', async () => {
		const { items, error } = await runLoopsNode(
			{ parameters: sendEvent, executeOnce: true },
			{ credentials: credentials(), items: buyers('a@example.com', 'broken') },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ success: true }]);
	});

	it('still refuses a bad first item before sending', async () => {
		const { error } = await runLoopsNode(
			{ parameters: sendEvent, executeOnce: true },
			{ credentials: credentials(), items: buyers('broken', 'b@example.com') },
		);
		expect(error?.message).toBe('Email: "broken" is not a valid email address [item 0]');
		expect(loops.emulator.requests).toEqual([]);
	});
});

describe('Always Output Data', () => {
	it('outputs one empty item when Loops returns nothing (an empty list)', async () => {
		const { items, error } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'getAll' }, alwaysOutputData: true },
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{}]);
	});

	it('changes nothing when there is output', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'getAll' }, alwaysOutputData: true },
			{ credentials: credentials() },
		);
		expect(items.map((item) => item.json.email)).toEqual(['ada@example.com']);
	});
});

describe('On Error: Continue (using error output)', () => {
	it('sends the good items, outputs them on the success output and the bad one on the error output', async () => {
		const { outputs, errorOutputs, error } = await runLoopsNode(
			{ parameters: sendEvent, onError: 'continueErrorOutput' },
			{ credentials: credentials(), items: buyers('a@example.com', 'broken', 'c@example.com') },
		);

		expect(error).toBeUndefined();
		expect(outputs.Loops.map((item) => item.json)).toEqual([{ success: true }, { success: true }]);
		expect(errorOutputs.Loops).toHaveLength(1);
		expect(errorOutputs.Loops[0].json.error).toBe(
			'Email: "broken" is not a valid email address [item 1]',
		);
		expect(
			loops.emulator
				.account()
				.eventsNamed('purchase')
				.map((event) => event.email)
				.sort(),
		).toEqual(['a@example.com', 'c@example.com']);
	});

	it('routes what Loops refused to the error output too (contact not found)', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		const { outputs, errorOutputs } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'get',
					findBy: 'email',
					email: '={{ $json.email }}',
				},
				onError: 'continueErrorOutput',
			},
			{ credentials: credentials(), items: buyers('ada@example.com', 'nobody@example.com') },
		);
		expect(outputs.Loops.map((item) => item.json.email)).toEqual(['ada@example.com']);
		expect(errorOutputs.Loops.map((item) => item.json.error)).toEqual([
			'No Loops contact with email "nobody@example.com"',
		]);
	});
});

describe('On Error: Continue (regular output)', () => {
	it('outputs an error item in place of the refused one and sends the others', async () => {
		const { items, error } = await runLoopsNode(
			{ parameters: sendEvent, onError: 'continueRegularOutput' },
			{ credentials: credentials(), items: buyers('a@example.com', 'broken') },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			{ success: true },
			{ error: 'Email: "broken" is not a valid email address [item 1]' },
		]);
	});
});

describe("a failed execution retried from n8n's Executions list", () => {
	it('re-sends the events that had gone out under the same keys: Loops applies each once', async () => {
		// Loops refuses c@example.com once: the node fails after a@ and b@ went out.
		loops.emulator.failNext(
			(request) => (request.body as { email?: string } | undefined)?.email === 'c@example.com',
			400,
			'Loops could not process this event right now.',
		);
		const items = buyers('a@example.com', 'b@example.com', 'c@example.com');
		const failed = await runLoopsNode(
			{ parameters: sendEvent },
			{ credentials: credentials(), items },
		);
		expect(failed.error?.message).toBe(
			'Loops answered 400: Loops could not process this event right now.',
		);
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(2);

		const retried = await runLoopsNode(
			{ parameters: sendEvent },
			{ credentials: credentials(), retryOf: failed },
		);

		expect(retried.error).toBeUndefined();
		expect(retried.executionId).not.toBe(failed.executionId);
		const keys = loops.emulator.requests.map((request) => request.headers['idempotency-key']);
		expect(new Set(keys).size).toBe(3); // the retry sent each item under its key of the first execution
		const keyOf = (email: string) =>
			loops.emulator.requests.find((request) => (request.body as { email: string }).email === email)
				?.headers['idempotency-key'];
		expect(retried.items.map((item) => item.json)).toEqual([
			{ success: true, duplicate: true, idempotencyKey: keyOf('a@example.com') },
			{ success: true, duplicate: true, idempotencyKey: keyOf('b@example.com') },
			{ success: true },
		]);
		expect(
			loops.emulator
				.account()
				.eventsNamed('purchase')
				.map((event) => event.email)
				.sort(),
		).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
	});

	it('re-sends the contacts created before the failure: the node recognises them as its own', async () => {
		loops.emulator.failNext(
			(request) => (request.body as { email?: string } | undefined)?.email === 'b@example.com',
			400,
			'Loops could not process this contact right now.',
		);
		const create = { resource: 'contact', operation: 'create', email: '={{ $json.email }}' };
		const items = buyers('a@example.com', 'b@example.com');
		const failed = await runLoopsNode(
			{ parameters: create },
			{ credentials: credentials(), items },
		);
		expect(failed.error?.httpCode).toBe('400');

		const retried = await runLoopsNode(
			{ parameters: create },
			{ credentials: credentials(), retryOf: failed },
		);
		expect(retried.error).toBeUndefined();
		const [a, b] = loops.emulator.account().contacts;
		expect(retried.items.map((item) => item.json)).toEqual([
			{ success: true, id: a.id, alreadyApplied: true },
			{ success: true, id: b.id },
		]);
	});

	it('a new run of the workflow (not a retry) gets new keys', async () => {
		const items = buyers('a@example.com');
		await runLoopsNode({ parameters: sendEvent }, { credentials: credentials(), items });
		await runLoopsNode({ parameters: sendEvent }, { credentials: credentials(), items });
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(2);
	});
});
