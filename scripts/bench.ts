/* eslint-disable no-console -- a benchmark's job is to print its table */
/**
 * `npm run bench [-- --items 1000 --limit 50 --rtt 150 --jitter 20 --processes 4 --modes paced,unpaced,overhead,priority]`
 *
 * N Send Event items through n8n's own engine (WorkflowExecute → RoutingNode) against the bundled Loops
 * emulator, with the node as shipped (paced) and, in the same run, the same node with its executor
 * removed (n8n's default behaviour: every item's request at once).
 *
 * - `--rtt <ms>`: the emulator delays counting each request by half the round trip and its answer by
 *   the other half; `--jitter <ms>` adds 0..ms, uniformly drawn, before Loops counts each request.
 * - `--processes <n>`: n child processes (ts-node, scripts/bench/worker.ts), each running the node through
 *   n8n's engine with its own pacer, on the same API key with equal work, like n8n queue-mode workers.
 * - `overhead`: the node's own cost per item against a plain HTTP loop, with the rate limit out of the way.
 * - `priority`: a 10,000-item backlog (`--backlog`) on one key; while it is sending, the wait of a dropdown
 *   (load options) and of a one-item run on the same key, then how fast the cancelled backlog leaves.
 */
import axios from 'axios';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- the benchmark starts its worker processes
import { fork, type ChildProcess } from 'node:child_process';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- appends figures to a file when asked
import { appendFileSync } from 'node:fs';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- locates the worker script
import * as path from 'node:path';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- the command line of a dev script
import { parseArgs } from 'node:util';

import { LoopsEmulator, roundTrip } from '../test/emulator';
import { MAX_REQUESTS_PER_SECOND } from '../nodes/Loops/shared/pacing/windowBudget';
import { listSearch } from '../test/helpers/loadOptions';
import { runLoopsNode } from '../test/helpers/n8n';
import type { WorkerCommand, WorkerReply } from './bench/worker';
import { sleep } from 'n8n-workflow';

import { orders, sendEvent } from '../test/helpers/orders';
import { runWorkload, type WorkloadResult } from './bench/workload';

// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- command line, memory and child processes of a dev script
const proc = process;

const { values } = parseArgs({
	args: proc.argv.slice(2),
	options: {
		items: { type: 'string', default: '1000' },
		limit: { type: 'string', default: '50' },
		rtt: { type: 'string', default: '0' },
		jitter: { type: 'string', default: '0' },
		processes: { type: 'string', default: '1' },
		'overhead-items': { type: 'string', default: '1000' },
		backlog: { type: 'string', default: '10000' },
		modes: { type: 'string', default: 'paced,unpaced,overhead' },
		json: { type: 'string', default: '' },
	},
});

/** A numeric flag: a number of at least `minimum`, or the script stops saying which flag is wrong. */
function numberFlag(name: keyof typeof values, minimum: number): number {
	const value = Number(values[name]);
	if (!Number.isFinite(value) || value < minimum) {
		throw new RangeError(`--${name} must be a number of at least ${minimum}, got ${values[name]}`);
	}
	return value;
}

const ITEMS = numberFlag('items', 1);
const LIMIT = numberFlag('limit', 1);
const RTT_MS = numberFlag('rtt', 0);
const JITTER_MS = numberFlag('jitter', 0);
const PROCESSES = Math.floor(numberFlag('processes', 1));
const OVERHEAD_ITEMS = numberFlag('overhead-items', 1);
const BACKLOG_ITEMS = numberFlag('backlog', 1);
const MODES = new Set((values.modes as string).split(','));
const JSON_FILE = values.json as string;
// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- the worker script lies next to this one
const WORKER_DIR = path.join(__dirname, 'bench');

