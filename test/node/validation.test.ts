import type { INodeParameters } from 'n8n-workflow';
import { ExecuteSingleContext } from 'n8n-core';

import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

const longText = 'x'.repeat(501);

const badInputs: Array<[string, INodeParameters, string]> = [
	[
		'an invalid email on create',
		{ resource: 'contact', operation: 'create', email: 'not-an-email' },
		'Email: "not-an-email" is not a valid email address [item 0]',
	],
	[
		// n8n itself refuses a required field left empty; an expression that resolves to nothing is ours to catch
		'an email expression resolving to nothing on event send',
		{ resource: 'event', operation: 'send', email: '={{ $json.missing }}', eventName: 'purchase' },
		'Email: an email address is required [item 0]',
	],
	[
		'an invalid email to find by',
		{ resource: 'contact', operation: 'get', findBy: 'email', email: 'ada@' },
		'Email: "ada@" is not a valid email address [item 0]',
	],
	[
		'an empty User ID to delete by',
		{ resource: 'contact', operation: 'delete', userId: '  ' },
		'User ID: must not be empty [item 0]',
	],
	[
		'an empty event name',
		{ resource: 'event', operation: 'send', email: 'ada@example.com', eventName: '={{ "  " }}' },
		'Event Name: must not be empty [item 0]',
	],
	[
		'a limit above 50',
		{ resource: 'contact', operation: 'getAll', limit: 51 },
		'Limit: must be a whole number between 1 and 50 (got 51) [item 0]',
	],
	[
		'a limit of 0',
		{ resource: 'contact', operation: 'getAll', limit: 0 },
		'Limit: must be a whole number between 1 and 50 (got 0) [item 0]',
	],
	[
		'a negative offset',
		{ resource: 'contact', operation: 'getAll', offset: -1 },
		'Offset: must be a whole number at least 0 (got -1) [item 0]',
	],
	...['id', 'listId', 'softDeleteAt', 'teamId', 'updatedAt'].map(
		(reserved): [string, INodeParameters, string] => [
			`the reserved property name ${reserved}`,
			{
				resource: 'contact',
				operation: 'create',
				email: 'ada@example.com',
				additionalFields: { customProperties: { property: [{ key: reserved, value: '1' }] } },
			},
			`Custom Properties: "${reserved}" is reserved by Loops (reserved: id, listId, softDeleteAt, teamId, updatedAt) [item 0]`,
		],
	),
	[
		'a string value over 500 characters',
		{
			resource: 'contact',
			operation: 'update',
			userId: 'user_1',
			updateFields: { customProperties: { property: [{ key: 'plan', value: longText }] } },
		},
		'Custom Properties: the value of "plan" is 501 characters long; Loops accepts at most 500 [item 0]',
	],
	[
		'an event property over 500 characters',
		{
			resource: 'event',
			operation: 'send',
			email: 'ada@example.com',
			eventName: 'purchase',
			additionalFields: { eventProperties: { property: [{ key: 'note', value: longText }] } },
		},
		'Event Properties: the value of "note" is 501 characters long; Loops accepts at most 500 [item 0]',
	],
	[
		'a new email on update without a User ID',
		{
			resource: 'contact',
			operation: 'update',
			identifyBy: 'email',
			email: 'old@example.com',
			updateFields: { email: 'new@example.com' },
		},
		'Update Fields → Email: a new email address needs the contact identified by User ID [item 0]',
	],
	[
		'an invalid new email on update',
		{ resource: 'contact', operation: 'update', userId: 'user_1', updateFields: { email: 'new@' } },
		'Update Fields → Email: "new@" is not a valid email address [item 0]',
	],
	[
		'an idempotency key over 100 characters',
		{
			resource: 'event',
			operation: 'send',
			email: 'ada@example.com',
			eventName: 'purchase',
			additionalFields: { idempotencyKey: 'k'.repeat(101) },
		},
		'Idempotency Key: is 101 characters long; Loops accepts at most 100 [item 0]',
	],
	[
		'a custom property shadowing a standard field',
		{
			resource: 'contact',
			operation: 'create',
			email: 'ada@example.com',
			additionalFields: {
				customProperties: { property: [{ key: 'email', value: 'x@example.com' }] },
			},
		},
		'Custom Properties: "email" has its own field in this node: use that field instead [item 0]',
	],
	[
		'a mailing list row without an id',
		{
			resource: 'contact',
			operation: 'create',
			email: 'ada@example.com',
			additionalFields: { mailingLists: { list: [{ id: '', subscribed: true }] } },
		},
		'Mailing Lists: a row has no list ID [item 0]',
	],
];

