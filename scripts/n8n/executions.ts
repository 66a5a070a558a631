/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev scripts: they read a real n8n's executions */
/**
 * A served n8n's executions through its REST API (as the owner): listed, read with their run data, awaited until
 * n8n has written them, and stopped as the editor's "Stop" does.
 *
 * n8n writes an execution's end in more than one step: n8n 1.x saves its status before its run data, and a stop
 * marks the execution canceled at once while the run it interrupted writes its data later. A reader that waits for
 * a status alone can read an execution whose data is not there yet: every wait here is for the status *and* the run
 * data of the nodes the caller will read (`settled`).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

import { selectedLine, type N8nLine } from './n8nLines';
import { provisionN8n } from './provision';
import type { RestClient } from './rest';
import { nodesRun, outputItems, type Json, type NodeItems } from './runData';
import { waitUntil } from './waiting';

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	run: Json;
	items: NodeItems;
}

/** The statuses of an execution that is still going (or not yet begun); any other is how it ended. */
const UNFINISHED = ['new', 'running', 'waiting'];

export function isFinished(execution: Pick<ExecutionSummary, 'status'>): boolean {
	return !UNFINISHED.includes(execution.status);
}

/**
 * Whether n8n has written an execution's end: a final status, and run data holding each of `nodes` (by default the
 * node it executed last, which n8n records with the run data).
 */
export function settled(execution: ExecutionSummary, nodes?: readonly string[]): boolean {
	if (!isFinished(execution)) return false;
	const ran = nodesRun(execution.run);
	const wanted = nodes ?? [execution.run?.data?.resultData?.lastNodeExecuted];
	return wanted.every((node) => node !== undefined && ran.includes(node));
}

function describe(execution: ExecutionSummary): string {
	return `#${execution.id} ${execution.status}, data of ${JSON.stringify(nodesRun(execution.run))}`;
}

const flattedByDir = new Map<string, { parse(text: string): Json }>();

/** n8n stores execution data "flatted" (github.com/WebReflection/flatted): read it with that n8n's own copy. */
async function parseFlatted(line: N8nLine, text: string): Promise<Json> {
	const { dir } = await provisionN8n({ line });
	let flatted = flattedByDir.get(dir);
	if (!flatted) {
		flatted = createRequire(path.join(dir, 'node_modules', 'n8n', 'package.json'))('flatted') as {
			parse(text: string): Json;
		};
		flattedByDir.set(dir, flatted);
	}
	return flatted.parse(text);
}

/** One execution with its run data parsed (`GET /rest/executions/:id`). */
export async function readExecution(
	rest: RestClient,
	id: string,
	line: N8nLine = selectedLine(),
): Promise<ExecutionSummary> {
	const full = await rest('GET', `/executions/${id}`);
	const data = typeof full.data === 'string' ? await parseFlatted(line, full.data) : full.data;
	const run = { data };
	return {
		id: String(full.id ?? id),
		status: full.status,
		mode: full.mode,
		run,
		items: outputItems(run),
	};
}

/**
 * The executions of a workflow on a started n8n, oldest first, each with its run data parsed (`withData: false`:
 * status and mode only, `run` and `items` empty, one request per 100 executions).
 *
 * n8n 2.41 pages its list with an opaque `cursor` (its answer's `nextCursor`; `lastId` is refused), at most 100
 * per page, ordered by start time but continued by execution id (`id < ` the page's last row). Where start order
 * and id order differ, as when queue-mode workers pick executions up, that walk can skip an execution. The walk
 * is therefore checked against the answer's `count`, and an execution it missed (its id lies between ids it saw)
 * is read by id.
 */
export async function listExecutions(
	rest: RestClient,
	workflowId: string,
	line: N8nLine = selectedLine(),
	{ withData = true }: { withData?: boolean } = {},
): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const byId = new Map<string, Json>();
	let count = 0;
	let cursor: string | null | undefined;
	do {
		const page = await rest(
			'GET',
			`/executions?filter=${filter}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		if (cursor === undefined) count = Number(page?.count ?? 0);
		for (const summary of (page?.results ?? []) as Json[]) byId.set(String(summary.id), summary);
		cursor = page?.nextCursor;
	} while (cursor);
	const finished = [...byId.values()].filter((e) => isFinished(e)).length;
	if (finished < count) {
		const ids = [...byId.keys()].map(Number).filter(Number.isInteger);
		const before = byId.size;
		for (let id = Math.min(...ids) + 1; id < Math.max(...ids); id++) {
			if (byId.has(String(id))) continue;
			const execution = await rest('GET', `/executions/${id}`).catch(() => undefined);
			if ((execution?.workflowId ?? execution?.workflowData?.id) === workflowId)
				byId.set(String(id), execution);
		}
		if (byId.size > before) {
			process.stderr.write(
				`[harness] n8n's cursor walk skipped ${byId.size - before} of ${count} executions: read by id\n`,
			);
		}
	}
	const summaries = [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
	if (!withData)
		return summaries.map((summary) => ({
			id: String(summary.id),
			status: summary.status,
			mode: summary.mode,
			run: undefined,
			items: {},
		}));
	const out: ExecutionSummary[] = [];
	for (const summary of summaries) out.push(await readExecution(rest, String(summary.id), line));
	return out;
}

