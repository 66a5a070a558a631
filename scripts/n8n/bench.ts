/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev script: a benchmark in a real n8n prints its table */
/**
 * `npm run bench:n8n [-- --items 200 --limit 10 --repeat 1 --modes shipped,batching,http --conditions loopback,network,jitter,retry]`
 *
 * N Send Event items at the account's limit through the packed package in a real n8n 2.41.1 (headless
 * `n8n execute`, one process per run, as a person running a workflow from the CLI), against the Loops emulator.
 * The workflow: Manual Trigger → Set (N orders) → Split Out → the node under test. Modes, in the same run:
 *
 *   shipped    the Loops node as shipped, no setting;
 *   batching   the Loops node with n8n's own Batching option (requestOptions.batching: 10 items per 1000 ms), which
 *              n8n's routing engine applies before the node's pacer;
 *   http       n8n's Batching alone: n8n's HTTP Request node posting the same events (Header Auth), 10 items per
 *              1000 ms, with no pacer and no Idempotency-Key (what a workflow without this package does).
 *
 * Conditions: `loopback`; `network`, 75 ms before Loops counts a request (+0–20 ms jitter) and 75 ms back;
 * `jitter`, the same with 0–200 ms of jitter; `retry`, the network of `jitter` with Retry On Fail (3 tries, 1 s
 * apart) and On Error: Stop, so that one failed item makes n8n run the whole node again (the other conditions run
 * with On Error: Continue: a failed item is output, not fatal). Each run's lost items (never applied at Loops) and items applied twice are counted from the emulator.
 *
 * wall: the node's own execution time as n8n records it (runData startTime → end: n8n preparing the items, then
 * sending), over the floor N/limit. first req: node start → the first request Loops counted. sending: first →
 * last request Loops counted; pacing = sending over the floor after the first window, (N − limit)/limit.
 */
import os from 'node:os';

import { LoopsEmulator, roundTrip, type NetworkOptions } from '../../test/emulator';
import { choices, positiveInteger, scriptArgs } from './cliArgs';
import { executeWorkflow, importCredentials, importWorkflows } from './n8nCli';
import { createN8nHome, removeN8nHome, type N8nHome } from './n8nHome';
import { buildAndPack, NODE_TYPE, removePackedPackage } from './package';
import { provisionN8n } from './provision';
import type { Json } from './runData';

const args = scriptArgs({ strings: ['items', 'limit', 'repeat', 'modes', 'conditions'] });
const ITEMS = positiveInteger('items', args.items, 200);
const LIMIT = positiveInteger('limit', args.limit, 10);
const REPEAT = positiveInteger('repeat', args.repeat, 1);
const BATCH = { batchSize: LIMIT, batchInterval: 1000 };

const MODES = ['shipped', 'batching', 'http'] as const;
type Mode = (typeof MODES)[number];
const MODE_NAMES: Record<Mode, string> = {
	shipped: 'Loops node (as shipped)',
	batching: `Loops node + Batching ${LIMIT}/1 s`,
	http: `HTTP Request + Batching ${LIMIT}/1 s`,
};

const CONDITIONS = ['loopback', 'network', 'jitter', 'retry'] as const;
type Condition = (typeof CONDITIONS)[number];
const CONDITION_SETUP: Record<
	Condition,
	{ name: string; network?: NetworkOptions; retry: boolean }
> = {
	loopback: { name: 'loopback', retry: false },
	network: { name: '150 ms, +0–20 ms', network: roundTrip(150, 20), retry: false },
	jitter: { name: '150 ms, +0–200 ms', network: roundTrip(150, 200), retry: false },
	retry: { name: '150 ms +0–200, Retry On Fail', network: roundTrip(150, 200), retry: true },
};

const API_KEY = 'bench-n8n-key';
const LOOPS_CREDENTIAL = { id: 'BenchLoopsCred01', name: 'Loops (bench)' };
const HEADER_CREDENTIAL = { id: 'BenchHeaderAuth1', name: 'Loops key as a header (bench)' };
const NODE_NAME = 'Under test';

const out = (text = '') => process.stdout.write(`${text}\n`);
const step = (text: string) => process.stderr.write(`• ${text}\n`);

function workflowId(mode: Mode, condition: Condition): string {
	// 16 characters, [A-Za-z0-9]
	return `Bench${mode}${condition}`
		.replace(/[^A-Za-z0-9]/g, '')
		.padEnd(16, '0')
		.slice(0, 16);
}

