/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-hardcoded-secrets -- dev scripts: they drive a real n8n (its fixed test key and owner password are not secrets) */
/**
 * Drives a real n8n (installed by provision.ts) for the end-to-end tests, the demo and the editor.
 *
 * Every n8n "home" is a temporary N8N_USER_FOLDER of its own: its own SQLite database, a fixed encryption key,
 * this package installed the way n8n installs a community package, and nothing that phones home. Each n8n process
 * gets free ports found at run time and listens on 127.0.0.1 only.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import {
	freePort,
	runChecked,
	runCommand,
	startProcess,
	type CommandResult,
	type StartedProcess,
} from './process';
import { majorOf, N8N_VERSION, provisionN8n, ROOT, selectedLine, type N8nLine } from './provision';

/** Scripts and tests that start n8n ask the harness for ports. */
export { freePort };

export { N8N_VERSION, ROOT, provisionN8n };

/** Fixed, so credentials imported as plain data stay readable by every n8n process of a home. */
export const ENCRYPTION_KEY = 'n8n-nodes-loops-so-e2e-not-a-secret';
export const PACKAGE_NAME = 'n8n-nodes-loops-so';
export const NODE_TYPE = `${PACKAGE_NAME}.loops`;
export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.loopsTrigger`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- n8n's run data and REST answers, as n8n gives them
export type Json = any;

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Compiles the package (`npm run build`: tsc + icons) into dist/. */
export async function buildPackage(): Promise<void> {
	await runChecked(npm, ['run', 'build', '--silent'], {
		cwd: ROOT,
		timeoutMs: 5 * 60_000,
		label: 'npm run build',
	});
}

/** `npm pack`s the package (build first) into a new temporary folder; returns the tarball's path. */
export async function packPackage(): Promise<string> {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	for (const file of [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])]) {
		if (!fs.existsSync(path.join(ROOT, file)))
			throw new Error(`${file} is missing: build the package first (npm run build)`);
	}
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-loops-so-pack-'));
	const result = await runChecked(
		npm,
		['pack', '--json', '--ignore-scripts', '--pack-destination', dest],
		{
			cwd: ROOT,
			timeoutMs: 2 * 60_000,
		},
	);
	const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	return path.join(dest, info.filename);
}

/** Removes a tarball made by packPackage, with its folder. */
export function removePackedPackage(tarball: string): void {
	if (path.basename(path.dirname(tarball)).startsWith('n8n-nodes-loops-so-pack-')) {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}

/** The tarball packed by the e2e tests' global setup (test/e2e/globalSetup.ts). */
export function e2eTarball(): string {
	const tarball = process.env.LOOPS_E2E_TARBALL;
	if (!tarball || !fs.existsSync(tarball)) {
		throw new Error(
			'LOOPS_E2E_TARBALL is not set: run the e2e tests with jest.e2e.config.js (its globalSetup packs)',
		);
	}
	return tarball;
}

/** A PostgreSQL database for n8n (DB_TYPE=postgresdb), e.g. the one services.ts starts for queue mode. */
export interface PostgresDatabase {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
}

export interface N8nHome {
	/** N8N_USER_FOLDER */
	userFolder: string;
	/** <userFolder>/.n8n/nodes, where community packages live */
	nodesDir: string;
	installed: { dir: string; version: string } | null;
	/** The n8n this home runs (default: selectedLine()). */
	line: N8nLine;
	/**
	 * Where every n8n process of this home keeps its data: its own SQLite file by default, or a PostgreSQL
	 * database, which a main and its queue-mode workers share.
	 */
	database?: PostgresDatabase;
}

/**
 * A fresh N8N_USER_FOLDER, with the packed package (if given) installed into `<folder>/.n8n/nodes` by the steps
 * n8n itself takes for a community package (CommunityPackagesService in n8n 2.41): the tarball unpacked into
 * nodes/node_modules/<name>, its package.json stripped of dev, peer and optional dependencies, `npm install` run
 * inside it with no scripts and no lockfile (its runtime dependencies: none here), and `<name>: <version>`
 * recorded in nodes/package.json. n8n loads every package in nodes/node_modules at boot.
 */
export async function createN8nHome(
	options: { tarball?: string; prefix?: string; line?: N8nLine; database?: PostgresDatabase } = {},
): Promise<N8nHome> {
	const { tarball, prefix = 'n8n-nodes-loops-so-e2e-', line = selectedLine(), database } = options;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const nodesPackage = {
		name: 'installed-nodes',
		private: true,
		dependencies: {} as Record<string, string>,
	};
	const home: N8nHome = {
		userFolder,
		nodesDir,
		installed: null,
		line,
		...(database ? { database } : {}),
	};
	if (tarball) {
		const dir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
		fs.mkdirSync(dir, { recursive: true });
		await runChecked('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
			timeoutMs: 60_000,
		});
		const packageFile = path.join(dir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
			fs.readFileSync(packageFile, 'utf8'),
		);
		void [devDependencies, peerDependencies, optionalDependencies];
		fs.writeFileSync(packageFile, JSON.stringify(pkg, null, 2));
		await runChecked(
			npm,
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--omit=dev',
			],
			{ cwd: dir, timeoutMs: 3 * 60_000 },
		);
		nodesPackage.dependencies[pkg.name] = pkg.version;
		home.installed = { dir, version: pkg.version };
	}
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify(nodesPackage, null, 2)}\n`,
	);
	return home;
}

