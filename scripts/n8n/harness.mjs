// Drives a real n8n (installed by provision.mjs) for the end-to-end tests, the demo and the editor.
//
// Every n8n "home" is a temporary N8N_USER_FOLDER of its own: its own SQLite database, a fixed encryption key,
// this package installed the way n8n installs a community package, and nothing that phones home. Each n8n process
// gets free ports found at run time and listens on 127.0.0.1 only; every child process has a time limit and is
// killed (with its process group) when it overruns, when stopped, or when this process exits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { N8N_VERSION, ROOT, bounded, n8nPaths, provisionN8n } from './provision.mjs';

export { N8N_VERSION, ROOT, provisionN8n };

/** Fixed, so credentials imported as plain data stay readable by every n8n process of a home. */
export const ENCRYPTION_KEY = 'n8n-nodes-loops-e2e-not-a-secret';
export const PACKAGE_NAME = 'n8n-nodes-loops';
export const NODE_TYPE = `${PACKAGE_NAME}.loops`;
export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.loopsTrigger`;
export const EXAMPLES_DIR = path.join(ROOT, 'examples');

const children = new Set();
function killTree(child, signal = 'SIGKILL') {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {}
	}
}
process.on('exit', () => {
	for (const child of children) killTree(child);
});

/**
 * Runs a command to completion with a time limit; resolves { code, stdout, stderr, ms } (never rejects on a
 * non-zero exit: callers decide), rejects only when it can't start or runs out of time.
 */
export function runCommand(cmd, args, { cwd = ROOT, env = process.env, timeoutMs = 120_000, input } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(...bounded(cmd, args, timeoutMs), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
		children.add(child);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
		const timer = setTimeout(() => {
			timedOut = true;
			killTree(child);
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			children.delete(child);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			const ms = Date.now() - started;
			if (timedOut) {
				reject(
					new Error(
						`${path.basename(cmd)} ${args.join(' ')} timed out after ${timeoutMs / 1000} s\n` +
							`--- stdout (end) ---\n${stdout.slice(-4000)}\n--- stderr (end) ---\n${stderr.slice(-4000)}`,
					),
				);
			} else resolve({ code: code ?? signal, stdout, stderr, ms });
		});
	});
}

function npmCommand() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** The tarball packed by the e2e tests' global setup (jest-global-setup.mjs). */
export function e2eTarball() {
	const tarball = process.env.LOOPS_E2E_TARBALL;
	if (!tarball || !fs.existsSync(tarball)) {
		throw new Error('LOOPS_E2E_TARBALL is not set: run the e2e tests with jest.e2e.config.js (its globalSetup packs)');
	}
	return tarball;
}

/** A free TCP port on 127.0.0.1 (asked of the OS just now). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Compiles the package (`npm run build`: tsc + icons) into dist/. */
export async function buildPackage() {
	const r = await runCommand(npmCommand(), ['run', 'build', '--silent'], { timeoutMs: 5 * 60_000 });
	if (r.code !== 0) throw new Error(`npm run build failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
	return r.ms;
}

/**
 * `npm pack`s the package (it ships dist/: build first) into `destDir` (a new temp folder by default).
 * Returns the tarball's absolute path.
 */
export async function packPackage({ destDir } = {}) {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	for (const file of [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])]) {
		if (!fs.existsSync(path.join(ROOT, file))) {
			throw new Error(`${file} is missing: build the package first (npm run build)`);
		}
	}
	const dest = destDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-loops-pack-'));
	fs.mkdirSync(dest, { recursive: true });
	const r = await runCommand(npmCommand(), ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], {
		timeoutMs: 2 * 60_000,
	});
	if (r.code !== 0) throw new Error(`npm pack failed (exit ${r.code}):\n${r.stderr}`);
	const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
	return path.join(dest, info.filename);
}

/**
 * A fresh N8N_USER_FOLDER, with the packed package (if given) installed into `<folder>/.n8n/nodes` by the steps
 * n8n itself takes for a community package (CommunityPackagesService.downloadPackage in n8n 2.41): the tarball
 * unpacked into nodes/node_modules/<name>, its package.json stripped of dev, peer and optional dependencies,
 * `npm install` run inside it with no scripts and no lockfile (installing its runtime dependencies: none here),
 * and `<name>: <version>` recorded in nodes/package.json. n8n loads every package in nodes/node_modules at boot.
 */
