import { sleep } from 'n8n-workflow';

import { CANCELLED_MESSAGE } from '../../nodes/Loops/shared/errors';
import { useLoopsEmulator } from '../helpers/emulator';
import { listSearch } from '../helpers/loadOptions';
import { runLoopsNode } from '../helpers/n8n';
import { orders, sendEvent } from '../helpers/orders';

/**
 * One account, one pacer: a dropdown and a small run are not stuck behind another execution's backlog,
 * and a cancelled execution's queued requests leave the queue at once instead of each taking a slot.
 * Wide bounds (seconds where the queue would take minutes): the benchmark measures the waits.
 */

const LIMIT = 10;
const loops = useLoopsEmulator({ rateLimit: LIMIT });

function counted(): number {
	return loops.emulator.requests.length;
}

async function untilCounted(count: number): Promise<void> {
	while (counted() < count) await sleep(10);
}

async function timed<T>(work: Promise<T>): Promise<{ seconds: number; value: T }> {
	const startedAt = performance.now();
	const value = await work;
	return { seconds: (performance.now() - startedAt) / 1000, value };
}

it('answers a dropdown and runs a one-item workflow while another execution has a 1,000-item backlog', async () => {
	const cancel = new AbortController();
	const backlog = runLoopsNode(
		{ parameters: sendEvent, continueOnFail: true },
		{
			credentials: { main: loops.credential() },
			items: orders(1000, 'backlog'),
			signal: cancel.signal,
		},
	);
	try {
		await untilCounted(2 * LIMIT); // the backlog is being paced: every slot is taken
		const dropdown = await timed(
			listSearch('searchMailingLists', { credential: loops.credential(), parameters: sendEvent }),
		);
		expect(dropdown.value.results.length).toBeGreaterThan(0);
		expect(dropdown.seconds).toBeLessThan(5); // behind the backlog: 100 s

		const single = await timed(
			runLoopsNode(
				{ parameters: sendEvent },
				{ credentials: { main: loops.credential() }, items: orders(1, 'single') },
			),
		);
		expect(single.value.items[0]?.json.success).toBe(true);
		expect(single.seconds).toBeLessThan(5);
	} finally {
		cancel.abort();
		await backlog;
	}
}, 60_000);

it("leaves a cancelled execution's queued items out: the run ends at once and Loops hears no more of them", async () => {
	const cancel = new AbortController();
	const run = runLoopsNode(
		{ parameters: sendEvent, continueOnFail: true },
		{
			credentials: { main: loops.credential() },
			items: orders(300, 'cancelled'),
			signal: cancel.signal,
		},
	);
	await untilCounted(2 * LIMIT);
	const countedAtCancel = counted();
	const ended = timed(run);
	cancel.abort();
	const { seconds, value } = await ended;
	// The queued items left at once; a slot each would have taken 28 s.
	expect(seconds).toBeLessThan(3);
	expect(counted() - countedAtCancel).toBeLessThanOrEqual(LIMIT); // at most the requests already on their way
	expect(value.run.status).toBe('canceled');
	await sleep(1500);
	expect(counted() - countedAtCancel).toBeLessThanOrEqual(LIMIT); // and nothing later either
	// The next execution on the key is not held up by the cancelled one's leftovers.
	const next = await timed(
		runLoopsNode(
			{ parameters: sendEvent },
			{ credentials: { main: loops.credential() }, items: orders(3, 'next') },
		),
	);
	expect(next.value.items.every((item) => item.json.success === true)).toBe(true);
	expect(next.seconds).toBeLessThan(5);
	expect(CANCELLED_MESSAGE).toMatch(/canceled/); // n8n's engine reads this word as a cancel
}, 60_000);