/**
 * What the community-package install left in a home: the dependencies nodes/package.json declares, the installed
 * package's files (relative paths) and the folders under its own node_modules (its runtime dependencies).
 */
export function describeInstall(home: N8nHome) {
	const nodesPackage = JSON.parse(
		fs.readFileSync(path.join(home.nodesDir, 'package.json'), 'utf8'),
	);
	const dir = path.join(home.nodesDir, 'node_modules', PACKAGE_NAME);
	const nested = path.join(dir, 'node_modules');
	const files: string[] = [];
	const walk = (folder: string) => {
		for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
			const full = path.join(folder, entry.name);
			if (entry.isDirectory()) {
				if (full !== nested) walk(full);
			} else files.push(path.relative(dir, full));
		}
	};
	walk(dir);
	return {
		declared: (nodesPackage.dependencies ?? {}) as Record<string, string>,
		packageJson: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Json,
		files: files.sort(),
		nodeModules: fs.existsSync(nested)
			? fs.readdirSync(nested).filter((name) => !name.startsWith('.'))
			: [],
	};
}

/** Removes a home's folder (its n8n must be stopped). */
export function removeN8nHome(home: N8nHome): void {
	fs.rmSync(home.userFolder, { recursive: true, force: true });
}

function databaseEnv(database: PostgresDatabase | undefined): Record<string, string> {
	if (!database) return { DB_TYPE: 'sqlite' };
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: database.host,
		DB_POSTGRESDB_PORT: String(database.port),
		DB_POSTGRESDB_DATABASE: database.database,
		DB_POSTGRESDB_USER: database.user,
		DB_POSTGRESDB_PASSWORD: database.password,
	};
}

/**
 * The settings that put an n8n process of a PostgreSQL home into queue mode (`EXECUTIONS_MODE=queue`) on the
 * Redis at `redis`: the main (`n8n start`) then only enqueues production executions, and each worker
 * (`n8n worker`) takes jobs from the queue and runs them in its own process. A worker answers its health check
 * (`/healthz/readiness`, which startN8n waits for) on `healthPort`, on 127.0.0.1, and writes n8n's event log to a
 * file of its own: workers sharing a user folder would otherwise append to the same `n8nEventLog-worker.log`.
 */
export function queueModeEnv(
	home: N8nHome,
	redis: { host: string; port: number },
	role: { worker: string; healthPort: number } | 'main',
): Record<string, string> {
	if (!home.database)
		throw new Error('queue mode needs a PostgreSQL home (createN8nHome({ database }))');
	const env: Record<string, string> = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
	if (role === 'main') return env;
	return {
		...env,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(role.healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(
			home.userFolder,
			'.n8n',
			`n8nEventLog-${role.worker}.log`,
		),
	};
}

/**
 * The environment of one n8n process of `home`: isolated from the machine (no NODE_OPTIONS, no inherited N8N_*
 * settings), nothing that calls out at boot, 127.0.0.1 only, the given ports.
 */
export function n8nEnv(
	home: N8nHome,
	{
		port,
		brokerPort,
		extra = {},
	}: { port: number; brokerPort: number; extra?: Record<string, string> },
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (
			/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_OPTIONS$|NODE_ENV$|GENERIC_TIMEZONE$|npm_)/.test(
				name,
			)
		)
			continue;
		env[name] = value;
	}
	Object.assign(env, {
		N8N_USER_FOLDER: home.userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		...databaseEnv(home.database),
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		// nothing that calls out
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		...(majorOf(home.line) >= 2
			? // 2.x's MCP registry module fetches a catalogue at boot (1.x has no such module and refuses the name)
				{ N8N_DISABLED_MODULES: 'mcp-registry' }
			: // 1.x runs Code nodes in task runners only when asked (2.x always does): the same set-up on both lines
				{ N8N_RUNNERS_ENABLED: 'true' }),
		// community packages are loaded from <N8N_USER_FOLDER>/.n8n/nodes
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// 127.0.0.1 only, on ports free right now
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: String(port),
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_MODE: 'internal',
		EXECUTIONS_MODE: 'regular',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_NO_COLOR: 'true',
		NO_COLOR: '1',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
	});
	return Object.assign(env, extra);
}

