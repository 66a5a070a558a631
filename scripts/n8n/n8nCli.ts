/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev scripts: they run n8n's CLI */
/**
 * n8n's CLI for a home, one process per command: import credentials and workflows, publish a workflow, execute one.
 *
 * What a command did is judged by what n8n printed, never by how its process ended: n8n 1.x under Node 24 can
 * crash on its way out (SIGSEGV) after doing its work and printing it.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { N8nHome } from './n8nHome';
import { n8nEnv } from './n8nEnv';
import { majorOf, type N8nLine } from './n8nLines';
import { freePort } from './ports';
import { runCommand, type CommandResult } from './process';
import { provisionN8n } from './provision';
import { outputItems, type Json, type NodeItems } from './runData';

/** A CLI command's time limit: generous, for a busy machine; a command that needs it is broken anyway. */
const CLI_TIMEOUT_MS = 5 * 60_000;

/** Runs `n8n <args>` for `home` to completion (fresh ports). */
export async function runN8n(
	home: N8nHome,
	args: string[],
	{
		timeoutMs = CLI_TIMEOUT_MS,
		env: extra,
	}: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<CommandResult> {
	const n8n = await provisionN8n({ line: home.line });
	const env = n8nEnv(home, { port: await freePort(), brokerPort: await freePort(), extra });
	return await runCommand(n8n.node.bin, [n8n.bin, ...args], {
		cwd: home.userFolder,
		env,
		timeoutMs,
	});
}

/** Runs `n8n <args>` and throws, with its output, unless it printed `done` (what n8n says once it has done it). */
async function runN8nUntilSaid(home: N8nHome, args: string[], done: RegExp): Promise<void> {
	const result = await runN8n(home, args);
	if (!done.test(result.stdout + result.stderr)) {
		throw new Error(
			`n8n ${args[0]} failed (exit ${result.code}; it never said ${done}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
		);
	}
}

/** Writes `data` to a JSON file in the home, runs `use(file)`, removes the file. */
async function withTempJson<T>(
	home: N8nHome,
	name: string,
	data: unknown,
	use: (file: string) => Promise<T>,
): Promise<T> {
	const file = path.join(home.userFolder, `${name}-${process.pid}-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	try {
		return await use(file);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

async function importInto(
	home: N8nHome,
	kind: 'credentials' | 'workflow',
	data: unknown,
): Promise<void> {
	await withTempJson(home, kind, data, async (file) =>
		runN8nUntilSaid(home, [`import:${kind}`, `--input=${file}`], /Successfully imported/i),
	);
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** Imports credentials given as plain data (n8n encrypts them with the home's key). Ids: 16 characters [A-Za-z0-9]. */
export async function importCredentials(
	home: N8nHome,
	credentials: CredentialImport[],
): Promise<void> {
	await importInto(home, 'credentials', credentials);
}

/**
 * A workflow as `line` runs it. The examples are written for 2.x; where 1.x reads a node's parameters differently,
 * this says so and converts them:
 * - Tool Executor: 2.x looks the tool's arguments up in the query under the tool's name
 *   (`{"Send_Loops_Event": {"email": …}}`); 1.x hands the whole query to the tool, so there the query becomes the
 *   arguments of the one tool it names.
 */
export function workflowForLine(workflow: Json, line: N8nLine): Json {
	if (majorOf(line) >= 2) return workflow;
	const nodes = (workflow.nodes as Json[]).map((node) => {
		if (
			node.type !== '@n8n/n8n-nodes-langchain.toolExecutor' ||
			typeof node.parameters?.query !== 'string'
		)
			return node;
		let query: Json;
		try {
			query = JSON.parse(node.parameters.query);
		} catch {
			return node;
		}
		const tools = Object.keys(query ?? {});
		if (tools.length !== 1 || typeof query[tools[0]] !== 'object') return node;
		return {
			...node,
			parameters: { ...node.parameters, query: JSON.stringify(query[tools[0]], null, 2) },
		};
	});
	return { ...workflow, nodes };
}

/** Imports workflows (objects, or paths of JSON files) with one `n8n import:workflow`; returns their ids. */
export async function importWorkflows(
	home: N8nHome,
	workflows: Array<string | Json>,
): Promise<string[]> {
	const data = workflows
		.map((w) => (typeof w === 'string' ? JSON.parse(fs.readFileSync(w, 'utf8')) : w))
		.map((w) => workflowForLine(w, home.line));
	for (const workflow of data) {
		if (!workflow.id)
			throw new Error(
				`workflow "${workflow.name}" needs an "id" to be imported and executed by id`,
			);
	}
	await importInto(home, 'workflow', data);
	return data.map((workflow) => workflow.id as string);
}

/** Imports one workflow (an object, or the path of a JSON file); returns its id. */
export async function importWorkflow(home: N8nHome, workflow: string | Json): Promise<string> {
	const [id] = await importWorkflows(home, [workflow]);
	return id;
}

/** Publishes (activates) an imported workflow, so the next `n8n start` registers its triggers and webhooks. */
export async function publishWorkflow(home: N8nHome, id: string): Promise<void> {
	// n8n 1.x calls it "activating" and has no publish command; both say this once the database is updated
	const args =
		majorOf(home.line) === 1
			? ['update:workflow', `--id=${id}`, '--active=true']
			: ['publish:workflow', `--id=${id}`];
	await runN8nUntilSaid(home, args, /will not take effect if n8n is running/);
}

/**
 * The run `n8n execute --rawOutput` prints: a JSON document from a line holding "{" to a line holding "}" (the
 * last such line: a failed run is followed by "Error executing workflow…" and the error's stack).
 */
function printedRun(stdout: string): Json {
	const lines = stdout.split('\n');
	const ends = lines.flatMap((line, index) => (line === '}' ? [index] : [])).reverse();
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		for (const end of ends) {
			if (end <= start) break;
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n'));
			} catch {
				// log lines may start with "{" too: try the next one
			}
		}
	}
	return undefined;
}

export interface ExecuteResult {
	/** The run n8n printed holds no error. */
	ok: boolean;
	/** How n8n's process ended (exit code or signal): for messages only, see the module's comment. */
	code: CommandResult['code'];
	/** What n8n printed: { data: { resultData: { runData, lastNodeExecuted, error? } }, … } */
	run: Json;
	items: NodeItems;
	lastNode: string | undefined;
	error: Json;
	ms: number;
	stdout: string;
	stderr: string;
}

/**
 * `n8n execute --id <id> --rawOutput`: runs the workflow once, from its start node, in a process of its own. n8n
 * prints the run in both cases: after "Execution was successful" when it succeeded, and with the error when it
 * failed (then "Error executing workflow…" and the stack).
 */
export async function executeWorkflow(
	home: N8nHome,
	id: string,
	{ timeoutMs = CLI_TIMEOUT_MS } = {},
): Promise<ExecuteResult> {
	const result = await runN8n(home, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
	const run = printedRun(result.stdout.trimEnd());
	const error = run?.data?.resultData?.error;
	const ok = run !== undefined && !error;
	return {
		ok,
		code: result.code,
		run,
		items: outputItems(run),
		lastNode: run?.data?.resultData?.lastNodeExecuted,
		error:
			error ??
			(ok
				? undefined
				: {
						message: `n8n execute printed no run (exit ${result.code})`,
						output: result.stdout + result.stderr,
					}),
		ms: result.ms,
		stdout: result.stdout,
		stderr: result.stderr,
	};
}

/** executeWorkflow, for a run that must succeed: throws n8n's error and the end of its output otherwise. */
export async function executeSuccessfully(
	home: N8nHome,
	id: string,
	options: { timeoutMs?: number } = {},
): Promise<ExecuteResult> {
	const result = await executeWorkflow(home, id, options);
	if (!result.ok)
		throw new Error(
			`execution of ${id} failed: ${JSON.stringify(result.error)}\n${result.stdout.slice(-3000)}`,
		);
	return result;
}
