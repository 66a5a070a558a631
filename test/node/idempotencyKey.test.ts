import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * The user's own Idempotency Key (Send Event, Send Transactional Email): what Loops receives must keep two
 * different keys different, whatever characters they hold, and only strings and numbers are keys.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

function sendEventKeyed(idempotencyKey: string) {
	return {
		resource: 'event',
		operation: 'send',
		email: '={{ $json.email }}',
		eventName: 'purchase',
		additionalFields: { idempotencyKey },
	};
}

const sentKeys = () => loops.emulator.requests.map((request) => request.headers['idempotency-key']);

describe('Idempotency Key with characters a header cannot carry', () => {
	it('keeps two keys that differ only in such characters apart: both events are sent', async () => {
		const items = [
			{ json: { email: 'zhang@example.com', key: '订单-张三-1' } },
			{ json: { email: 'li@example.com', key: '订单-李四-1' } },
		];
		const { items: output, error } = await runLoopsNode(
			{ parameters: sendEventKeyed('={{ $json.key }}') },
			{ credentials: credentials(), items },
		);

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ success: true }, { success: true }]);
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(2);
		const [first, second] = sentKeys();
		expect(first).not.toBe(second);
		// Sent as printable ASCII, within Loops' 100 characters, the same for the same key every time.
		for (const key of [first, second]) expect(key).toMatch(/^[\x21-\x7e]{1,100}$/);
	});

	it('sends the same form for the same key, so a second run is recognised by Loops', async () => {
		const items = [{ json: { email: 'zhang@example.com', key: 'Bestellung-Müller-1' } }];
		await runLoopsNode(
			{ parameters: sendEventKeyed('={{ $json.key }}') },
			{ credentials: credentials(), items },
		);
		const again = await runLoopsNode(
			{ parameters: sendEventKeyed('={{ $json.key }}') },
			{ credentials: credentials(), items },
		);
		const [first, second] = sentKeys();
		expect(second).toBe(first);
		expect(again.items[0].json).toMatchObject({ success: true, duplicate: true });
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(1);
	});

	it('checks the length of what is sent: a long key of such characters still fits', async () => {
		const { error } = await runLoopsNode(
			{ parameters: sendEventKeyed('订'.repeat(120)) },
			{ credentials: credentials(), items: [{ json: { email: 'zhang@example.com' } }] },
		);
		expect(error).toBeUndefined();
		expect(sentKeys()[0].length).toBeLessThanOrEqual(100);
	});

	it('sends a key of printable ASCII as typed', async () => {
		await runLoopsNode(
			{ parameters: sendEventKeyed('order 1234/a+b=c') },
			{ credentials: credentials(), items: [{ json: { email: 'ada@example.com' } }] },
		);
		expect(sentKeys()).toEqual(['order 1234/a+b=c']);
	});
});

describe('Idempotency Key types', () => {
	it('takes a number as its digits', async () => {
		await runLoopsNode(
			{ parameters: sendEventKeyed('={{ $json.orderId }}') },
			{
				credentials: credentials(),
				items: [{ json: { email: 'ada@example.com', orderId: 1234 } }],
			},
		);
		expect(sentKeys()).toEqual(['1234']);
	});

	it.each([
		['an object', '={{ { id: 1 } }}', 'is an object; an Idempotency Key is text or a number'],
		['a list', '={{ [1, 2] }}', 'is a list; an Idempotency Key is text or a number'],
		['a boolean', '={{ true }}', 'is a boolean; an Idempotency Key is text or a number'],
		['NaN', '={{ Number("x") }}', 'is not a finite number; an Idempotency Key is text or a number'],
	])('refuses %s before anything is sent, naming the field', async (_case, expression, problem) => {
		const { error } = await runLoopsNode(
			{ parameters: sendEventKeyed(expression) },
			{ credentials: credentials(), items: [{ json: { email: 'ada@example.com' } }] },
		);
		expect(error?.message).toBe(`Idempotency Key: ${problem} [item 0]`);
		expect(loops.emulator.requests).toEqual([]);
	});

	it('refuses a key of printable ASCII over 100 characters, as sent', async () => {
		const { error } = await runLoopsNode(
			{ parameters: sendEventKeyed('k'.repeat(101)) },
			{ credentials: credentials(), items: [{ json: { email: 'ada@example.com' } }] },
		);
		expect(error?.message).toBe(
			'Idempotency Key: is 101 characters long; Loops accepts at most 100 [item 0]',
		);
	});
});

describe('an Idempotency Key expression that gives nothing', () => {
	it.each([
		['undefined', '={{ $json.orderId }}'],
		['null', '={{ null }}'],
		['blank text', '={{ "  " }}'],
	])(
		'(%s) is an error naming the field, never a silent derived key; nothing is sent',
		async (_case, idempotencyKey) => {
			// The first item has an order id; the second has none (undefined), or every item gets null or blank.
			const { error } = await runLoopsNode(
				{ parameters: sendEventKeyed(idempotencyKey) },
				{
					credentials: credentials(),
					items: [
						{ json: { email: 'ada@example.com', orderId: 'order-1' } },
						{ json: { email: 'grace@example.com' } },
					],
				},
			);
			expect(error?.message).toMatch(
				/^(Nothing was sent to Loops: )?Idempotency Key: (gave undefined|gave null|gave blank text); give each item its own key .*\[item \d\]$/,
			);
			expect(loops.emulator.requests).toEqual([]);
		},
	);

	it('leaves the derived key to a field left out or left empty', async () => {
		await runLoopsNode(
			{ parameters: sendEventKeyed('') },
			{ credentials: credentials(), items: [{ json: { email: 'ada@example.com' } }] },
		);
		expect(sentKeys()[0]).toMatch(/^n8n-/);
	});

	it('leaves the derived key to items whose field the user did not add', async () => {
		const { items } = await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: 'ada@example.com',
					eventName: 'purchase',
				},
			},
			{ credentials: credentials() },
		);
		expect(items.map((item) => item.json)).toEqual([{ success: true }]);
		expect(sentKeys()[0]).toMatch(/^n8n-/);
	});
});