/** Runs `n8n <args>` for `home` to completion (fresh ports). */
export async function runN8n(
	home: N8nHome,
	args: string[],
	{ timeoutMs = 180_000, env: extra }: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<CommandResult> {
	const n8n = await provisionN8n({ line: home.line });
	const env = n8nEnv(home, { port: await freePort(), brokerPort: await freePort(), extra });
	return await runCommand(n8n.node.bin, [n8n.bin, ...args], {
		cwd: home.userFolder,
		env,
		timeoutMs,
	});
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
	const result = await withTempJson(
		home,
		kind,
		data,
		async (file) => await runN8n(home, [`import:${kind}`, `--input=${file}`]),
	);
	if (result.code !== 0 || !/Successfully imported/i.test(result.stdout + result.stderr)) {
		throw new Error(
			`n8n import:${kind} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
		);
	}
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
	// n8n 1.x calls it "activating" and has no publish command
	const args =
		majorOf(home.line) === 1
			? ['update:workflow', `--id=${id}`, '--active=true']
			: ['publish:workflow', `--id=${id}`];
	const result = await runN8n(home, args);
	if (result.code !== 0)
		throw new Error(
			`n8n ${args[0]} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
		);
}

/** Each node's output items (JSON only) of its last run: { [nodeName]: [json, …] }. */
export type NodeItems = Record<string, Json[]>;

export function outputItems(run: Json): NodeItems {
	const runData = run?.data?.resultData?.runData ?? {};
	const out: NodeItems = {};
	for (const [node, runs] of Object.entries(runData as Record<string, Json[]>)) {
		const last = runs[runs.length - 1];
		out[node] = (last?.data?.main?.[0] ?? []).map((item: Json) => item.json);
	}
	return out;
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
	ok: boolean;
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

/** `n8n execute --id <id> --rawOutput`: runs the workflow once, from its start node, in a process of its own. */
export async function executeWorkflow(
	home: N8nHome,
	id: string,
	{ timeoutMs = 180_000 } = {},
): Promise<ExecuteResult> {
	const result = await runN8n(home, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
	const run = printedRun(result.stdout.trimEnd());
	const error = run?.data?.resultData?.error;
	const ok = result.code === 0 && run !== undefined && !error;
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
				: { message: `n8n execute exited ${result.code}`, output: result.stdout + result.stderr }),
		ms: result.ms,
		stdout: result.stdout,
		stderr: result.stderr,
	};
}

async function waitForHttp(
	url: string,
	{ timeoutMs, isAlive }: { timeoutMs: number; isAlive: () => boolean },
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let lastError = 'no answer';
	while (Date.now() < deadline) {
		if (!isAlive()) throw new Error('n8n exited while starting');
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (response.ok) return;
			lastError = `${url} answered ${response.status}`;
		} catch (error) {
			lastError = (error as Error).message;
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not come up within ${timeoutMs / 1000} s (${lastError})`);
}

export interface RunningN8n {
	baseUrl: string;
	port: number;
	brokerPort: number;
	process: StartedProcess;
	webhookUrl(path: string): string;
	logs(): string;
	exited(): { code: number | null; signal: string | null } | null;
	stop(): Promise<{ code: number | null; signal: string | null }>;
}

/**
 * `n8n start` (or another long-running n8n command, e.g. `worker`) for `home` on 127.0.0.1: a free port unless
 * `port` is given, its task broker on another. Resolves once /healthz/readiness answers (server and database up)
 * and, for `start`, its REST API does (published workflows' webhooks may still be registering: see waitForWebhook). `maxLifetimeMs` bounds how long it
 * may run at all (default 30 minutes; 0 = no bound).
 */
export async function startN8n(
	home: N8nHome,
	options: {
		command?: string[];
		port?: number;
		startTimeoutMs?: number;
		maxLifetimeMs?: number;
		env?: Record<string, string>;
		onLog?: (text: string) => void;
	} = {},
): Promise<RunningN8n> {
	const {
		command = ['start'],
		startTimeoutMs = 120_000,
		maxLifetimeMs = 30 * 60_000,
		env: extra,
		onLog,
	} = options;
	const n8n = await provisionN8n({ line: home.line });
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const child = startProcess(n8n.node.bin, [n8n.bin, ...command], {
		cwd: home.userFolder,
		env: n8nEnv(home, { port, brokerPort, extra }),
		maxLifetimeMs,
		onOutput: onLog,
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	try {
		// a worker serves its health check on QUEUE_HEALTH_CHECK_PORT, when it has one; n8n start on its port
		const healthPort = extra?.QUEUE_HEALTH_CHECK_PORT ?? String(port);
		const startedAt = Date.now();
		const isAlive = () => !child.exited();
		await waitForHttp(`http://127.0.0.1:${healthPort}/healthz/readiness`, {
			timeoutMs: startTimeoutMs,
			isAlive,
		});
		if (command[0] === 'start') {
			// 1.x answers the readiness check once its database is up and registers its REST API seconds later
			// (measured: ~8 s): wait for an endpoint of that API that needs no login
			await waitForHttp(`${baseUrl}/rest/settings`, {
				timeoutMs: startTimeoutMs - (Date.now() - startedAt),
				isAlive,
			});
		}
	} catch (error) {
		await child.stop();
		throw new Error(
			`${(error as Error).message}\n--- n8n log (end) ---\n${child.logs().slice(-6000)}`,
		);
	}
	return {
		baseUrl,
		port,
		brokerPort,
		process: child,
		webhookUrl: (webhookPath) => `${baseUrl}/webhook/${webhookPath}`,
		logs: () => child.logs(),
		exited: () => child.exited(),
		stop: async () => await child.stop(),
	};
}