export interface WaitForExecutionsOptions {
	/** The nodes whose run data the caller reads (default: each execution's last executed node). */
	nodes?: readonly string[];
	/** Default 3 minutes: a busy machine is slow, and a wait that times out fails the test anyway. */
	timeoutMs?: number;
	line?: N8nLine;
}

/**
 * Waits until at least `count` executions of the workflow have settled (their end and the run data of `nodes`
 * written) and none is still being written; resolves all of them, oldest first. Throws, with what it saw last,
 * when the time is up.
 */
export async function waitForExecutions(
	rest: RestClient,
	workflowId: string,
	count: number,
	{ nodes, timeoutMs = 3 * 60_000, line = selectedLine() }: WaitForExecutionsOptions = {},
): Promise<ExecutionSummary[]> {
	return await waitUntil(
		async (seen) => {
			const executions = await listExecutions(rest, workflowId, line);
			seen(executions.map(describe).join('; ') || 'no executions');
			const done = executions.filter((execution) => settled(execution, nodes));
			return done.length >= count && done.length === executions.length ? executions : undefined;
		},
		{
			what: `${count} settled executions of workflow ${workflowId}${nodes ? ` with data of ${nodes.join(', ')}` : ''}`,
			timeoutMs,
			intervalMs: 300,
		},
	);
}

/** Waits until execution `id` has settled (see waitForExecutions); resolves it. */
export async function waitForExecution(
	rest: RestClient,
	id: string,
	{ nodes, timeoutMs = 3 * 60_000, line = selectedLine() }: WaitForExecutionsOptions = {},
): Promise<ExecutionSummary> {
	return await waitUntil(
		async (seen) => {
			const execution = await readExecution(rest, id, line);
			seen(describe(execution));
			return settled(execution, nodes) ? execution : undefined;
		},
		{ what: `execution ${id} settled`, timeoutMs, intervalMs: 300 },
	);
}

/**
 * Waits until the workflow has an execution running (started in the background, e.g. by a webhook that answers at
 * once) and resolves its id. `until` may ask for more than the status, e.g. that the Loops emulator has received
 * its first request.
 */
export async function waitForRunningExecution(
	rest: RestClient,
	workflowId: string,
	{
		until = () => true,
		timeoutMs = 3 * 60_000,
		line = selectedLine(),
	}: { until?: () => boolean; timeoutMs?: number; line?: N8nLine } = {},
): Promise<string> {
	return await waitUntil(
		async (seen) => {
			const executions = await listExecutions(rest, workflowId, line, { withData: false });
			seen(executions.map((e) => `#${e.id} ${e.status}`).join('; ') || 'no executions');
			const running = executions.find((execution) => execution.status === 'running');
			return running && until() ? running.id : undefined;
		},
		{ what: `a running execution of workflow ${workflowId}`, timeoutMs, intervalMs: 100 },
	);
}

/** n8n's answer to a stop: the execution as it marked it (`status: 'canceled'` for a running one). */
export interface StopAnswer {
	mode: string;
	status: string;
	finished: boolean;
	startedAt: string;
	stoppedAt?: string;
}

/**
 * Stops a running execution as the editor's "Stop" does: `POST /rest/executions/:id/stop`, the same endpoint in
 * n8n 1.123 and 2.41 (ExecutionsController.stop; 2.x also has `/executions/stopMany`), and resolves n8n's answer
 * and the execution once its record is canceled and holds the run data of `nodes` (default: none).
 *
 * In regular mode n8n cancels the run and, before it answers, writes the execution's record as the database held
 * it: status `canceled`, the cancellation as the run's error ("The execution was cancelled manually"), and the run
 * data saved so far (none, unless the workflow saves its execution progress: settings.saveExecutionProgress).
 * 2.41 refuses every later write of the interrupted run: that record is final. 1.123 does not: the run writes its
 * state at the moment of the stop (canceled, without the error) and again when the interrupted node returns, in any
 * order with the stop's own write, status before data. What every one of those records holds is the status
 * `canceled` and the data of the nodes that had finished before the stop (saved as progress): read those. The
 * error and the interrupted node's data are there on 2.41 (the error) or may be (1.123).
 */
export async function stopExecution(
	rest: RestClient,
	id: string,
	{ nodes = [], ...options }: WaitForExecutionsOptions = {},
): Promise<{ answer: StopAnswer; execution: ExecutionSummary }> {
	const answer = (await rest('POST', `/executions/${id}/stop`)) as StopAnswer;
	const execution = await waitForExecution(rest, id, { nodes, ...options });
	return { answer, execution };
}
