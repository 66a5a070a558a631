import {
	AccountBudget,
	MAX_REQUESTS_PER_SECOND,
	type WindowReport,
} from '../../nodes/Loops/shared/pacing/windowBudget';
import { mostInAnySecond } from '../emulator';
import { simulatePacing } from '../helpers/pacingSimulation';

/** The budget's window in virtual time: release whenever it allows, one answer per request after `rttMs`. */
function drive(
	budget: AccountBudget,
	options: {
		requests: number;
		rttMs: number;
		report: (releasedAt: number, index: number) => WindowReport;
	},
): number[] {
	const releases: number[] = [];
	const answers: Array<{ at: number; run: () => void }> = [];
	let now = 0;
	while (releases.length < options.requests) {
		answers.sort((a, b) => a.at - b.at);
		while (answers.length > 0 && (answers[0] as { at: number }).at <= now) answers.shift()?.run();
		const delay = budget.releaseDelay(now);
		if (delay === 0) {
			const releasedAt = now;
			const index = releases.length;
			const request = budget.release(now);
			releases.push(now);
			answers.push({
				at: now + options.rttMs,
				run: () =>
					budget.answered(request, releasedAt + options.rttMs, options.report(releasedAt, index)),
			});
			continue;
		}
		now = Math.min(
			now + (Number.isFinite(delay) ? delay : Infinity),
			...answers.map((answer) => answer.at),
		);
	}
	answers.sort((a, b) => a.at - b.at).forEach((answer) => answer.run());
	return releases;
}

/** Loops' own count for a lone client whose requests arrive `oneWayMs` after release. */
function aloneReports(limit: number, oneWayMs: number) {
	const arrivals: number[] = [];
	return (releasedAt: number): WindowReport => {
		const arrival = releasedAt + oneWayMs;
		const inWindow = arrivals.filter((at) => at > arrival - 1000).length;
		arrivals.push(arrival);
		return { limit: String(limit), remaining: String(Math.max(0, limit - inWindow - 1)) };
	};
}

