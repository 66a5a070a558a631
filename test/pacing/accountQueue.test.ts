import { sleep } from 'n8n-workflow';

import {
	AccountPacer,
	CancelledError,
	pacerFor,
} from '../../nodes/Loops/shared/pacing/accountQueue';

/** The account's queue: lanes that take turns, dropdowns first, cancelled executions out. */

describe('AccountPacer', () => {
	it('keeps one budget per account key, shared by every caller of that key', () => {
		expect(pacerFor('account-a')).toBe(pacerFor('account-a'));
		expect(pacerFor('account-a')).not.toBe(pacerFor('account-b'));
	});

	it('serves a dropdown first and lets executions take turns', async () => {
		const pacer = new AccountPacer();
		const order: string[] = [];
		const [big, small] = [new AbortController(), new AbortController()];
		const take = async (name: string, options: Parameters<AccountPacer['acquire']>[0]) => {
			const slot = await pacer.acquire(options);
			order.push(name);
			slot.done();
		};
		const backlog = Array.from(
			{ length: 6 },
			async (_, index) => await take(`big-${index}`, { lane: big.signal }),
		);
		const single = take('single', { lane: small.signal });
		const dropdown = take('dropdown', { interactive: true });
		await Promise.all([...backlog, single, dropdown]);
		// Two slots to start with: the first two waiters go at once, then the dropdown, then lanes in turn.
		expect(order.slice(0, 3)).toEqual(['big-0', 'big-1', 'dropdown']);
		expect(order.indexOf('single')).toBeLessThanOrEqual(4);
	});

	it("lets a cancelled execution's queued requests leave at once, without taking a slot", async () => {
		const pacer = new AccountPacer();
		const cancel = new AbortController();
		const held = [await pacer.acquire(), await pacer.acquire()]; // both slots in flight
		const queued = Array.from(
			{ length: 50 },
			async () => await pacer.acquire({ lane: cancel.signal }),
		);
		const other = pacer.acquire({ lane: new AbortController().signal });
		await sleep(50);
		const startedAt = Date.now();
		cancel.abort();
		const outcomes = await Promise.allSettled(queued);
		expect(Date.now() - startedAt).toBeLessThan(1000); // a slot each: 25 windows; the margin is for a busy machine
		expect(
			outcomes.every(
				(outcome) => outcome.status === 'rejected' && outcome.reason instanceof CancelledError,
			),
		).toBe(true);
		expect(pacer.waiting).toBe(1); // only the other execution's request is left
		held.forEach((slot) => slot.done());
		(await other).done();
		// Closed for good: a request of the ended execution that comes later is not let in either.
		await expect(pacer.acquire({ lane: cancel.signal })).rejects.toBeInstanceOf(CancelledError);
	});

	it('never leaves its waiters hanging when its budget throws', async () => {
		const pacer = new AccountPacer();
		const broken = new Error('broken budget');
		jest.spyOn(pacer.budget, 'releaseDelay').mockImplementation(() => {
			throw broken;
		});
		await expect(Promise.all([pacer.acquire(), pacer.acquire()])).rejects.toBe(broken);
		expect(pacer.waiting).toBe(0);
	});
});

describe('the clock the pacer reads', () => {
	afterEach(() => jest.restoreAllMocks());

	it('is monotonic: a wall clock stepped back an hour neither stalls the key nor floods it', async () => {
		const pacer = new AccountPacer();
		const send = async () => {
			const slot = await pacer.acquire();
			slot.observe({ limit: '10', remaining: '9' });
			slot.done();
		};
		await Promise.all(Array.from({ length: 10 }, send)); // a window's worth: the next must wait for a slot to free
		const wallClock = Date.now;
		jest.spyOn(Date, 'now').mockImplementation(() => wallClock() - 3_600_000); // NTP, a resumed laptop
		const outcome = await Promise.race([
			Promise.all(Array.from({ length: 5 }, send)).then(() => 'sent'),
			sleep(10_000).then(() => 'stalled'), // a window or two is enough; an hour is what the step would cost
		]);
		expect(outcome).toBe('sent');
	}, 15_000);
});
