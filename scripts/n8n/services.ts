/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- dev scripts: they run Redis and PostgreSQL for n8n's queue mode */
/**
 * Redis and PostgreSQL for n8n's queue mode, from Debian's packages (`redis-server`, `postgresql`): each started
 * on a free port of 127.0.0.1 with a data folder of its own under the project's cache, and stopped by its own
 * process id. Missing packages are installed with apt-get when this runs as root on a Debian-like system;
 * otherwise the error says, in one sentence, what to install.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from './paths';
import { freePort } from './ports';
import { runChecked, runCommand, startProcess, type StartedProcess } from './process';
import { waitUntil } from './waiting';

/** Where the queue-mode runs keep their Redis and PostgreSQL data folders (git-ignored, like .cache/n8n). */
export const SERVICES_DIR = path.join(ROOT, '.cache', 'queue-mode');

const say = (text: string) => process.stderr.write(`[services] ${text}\n`);

function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

function redisServerBin(): string | undefined {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) =>
		fs.existsSync(file),
	);
}

/** Debian installs each PostgreSQL major version's server under /usr/lib/postgresql/<major>/bin: the newest. */
function postgresBinDir(): string | undefined {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return undefined;
	const majors = fs
		.readdirSync(base)
		.filter(
			(entry) =>
				fs.existsSync(path.join(base, entry, 'bin', 'postgres')) &&
				fs.existsSync(path.join(base, entry, 'bin', 'initdb')),
		)
		.sort((a, b) => Number(b) - Number(a));
	return majors.length > 0 ? path.join(base, majors[0], 'bin') : undefined;
}

/**
 * Makes sure Debian's `redis-server` and `postgresql` are installed: apt-get installs what is missing when this
 * process is root; otherwise it throws one sentence saying what to install.
 */
export async function ensureServicePackages(): Promise<{ installed: string[] }> {
	const missing = [
		...(redisServerBin() ? [] : ['redis-server']),
		...(postgresBinDir() ? [] : ['postgresql']),
	];
	if (missing.length === 0) return { installed: [] };
	const hasApt = fs.existsSync('/usr/bin/apt-get');
	if (!isRoot() || !hasApt) {
		throw new Error(
			`n8n's queue mode needs Redis and PostgreSQL from Debian's packages: install ${missing.join(' and ')} ` +
				`(as root: apt-get update && apt-get install -y ${missing.join(' ')}) and run the command again.`,
		);
	}
	say(`installing ${missing.join(', ')} with apt-get`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// Other jobs on the machine may hold apt's lock: wait for it rather than fail.
	const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
	await runChecked('apt-get', [...lockWait, 'update', '-q'], {
		env,
		timeoutMs: 15 * 60_000,
		label: 'apt-get update',
	});
	await runChecked(
		'apt-get',
		[...lockWait, 'install', '-y', '-q', '--no-install-recommends', ...missing],
		{
			env,
			timeoutMs: 15 * 60_000,
			label: `apt-get install ${missing.join(' ')}`,
		},
	);
	if (!redisServerBin() || !postgresBinDir())
		throw new Error(
			`apt-get installed ${missing.join(', ')} but the servers are not where Debian puts them`,
		);
	return { installed: missing };
}

export interface RunningService {
	name: string;
	host: string;
	port: number;
	pid: number;
	dataDir: string;
	logs(): string;
	/** Stops the server (SIGTERM to its own process id, SIGKILL to its group after a grace period). */
	stop(): Promise<void>;
}

/** Waits until `check` holds; stops `child` and throws with its output when it exits first or the time is up. */
async function waitFor(
	what: string,
	check: () => Promise<boolean>,
	child: StartedProcess,
	timeoutMs: number,
): Promise<void> {
	try {
		await waitUntil(async () => ((await check()) ? true : undefined), {
			what,
			timeoutMs,
			intervalMs: 200,
			giveUpIf: () => (child.exited() ? 'exited while starting' : undefined),
		});
	} catch (error) {
		await child.stop(2000);
		throw new Error(`${(error as Error).message}:\n${child.logs().slice(-3000)}`);
	}
}

/** Sends `request` to 127.0.0.1:`port` and resolves whether the answer starts with `expected`. */
async function answers(port: number, request: string, expected: string): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let data = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write(request));
		socket.on('data', (chunk) => {
			data += chunk.toString();
			if (data.length >= expected.length) done(data.startsWith(expected));
		});
	});
}

function service(
	name: string,
	child: StartedProcess,
	port: number,
	dataDir: string,
	graceMs: number,
): RunningService {
	return {
		name,
		host: '127.0.0.1',
		port,
		pid: child.pid,
		dataDir,
		logs: () => child.logs(),
		async stop() {
			await child.stop(graceMs);
		},
	};
}

