import type { INodeExecutionData } from 'n8n-workflow';

import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/** Two Loops accounts used at once each get their own rate-limit budget. */

const LIMIT = 10; // Loops' default
const ITEMS = 50;

const loops = useLoopsEmulator({
	rateLimit: LIMIT,
	accounts: [
		{ apiKey: 'alone-key', teamName: 'Alone' },
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

it('two accounts sending at once take no longer than one account alone (within 10%)', async () => {
	const alone = await timedRun('alone-key', 'alone');
	const [marketing, transactional] = await Promise.all([
		timedRun('marketing-key', 'm'),
		timedRun('transactional-key', 't'),
	]);

	expect([alone.ok, marketing.ok, transactional.ok]).toEqual([ITEMS, ITEMS, ITEMS]);
	// One shared budget would need about twice as long.
	expect(Math.max(marketing.seconds, transactional.seconds)).toBeLessThanOrEqual(alone.seconds * 1.1);
	for (const apiKey of ['alone-key', 'marketing-key', 'transactional-key']) {
		expect(loops.emulator.account(apiKey).rateLimited).toBe(0);
	}
}, 60_000);
