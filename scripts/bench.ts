/* eslint-disable no-console -- a benchmark's job is to print its table */
/**
 * `npm run bench [-- --items 1000 --limit 50]`
 *
 * N Send Event items through n8n's own engine (WorkflowExecute → RoutingNode) against the bundled Loops
 * emulator, with the node as shipped (paced) and, in the same run, the same node with its executor
 * removed (n8n's default behaviour: every item's request at once). Then the node's own cost per item
 * against a plain HTTP loop sending the same requests, with the rate limit out of the way.
 */
import axios from 'axios';
import type { INodeExecutionData, INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { Loops } from '../nodes/Loops/Loops.node';
import { LoopsEmulator } from '../test/emulator';
import { runLoopsNode } from '../test/helpers/n8n';

function argument(name: string, fallback: number): number {
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- command-line arguments of a dev script
	const argv = process.argv;
	const index = argv.indexOf(`--${name}`);
	const value = index >= 0 ? Number(argv[index + 1]) : NaN;
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

const ITEMS = argument('items', 1000);
const LIMIT = argument('limit', 50);
const OVERHEAD_ITEMS = argument('overhead-items', 1000);

/** The node as n8n would run it without our executor: routing sends each item's request directly. */
function withoutPacing(node: INodeType): INodeType {
	const strip = (property: INodeProperties | INodePropertyOptions): INodeProperties | INodePropertyOptions => {
		const copy = { ...property } as INodeProperties & INodePropertyOptions;
		if (copy.routing) {
			copy.routing = { ...copy.routing, operations: undefined, send: { ...copy.routing.send, paginate: false } };
		}
		if (Array.isArray(copy.options)) {
			copy.options = (copy.options as Array<INodeProperties | INodePropertyOptions>).map(strip) as never;
		}
		return copy;
	};
	const description = node.description;
	return {
		description: {
			...description,
			requestOperations: undefined,
			// n8n's usual way: the base URL as an expression over the credential (our executor sets it otherwise)
			requestDefaults: { ...description.requestDefaults, baseURL: '={{$credentials.baseUrl}}' },
			properties: description.properties.map((property) => strip(property) as INodeProperties),
		},
	};
}

const sendEvent = {
	resource: 'event',
	operation: 'send',
	email: '={{ $json.email }}',
	eventName: 'purchase',
	additionalFields: { eventProperties: { property: [{ key: 'orderId', value: '={{ $json.orderId }}' }] } },
};

function orders(count: number, prefix: string): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({
		json: { email: `${prefix}${index}@example.com`, orderId: `${prefix}${index}` },
	}));
}

interface Row {
	mode: string;
	wallSeconds: number;
	/** From the start of the node to the first request Loops received: n8n preparing every item. */
	firstRequestSeconds: number;
	/** From the first request Loops received to the last. */
	sendingSeconds: number;
	floorSeconds: number;
	ok: number;
	failed: number;
	serverSaw429: number;
	appliedTwice: number;
}

async function measureRun(emulator: LoopsEmulator, mode: string, nodeType: INodeType, apiKey: string): Promise<Row> {
	emulator.addAccount({ apiKey, teamName: mode, rateLimit: LIMIT });
	const startedAt = performance.now();
	const { items } = await runLoopsNode(
		{ parameters: sendEvent, continueOnFail: true },
		{ credentials: { main: { apiKey, baseUrl: emulator.url } }, items: orders(ITEMS, apiKey), nodeType },
	);
	const wallSeconds = (performance.now() - startedAt) / 1000;
	const arrivals = emulator.requests.filter((request) => request.apiKey === apiKey).map((request) => request.countedAt);
	const firstRequestSeconds = (Math.min(...arrivals) - startedAt) / 1000;
	const sendingSeconds = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
	const account = emulator.account(apiKey);
	const perOrder = new Map<unknown, number>();
	for (const event of account.eventsNamed('purchase')) {
		const orderId = (event.eventProperties as { orderId?: unknown }).orderId;
		perOrder.set(orderId, (perOrder.get(orderId) ?? 0) + 1);
	}
	const failed = items.filter((item) => item.error !== undefined || item.json.error !== undefined).length;
	return {
		mode,
		wallSeconds,
		firstRequestSeconds,
		sendingSeconds,
		floorSeconds: ITEMS / LIMIT,
		ok: items.length - failed,
		failed,
		serverSaw429: account.rateLimited,
		appliedTwice: [...perOrder.values()].filter((count) => count > 1).length,
	};
}