interface Row {
	mode: string;
	processes: number;
	wallSeconds: number;
	floorSeconds: number;
	/** From the start to the first request Loops counted: n8n preparing every item. */
	firstRequestSeconds: number;
	/** From the first request Loops counted to the last. */
	sendingSeconds: number;
	/** Sending time against the least Loops allows: the first window's requests at once, then `limit` a second. */
	pacingRatio: number;
	ok: number;
	failed: number;
	serverSaw429: number;
	appliedTwice: number;
	/** Slowest process over the fastest, each timed from the common start (1 for one process). */
	slowestOverFastest: number;
	/** Each process (several processes only): its first request Loops counted, its finish, its 429s. */
	perProcess: Array<{ firstRequestSeconds: number; finishSeconds: number; rateLimited: number }>;
}

function summarise(
	emulator: LoopsEmulator,
	mode: string,
	apiKey: string,
	results: WorkloadResult[],
): Row {
	const startedAt = Math.min(...results.map((result) => result.startedAt));
	const finishedAt = Math.max(...results.map((result) => result.finishedAt));
	const requests = emulator.requests.filter((request) => request.apiKey === apiKey);
	const counted = requests.map((request) => performance.timeOrigin + request.countedAt);
	const firstCounted = Math.min(...counted);
	const lastCounted = Math.max(...counted);
	const account = emulator.account(apiKey);
	const perOrder = new Map<unknown, number>();
	for (const event of account.eventsNamed('purchase')) {
		const orderId = (event.eventProperties as { orderId?: unknown }).orderId;
		perOrder.set(orderId, (perOrder.get(orderId) ?? 0) + 1);
	}
	const durations = results.map((result) => result.finishedAt - startedAt);
	const sendingSeconds = (lastCounted - firstCounted) / 1000;
	return {
		mode,
		processes: results.length,
		wallSeconds: (finishedAt - startedAt) / 1000,
		floorSeconds: ITEMS / LIMIT,
		firstRequestSeconds: (firstCounted - startedAt) / 1000,
		sendingSeconds,
		pacingRatio: ITEMS > LIMIT ? sendingSeconds / ((ITEMS - LIMIT) / LIMIT) : NaN,
		ok: results.reduce((sum, result) => sum + result.ok, 0),
		failed: results.reduce((sum, result) => sum + result.failed, 0),
		serverSaw429: account.rateLimited,
		appliedTwice: [...perOrder.values()].filter((count) => count > 1).length,
		slowestOverFastest: Math.max(...durations) / Math.min(...durations),
		perProcess:
			results.length > 1
				? results.map((result, index) => {
						// Each process's items carry its number (Workers.run): `<key>-p<n>-<item>@example.com`.
						const own = requests.filter((request) =>
							String((request.body as { email?: unknown } | undefined)?.email).startsWith(
								`${apiKey}-p${index}-`,
							),
						);
						const first = Math.min(...own.map((request) => request.countedAt));
						return {
							firstRequestSeconds: (performance.timeOrigin + first - startedAt) / 1000,
							finishSeconds: (result.finishedAt - startedAt) / 1000,
							rateLimited: own.filter((request) => request.status === 429).length,
						};
					})
				: [],
	};
}

/** The child processes of `--processes n`, each with n8n and the node loaded and warmed up. */
class Workers {
	private constructor(private readonly children: ChildProcess[]) {}

	static async start(count: number, emulator: LoopsEmulator): Promise<Workers> {
		const children = Array.from({ length: count }, () =>
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the benchmark's own worker script, no user input
			fork(path.join(WORKER_DIR, 'worker.ts'), [], {
				execArgv: ['-r', 'ts-node/register/transpile-only'],
				env: { ...proc.env, TS_NODE_PREFER_TS_EXTS: 'true' },
			}),
		);
		const workers = new Workers(children);
		await Promise.all(
			children.map(async (child, index) => {
				const apiKey = `warm-up-key-${index}`;
				emulator.addAccount({ apiKey, teamName: apiKey, rateLimit: MAX_REQUESTS_PER_SECOND }); // warm-up, not paced for long
				await workers.ask(child, {
					type: 'warm',
					url: emulator.url,
					apiKey,
					count: Math.min(200, ITEMS),
				});
			}),
		);
		return workers;
	}

