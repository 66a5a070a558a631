/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev script */
/**
 * n8n's community-package verification, locally: the lint legs of @n8n/scan-community-package over
 *   1. the packed tarball (what npm would publish): its compiled .js and package.json, and
 *   2. the source: package.json and nodes/ + credentials/ (.ts, .js, .json),
 * as `analyzePackageByName` runs them after its provenance and download steps (which need a version published
 * with provenance, so they are skipped here). Any finding, error or warning, fails (exit 1).
 *
 *   npm run scan             build, pack, scan
 *   npm run scan -- --no-build   scan the dist/ already built
 *
 * The scanner is an ES module: this script runs with TypeScript's node16 module setting (see package.json), which
 * keeps `import()` a real dynamic import.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { scriptArgs } from './cliArgs';
import { buildPackage, packPackage, removePackedPackage } from './package';
import { ROOT } from './paths';
import { runChecked } from './process';

const scannerFile = path.join(
	ROOT,
	'node_modules',
	'@n8n',
	'scan-community-package',
	'scanner',
	'scanner.mjs',
);
const scannerRequire = createRequire(scannerFile);

type Scanner = {
	analyzePackage(
		dir: string,
		patterns: string[],
	): Promise<{ passed: boolean; message?: string; details?: string }>;
	buildScanConfig(): Promise<unknown>;
	SOURCE_FILE_PATTERNS: string[];
};

/** Same ESLint set-up and file selection as the scanner's analyzePackage, but counting warnings as well. */
async function lintLeg(
	scanner: Scanner,
	label: string,
	dir: string,
	patterns: string[],
): Promise<boolean> {
	const verdict = await scanner.analyzePackage(dir, patterns);
	// the ESLint the scanner itself uses
	const { ESLint } = await import(pathToFileURL(scannerRequire.resolve('eslint')).href);
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const fastGlob = scannerRequire('fast-glob') as {
		sync(patterns: string[], options: object): string[];
	};
	const files = fastGlob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results: Array<{ errorCount: number; warningCount: number }> = files.length
		? await eslint.lintFiles(files)
		: [];
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	const ok = verdict.passed && errors + warnings === 0 && files.length > 0;
	process.stdout.write(
		`${(ok ? 'ok' : 'FAILED').padEnd(6)} ${label}: ${files.length} files, ${errors} errors, ${warnings} warnings` +
			(verdict.passed ? '' : ` (scanner: ${verdict.message})`) +
			'\n',
	);
	if (errors + warnings > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		process.stdout.write(await formatter.format(results));
	} else if (!verdict.passed && verdict.details) {
		process.stdout.write(`${verdict.details}\n`);
	}
	return ok;
}

async function main(): Promise<boolean> {
	const startedAt = Date.now();
	const scanner = (await import(pathToFileURL(scannerFile).href)) as Scanner;
	const args = scriptArgs({ booleans: ['no-build'] });
	if (!args['no-build']) await buildPackage();
	const tarball = await packPackage();
	const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-loops-so-scan-'));
	try {
		await runChecked('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], {
			timeoutMs: 60_000,
		});
		const distOk = await lintLeg(scanner, `tarball ${path.basename(tarball)}`, unpacked, [
			'**/*.js',
			'package.json',
		]);
		const sourceOk = await lintLeg(
			scanner,
			'source (package.json, nodes/, credentials/)',
			ROOT,
			scanner.SOURCE_FILE_PATTERNS,
		);
		const passed = distOk && sourceOk;
		process.stdout.write(
			`${passed ? 'passed' : 'failed'}: @n8n/scan-community-package lint legs (${((Date.now() - startedAt) / 1000).toFixed(1)} s)\n`,
		);
		return passed;
	} finally {
		fs.rmSync(unpacked, { recursive: true, force: true });
		removePackedPackage(tarball);
	}
}

main().then(
	(passed) => process.exit(passed ? 0 : 1),
	(error: Error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