describe('AccountBudget', () => {
	it("starts at a quarter of Loops' default of 10, grows while alone, never more than the limit in any second", () => {
		const budget = new AccountBudget();
		expect(budget.requestsPerSecond).toBe(10);
		expect(budget.requestsPerWindow).toBe(2);
		const releases = drive(budget, { requests: 60, rttMs: 5, report: aloneReports(10, 2) });
		expect(budget.requestsPerWindow).toBe(10);
		expect(mostInAnySecond(releases)).toBeLessThanOrEqual(10);
		// 60 requests at 10 a second: five windows, plus the first one, which carried only the quarter
		expect(releases[59] - releases[0]).toBeGreaterThanOrEqual(5000);
		expect(releases[59] - releases[0]).toBeLessThan(6200);
	});

	it('follows the limit Loops reports for the account', () => {
		const budget = new AccountBudget();
		const releases = drive(budget, { requests: 120, rttMs: 5, report: aloneReports(40, 2) });
		expect(budget.requestsPerSecond).toBe(40);
		expect(mostInAnySecond(releases)).toBeLessThanOrEqual(40);
		// A window at a quarter of the limit while it listens for other clients, then the limit.
		expect(releases[119] - releases[0]).toBeLessThan(3100);
	});

	it('frees a slot one window after its answer: a slot costs a window and the round trip, never less', () => {
		// 150 ms each way. Loops counts each request somewhere between its release and its answer; only the
		// answer is sure to come after, so that is where the window is counted from.
		const budget = new AccountBudget();
		const releases = drive(budget, { requests: 100, rttMs: 300, report: aloneReports(10, 150) });
		const steady = releases.slice(20); // past the first windows' growth
		const seconds = (steady[steady.length - 1] - steady[0]) / 1000;
		const perSlot = seconds / ((steady.length - 1) / 10);
		expect(perSlot).toBeGreaterThanOrEqual(1.3); // a window and a round trip
		expect(perSlot).toBeLessThan(1.33);
		expect(mostInAnySecond(releases.map((at) => at + 150))).toBeLessThanOrEqual(10);
	});

	it('frees a slot a window after its answer, however small the round trips seen before', () => {
		const budget = new AccountBudget();
		drive(budget, { requests: 12, rttMs: 100, report: aloneReports(10, 50) }); // smallest round trip: 100 ms
		const slow = budget.release(10_000);
		// Answered 160 ms after its release: Loops may have counted it as late as that (its way there took
		// the 60 ms more, or n8n sent it late), so the 100 ms seen before say nothing of its way back.
		budget.answered(slow, 10_160, { limit: '10', remaining: '9' });
		const fillers = Array.from({ length: 9 }, () => budget.release(10_200));
		fillers.forEach((filler) => budget.answered(filler, 10_300, { limit: '10', remaining: '0' }));
		const freesAt = 10_300 + budget.releaseDelay(10_300);
		expect(freesAt).toBeGreaterThanOrEqual(10_160 + 1000);
		expect(freesAt).toBeLessThanOrEqual(10_160 + 1000 + 10);
	});

	it('holds a slot while its request is unanswered, however long that takes', () => {
		const budget = new AccountBudget();
		const held = [budget.release(0), budget.release(0)];
		expect(budget.requestsPerWindow).toBe(2);
		expect(budget.releaseDelay(60_000)).toBe(Infinity); // Loops may count either of them any moment
		budget.answered(held[0], 60_000); // it failed without an answer from Loops
		// It may still have been on its way: with no round trip known, Loops may count it up to a window
		// after the failure, and its slot stays taken a window after that.
		expect(budget.releaseDelay(61_010)).toBeGreaterThanOrEqual(990);
		expect(budget.releaseDelay(62_010)).toBe(0);
	});

	it.each([
		['0', '0'],
		['300000', '0'],
		['-5', '3'],
		['ten', '3'],
		['2.5', '1'],
		[undefined, undefined],
	])(
		'ignores x-ratelimit-limit %p (remaining %p): the last sane limit stays',
		(limit, remaining) => {
			const budget = new AccountBudget();
			drive(budget, { requests: 30, rttMs: 5, report: aloneReports(20, 2) });
			expect(budget.requestsPerSecond).toBe(20);
			const request = budget.release(100_000);
			budget.answered(request, 100_005, { limit, remaining });
			expect(budget.requestsPerSecond).toBe(20);
			expect(budget.requestsPerWindow).toBeLessThanOrEqual(20);
			expect(MAX_REQUESTS_PER_SECOND).toBeLessThan(300000);
		},
	);

	it('yields to another client of the key: keeps only the room Loops had besides it', () => {
		const budget = new AccountBudget();
		drive(budget, { requests: 40, rttMs: 5, report: aloneReports(20, 2) });
		expect(budget.requestsPerWindow).toBe(20);
		// Two answers in a row: Loops counted 15 of someone else's requests in the window besides ours.
		let now = 10_000;
		for (let i = 0; i < 2; i++) {
			const request = budget.release(now);
			budget.answered(request, now + 5, { limit: '20', remaining: String(20 - 16 - i) });
			now += 50;
		}
		expect(budget.requestsPerWindow).toBeLessThanOrEqual(5);
		expect(budget.requestsPerWindow).toBeGreaterThanOrEqual(3);
	});

	it('does not take one odd count for another client', () => {
		const budget = new AccountBudget();
		drive(budget, { requests: 40, rttMs: 5, report: aloneReports(20, 2) });
		const request = budget.release(10_000);
		budget.answered(request, 10_005, { limit: '20', remaining: '5' }); // one answer says 14 others
		const next = budget.release(10_050);
		budget.answered(next, 10_055, { limit: '20', remaining: '19' }); // the next says nobody
		expect(budget.requestsPerWindow).toBe(20);
	});
});

describe('AccountBudget in virtual time (test/helpers/pacingSimulation.ts)', () => {
	// Wide bounds: these guard the design, the benchmark measures it.
	it('one process 150 ms from Loops with 0-20 ms of jitter: a slot costs a window and the round trip', () => {
		for (const seed of [1, 2, 3]) {
			const run = simulatePacing({ items: 1000, limit: 20, rttMs: 150, jitterMs: 20, seed });
			expect(run.pacing).toBeLessThan(1.22); // 1 + 0.16 s of round trip per window, and the first window
			expect(run.mostInAnySecond).toBeLessThanOrEqual(20);
			expect(run.rateLimited).toBe(0);
		}
	});

	it('heavy jitter (0-200 ms before Loops counts): never a 429', () => {
		for (const seed of [1, 2, 3]) {
			const run = simulatePacing({ items: 1000, limit: 20, rttMs: 150, jitterMs: 200, seed });
			expect(run.rateLimited).toBe(0);
			expect(run.pacing).toBeLessThan(1.32);
		}
	});
});