export async function createN8nHome({ tarball, prefix = 'n8n-nodes-loops-e2e-' } = {}) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const nodesPkg = { name: 'installed-nodes', private: true, dependencies: {} };
	const home = { userFolder, nodesDir, installed: null };
	if (tarball) {
		const dir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
		fs.mkdirSync(dir, { recursive: true });
		const tar = await runCommand('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { timeoutMs: 60_000 });
		if (tar.code !== 0) throw new Error(`unpacking ${tarball} failed:\n${tar.stderr}`);
		const pkgFile = path.join(dir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
			fs.readFileSync(pkgFile, 'utf8'),
		);
		fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
		const r = await runCommand(
			npmCommand(),
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
		if (r.code !== 0) throw new Error(`npm install in ${dir} failed:\n${r.stdout}\n${r.stderr}`);
		nodesPkg.dependencies[pkg.name] = pkg.version;
		home.installed = { dir, version: pkg.version };
	}
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify(nodesPkg, null, 2) + '\n');
	return home;
}

/**
 * What the community-package install left in a home: the dependencies nodes/package.json declares, the installed
 * package's files (relative paths) and the folders under its own node_modules (its runtime dependencies).
 */
export function describeInstall(home) {
	const nodesPkg = JSON.parse(fs.readFileSync(path.join(home.nodesDir, 'package.json'), 'utf8'));
	const dir = path.join(home.nodesDir, 'node_modules', PACKAGE_NAME);
	const files = [];
	const walk = (d) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const full = path.join(d, e.name);
			if (e.isDirectory()) {
				if (full !== path.join(dir, 'node_modules')) walk(full);
			} else files.push(path.relative(dir, full));
		}
	};
	walk(dir);
	const nested = path.join(dir, 'node_modules');
	return {
		declared: nodesPkg.dependencies ?? {},
		packageJson: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')),
		files: files.sort(),
		nodeModules: fs.existsSync(nested) ? fs.readdirSync(nested).filter((n) => !n.startsWith('.')) : [],
	};
}

/** Removes a home's folder (n8n must be stopped). */
export function removeN8nHome(home) {
	fs.rmSync(home.userFolder, { recursive: true, force: true });
}

/**
 * The environment of one n8n process of `home`: isolated from the machine (no NODE_OPTIONS, no inherited N8N_*
 * settings), nothing that calls out at boot, 127.0.0.1 only, the given ports.
 */
export function n8nEnv(home, { port, brokerPort, extra = {} }) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|WEBHOOK_URL$|NODE_OPTIONS$|NODE_ENV$|GENERIC_TIMEZONE$|npm_)/.test(k)) continue;
		env[k] = v;
	}
	Object.assign(env, {
		N8N_USER_FOLDER: home.userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_TYPE: 'sqlite',
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
		N8N_DISABLED_MODULES: 'mcp-registry',
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

/** Runs `n8n <args>` for `home` to completion (Node 24, fresh ports). */
export async function runN8n(home, args, { timeoutMs = 180_000, env: extra } = {}) {
	const n8n = await provisionN8n();
	const env = n8nEnv(home, { port: await freePort(), brokerPort: await freePort(), extra });
	const r = await runCommand(n8n.node, [n8n.bin, ...args], { cwd: home.userFolder, env, timeoutMs });
	return r;
}

function writeTemp(home, name, data) {
	const file = path.join(home.userFolder, `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
	fs.writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
	return file;
}

/**
 * Imports credentials: [{ id, name, type, data: { ...plain fields } }]. n8n encrypts plain `data` with the home's
 * key. Ids are 16 characters of [A-Za-z0-9] in n8n 2.x.
 */
export async function importCredentials(home, credentials) {
	const file = writeTemp(home, 'credentials', credentials);
	const r = await runN8n(home, ['import:credentials', `--input=${file}`]);
	fs.rmSync(file, { force: true });
	if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr)) {
		throw new Error(`n8n import:credentials failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
	}
	return r;
}

/** Imports workflows (objects, or paths of JSON files) with one `n8n import:workflow`; returns their ids. */
export async function importWorkflows(home, workflows) {
	const data = workflows.map((w) => (typeof w === 'string' ? JSON.parse(fs.readFileSync(w, 'utf8')) : w));
	for (const w of data) {
		if (!w.id) throw new Error(`workflow "${w.name}" needs an "id" to be imported and executed by id`);
	}
	const file = writeTemp(home, 'workflows', data);
	const r = await runN8n(home, ['import:workflow', `--input=${file}`]);
	fs.rmSync(file, { force: true });
	if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr)) {
		throw new Error(`n8n import:workflow failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
	}
	return data.map((w) => w.id);
}

/** Imports one workflow (an object, or the path of a JSON file); returns its id. */
export async function importWorkflow(home, workflow) {
	const [id] = await importWorkflows(home, [workflow]);
	return id;
}

/** Publishes (activates) an imported workflow, so the next `n8n start` registers its trigger / webhook. */
export async function publishWorkflow(home, id) {
	const r = await runN8n(home, ['publish:workflow', `--id=${id}`]);
	if (r.code !== 0) throw new Error(`n8n publish:workflow failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
	return r;
}

/** The JSON document that starts at a line holding only "{" and runs to the end of the text, or undefined. */
function lastJsonDocument(text) {
	const lines = text.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		for (let end = lines.length - 1; end > start; end--) {
			if (lines[end] !== '}') continue;
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n'));
			} catch {
				break;
			}
		}
	}
	return undefined;
}