describe('bad input is refused before any request', () => {
	it.each(badInputs)('%s', async (_case, parameters, message) => {
		const { error, items } = await runLoopsNode({ parameters }, { credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(items).toEqual([]);
		expect(loops.emulator.requests).toEqual([]);
	});
});

describe('Continue On Fail', () => {
	it('turns the bad item into an error item and sends every other item', async () => {
		const items = ['a@example.com', 'broken', 'c@example.com'].map((email) => ({
			json: { email },
		}));
		const { items: output, error } = await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: '={{ $json.email }}',
					eventName: 'purchase',
				},
				continueOnFail: true,
			},
			{ credentials: credentials(), items },
		);
		expect(error).toBeUndefined();
		expect(
			loops.emulator.requests.map((request) => (request.body as { email: string }).email).sort(),
		).toEqual(['a@example.com', 'c@example.com']);
		expect(output).toHaveLength(3);
		expect(output[0].json).toEqual({ success: true });
		expect(output[1].json).toEqual({
			error: 'Email: "broken" is not a valid email address [item 1]',
		});
		expect(output[2].json).toEqual({ success: true });
	});

	it('without it, one bad item stops the node before any item is sent, naming the bad item', async () => {
		const items = ['a@example.com', 'b@example.com', 'broken', 'd@example.com'].map((email) => ({
			json: { email },
		}));
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: '={{ $json.email }}',
					eventName: 'purchase',
				},
			},
			{ credentials: credentials(), items },
		);
		expect(error?.message).toBe(
			'Nothing was sent to Loops: Email: "broken" is not a valid email address [item 2]',
		);
		expect(loops.emulator.requests).toEqual([]);
	});

	it('holds where n8n cannot give the node its saved context (the check keeps no state there)', async () => {
		jest.spyOn(ExecuteSingleContext.prototype, 'getContext').mockImplementation(() => {
			throw new Error('`executionData` is not initialized');
		});
		try {
			const items = ['a@example.com', 'b@example.com', 'broken'].map((email) => ({
				json: { email },
			}));
			const { error } = await runLoopsNode(
				{
					parameters: {
						resource: 'contact',
						operation: 'update',
						identifyBy: 'email',
						email: '={{ $json.email }}',
					},
				},
				{ credentials: credentials(), items },
			);
			expect(error?.message).toBe(
				'Nothing was sent to Loops: Email: "broken" is not a valid email address [item 2]',
			);
			expect(loops.emulator.requests).toEqual([]);
		} finally {
			jest.restoreAllMocks();
		}
	});

	it('without it, a fixed re-run then sends every item once', async () => {
		const items = ['a@example.com', 'b@example.com'].map((email) => ({ json: { email } }));
		const { error, items: output } = await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: '={{ $json.email }}',
					eventName: 'purchase',
				},
			},
			{ credentials: credentials(), items },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ success: true }, { success: true }]);
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(2);
	});
});

describe('input checks take time linear in the input', () => {
	// The email check was a backtracking pattern: 20,000 characters took 0.3 s, 100,000 about 30 s of a blocked
	// n8n process. Generous bound: a node run here takes a few milliseconds.
	const LONG = 100_000;

	it('refuses an absurdly long email at once, by its length', async () => {
		const started = performance.now();
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'create', email: '={{ $json.email }}' } },
			{ credentials: credentials(), items: [{ json: { email: `a@${'.'.repeat(LONG)} x` } }] },
		);
		expect(performance.now() - started).toBeLessThan(2000);
		expect(error?.message).toBe(
			`Email: is ${LONG + 4} characters long; an email address has at most 254 [item 0]`,
		);
		expect(loops.emulator.requests).toEqual([]);
	});

	it('accepts an address of 254 characters and refuses 255', async () => {
		const at254 = `${'a'.repeat(64)}@${'b'.repeat(185)}.com`;
		expect(at254).toHaveLength(254);
		const run = async (email: string) =>
			await runLoopsNode(
				{ parameters: { resource: 'contact', operation: 'create', email } },
				{ credentials: credentials() },
			);
		expect((await run(at254)).error).toBeUndefined();
		expect((await run(`a${at254}`)).error?.message).toBe(
			'Email: is 255 characters long; an email address has at most 254 [item 0]',
		);
	});
});
