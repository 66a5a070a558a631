import type { INodeExecutionData } from 'n8n-workflow';

import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

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

const sendEvent = { resource: 'event', operation: 'send', email: '={{ $json.email }}', eventName: 'purchase' };
const buyers = (prefix: string): INodeExecutionData[] =>
	Array.from({ length: ITEMS }, (_, index) => ({ json: { email: `${prefix}${index}@example.com` } }));

async function timedRun(apiKey: string, prefix: string) {
	const startedAt = performance.now();
	const { items } = await runLoopsNode(
		{ parameters: sendEvent },
		{ credentials: { main: loops.credential(apiKey) }, items: buyers(prefix) },
	);
	return { seconds: (performance.now() - startedAt) / 1000, ok: items.filter((item) => item.json.success).length };
}

async function bothAtOnce(round: string) {
	const [marketing, transactional] = await Promise.all([
		timedRun('marketing-key', `m${round}-`),
		timedRun('transactional-key', `t${round}-`),
	]);
	expect([marketing.ok, transactional.ok]).toEqual([ITEMS, ITEMS]);
	return Math.max(marketing.seconds, transactional.seconds);
}

/** The most requests Loops received within any one second, for the given accounts together. */
function mostInAnySecond(apiKeys: string[]): number {
	const arrivals = loops.emulator.requests
		.filter((request) => request.apiKey !== undefined && apiKeys.includes(request.apiKey))
		.map((request) => request.countedAt)
		.sort((a, b) => a - b);
	let most = 0;
	for (let start = 0, end = 0; start < arrivals.length; start++) {
		while (end < arrivals.length && arrivals[end] - arrivals[start] < 1000) end++;
		most = Math.max(most, end - start);
	}
	return most;
}

it('two accounts sending at once each get their own budget', async () => {
	await bothAtOnce('a');

	// Each account stays within its own limit, and together they send twice that: two budgets, not one.
	expect(mostInAnySecond(['marketing-key'])).toBeLessThanOrEqual(LIMIT);
	expect(mostInAnySecond(['transactional-key'])).toBeLessThanOrEqual(LIMIT);
	expect(mostInAnySecond(['marketing-key', 'transactional-key'])).toBe(2 * LIMIT);
	for (const apiKey of ['marketing-key', 'transactional-key']) {
		expect(loops.emulator.account(apiKey).rateLimited).toBe(0);
	}
}, 60_000);

it('two accounts at once take no longer than the slower account alone, within 10%', async () => {
	const slowerAlone = Math.max(
		(await timedRun('marketing-key', 'ma-')).seconds,
		(await timedRun('transactional-key', 'ta-')).seconds,
	);
	// Wall-clock time on a shared 2-core machine: one more measurement absorbs a noisy one. A shared
	// budget would take about twice as long in both.
	let together = await bothAtOnce('b');
	if (together > slowerAlone * 1.1) together = Math.min(together, await bothAtOnce('c'));
	expect(together).toBeLessThanOrEqual(slowerAlone * 1.1);
}, 120_000);
