/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev scripts: they build and pack this package */
/** This package as n8n gets it: built, then packed by npm into a tarball, as it would be published. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from './paths';
import { runChecked } from './process';

export const PACKAGE_NAME = 'n8n-nodes-loops-so';
export const NODE_TYPE = `${PACKAGE_NAME}.loops`;
export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.loopsTrigger`;

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const PACK_PREFIX = `${PACKAGE_NAME}-pack-`;

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
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), PACK_PREFIX));
	const result = await runChecked(
		npm,
		['pack', '--json', '--ignore-scripts', '--pack-destination', dest],
		{ cwd: ROOT, timeoutMs: 2 * 60_000 },
	);
	const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	return path.join(dest, info.filename);
}

/** Removes a tarball made by packPackage, with its folder. */
export function removePackedPackage(tarball: string): void {
	if (path.basename(path.dirname(tarball)).startsWith(PACK_PREFIX)) {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}

/** Builds and packs; returns the tarball's path (removePackedPackage removes it). */
export async function buildAndPack(): Promise<string> {
	await buildPackage();
	return await packPackage();
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