/** Items per node of a run's data: { [nodeName]: [json, …] } (first output, last run of the node). */
export function outputItems(run) {
	const runData = run?.data?.resultData?.runData ?? {};
	const out = {};
	for (const [node, runs] of Object.entries(runData)) {
		const last = runs[runs.length - 1];
		out[node] = (last?.data?.main?.[0] ?? []).map((item) => item.json);
	}
	return out;
}

/**
 * `n8n execute --id <id> --rawOutput`: runs the workflow once, from its start node, in a process of its own.
 * Resolves { ok, run, items, error, lastNode, ms, stdout, stderr }; `items` are each node's output JSON.
 */
export async function executeWorkflow(home, id, { timeoutMs = 180_000 } = {}) {
	const r = await runN8n(home, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
	const run = lastJsonDocument(r.stdout);
	const error = run?.data?.resultData?.error;
	const ok = r.code === 0 && run !== undefined && !error;
	return {
		ok,
		code: r.code,
		run,
		items: outputItems(run),
		lastNode: run?.data?.resultData?.lastNodeExecuted,
		error: error ?? (ok ? undefined : { message: `n8n execute exited ${r.code}`, output: r.stdout + r.stderr }),
		ms: r.ms,
		stdout: r.stdout,
		stderr: r.stderr,
	};
}

async function waitForHttp(url, { timeoutMs, isAlive }) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	while (Date.now() < deadline) {
		if (!isAlive()) throw new Error('n8n exited while starting');
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (res.ok) return;
			lastError = new Error(`${url} answered ${res.status}`);
		} catch (e) {
			lastError = e;
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`n8n did not come up within ${timeoutMs / 1000} s (${lastError?.message ?? 'no answer'})`);
}

/**
 * `n8n start` for `home` on 127.0.0.1 (a free port unless `port` is given), its task broker on another free port.
 * Resolves once /healthz/readiness answers (server and database up; published workflows' webhooks may still be
 * registering: see waitForWebhook) with { baseUrl, port, brokerPort, webhookUrl(path), logs(), exited(), stop() }.
 * `maxLifetimeMs` bounds how long it may run at all (default 30 minutes; 0 = no bound).
 */