	/** Equal work for every process, all started at once. */
	async run(url: string, apiKey: string, paced: boolean): Promise<WorkloadResult[]> {
		return await Promise.all(
			this.children.map(async (child, index) => {
				const count =
					Math.floor(ITEMS / this.children.length) + (index < ITEMS % this.children.length ? 1 : 0);
				const reply = await this.ask(child, {
					type: 'run',
					url,
					apiKey,
					count,
					prefix: `${apiKey}-p${index}-`,
					paced,
				});
				if (reply.type !== 'done') throw new Error('worker did not run');
				return reply;
			}),
		);
	}

	stop(): void {
		for (const child of this.children) {
			child.send({ type: 'exit' } satisfies WorkerCommand);
			child.disconnect();
		}
	}

	private async ask(child: ChildProcess, command: WorkerCommand): Promise<WorkerReply> {
		return await new Promise<WorkerReply>((resolve, reject) => {
			const onExit = (code: number | null) => reject(new Error(`worker exited with ${code}`));
			child.once('exit', onExit);
			child.once('message', (reply: WorkerReply) => {
				child.off('exit', onExit);
				if (reply.type === 'failed') reject(new Error(reply.message));
				else resolve(reply);
			});
			child.send(command);
		});
	}
}

async function measureMode(
	emulator: LoopsEmulator,
	workers: Workers | undefined,
	mode: string,
	paced: boolean,
): Promise<Row> {
	const apiKey = `${paced ? 'paced' : 'unpaced'}-key`;
	emulator.addAccount({ apiKey, teamName: mode, rateLimit: LIMIT });
	const results = workers
		? await workers.run(emulator.url, apiKey, paced)
		: [await runWorkload({ url: emulator.url, apiKey, count: ITEMS, prefix: `${apiKey}-`, paced })];
	return summarise(emulator, mode, apiKey, results);
}

async function measureOverhead(emulator: LoopsEmulator) {
	const apiKey = 'overhead-key';
	// The largest limit the pacer believes: a larger x-ratelimit-limit is ignored as absurd (the pacer then
	// stays at Loops' default of 10/s, and this would measure pacing, not the node's cost).
	emulator.addAccount({ apiKey, teamName: 'Overhead', rateLimit: MAX_REQUESTS_PER_SECOND });
	const baseUrl = emulator.url;

	const plainStart = performance.now();
	await Promise.all(
		orders(OVERHEAD_ITEMS, 'plain').map(
			async (item, index) =>
				await axios.post(
					`${baseUrl}/v1/events/send`,
					{
						email: item.json.email,
						eventName: 'purchase',
						eventProperties: { orderId: item.json.orderId },
					},
					{ headers: { Authorization: `Bearer ${apiKey}`, 'Idempotency-Key': `plain-${index}` } },
				),
		),
	);
	const plainMs = performance.now() - plainStart;

	const nodeStart = performance.now();
	const { items } = await runLoopsNode(
		{ parameters: sendEvent },
		{ credentials: { main: { apiKey, baseUrl } }, items: orders(OVERHEAD_ITEMS, 'node') },
	);
	const nodeMs = performance.now() - nodeStart;
	if (items.length !== OVERHEAD_ITEMS) throw new Error('overhead run lost items');
	return { plainMs, nodeMs, perItemMs: (nodeMs - plainMs) / OVERHEAD_ITEMS };
}

/** Resolves with the time `promise` took, or with undefined once `capMs` passed without it settling. */
async function timed<T>(promise: Promise<T>, capMs: number): Promise<{ ms?: number; value?: T }> {
	const startedAt = performance.now();
	let settled = false;
	const capped = (async () => {
		for (let waited = 0; waited < capMs && !settled; waited += 50) await sleep(50);
		return undefined;
	})();
	const outcome = await Promise.race([promise.then((value) => ({ value })), capped]);
	settled = true;
	return outcome ? { ms: performance.now() - startedAt, value: outcome.value } : {};
}

