import { AccountPacer } from '../../nodes/Loops/shared/pacing/accountQueue';
import type { LoopsEmulator } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';
import { orders, sendEvent } from '../helpers/orders';

/**
 * Exactly-once delivery and pacing under a hostile Loops: injected 429s, 500s and dropped connections (applied,
 * then no answer), at the account's rate limit, with no setting touched in the node.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const FAULTS = { rate429: 0.1, rate500: 0.05, dropRate: 0.02 };

function appliedPerOrder(emulator: LoopsEmulator): Map<unknown, number> {
	const counts = new Map<unknown, number>();
	for (const event of emulator.account().eventsNamed('purchase')) {
		const orderId = (event.eventProperties as { orderId?: unknown }).orderId;
		counts.set(orderId, (counts.get(orderId) ?? 0) + 1);
	}
	return counts;
}

describe('1,000 events through 10% 429, 5% 500 and 2% dropped connections', () => {
	it('end as 1,000 ok items, each event applied exactly once, without exceeding the rate limit', async () => {
		loops.emulator.setFaults({ ...FAULTS, seed: 7 });
		const { items, error } = await runLoopsNode(
			{ parameters: sendEvent },
			{ credentials: { main: loops.credential() }, items: orders(1000, 'buyer') },
		);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1000);
		expect(items.every((item) => item.json.success === true)).toBe(true);
		const applied = appliedPerOrder(loops.emulator);
		expect(applied.size).toBe(1000);
		expect([...applied.values()].every((count) => count === 1)).toBe(true);
		const faults = loops.emulator.requests.filter((request) => request.fault !== undefined);
		expect(faults.length).toBeGreaterThan(100); // the faults really happened
		// Items whose answer was dropped meet their own key on the retry: success as if the answer had arrived,
		// marked alreadyApplied; still one event each.
		expect(items.some((item) => item.json.alreadyApplied === true)).toBe(true);
		expect(items.some((item) => item.json.duplicate === true)).toBe(false);
		expect(loops.emulator.account().rateLimited).toBe(0);
	}, 120_000);
});

describe('many items waiting to be retried at once', () => {
	it("add one listener to their execution's signal, not one each (past ten, Node warns in n8n's log)", async () => {
		const laneSignals = new Set<AbortSignal>();
		const acquire = AccountPacer.prototype.acquire;
		jest.spyOn(AccountPacer.prototype, 'acquire').mockImplementation(function (
			this: AccountPacer,
			options,
		) {
			if (options?.lane) laneSignals.add(options.lane);
			return acquire.call(this, options);
		});
		const addListener = jest.spyOn(EventTarget.prototype, 'addEventListener');
		try {
			loops.emulator.setFaults({ rate500: 0.5, seed: 3 });
			const { items } = await runLoopsNode(
				{ parameters: sendEvent },
				{ credentials: { main: loops.credential() }, items: orders(100, 'buyer') },
			);
			expect(items.every((item) => item.json.success === true)).toBe(true);
			const retried = loops.emulator.requests.filter((request) => request.fault !== undefined);
			expect(retried.length).toBeGreaterThan(30); // dozens waited to be retried at the same time
			expect(laneSignals.size).toBe(1); // the execution's lane
			const onLaneSignals = addListener.mock.calls.filter(
				([type], index) =>
					type === 'abort' && laneSignals.has(addListener.mock.contexts[index] as AbortSignal),
			);
			// One for the pacer's queue, one shared by every wait between retries: not one per waiting item.
			expect(onLaneSignals).toHaveLength(2);
		} finally {
			jest.restoreAllMocks();
		}
	}, 60_000);
});

describe("n8n's Retry On Fail", () => {
	it('re-runs the node for the same execution and applies nothing twice', async () => {
		loops.emulator.setFaults({ ...FAULTS, seed: 11 });
		// Loops refuses three orders once: the first try of the node fails after the others went through.
		const refusedOnce = new Set([
			'buyer10@example.com',
			'buyer500@example.com',
			'buyer990@example.com',
		]);
		loops.emulator.failNext(
			(request) => refusedOnce.has((request.body as { email?: string } | undefined)?.email ?? ''),
			400,
			'Loops could not process this event right now.',
			3,
		);

		const { items, error, run } = await runLoopsNode(
			{ parameters: sendEvent, retryOnFail: { maxTries: 2, waitBetweenTries: 0 } },
			{
				credentials: { main: loops.credential() },
				items: orders(1000, 'buyer'),
				executionId: 'retry-on-fail',
			},
		);

		expect(error).toBeUndefined();
		expect(run.data.resultData.runData.Loops).toHaveLength(1); // one run of the node, retried inside n8n
		const injected = loops.emulator.requests.filter((request) => request.fault === 'injected');
		expect(injected).toHaveLength(3); // the first try really failed
		expect(items).toHaveLength(1000);
		expect(items.every((item) => item.json.success === true)).toBe(true);
		// The second try re-sent every order; Loops recognised the keys of the ones already applied: marked
		// duplicate (applied by the first try), or alreadyApplied where an answer of this order had been lost.
		const recognised = items.filter(
			(item) => item.json.duplicate === true || item.json.alreadyApplied === true,
		);
		expect(recognised.length).toBeGreaterThanOrEqual(990);
		const applied = appliedPerOrder(loops.emulator);
		expect(applied.size).toBe(1000);
		expect([...applied.values()].every((count) => count === 1)).toBe(true);
	}, 180_000);
});