/**
 * Waits until n8n has registered the production webhook at `url` for `method`: n8n registers a published
 * workflow's webhooks shortly after boot, so "ready" is not yet "listening". Asks with a CORS preflight (OPTIONS),
 * which n8n answers from its webhook table without running anything: 2xx once registered, 404 before.
 */
export async function waitForWebhook(
	url: string,
	{ method = 'POST', timeoutMs = 60_000 } = {},
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, {
				method: 'OPTIONS',
				headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
				signal: AbortSignal.timeout(5000),
			});
			await response.arrayBuffer();
			if (response.status >= 200 && response.status < 300) return;
			last = `status ${response.status}`;
		} catch (error) {
			last = (error as Error).message;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`webhook ${method} ${url} not registered within ${timeoutMs / 1000} s (${last})`);
}

/** The owner account the harness creates on a started n8n (the editor asks for one at first visit otherwise). */
export const OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Loops-e2e-demo-1',
});

export type RestClient = (method: string, path: string, body?: unknown) => Promise<Json>;

/**
 * Sets up n8n's owner account on a started n8n (once per home) and returns a client of n8n's internal REST API
 * logged in as that owner: `rest(method, path, body)` resolves the parsed `data`.
 */
export async function ownerSession(
	n8n: Pick<RunningN8n, 'baseUrl'>,
	owner = OWNER,
): Promise<RestClient> {
	const headers = { 'content-type': 'application/json', 'browser-id': 'n8n-nodes-loops-so-e2e' };
	const call = async (method: string, restPath: string, body?: unknown, cookie?: string) => {
		const response = await fetch(`${n8n.baseUrl}/rest${restPath}`, {
			method,
			headers: cookie ? { ...headers, cookie } : headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`n8n ${method} /rest${restPath} answered ${response.status}: ${text.slice(0, 500)}`,
			);
		return { response, data: text ? JSON.parse(text).data : undefined };
	};
	let login;
	try {
		login = await call('POST', '/owner/setup', owner);
	} catch (error) {
		if (!/answered 400/.test((error as Error).message)) throw error;
		login = await call('POST', '/login', {
			emailOrLdapLoginId: owner.email,
			email: owner.email,
			password: owner.password,
		});
	}
	const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0];
	if (!cookie.startsWith('n8n-auth='))
		throw new Error('n8n gave no session cookie after the owner setup');
	return async (method, restPath, body) => (await call(method, restPath, body, cookie)).data;
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

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	run: Json;
	items: NodeItems;
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
	const finished = [...byId.values()].filter(
		(e) => !['new', 'running', 'waiting'].includes(e.status),
	).length;
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
	const out: ExecutionSummary[] = [];
	for (const summary of summaries) {
		if (!withData) {
			out.push({
				id: String(summary.id),
				status: summary.status,
				mode: summary.mode,
				run: undefined,
				items: {},
			});
			continue;
		}
		const full = await rest('GET', `/executions/${summary.id}`);
		const data = typeof full.data === 'string' ? await parseFlatted(line, full.data) : full.data;
		const run = { data };
		out.push({
			id: String(summary.id),
			status: full.status,
			mode: full.mode,
			run,
			items: outputItems(run),
		});
	}
	return out;
}

/** Polls listExecutions until `count` executions of the workflow have finished (or the time is up). */
export async function waitForExecutions(
	rest: RestClient,
	workflowId: string,
	count: number,
	{ timeoutMs = 60_000, line = selectedLine() }: { timeoutMs?: number; line?: N8nLine } = {},
): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	let executions: ExecutionSummary[] = [];
	while (Date.now() < deadline) {
		executions = await listExecutions(rest, workflowId, line);
		const finished = executions.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
		if (finished.length >= count) return executions;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	return executions;
}
