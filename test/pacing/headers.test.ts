import { mostInAnySecond } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';
import { orders, sendEvent } from '../helpers/orders';

/**
 * Odd `x-ratelimit-*` headers (a broken proxy, a Loops bug) never hang the queue nor make the node send
 * faster than the last sane limit: Loops here enforces 10 a second whatever its headers say.
 */

const LIMIT = 10;
const ITEMS = 25;
const loops = useLoopsEmulator({ rateLimit: LIMIT });

const busiestSecond = () =>
	mostInAnySecond(loops.emulator.requests.map((request) => request.countedAt));

const oddHeaders: Array<{ limit?: string; remaining?: string }> = [
	{ limit: '300000' },
	{ limit: '300000', remaining: '0' },
	{ limit: '0' },
	{ limit: '-5' },
	{ limit: 'ten' },
	{ limit: '2.5' },
	{ remaining: '-3' },
	{ remaining: '999' },
	{ remaining: 'none' },
];

describe.each(oddHeaders)('Loops reporting %o', (reported) => {
	it(`sends every item, never more than ${LIMIT} in any second`, async () => {
		loops.emulator.account().reportedRateLimit = reported;
		const { items, error } = await runLoopsNode(
			{ parameters: sendEvent },
			{ credentials: { main: loops.credential() }, items: orders(ITEMS, JSON.stringify(reported)) },
		);
		expect(error).toBeUndefined();
		expect(items.filter((item) => item.json.success === true)).toHaveLength(ITEMS);
		expect(busiestSecond()).toBeLessThanOrEqual(LIMIT);
		expect(loops.emulator.account().rateLimited).toBe(0);
	}, 20_000);
});
