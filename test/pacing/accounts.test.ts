import { mostInAnySecond } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';
import { orders, sendEvent } from '../helpers/orders';

/** Two Loops accounts used at once each get their own rate-limit budget. */

const LIMIT = 10; // Loops' default
const ITEMS = 50;

const loops = useLoopsEmulator({
	rateLimit: LIMIT,
	accounts: [
		{ apiKey: 'marketing-key', teamName: 'Marketing' },
		{ apiKey: 'transactional-key', teamName: 'Transactional' },
	],
});

async function sentOk(apiKey: string, prefix: string) {
	const { items } = await runLoopsNode(
		{ parameters: sendEvent },
		{ credentials: { main: loops.credential(apiKey) }, items: orders(ITEMS, prefix) },
	);
	return items.filter((item) => item.json.success).length;
}

/** The first and last moment Loops counted a request of this account. */
function countedSpan(apiKey: string): [number, number] {
	const counted = loops.emulator.requests
		.filter((request) => request.apiKey === apiKey)
		.map((r) => r.countedAt);
	return [Math.min(...counted), Math.max(...counted)];
}

/** The most requests Loops counted within any one second, for the given accounts together. */
const busiestSecond = (apiKeys: string[]) =>
	mostInAnySecond(
		loops.emulator.requests
			.filter((request) => request.apiKey !== undefined && apiKeys.includes(request.apiKey))
			.map((request) => request.countedAt),
	);

// How long this takes is a benchmark's question (wall-clock time on a shared 2-core machine is noise);
// what a user notices is that neither account waits for the other, which Loops' own log shows.
it('two accounts sending at once each get their own budget', async () => {
	const sent = await Promise.all([
		sentOk('marketing-key', 'm-'),
		sentOk('transactional-key', 't-'),
	]);
	expect(sent).toEqual([ITEMS, ITEMS]);

	// Each account stays within its own limit, and together they send twice that: two budgets, not one.
	expect(busiestSecond(['marketing-key'])).toBeLessThanOrEqual(LIMIT);
	expect(busiestSecond(['transactional-key'])).toBeLessThanOrEqual(LIMIT);
	expect(busiestSecond(['marketing-key', 'transactional-key'])).toBe(2 * LIMIT);
	for (const apiKey of ['marketing-key', 'transactional-key']) {
		expect(loops.emulator.account(apiKey).rateLimited).toBe(0);
	}
	// Sent side by side, not one after the other: a shared budget would start the second account's
	// requests only once the first had used its share, and end them about twice as late.
	const [marketingFirst, marketingLast] = countedSpan('marketing-key');
	const [transactionalFirst, transactionalLast] = countedSpan('transactional-key');
	expect(Math.abs(marketingFirst - transactionalFirst)).toBeLessThan(1000);
	expect(Math.abs(marketingLast - transactionalLast)).toBeLessThan(1000);
}, 60_000);
