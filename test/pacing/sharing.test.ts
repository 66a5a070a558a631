import { simulatePacing, type SimulationOptions } from '../helpers/pacingSimulation';

/**
 * Several n8n processes on one key (queue-mode workers, loaded before the jobs come, so they start
 * together) see each other only through Loops' count. In virtual time (test/helpers/pacingSimulation.ts),
 * over seeds: wide bounds that guard the design; the benchmark measures the real thing and prints times.
 */

const WORKERS_ON_ONE_KEY: SimulationOptions = {
	items: 1000,
	limit: 20,
	processes: 4,
	rttMs: 150,
	jitterMs: 20,
};

describe('processes started together converge on one key', () => {
	it.each([
		['at the same moment', {}],
		[
			'as loaded n8n processes do: up to 0.6 s apart, busy after their first requests, stalling now and then',
			{ startSpreadMs: 600, startupStallMs: 300, stallMs: 60, stallsPerSecond: 2, clientMs: 5 },
		],
		['two of them', { processes: 2 }],
		['on loopback', { rttMs: 0, jitterMs: 0, startSpreadMs: 300 }],
	])('%s: few 429s, equal work done at about the same time', (_, condition) => {
		const runs = Array.from({ length: 12 }, (__, index) =>
			simulatePacing({ ...WORKERS_ON_ONE_KEY, ...condition, seed: index + 1 }),
		);
		const worst = {
			rateLimited: Math.max(...runs.map((run) => run.rateLimited)),
			slowestOverFastest: Math.max(...runs.map((run) => run.slowestOverFastest)),
			pacing: Math.max(...runs.map((run) => run.pacing)),
		};
		expect(worst.rateLimited).toBeLessThanOrEqual(5); // of 1,000 requests
		expect(worst.slowestOverFastest).toBeLessThan(1.15);
		// A slot costs a window and the round trip (150 ms here), shared or not.
		expect(worst.pacing).toBeLessThan(1.3);
	});
});
