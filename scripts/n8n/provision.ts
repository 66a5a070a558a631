/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev scripts: they install n8n */
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
import { parseArgs } from 'node:util';

import lockfile from 'proper-lockfile';

import { majorOf, selectedLine, type N8nLine } from './n8nLines';
import { CACHE_DIR, ROOT } from './paths';
import { runChecked, runCommand } from './process';
import { nodeFor, npmCliScript, type NodeRuntime } from './runtime';

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

/**
 * One provisioning at a time per cache (tests, the demo and other clones sharing LOOPS_N8N_CACHE_DIR may start
 * together). proper-lockfile holds a lock folder whose time stamp it refreshes while the install runs: a lock left
 * by a process that died goes stale after two minutes and is taken over, whatever machine or pid namespace held it.
 */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const lockPath = path.join(CACHE_DIR, '.provision.lock');
	let compromised: Error | undefined;
	const release = await lockfile.lock(CACHE_DIR, {
		lockfilePath: lockPath,
		stale: 2 * 60_000,
		update: 15_000,
		// an install takes minutes: wait up to 45 minutes for another one to finish
		retries: { retries: 45 * 30, factor: 1, minTimeout: 2000, maxTimeout: 2000 },
		onCompromised: (error) => {
			// e.g. this machine was too busy to refresh the lock for two minutes: say so, let the install finish
			compromised = error;
			log(`the lock ${lockPath} was taken over while installing: ${error.message}`);
		},
	});
	try {
		return await work();
	} finally {
		if (!compromised) await release();
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
		const major = majorOf(line);
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
	const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } });
	provisionN8n({ force: values.force }).then(
		(install) => log(`n8n ${install.version} at ${install.bin} (Node ${install.node.version})`),
		(error: Error) => {
			log(error.message);
			process.exit(1);
		},
	);
}