/** A backlog on one key; meanwhile a dropdown and a one-item run on the same key; then the backlog is cancelled. */
async function measurePriority(emulator: LoopsEmulator) {
	const apiKey = 'backlog-key';
	const CAP_MS = 30_000;
	emulator.addAccount({ apiKey, teamName: 'Backlog', rateLimit: LIMIT });
	const credential = { apiKey, baseUrl: emulator.url };
	const counted = () => emulator.requests.filter((request) => request.apiKey === apiKey).length;
	const cancel = new AbortController();
	const backlog = runWorkload({
		url: emulator.url,
		apiKey,
		count: BACKLOG_ITEMS,
		prefix: 'backlog-',
		paced: true,
		signal: cancel.signal,
	});
	while (counted() < 2 * LIMIT) await sleep(5);

	const dropdown = await timed(
		listSearch('searchMailingLists', { credential, parameters: sendEvent }),
		CAP_MS,
	);
	const single = await timed(
		runLoopsNode(
			{ parameters: sendEvent },
			{ credentials: { main: credential }, items: orders(1, 'single-') },
		),
		CAP_MS,
	);
	const beforeCancel = counted();
	cancel.abort();
	const cancelled = await timed(backlog, CAP_MS);
	const afterCancel = counted() - beforeCancel;
	const seconds = (outcome: { ms?: number }) =>
		outcome.ms === undefined
			? `> ${CAP_MS / 1000} s (still waiting)`
			: `${(outcome.ms / 1000).toFixed(2)} s`;
	console.log(
		`\nPriority, ${BACKLOG_ITEMS}-item backlog on the same key at ${LIMIT}/s (${beforeCancel} of its requests sent):` +
			`\n  dropdown (load options) answered in ${seconds(dropdown)}` +
			`\n  one-item run finished in ${seconds(single)}` +
			`\n  cancelled backlog settled in ${seconds(cancelled)}; Loops counted ${afterCancel} more requests of the key after the cancel`,
	);
	if (cancelled.ms === undefined) await backlog; // let it drain before the emulator closes
	return { dropdownMs: dropdown.ms, singleMs: single.ms, cancelMs: cancelled.ms, afterCancel };
}

function pad(value: string, width: number): string {
	return value.length >= width ? value : value + ' '.repeat(width - value.length);
}

function printTable(rows: Row[]): void {
	const network =
		RTT_MS === 0 && JITTER_MS === 0
			? 'loopback'
			: `${RTT_MS / 2} ms + 0..${JITTER_MS} ms before Loops counts each request, ${RTT_MS / 2} ms back`;
	console.log(
		`\n${ITEMS} Send Event items, Loops rate limit ${LIMIT}/s (the real default is 10/s), ${network}, ` +
			`${PROCESSES} process${PROCESSES > 1 ? 'es' : ''} on one key, one run\n`,
	);
	const header = [
		'mode',
		'wall s',
		'floor s',
		'wall/floor',
		'first req s',
		'sending s',
		'pacing',
		'ok',
		'failed',
		'429s Loops saw',
		'applied >1',
		'slowest/fastest',
	];
	const widths = [30, 7, 7, 10, 11, 9, 6, 5, 6, 14, 10, 15];
	const line = (cells: string[]) =>
		`| ${cells.map((cell, index) => pad(cell, widths[index] ?? 0)).join(' | ')} |`;
	console.log(line(header));
	console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
	for (const row of rows) {
		console.log(
			line([
				row.mode,
				row.wallSeconds.toFixed(2),
				row.floorSeconds.toFixed(2),
				(row.wallSeconds / row.floorSeconds).toFixed(3),
				row.firstRequestSeconds.toFixed(2),
				row.sendingSeconds.toFixed(2),
				row.pacingRatio.toFixed(3),
				String(row.ok),
				String(row.failed),
				String(row.serverSaw429),
				String(row.appliedTwice),
				row.slowestOverFastest.toFixed(2),
			]),
		);
	}
	for (const row of rows.filter((each) => each.perProcess.length > 0)) {
		console.log(`\n${row.mode}, each process (s from the common start):`);
		row.perProcess.forEach((each, index) =>
			console.log(
				`  process ${index + 1}: first request ${each.firstRequestSeconds.toFixed(2)}, ` +
					`finished ${each.finishSeconds.toFixed(1)}, 429s ${each.rateLimited}`,
			),
		);
	}
	console.log(
		'\npacing = sending s against the least Loops allows after the first window, (items - limit) / limit s; ' +
			'wall/floor adds n8n preparing the items and the last round trip.',
	);
}

