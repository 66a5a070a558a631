import { mulberry32 } from '../emulator/faults';
import { simulatePacing, type RequestTiming } from '../helpers/pacingSimulation';

/**
 * The pacer's promise for one n8n process: never more requests in any one-second window of Loops than the
 * account allows, whatever the machine's load. In virtual time (test/helpers/pacingSimulation.ts) against
 * Loops' sliding window, so that timings a loaded machine produces now and then can be played on purpose.
 */

describe("one process never overfills Loops' window", () => {
	it('when a busy n8n holds the first requests back and answers come back in under 1 ms', () => {
		// A fresh key at Loops' default of 10. n8n is busy for the first 2.5 s: every request leaves 150 ms
		// after the pacer released it; from then on requests leave at once. Loops answers each in 0.5 ms.
		// Freeing a slot a window after "the answer less the smallest round trip seen" took the first
		// requests' way there for a way back (their round trips were the only ones seen): their slots freed
		// 150 ms early, and 11 requests reached Loops within one second.
		const run = simulatePacing({
			items: 40,
			limit: 10,
			timing: ({ releasedAt }) => ({
				beforeSendMs: releasedAt < 2500 ? 150 : 0,
				thereMs: 0.2,
				backMs: 0.3,
				beforeReadMs: 0,
			}),
		});
		expect(run.mostInAnySecond).toBe(10);
		expect(run.rateLimited).toBe(0);
	});

	it('over many seeded timings: delays there and back, stalls before sending and reading, jitter', () => {
		const overfilled: string[] = [];
		for (let seed = 1; seed <= 120; seed++) {
			const random = mulberry32(seed);
			const between = (low: number, high: number) => low + random() * (high - low);
			const limit = [5, 10, 20, 50][Math.floor(random() * 4)] as number;
			const there = between(0, 150);
			const back = between(0, 150);
			const jitter = between(0, 200);
			// Each request: now and then held back by n8n before it leaves, answered in under 1 ms or after the
			// way back, and read at once or after n8n's other work.
			const timing = (): RequestTiming => ({
				beforeSendMs: random() < 0.7 ? between(0, 2) : between(0, 400),
				thereMs: there + random() * jitter,
				backMs: random() < 0.5 ? between(0, 1) : back + random() * jitter,
				beforeReadMs: random() < 0.7 ? between(0, 2) : between(0, 300),
			});
			const run = simulatePacing({
				items: 8 * limit,
				limit,
				timing,
				startupStallMs: between(0, 1000),
				stallMs: between(0, 500),
				stallsPerSecond: between(0, 3),
				seed,
			});
			if (run.mostInAnySecond > limit)
				overfilled.push(`seed ${seed}: ${run.mostInAnySecond} in one second at ${limit}/s`);
		}
		expect(overfilled).toEqual([]);
	});
});
