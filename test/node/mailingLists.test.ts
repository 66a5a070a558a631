import { SEED_MAILING_LISTS } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * A Mailing Lists row's Subscribed is a switch, but an expression (a spreadsheet column, a form answer) gives text
 * or numbers: the usual spellings of yes and no mean what they say, anything else is refused before sending.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });
const listId = SEED_MAILING_LISTS[0].id;

function updateWithRow(row: Record<string, unknown>) {
	return {
		resource: 'contact',
		operation: 'update',
		identifyBy: 'email',
		email: 'ada@example.com',
		updateFields: { mailingLists: { list: [{ id: listId, ...row }] } },
	};
}

async function sentFor(subscribed: unknown) {
	const { error } = await runLoopsNode(
		{ parameters: updateWithRow({ subscribed: '={{ $json.subscribed }}' }) },
		{ credentials: credentials(), items: [{ json: { subscribed } as never }] },
	);
	return {
		error,
		body: loops.emulator.requests[0]?.body as { mailingLists?: Record<string, boolean> },
	};
}

describe('Mailing Lists → Subscribed given by an expression', () => {
	it.each([[false], [0], ['0'], ['false'], ['FALSE'], ['no'], [' No ']])(
		'%j unsubscribes',
		async (value) => {
			const { error, body } = await sentFor(value);
			expect(error).toBeUndefined();
			expect(body.mailingLists).toStrictEqual({ [listId]: false });
		},
	);

	it.each([[true], [1], ['1'], ['true'], ['True'], ['yes'], ['YES']])(
		'%j subscribes',
		async (value) => {
			const { error, body } = await sentFor(value);
			expect(error).toBeUndefined();
			expect(body.mailingLists).toStrictEqual({ [listId]: true });
		},
	);

	it.each([['maybe'], [2], [''], [null], [{}]])(
		'%j is refused before anything is sent',
		async (value) => {
			const { error } = await sentFor(value);
			expect(error?.message).toBe(
				`Mailing Lists: Subscribed of list "${listId}" is ${JSON.stringify(value)}; use true or false (or yes/no, 1/0) [item 0]`,
			);
			expect(loops.emulator.requests).toEqual([]);
		},
	);

	it('an expression that finds nothing is refused too', async () => {
		const { error } = await runLoopsNode(
			{ parameters: updateWithRow({ subscribed: '={{ $json.missing }}' }) },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			`Mailing Lists: Subscribed of list "${listId}" has no value (the expression gave undefined) [item 0]`,
		);
	});

	it('a row saved without Subscribed subscribes (the switch is on by default)', async () => {
		await runLoopsNode({ parameters: updateWithRow({}) }, { credentials: credentials() });
		expect(
			(loops.emulator.requests[0].body as { mailingLists: unknown }).mailingLists,
		).toStrictEqual({
			[listId]: true,
		});
	});
});