async function main() {
	const emulator = await LoopsEmulator.start({
		rateLimit: LIMIT,
		network: RTT_MS > 0 || JITTER_MS > 0 ? roundTrip(RTT_MS, JITTER_MS) : undefined,
	});
	let workers: Workers | undefined;
	try {
		if (PROCESSES > 1) {
			workers = await Workers.start(PROCESSES, emulator);
		} else {
			// Warm up module loading and JIT so no measured run pays for it.
			emulator.addAccount({
				apiKey: 'warm-up-key',
				teamName: 'warm-up',
				rateLimit: MAX_REQUESTS_PER_SECOND,
			});
			await runWorkload({
				url: emulator.url,
				apiKey: 'warm-up-key',
				count: ITEMS,
				prefix: 'warm-',
				paced: true,
			});
		}
		const rows: Row[] = [];
		let heapGrowth: number | undefined;
		if (MODES.has('paced')) {
			const heapBefore = proc.memoryUsage().heapUsed;
			rows.push(await measureMode(emulator, workers, 'paced (this node, no setting)', true));
			heapGrowth = proc.memoryUsage().heapUsed - heapBefore;
		}
		if (MODES.has('unpaced'))
			rows.push(await measureMode(emulator, workers, "unpaced (n8n's default)", false));
		printTable(rows);
		if (MODES.has('overhead')) {
			const overhead = await measureOverhead(emulator);
			console.log(
				`\nNode overhead, ${OVERHEAD_ITEMS} items with the limit out of the way: node ${overhead.nodeMs.toFixed(0)} ms, plain HTTP ${overhead.plainMs.toFixed(0)} ms → ${overhead.perItemMs.toFixed(3)} ms per item`,
			);
		}
		if (heapGrowth !== undefined && !workers) {
			console.log(`Heap growth over the paced run: ${(heapGrowth / 1024 / 1024).toFixed(1)} MiB`);
		}
		const priority = MODES.has('priority') ? await measurePriority(emulator) : undefined;

		const paced = rows.find((row) => row.mode.startsWith('paced'));
		if (paced) {
			const ratio = paced.wallSeconds / paced.floorSeconds;
			const several = paced.processes > 1;
			const targets: Array<[string, boolean]> = [
				[`wall ≤ ${several ? '1.10' : '1.05'} × floor`, ratio <= (several ? 1.1 : 1.05)],
				['0 failed', paced.failed === 0],
				['0 applied more than once', paced.appliedTwice === 0],
				[
					`429s ≤ ${several ? 2 : 1}% of the items`,
					paced.serverSaw429 <= ITEMS * (several ? 0.02 : 0.01),
				],
			];
			if (several) targets.push(['slowest ≤ 1.25 × fastest', paced.slowestOverFastest <= 1.25]);
			console.log(
				`\nTargets (paced run): ${targets.map(([name, met]) => `${met ? 'met' : 'MISSED'}: ${name}`).join('; ')}`,
			);
		}
		if (JSON_FILE !== '') {
			const config = {
				items: ITEMS,
				limit: LIMIT,
				rttMs: RTT_MS,
				jitterMs: JITTER_MS,
				processes: PROCESSES,
			};
			appendFileSync(
				JSON_FILE,
				`${JSON.stringify({ at: new Date().toISOString(), config, rows, priority })}\n`,
			);
		}
	} finally {
		workers?.stop();
		await emulator.close();
	}
}

void main();
