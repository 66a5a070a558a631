/* eslint-disable no-console -- a simulation's job is to print its figures */
/**
 * `npx ts-node --transpile-only scripts/simulate-pacing.ts [--items 1000 --limit 20 --rtt 150 --jitter 20
 *   --processes 4 --runs 8 --stagger 0 --back-jitter 0 --client-ms 3 --trace --tuning '{"fillGain":0.6}']`
 *
 * The pacer's budget in virtual time (test/helpers/pacingSimulation.ts): seconds per run instead of the
 * benchmark's minutes, one line per figure with a column per seeded run. What the pacer's design was
 * tuned with, and how the bound under heavy jitter was checked; the benchmark measures the real thing.
 */
import { simulatePacing, type SimulationResult } from '../test/helpers/pacingSimulation';

// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- command line of a dev script
const argv = process.argv;

function argument(name: string, fallback: number): number {
	const index = argv.indexOf(`--${name}`);
	const value = index >= 0 ? Number(argv[index + 1]) : NaN;
	return Number.isFinite(value) ? value : fallback;
}

const tuningIndex = argv.indexOf('--tuning');
const options = {
	items: argument('items', 1000),
	limit: argument('limit', 20),
	processes: argument('processes', 1),
	rttMs: argument('rtt', 150),
	jitterMs: argument('jitter', 20),
	backJitterMs: argument('back-jitter', 0),
	clientMs: argument('client-ms', 3),
	staggerMs: argument('stagger', 0),
	tuning: tuningIndex >= 0 ? JSON.parse(argv[tuningIndex + 1] as string) : {},
};
const RUNS = argument('runs', 8);
const trace = argv.includes('--trace');

const runs = Array.from({ length: RUNS }, (_, index) =>
	simulatePacing({
		...options,
		seed: index + 1,
		trace:
			trace && index === 0
				? (at, inWindow, rateLimited, shares) =>
						console.log(
							`t=${(at / 1000).toFixed(1)} s  Loops' window ${inWindow}  429s ${rateLimited}  shares ${shares.join(' ')}`,
						)
				: undefined,
	}),
);
const column = (name: keyof SimulationResult, digits: number) =>
	runs.map((run) => run[name].toFixed(digits)).join(' ');
console.log(
	`${options.items} items, limit ${options.limit}/s, ${options.rttMs / 2} ms + 0..${options.jitterMs} ms before Loops ` +
		`counts, ${options.rttMs / 2} ms + 0..${options.backJitterMs} ms back, ${options.processes} process(es), ${RUNS} runs`,
);
console.log(`  pacing           ${column('pacing', 3)}`);
console.log(`  429s             ${column('rateLimited', 0)}`);
console.log(`  slowest/fastest  ${column('slowestOverFastest', 2)}`);
console.log(`  most in 1 s      ${column('mostInAnySecond', 0)}`);