function nodeUnderTest(mode: Mode, condition: Condition, emulatorUrl: string): Json {
	const { retry } = CONDITION_SETUP[condition];
	const settings = retry
		? { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 }
		: { onError: 'continueRegularOutput' };
	const base = {
		id: 'b0000000-0000-4000-8000-000000000003',
		name: NODE_NAME,
		position: [520, 0],
		...settings,
	};
	if (mode === 'http') {
		return {
			...base,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${emulatorUrl}/v1/events/send`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					'={{ JSON.stringify({ email: $json.email, eventName: "purchase", eventProperties: { orderId: $json.orderId } }) }}',
				options: { batching: { batch: BATCH } },
			},
			credentials: { httpHeaderAuth: HEADER_CREDENTIAL },
		};
	}
	return {
		...base,
		type: NODE_TYPE,
		typeVersion: 1,
		parameters: {
			resource: 'event',
			operation: 'send',
			identifyBy: 'email',
			email: '={{ $json.email }}',
			eventName: { __rl: true, mode: 'name', value: 'purchase' },
			additionalFields: {
				eventProperties: { property: [{ key: 'orderId', value: '={{ $json.orderId }}' }] },
			},
			...(mode === 'batching' ? { requestOptions: { batching: { batch: BATCH } } } : {}),
		},
		credentials: { loopsApi: LOOPS_CREDENTIAL },
	};
}

function benchWorkflow(mode: Mode, condition: Condition, emulatorUrl: string): Json {
	const orders = Array.from({ length: ITEMS }, (_, index) => ({
		email: `order-${index}@example.com`,
		orderId: `order-${index}`,
	}));
	return {
		id: workflowId(mode, condition),
		name: `Bench: ${MODE_NAMES[mode]}, ${CONDITION_SETUP[condition].name}`,
		active: false,
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000000',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'b0000000-0000-4000-8000-000000000001',
				name: 'Orders',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [180, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ orders }), options: {} },
			},
			{
				id: 'b0000000-0000-4000-8000-000000000002',
				name: 'One item per order',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [350, 0],
				parameters: { fieldToSplitOut: 'orders', options: {} },
			},
			nodeUnderTest(mode, condition, emulatorUrl),
		],
		connections: {
			Start: { main: [[{ node: 'Orders', type: 'main', index: 0 }]] },
			Orders: { main: [[{ node: 'One item per order', type: 'main', index: 0 }]] },
			'One item per order': { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

interface Row {
	mode: Mode;
	condition: Condition;
	wallSeconds: number;
	firstRequestSeconds: number;
	sendingSeconds: number;
	ok: number;
	failed: number;
	lost: number;
	rateLimited: number;
	appliedTwice: number;
	runOk: boolean;
}

const floorSeconds = ITEMS / LIMIT;
const pacingFloorSeconds = (ITEMS - LIMIT) / LIMIT;

async function measure(
	home: N8nHome,
	emulator: LoopsEmulator,
	mode: Mode,
	condition: Condition,
): Promise<Row> {
	emulator.reset();
	emulator.setNetwork(CONDITION_SETUP[condition].network);
	const result = await executeWorkflow(home, workflowId(mode, condition), {
		timeoutMs: 10 * 60_000,
	});
	const task = result.run?.data?.resultData?.runData?.[NODE_NAME]?.[0];
	if (!task)
		throw new Error(
			`${mode}/${condition}: n8n recorded no run of the node:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
		);
	const nodeStart = Number(task.startTime);
	const wallSeconds = Number(task.executionTime) / 1000;
	const requests = emulator.requests.filter((request) => request.apiKey === API_KEY);
	// The emulator's clock is this process's performance.now(); n8n's startTime is the wall clock (same machine).
	const counted = requests.map((request) => performance.timeOrigin + request.countedAt);
	const items: Json[] = result.items[NODE_NAME] ?? [];
	const failed = items.filter((item) => item?.error !== undefined).length;
	const perOrder = new Map<string, number>();
	for (const event of emulator.account(API_KEY).eventsNamed('purchase')) {
		const orderId = String((event.eventProperties as { orderId?: unknown }).orderId);
		perOrder.set(orderId, (perOrder.get(orderId) ?? 0) + 1);
	}
	return {
		mode,
		condition,
		wallSeconds,
		firstRequestSeconds: counted.length > 0 ? (Math.min(...counted) - nodeStart) / 1000 : NaN,
		sendingSeconds: counted.length > 0 ? (Math.max(...counted) - Math.min(...counted)) / 1000 : NaN,
		ok: items.length - failed,
		failed: result.ok ? failed : ITEMS - (items.length - failed), // a failed run outputs nothing
		lost: ITEMS - perOrder.size,
		rateLimited: emulator.account(API_KEY).rateLimited,
		appliedTwice: [...perOrder.values()].filter((count) => count > 1).length,
		runOk: result.ok,
	};
}

/** The table's columns, each a title and the width its cells are padded to. */
const COLUMNS: ReadonlyArray<readonly [title: string, width: number]> = [
	['mode', 32],
	['condition', 28],
	['wall s', 6],
	['ratio', 5],
	['first req s', 11],
	['sending s', 9],
	['pacing', 6],
	['ok', 4],
	['failed', 6],
	['lost', 4],
	['429s Loops saw', 14],
	['applied >1', 10],
];
const line = (texts: string[]) =>
	`| ${texts.map((text, index) => text.padEnd(COLUMNS[index][1])).join(' | ')} |`;

function cells(row: Row): string[] {
	return [
		MODE_NAMES[row.mode],
		CONDITION_SETUP[row.condition].name,
		row.wallSeconds.toFixed(2),
		(row.wallSeconds / floorSeconds).toFixed(3),
		row.firstRequestSeconds.toFixed(2),
		row.sendingSeconds.toFixed(2),
		(row.sendingSeconds / pacingFloorSeconds).toFixed(3),
		String(row.ok),
		`${row.failed}${row.runOk ? '' : ' (run failed)'}`,
		String(row.lost),
		String(row.rateLimited),
		String(row.appliedTwice),
	];
}

function spread(values: number[]): string {
	const sorted = [...values].sort((a, b) => a - b);
	const [low, high] = [sorted[0], sorted[sorted.length - 1]];
	return sorted.length === 1 ? low.toFixed(3) : `${low.toFixed(3)}–${high.toFixed(3)}`;
}

async function main(): Promise<void> {
	const modes = choices('modes', args.modes, MODES);
	const conditions = choices('conditions', args.conditions, CONDITIONS);
	const n8n = await provisionN8n();
	const tarball = await buildAndPack();
	const home = await createN8nHome({ tarball, prefix: 'n8n-nodes-loops-so-bench-' });
	removePackedPackage(tarball);
	const emulator = await LoopsEmulator.start({
		accounts: [{ apiKey: API_KEY, teamName: 'Bench', rateLimit: LIMIT }],
	});
	const rows: Row[] = [];
	const loadBefore = os.loadavg()[0];
	try {
		await importCredentials(home, [
			{ ...LOOPS_CREDENTIAL, type: 'loopsApi', data: { apiKey: API_KEY, baseUrl: emulator.url } },
			{
				...HEADER_CREDENTIAL,
				type: 'httpHeaderAuth',
				data: { name: 'Authorization', value: `Bearer ${API_KEY}` },
			},
		]);
		await importWorkflows(
			home,
			modes.flatMap((mode) =>
				conditions.map((condition) => benchWorkflow(mode, condition, emulator.url)),
			),
		);
		step(
			`n8n ${n8n.version}: package installed, ${modes.length * conditions.length} workflows imported; ${REPEAT} × ${modes.length * conditions.length} runs of ${ITEMS} items at ${LIMIT}/s`,
		);
		for (let round = 1; round <= REPEAT; round++) {
			for (const condition of conditions) {
				for (const mode of modes) {
					const row = await measure(home, emulator, mode, condition);
					rows.push(row);
					step(`round ${round}: ${line(cells(row))}`);
				}
			}
		}
	} finally {
		await emulator.close();
		removeN8nHome(home);
	}

	out(
		`\n${ITEMS} Send Event items, Loops rate limit ${LIMIT}/s, real n8n ${n8n.version} (n8n execute), ${REPEAT} round${REPEAT > 1 ? 's' : ''}; floor ${floorSeconds.toFixed(2)} s, pacing floor ${pacingFloorSeconds.toFixed(2)} s`,
	);
	out(
		`Machine: ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end\n`,
	);
	out(line(COLUMNS.map(([title]) => title)));
	out(`|${COLUMNS.map(([, width]) => '-'.repeat(width + 2)).join('|')}|`);
	for (const row of rows) out(line(cells(row)));
	if (REPEAT > 1) {
		out('\nSpread over the rounds (min–max): ratio / pacing / 429s / lost / applied >1');
		for (const condition of conditions) {
			for (const mode of modes) {
				const mine = rows.filter((row) => row.mode === mode && row.condition === condition);
				const range = (pick: (row: Row) => number) => {
					const values = mine.map(pick);
					return Math.min(...values) === Math.max(...values)
						? String(values[0])
						: `${Math.min(...values)}–${Math.max(...values)}`;
				};
				out(
					`  ${MODE_NAMES[mode].padEnd(32)} ${CONDITION_SETUP[condition].name.padEnd(28)} ${spread(mine.map((row) => row.wallSeconds / floorSeconds))} / ${spread(mine.map((row) => row.sendingSeconds / pacingFloorSeconds))} / ${range((row) => row.rateLimited)} / ${range((row) => row.lost)} / ${range((row) => row.appliedTwice)}`,
				);
			}
		}
	}
	const shipped = rows.filter((row) => row.mode === 'shipped' && row.condition === 'loopback');
	if (shipped.length > 0) {
		const worst = Math.max(...shipped.map((row) => row.wallSeconds / floorSeconds));
		const clean = shipped.every(
			(row) => row.failed === 0 && row.lost === 0 && row.appliedTwice === 0,
		);
		out(
			`\nTarget (Loops node as shipped, loopback): ${worst <= 1.05 ? 'met' : 'MISSED'}: ratio ≤ 1.05 (worst ${worst.toFixed(3)}); ${clean ? 'met' : 'MISSED'}: 0 failed, 0 lost, 0 applied twice`,
		);
	}
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? error}\n`);
	process.exit(1);
});
