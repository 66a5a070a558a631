import { PASSWORD_RESET_TRANSACTIONAL_ID } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * Values an expression can produce that JSON cannot carry: NaN and ±Infinity become `null` (which empties a
 * contact property in Loops) and `undefined` disappears. Each is an error naming the property, before anything is
 * sent; a `null` typed on purpose still empties a contact property.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

const scoreMissing = [{ json: { email: 'ada@example.com' } }];

function updateScore(value: string) {
	return {
		resource: 'contact',
		operation: 'update',
		identifyBy: 'email',
		email: '={{ $json.email }}',
		updateFields: { customProperties: { property: [{ key: 'score', value }] } },
	};
}

function sendEventWith(rows: { eventProperties?: string; contactProperties?: string }) {
	return {
		resource: 'event',
		operation: 'send',
		email: '={{ $json.email }}',
		eventName: 'purchase',
		additionalFields: {
			...(rows.eventProperties
				? { eventProperties: { property: [{ key: 'amount', value: rows.eventProperties }] } }
				: {}),
			...(rows.contactProperties
				? { contactProperties: { property: [{ key: 'score', value: rows.contactProperties }] } }
				: {}),
		},
	};
}

describe('custom contact properties', () => {
	it.each([
		['NaN (a number read from a missing field)', '={{ Number($json.score) }}', 'is NaN'],
		['Infinity', '={{ 1 / 0 }}', 'is Infinity'],
		['-Infinity', '={{ -1 / 0 }}', 'is -Infinity'],
	])(
		'refuse %s, which JSON would send as null and Loops would read as "empty it"',
		async (_case, value, problem) => {
			loops.emulator.account().seedContact({ email: 'ada@example.com', score: 42 });
			const { error } = await runLoopsNode(
				{ parameters: updateScore(value) },
				{ credentials: credentials(), items: scoreMissing },
			);
			expect(error?.message).toBe(
				`Custom Properties: the value of "score" ${problem}, not a number Loops can store [item 0]`,
			);
			expect(loops.emulator.requests).toEqual([]);
			expect(loops.emulator.account().findByEmail('ada@example.com')?.score).toBe(42);
		},
	);

	it('refuse undefined (an expression that found nothing), which would otherwise be dropped or sent as ""', async () => {
		const { error } = await runLoopsNode(
			{ parameters: updateScore('={{ $json.score }}') },
			{ credentials: credentials(), items: scoreMissing },
		);
		expect(error?.message).toBe(
			'Custom Properties: "score" has no value (the expression gave undefined); use null to empty the property [item 0]',
		);
		expect(loops.emulator.requests).toEqual([]);
	});

	it('send a null typed on purpose, which empties the property', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com', score: 42 });
		const { error } = await runLoopsNode(
			{ parameters: updateScore('={{ null }}') },
			{ credentials: credentials(), items: scoreMissing },
		);
		expect(error).toBeUndefined();
		expect(loops.emulator.requests[0].body).toStrictEqual({
			email: 'ada@example.com',
			score: null,
		});
		expect(loops.emulator.account().findByEmail('ada@example.com')).not.toHaveProperty('score');
	});
});

describe('event properties', () => {
	it.each([
		[
			'NaN',
			'={{ Number($json.amount) }}',
			'the value of "amount" is NaN, not a number Loops can store',
		],
		['undefined', '={{ $json.amount }}', '"amount" has no value (the expression gave undefined)'],
		[
			'null, which Loops refuses for an event property',
			'={{ null }}',
			'the value of "amount" is null; Loops takes no empty event property values',
		],
	])('refuse %s', async (_case, value, problem) => {
		const { error } = await runLoopsNode(
			{ parameters: sendEventWith({ eventProperties: value }) },
			{ credentials: credentials(), items: scoreMissing },
		);
		expect(error?.message).toBe(`Event Properties: ${problem} [item 0]`);
		expect(loops.emulator.requests).toEqual([]);
	});
});

describe('contact properties sent with an event', () => {
	it('refuse NaN', async () => {
		const { error } = await runLoopsNode(
			{ parameters: sendEventWith({ contactProperties: '={{ Number($json.score) }}' }) },
			{ credentials: credentials(), items: scoreMissing },
		);
		expect(error?.message).toBe(
			'Contact Properties: the value of "score" is NaN, not a number Loops can store [item 0]',
		);
		expect(loops.emulator.requests).toEqual([]);
	});
});

describe('data variables of a transactional email', () => {
	function sendResetWith(name: string) {
		return {
			resource: 'transactionalEmail',
			operation: 'send',
			email: 'ada@example.com',
			transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
			additionalFields: {
				dataVariables: {
					variable: [
						{ key: 'name', value: name },
						{ key: 'resetUrl', value: 'https://example.com/reset' },
					],
				},
			},
		};
	}

	it.each([
		['NaN', '={{ Number($json.name) }}', 'the value of "name" is not a finite number'],
		['undefined', '={{ $json.name }}', '"name" has no value'],
	])('refuse %s', async (_case, value, problem) => {
		const { error } = await runLoopsNode(
			{ parameters: sendResetWith(value) },
			{ credentials: credentials(), items: scoreMissing },
		);
		expect(error?.message).toMatch(
			new RegExp(`^Data Variables: ${problem.replace(/[()]/g, '\\$&')}`),
		);
		expect(loops.emulator.requests.filter((request) => request.method === 'POST')).toEqual([]);
	});
});

describe('standard contact fields', () => {
	it.each([
		['First Name', 'firstName', '={{ Number($json.first) }}', 'is NaN'],
		['Last Name', 'lastName', '={{ 1 / 0 }}', 'is Infinity'],
		['Source', 'source', '={{ -1 / 0 }}', 'is -Infinity'],
		['User Group', 'userGroup', '={{ Number("x") }}', 'is NaN'],
	])(
		'refuse %s giving %s, which JSON would send as null and Loops would read as "empty it"',
		async (field, name, value, problem) => {
			loops.emulator.account().seedContact({ email: 'ada@example.com', [name]: 'kept' });
			const { error } = await runLoopsNode(
				{
					parameters: {
						resource: 'contact',
						operation: 'update',
						identifyBy: 'email',
						email: '={{ $json.email }}',
						updateFields: { [name]: value },
					},
				},
				{ credentials: credentials(), items: scoreMissing },
			);
			expect(error?.message).toBe(`${field}: ${problem}, which JSON would send as null [item 0]`);
			expect(loops.emulator.requests).toEqual([]);
			expect(loops.emulator.account().findByEmail('ada@example.com')?.[name]).toBe('kept');
		},
	);

	it('refuse a User ID of a new contact that gave NaN', async () => {
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'create',
					email: '={{ $json.email }}',
					additionalFields: { userId: '={{ Number("x") }}' },
				},
			},
			{ credentials: credentials(), items: scoreMissing },
		);
		expect(error?.message).toBe('User ID: is NaN; expected text or a number [item 0]');
		expect(loops.emulator.requests).toEqual([]);
	});
});