async function measureOverhead(emulator: LoopsEmulator) {
	const apiKey = 'overhead-key';
	emulator.addAccount({ apiKey, teamName: 'Overhead', rateLimit: 1_000_000 });
	const baseUrl = emulator.url;

	const plainStart = performance.now();
	await Promise.all(
		orders(OVERHEAD_ITEMS, 'plain').map(async (item, index) =>
			await axios.post(
				`${baseUrl}/v1/events/send`,
				{ email: item.json.email, eventName: 'purchase', eventProperties: { orderId: item.json.orderId } },
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

function pad(value: string, width: number): string {
	return value.length >= width ? value : value + ' '.repeat(width - value.length);
}

async function main() {
	const emulator = await LoopsEmulator.start({ rateLimit: LIMIT });
	try {
		// Warm up module loading and JIT so neither measured run pays for it.
		await measureRun(emulator, 'warm-up', new Loops(), 'warm-up-key');

		// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- memory figures of a dev script
		const heapBefore = process.memoryUsage().heapUsed;
		const paced = await measureRun(emulator, 'paced (this node, no setting)', new Loops(), 'paced-key');
		// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- memory figures of a dev script
		const heapAfter = process.memoryUsage().heapUsed;
		const unpaced = await measureRun(emulator, "unpaced (n8n's default)", withoutPacing(new Loops()), 'unpaced-key');
		const overhead = await measureOverhead(emulator);

		console.log(`\n${ITEMS} Send Event items, Loops rate limit ${LIMIT}/s (the real default is 10/s), one run\n`);
		const header = ['mode', 'wall s', 'floor s', 'ratio', 'first req s', 'sending s', 'ok', 'failed', "429s Loops saw", 'applied >1'];
		const widths = [32, 7, 7, 6, 11, 9, 5, 6, 14, 10];
		const line = (cells: string[]) => `| ${cells.map((cell, index) => pad(cell, widths[index])).join(' | ')} |`;
		console.log(line(header));
		console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
		for (const row of [paced, unpaced]) {
			console.log(
				line([
					row.mode,
					row.wallSeconds.toFixed(2),
					row.floorSeconds.toFixed(2),
					(row.wallSeconds / row.floorSeconds).toFixed(3),
					row.firstRequestSeconds.toFixed(2),
					row.sendingSeconds.toFixed(2),
					String(row.ok),
					String(row.failed),
					String(row.serverSaw429),
					String(row.appliedTwice),
				]),
			);
		}
		console.log(
			`\nNode overhead, ${OVERHEAD_ITEMS} items with the limit out of the way: node ${overhead.nodeMs.toFixed(0)} ms, plain HTTP ${overhead.plainMs.toFixed(0)} ms → ${overhead.perItemMs.toFixed(3)} ms per item`,
		);
		console.log(`Heap growth over the paced run: ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB`);

		const ratio = paced.wallSeconds / paced.floorSeconds;
		const targets: Array<[string, boolean]> = [
			['ratio ≤ 1.05', ratio <= 1.05],
			['0 failed', paced.failed === 0],
			['0 applied more than once', paced.appliedTwice === 0],
			['overhead ≤ 2 ms per item', overhead.perItemMs <= 2],
		];
		console.log(`\nTargets (paced run): ${targets.map(([name, met]) => `${met ? 'met' : 'MISSED'}: ${name}`).join('; ')}`);
	} finally {
		await emulator.close();
	}
}

void main();