/** A Redis on a free port of 127.0.0.1, in memory only (no snapshots, no append-only file), its folder `dataDir`. */
export async function startRedis(dataDir: string): Promise<RunningService> {
	const bin = redisServerBin();
	if (!bin) throw new Error('redis-server is not installed (ensureServicePackages installs it)');
	fs.mkdirSync(dataDir, { recursive: true });
	const port = await freePort();
	const child = startProcess(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dataDir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--logfile',
			'',
		],
		{ cwd: dataDir, maxLifetimeMs: 2 * 60 * 60_000 },
	);
	await waitFor(
		'redis-server',
		async () => await answers(port, 'PING\r\n', '+PONG'),
		child,
		2 * 60_000,
	);
	return service('Redis', child, port, dataDir, 5000);
}

export interface PostgresService extends RunningService {
	user: string;
	password: string;
	database: string;
}

/**
 * A PostgreSQL cluster made for this run in `dataDir` (initdb), on a free port of 127.0.0.1, no Unix socket, with
 * a database `n8n` owned by user `n8n`. PostgreSQL refuses to run as root: as root, initdb and the server run as
 * Debian's `postgres` system user (setpriv, which executes them directly, so the process id we stop is the
 * server's own) and the data folder is handed to that user (or, where that user cannot reach the project's
 * cache, e.g. a clone under /root, a folder under the system's temporary folder, removed when the server stops).
 * Durability is off (fsync, synchronous commit): the data is thrown away at the end.
 */
export async function startPostgres(wantedDataDir: string): Promise<PostgresService> {
	const binDir = postgresBinDir();
	if (!binDir) throw new Error('PostgreSQL is not installed (ensureServicePackages installs it)');
	let dataDir = wantedDataDir;
	const makeDataDir = () => {
		fs.rmSync(dataDir, { recursive: true, force: true });
		fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	};
	makeDataDir();
	let asUser: string[] = [];
	if (isRoot()) {
		const passwd = fs
			.readFileSync('/etc/passwd', 'utf8')
			.split('\n')
			.find((line) => line.startsWith('postgres:'));
		if (!passwd)
			throw new Error(
				'PostgreSQL refuses to run as root and there is no "postgres" user to run it as (Debian\'s postgresql package creates it)',
			);
		const [, , uid, gid] = passwd.split(':');
		asUser = ['/usr/bin/setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--'];
		fs.chownSync(dataDir, Number(uid), Number(gid));
		const reachable = await runCommand(
			asUser[0],
			[...asUser.slice(1), '/usr/bin/test', '-w', dataDir],
			{ timeoutMs: 30_000 },
		);
		if (reachable.code !== 0) {
			// e.g. a clone under /root (mode 700): the postgres user cannot get to the project's cache
			fs.rmSync(dataDir, { recursive: true, force: true });
			dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-loops-so-postgres-'));
			fs.chownSync(dataDir, Number(uid), Number(gid));
			say(
				`the postgres user cannot reach ${wantedDataDir}: PostgreSQL's data folder is ${dataDir} instead`,
			);
		}
	}
	const run = (bin: string, args: string[]) =>
		(asUser.length > 0 ? [asUser[0], [...asUser.slice(1), bin, ...args]] : [bin, args]) as [
			string,
			string[],
		];
	const user = 'n8n';
	await runChecked(
		...run(path.join(binDir, 'initdb'), [
			'-D',
			dataDir,
			'-U',
			user,
			'-A',
			'trust',
			'-E',
			'UTF8',
			'--no-sync',
			'--locale=C',
		]),
		{ cwd: '/', timeoutMs: 3 * 60_000, label: 'initdb' },
	);
	const port = await freePort();
	const child = startProcess(
		...run(path.join(binDir, 'postgres'), [
			'-D',
			dataDir,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=100',
		]),
		{ cwd: '/', maxLifetimeMs: 2 * 60 * 60_000 },
	);
	await waitFor(
		'postgres',
		async () => /ready to accept connections/.test(child.logs()),
		child,
		3 * 60_000,
	);
	const created = await runCommand(
		...run(path.join(binDir, 'createdb'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			user,
			'n8n',
		]),
		{ cwd: '/', timeoutMs: 3 * 60_000 },
	);
	if (created.code !== 0) {
		await child.stop(5000);
		throw new Error(`createdb failed (exit ${created.code}): ${created.stderr}`);
	}
	const running = service('PostgreSQL', child, port, dataDir, 15_000);
	return {
		...running,
		user,
		password: 'n8n',
		database: 'n8n',
		async stop() {
			await running.stop();
			if (dataDir !== wantedDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
		},
	};
}