export async function startN8n(
	home,
	{ port: fixedPort, startTimeoutMs = 120_000, maxLifetimeMs = 30 * 60_000, env: extra, onLog } = {},
) {
	const n8n = await provisionN8n();
	const port = fixedPort ?? (await freePort());
	const brokerPort = await freePort();
	const env = n8nEnv(home, { port, brokerPort, extra });
	const child = spawn(...bounded(n8n.node, [n8n.bin, 'start'], maxLifetimeMs), {
		cwd: home.userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	children.add(child);
	let log = '';
	let exited = null;
	const onData = (chunk) => {
		const text = chunk.toString();
		log = (log + text).slice(-200_000);
		onLog?.(text);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exitedPromise = new Promise((resolve) => {
		child.on('close', (code, signal) => {
			exited = { code, signal };
			children.delete(child);
			clearTimeout(lifetime);
			resolve(exited);
		});
	});
	const lifetime = maxLifetimeMs
		? setTimeout(() => {
				onData(`\n[harness] n8n ran longer than ${maxLifetimeMs / 1000} s: stopping it\n`);
				killTree(child);
			}, maxLifetimeMs)
		: undefined;
	lifetime?.unref?.();
	const baseUrl = `http://127.0.0.1:${port}`;
	const stop = async () => {
		if (exited) return exited;
		// to n8n (through `timeout`, which passes it on): n8n shuts down its task runner and itself
		child.kill('SIGTERM');
		const timer = setTimeout(() => killTree(child, 'SIGKILL'), 15_000);
		const result = await exitedPromise;
		clearTimeout(timer);
		return result;
	};
	try {
		await waitForHttp(`${baseUrl}/healthz/readiness`, { timeoutMs: startTimeoutMs, isAlive: () => !exited });
	} catch (e) {
		await stop();
		throw new Error(`${e.message}\n--- n8n log (end) ---\n${log.slice(-6000)}`);
	}
	return {
		baseUrl,
		port,
		brokerPort,
		webhookUrl: (p) => `${baseUrl}/webhook/${p}`,
		logs: () => log,
		exited: () => exited,
		stop,
	};
}

/**
 * Waits until n8n has registered the production webhook at `url` for `method`: n8n registers a published
 * workflow's webhooks shortly after boot (its publication service works in the background), so "ready" is not yet
 * "listening". Asks with a CORS preflight (OPTIONS), which n8n answers from its webhook table without running
 * anything: 204 once registered, 404 before.
 */
export async function waitForWebhook(url, { method = 'POST', timeoutMs = 60_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		try {
			const res = await fetch(url, {
				method: 'OPTIONS',
				headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
				signal: AbortSignal.timeout(5000),
			});
			await res.arrayBuffer();
			if (res.status >= 200 && res.status < 300) return;
			last = `status ${res.status}`;
		} catch (e) {
			last = e.message;
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`webhook ${method} ${url} not registered within ${timeoutMs / 1000} s (${last})`);
}

/** Reads an example workflow from examples/. */
export function readExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
}

/** The owner account the harness creates on a started n8n (the editor asks for it at first visit otherwise). */
export const OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Loops-e2e-demo-1',
});

/**
 * Sets up n8n's owner account on a started n8n (once per home) and returns a client of n8n's internal REST API
 * logged in as that owner: `rest(method, path, body)` resolves the parsed `data`.
 */
export async function ownerSession(n8n, owner = OWNER) {
	const headers = { 'content-type': 'application/json', 'browser-id': 'n8n-nodes-loops-e2e' };
	const call = async (method, p, body, cookie) => {
		const res = await fetch(`${n8n.baseUrl}/rest${p}`, {
			method,
			headers: cookie ? { ...headers, cookie } : headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`n8n ${method} /rest${p} answered ${res.status}: ${text.slice(0, 500)}`);
		return { res, data: text ? JSON.parse(text).data : undefined };
	};
	let login;
	try {
		login = await call('POST', '/owner/setup', owner);
	} catch (e) {
		if (!/answered 400/.test(e.message)) throw e;
		login = await call('POST', '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}
	const cookie = (login.res.headers.get('set-cookie') ?? '').split(';')[0];
	if (!cookie.startsWith('n8n-auth=')) throw new Error('n8n gave no session cookie after the owner setup');
	return async (method, p, body) => (await call(method, p, body, cookie)).data;
}

let flattedParse;
/** n8n stores execution data "flatted" (github.com/WebReflection/flatted): read it with n8n's own copy. */
function parseFlatted(text) {
	if (!flattedParse) {
		const n8nRequire = createRequire(path.join(n8nPaths().dir, 'node_modules', 'n8n', 'package.json'));
		flattedParse = n8nRequire('flatted').parse;
	}
	return flattedParse(text);
}

/**
 * The finished executions of a workflow on a started n8n, oldest first, each with its run data parsed:
 * [{ id, status, mode, run, items }] (`items` as in executeWorkflow).
 */
export async function listExecutions(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await rest('GET', `/executions?filter=${filter}&limit=100`);
	const summaries = [...(page?.results ?? [])].sort((a, b) => Number(a.id) - Number(b.id));
	const out = [];
	for (const summary of summaries) {
		const full = await rest('GET', `/executions/${summary.id}`);
		const data = typeof full.data === 'string' ? parseFlatted(full.data) : full.data;
		const run = { data };
		out.push({ id: summary.id, status: full.status, mode: full.mode, run, items: outputItems(run) });
	}
	return out;
}

/** Polls `listExecutions` until `count` executions of the workflow have finished (or the time is up). */
export async function waitForExecutions(rest, workflowId, count, { timeoutMs = 60_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let executions = [];
	while (Date.now() < deadline) {
		executions = await listExecutions(rest, workflowId);
		const finished = executions.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
		if (finished.length >= count) return executions;
		await new Promise((r) => setTimeout(r, 300));
	}
	return executions;
}

/**
 * The project's Loops API emulator (TypeScript, test/emulator) loaded into this process through ts-node, for the
 * .mjs scripts (Jest tests import it directly). Returns the module: { LoopsEmulator, DEFAULT_API_KEY, … }.
 */
export function loadEmulator() {
	const require = createRequire(path.join(ROOT, 'package.json'));
	require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
	return require(path.join(ROOT, 'test', 'emulator', 'index.ts'));
}
