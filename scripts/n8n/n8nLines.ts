/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev scripts: LOOPS_N8N_LINE picks the line */
/**
 * The n8n lines the scripts and tests run, pinned: 2.x (the default) and 1.x (`LOOPS_N8N_LINE=1`), each with the
 * Node.js it runs on and what its install needs.
 */
import semver from 'semver';

import type { NodeRange } from './runtime';

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
	node: { range: '>=24', wanted: 'Node.js 24 or later' },
	nativeModules: ['sqlite3', 'isolated-vm'],
};

/**
 * n8n 1.x, which many self-hosted instances still run (1.123.x is maintained). Its engines accept Node 20.19–24,
 * but its isolated-vm (the expression engine: without it `import:workflow` fails) does not build on Node 20.
 */
export const N8N_1: N8nLine = {
	version: '1.123.81',
	node: { range: '>=22 <25', wanted: 'Node.js 22–24' },
	nativeModules: ['sqlite3', 'isolated-vm'],
	// n8n 1.x depends on xlsx as a tarball URL outside the npm registry; 0.18.5 is the last xlsx published on npm
	overrides: { xlsx: '0.18.5' },
};

export const N8N_VERSION = N8N_2.version;

/** The n8n lines the scripts can run, by major version. */
export const N8N_LINES: Readonly<Record<string, N8nLine>> = { '1': N8N_1, '2': N8N_2 };

/** A line's major version: 1 or 2. */
export function majorOf(line: N8nLine): number {
	return semver.major(line.version);
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
