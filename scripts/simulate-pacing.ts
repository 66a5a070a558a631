/* eslint-disable no-console -- a simulation's job is to print its figures */
/**
 * `npx ts-node --transpile-only scripts/simulate-pacing.ts [--items 1000 --limit 20 --rtt 150 --jitter 20
 *   --processes 4 --runs 8 --stagger 0 --start-spread 0 --back-jitter 0 --client-ms 3 --startup-stall 0
 *   --stall-ms 0 --stalls-per-second 0 --trace --tuning '{"fillGain":0.6}']`
 *
 * The pacer's budget in virtual time (test/helpers/pacingSimulation.ts): seconds per run instead of the
 * benchmark's minutes, one line per figure with a column per seeded run. What the pacer's design was
 * tuned with, and how the bound under heavy jitter was checked; the benchmark measures the real thing.
 * `--start-spread`, `--startup-stall`, `--stall-ms` and `--stalls-per-second` play a busy n8n (see the
 * simulation).
 */
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- the command line of a dev script
import { parseArgs } from 'node:util';

import { simulatePacing, type SimulationResult } from '../test/helpers/pacingSimulation';

const { values } = parseArgs({
	options: {
		items: { type: 'string', default: '1000' },
		limit: { type: 'string', default: '20' },
		processes: { type: 'string', default: '1' },
		rtt: { type: 'string', default: '150' },
		jitter: { type: 'string', default: '20' },
		'back-jitter': { type: 'string', default: '0' },
		'client-ms': { type: 'string', default: '3' },
		stagger: { type: 'string', default: '0' },
		'start-spread': { type: 'string', default: '0' },
		'startup-stall': { type: 'string', default: '0' },
		'stall-ms': { type: 'string', default: '0' },
		'stalls-per-second': { type: 'string', default: '0' },
		runs: { type: 'string', default: '8' },
		trace: { type: 'boolean', default: false },
		tuning: { type: 'string', default: '{}' },
	},
});

function number(name: keyof typeof values): number {
	const value = Number(values[name]);
	if (!Number.isFinite(value) || value < 0) throw new RangeError(`--${name} must be a number ≥ 0`);
	return value;
}

const options = {
	items: number('items'),
	limit: number('limit'),
	processes: number('processes'),
	rttMs: number('rtt'),
	jitterMs: number('jitter'),
	backJitterMs: number('back-jitter'),
	clientMs: number('client-ms'),
	staggerMs: number('stagger'),
	startSpreadMs: number('start-spread'),
	startupStallMs: number('startup-stall'),
	stallMs: number('stall-ms'),
	stallsPerSecond: number('stalls-per-second'),
	tuning: JSON.parse(values.tuning as string) as Record<string, number>,
};
const RUNS = number('runs');

const runs = Array.from({ length: RUNS }, (_, index) =>
	simulatePacing({
		...options,
		seed: index + 1,
		trace:
			values.trace && index === 0
				? (at, inWindow, rateLimited, shares) =>
						console.log(
							`t=${(at / 1000).toFixed(1)} s  Loops' window ${inWindow}  429s ${rateLimited}  shares ${shares.join(' ')}`,
						)
				: undefined,
	}),
);
type Figure = 'pacing' | 'rateLimited' | 'slowestOverFastest' | 'mostInAnySecond';
const column = (name: Figure, digits: number) =>
	runs.map((run) => run[name].toFixed(digits)).join(' ');
const finishes = (run: SimulationResult) =>
	`${Math.min(...run.finishSeconds).toFixed(1)}-${Math.max(...run.finishSeconds).toFixed(1)}`;
const stalls =
	options.startupStallMs + options.stallMs > 0
		? `; n8n busy 0..${options.startupStallMs} ms after the first releases, ` +
			`${options.stallsPerSecond} stalls/s of 0..${options.stallMs} ms`
		: '';
console.log(
	`${options.items} items, limit ${options.limit}/s, ${options.rttMs / 2} ms + 0..${options.jitterMs} ms before Loops ` +
		`counts, ${options.rttMs / 2} ms + 0..${options.backJitterMs} ms back, ${options.processes} process(es) ` +
		`${options.staggerMs} ms apart (+ 0..${options.startSpreadMs} ms each)${stalls}, ${RUNS} runs`,
);
console.log(`  pacing           ${column('pacing', 3)}`);
console.log(`  429s             ${column('rateLimited', 0)}`);
console.log(`  slowest/fastest  ${column('slowestOverFastest', 2)}`);
console.log(`  done after s     ${runs.map(finishes).join(' ')}`);
console.log(`  most in 1 s      ${column('mostInAnySecond', 0)}`);
