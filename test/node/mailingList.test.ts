import { SEED_MAILING_LISTS } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });

describe('Mailing List → Get Many', () => {
	it('asks GET /v1/lists and outputs one item per list', async () => {
		const { items, error } = await runLoopsNode(
			{ parameters: { resource: 'mailingList', operation: 'getAll' } },
			{ credentials: { main: loops.credential() } },
		);
		expect(error).toBeUndefined();
		expect(loops.received()).toEqual([
			{ method: 'GET', path: '/api/v1/lists', query: {}, body: undefined, status: 200 },
		]);
		expect(loops.emulator.requests[0].headers.authorization).toBe('Bearer test-api-key');
		expect(items.map((item) => item.json)).toStrictEqual(
			SEED_MAILING_LISTS.map((list) => ({ ...list })),
		);
	});

	it('outputs nothing for an account without lists', async () => {
		loops.emulator.account().mailingLists = [];
		const { items, error } = await runLoopsNode(
			{ parameters: { resource: 'mailingList', operation: 'getAll' } },
			{ credentials: { main: loops.credential() } },
		);
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});
});
