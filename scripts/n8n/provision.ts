/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- dev scripts: they install n8n */
/**
 * Installs a real n8n (pinned) into the cache (.cache/n8n, or LOOPS_N8N_CACHE_DIR), once.
 *
 *   npm run n8n:provision              install if missing, print where it is
 *   npm run n8n:provision -- --force   reinstall
 *
 * `npm ci` of a pinned lockfile with every install script ignored (most of n8n's ~2,400 packages would download
 * things), then the native modules n8n needs are built by their own install scripts (a prebuilt binary where
 * one can be had, else node-gyp) and loaded once under the Node that runs n8n; only if that fails are they
 * rebuilt from source, offline. The install folder is keyed by the n8n version, the Node version and the
 * lockfile's hash: changing any of them installs anew and removes the older install of the same major line.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { runChecked, runCommand } from './process';
import {
	CACHE_DIR,
	nodeFor,
	npmCliScript,
	ROOT,
	type NodeRuntime,
	type NodeRange,
} from './runtime';

export { ROOT };

export interface N8nLine {
	version: string;
	/** The Node.js versions it runs on. */
	node: Omit<NodeRange, 'forWhat'>;
	/** Native modules it needs built for that Node. */
	nativeModules: string[];
	/** npm `overrides` for dependencies it cannot install from the registry as published. */
	overrides?: Record<string, string>;
}

/** The n8n the tests, the demo and the editor run. */
export const N8N_2: N8nLine = {
	version: '2.41.1',
	node: { minMajor: 24 },
	nativeModules: ['sqlite3', 'isolated-vm'],
};

/**
 * n8n 1.x, which many self-hosted instances still run (1.123.x is maintained). Its engines accept Node 20.19–24,
 * but its isolated-vm (the expression engine: without it `import:workflow` fails) does not build on Node 20.
 */
export const N8N_1: N8nLine = {
	version: '1.123.81',
	node: { minMajor: 22, maxMajor: 24 },
	nativeModules: ['sqlite3', 'isolated-vm'],
	// n8n 1.x depends on xlsx as a tarball URL outside the npm registry; 0.18.5 is the last xlsx published on npm
	overrides: { xlsx: '0.18.5' },
};

export const N8N_VERSION = N8N_2.version;

/** The n8n lines the scripts can run, by major version. */
export const N8N_LINES: Readonly<Record<string, N8nLine>> = { '1': N8N_1, '2': N8N_2 };

/** A line's major version: 1 or 2. */
export function majorOf(line: N8nLine): number {
	return Number(line.version.split('.')[0]);
}

/** The line chosen with LOOPS_N8N_LINE (a major version; default 2). */
export function selectedLine(): N8nLine {
	const major = process.env.LOOPS_N8N_LINE ?? '2';
	const line = N8N_LINES[major];
	if (!line)
		throw new Error(
			`LOOPS_N8N_LINE=${major}: no such n8n line (known: ${Object.keys(N8N_LINES).join(', ')})`,
		);
	return line;
}

export interface N8nInstall {
	version: string;
	dir: string;
	/** n8n's CLI script: run it with `node`. */
	bin: string;
	node: NodeRuntime;
}

const log = (text: string) => process.stderr.write(`[provision] ${text}\n`);

function lockfileOf(line: N8nLine): string {
	return path.join(__dirname, `n8n-${line.version}.package-lock.json`);
}

function installKey(line: N8nLine, node: NodeRuntime): string {
	const lock = lockfileOf(line);
	const hash = fs.existsSync(lock)
		? createHash('sha256').update(fs.readFileSync(lock)).digest('hex').slice(0, 12)
		: 'nolock';
	return `n8n-${line.version}-node-${node.version}-${hash}`;
}

/** One provisioning at a time per cache (tests and the demo may start together). */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const lock = path.join(CACHE_DIR, '.lock');
	const deadline = Date.now() + 40 * 60_000;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = Number(
				fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }),
			);
			let alive = false;
			try {
				if (holder) process.kill(holder, 0);
				alive = holder > 0;
			} catch {
				alive = false;
			}
			if (!alive) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline)
				throw new Error(`another provisioning has held ${lock} for too long`);
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

async function nativeModulesLoad(line: N8nLine, dir: string, node: NodeRuntime): Promise<boolean> {
	const script = line.nativeModules.map((name) => `require(${JSON.stringify(name)});`).join(' ');
	const result = await runCommand(node.bin, ['-e', script], { cwd: dir, timeoutMs: 60_000 });
	return result.code === 0;
}

/** Installs `line` if it is not installed yet; fast (a file check) when it is. */
export async function provisionN8n({
	line = selectedLine(),
	force = false,
}: { line?: N8nLine; force?: boolean } = {}): Promise<N8nInstall> {
	const node = await nodeFor({ ...line.node, forWhat: `n8n ${line.version}` });
	const key = installKey(line, node);
	const dir = path.join(CACHE_DIR, key);
	const install: N8nInstall = {
		version: line.version,
		dir,
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		node,
	};
	const ready = () =>
		fs.existsSync(path.join(dir, '.provisioned.json')) && fs.existsSync(install.bin);
	if (!force && ready()) return install;
	return await withLock(async () => {
		if (!force && ready()) return install;
		const started = Date.now();
		const major = line.version.split('.')[0];
		for (const entry of fs.readdirSync(CACHE_DIR)) {
			// an older install of the same line (another pin, Node or lockfile): 3 GB each
			if (entry.startsWith(`n8n-${major}.`) && entry !== key && entry !== `${key}.partial`) {
				log(`removing stale install ${entry}`);
				fs.rmSync(path.join(CACHE_DIR, entry), { recursive: true, force: true });
			}
		}
		if (force) fs.rmSync(dir, { recursive: true, force: true });
		// Installed into <key>.partial and renamed at the end: an interrupted install is resumed, never used.
		const work = `${dir}.partial`;
		fs.mkdirSync(work, { recursive: true });
		const manifest = {
			name: `n8n-nodes-loops-so-n8n-${line.version}`,
			private: true,
			dependencies: { n8n: line.version },
			...(line.overrides ? { overrides: line.overrides } : {}),
		};
		fs.writeFileSync(path.join(work, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		// This folder's own npm settings, whatever the user's or the project's .npmrc says.
		fs.writeFileSync(
			path.join(work, '.npmrc'),
			'ignore-scripts=true\naudit=false\nfund=false\nupdate-notifier=false\n',
		);
		const lock = lockfileOf(line);
		const pinned = fs.existsSync(lock);
		if (pinned) fs.copyFileSync(lock, path.join(work, 'package-lock.json'));
		const env: NodeJS.ProcessEnv = {
			...process.env,
			// npm and node-gyp run under n8n's Node (on PATH first), building against its headers
			PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH ?? ''}`,
			npm_config_ignore_scripts: 'true',
			npm_config_loglevel: 'warn',
			npm_config_progress: 'false',
			...(node.nodedir ? { npm_config_nodedir: node.nodedir } : {}),
		};
		delete env.npm_config_prefix;
		const npm = npmCliScript();
		const resumed = fs.existsSync(path.join(work, 'node_modules', 'n8n', 'package.json'));
		log(
			`installing n8n@${line.version} under Node ${node.version} into ${path.relative(ROOT, work)} (${pinned ? 'pinned lockfile' : 'no lockfile'}; a few minutes, 2–3 GB)`,
		);
		await runChecked(
			node.bin,
			[npm, pinned && !resumed ? 'ci' : 'install', '--no-audit', '--no-fund'],
			{
				cwd: work,
				env,
				timeoutMs: 40 * 60_000,
				label: `npm install n8n@${line.version}`,
			},
		);
		const modules = line.nativeModules;
		const scriptsOn = { ...env, npm_config_ignore_scripts: 'false' };
		await runChecked(node.bin, [npm, 'rebuild', ...modules, '--foreground-scripts'], {
			cwd: work,
			env: scriptsOn,
			timeoutMs: 30 * 60_000,
			label: `npm rebuild ${modules.join(' ')}`,
		});
		if (!(await nativeModulesLoad(line, work, node))) {
			log(
				`${modules.join(', ')} did not load under Node ${node.version}: rebuilding them from source`,
			);
			await runChecked(node.bin, [npm, 'rebuild', ...modules, '--foreground-scripts'], {
				cwd: work,
				env: { ...scriptsOn, npm_config_build_from_source: 'true', JOBS: 'max' },
				timeoutMs: 30 * 60_000,
				label: `npm rebuild --build-from-source ${modules.join(' ')}`,
			});
			if (!(await nativeModulesLoad(line, work, node))) {
				throw new Error(
					`${modules.join(', ')} still do not load under Node ${node.version} after a rebuild from source`,
				);
			}
		}
		const seconds = Math.round((Date.now() - started) / 1000);
		fs.writeFileSync(
			path.join(work, '.provisioned.json'),
			`${JSON.stringify({ n8n: line.version, node: node.version, at: new Date().toISOString(), seconds }, null, 2)}\n`,
		);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.renameSync(work, dir);
		log(`n8n@${line.version} ready in ${seconds} s: ${path.relative(ROOT, dir)}`);
		return install;
	});
}

if (require.main === module) {
	provisionN8n({ force: process.argv.includes('--force') }).then(
		(install) => log(`n8n ${install.version} at ${install.bin} (Node ${install.node.version})`),
		(error: Error) => {
			log(error.message);
			process.exit(1);
		},
	);
}
