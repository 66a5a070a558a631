#!/usr/bin/env node
// n8n's community-package verification, locally: the lint legs of @n8n/scan-community-package over
//   1. the packed tarball (what npm would publish): its compiled .js and package.json, and
//   2. the source: package.json and nodes/ + credentials/ (.ts, .js, .json),
// exactly as `analyzePackageByName` runs them after its provenance and download steps (which need a version
// published with provenance, so they are skipped here). Any finding, error or warning, fails (exit 1).
//
//   node scripts/n8n/scan.mjs            build, pack, scan
//   node scripts/n8n/scan.mjs --no-build scan the dist/ already built
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ROOT, buildPackage, packPackage } from './harness.mjs';

const scannerFile = path.join(ROOT, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
const { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href);
// the ESLint the scanner itself uses
const { ESLint } = await import(
	pathToFileURL(
		(await import('node:module')).createRequire(scannerFile).resolve('eslint'),
	).href
);

/** Same ESLint set-up and file selection as the scanner's analyzePackage, but counting warnings as well. */
async function lintLeg(label, dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const fg = (await import('node:module')).createRequire(scannerFile)('fast-glob');
	const files = fg.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = files.length ? await eslint.lintFiles(files) : [];
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const warnings = results.reduce((n, r) => n + r.warningCount, 0);
	const findings = errors + warnings;
	const status = verdict.passed && findings === 0 ? 'ok' : 'FAILED';
	process.stdout.write(
		`${status.padEnd(6)} ${label}: ${files.length} files, ${errors} errors, ${warnings} warnings` +
			(verdict.passed ? '' : ` (scanner: ${verdict.message})`) +
			'\n',
	);
	if (findings > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		process.stdout.write(await formatter.format(results));
	} else if (!verdict.passed && verdict.details) {
		process.stdout.write(`${verdict.details}\n`);
	}
	return verdict.passed && findings === 0 && files.length > 0;
}

async function main() {
	const t0 = Date.now();
	if (!process.argv.includes('--no-build')) await buildPackage();
	const tarball = await packPackage();
	const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-loops-scan-'));
	try {
		const tar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], { timeout: 60_000 });
		if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
		const distOk = await lintLeg(`tarball ${path.basename(tarball)}`, unpacked, ['**/*.js', 'package.json']);
		const sourceOk = await lintLeg('source (package.json, nodes/, credentials/)', ROOT, SOURCE_FILE_PATTERNS);
		process.stdout.write(
			`${distOk && sourceOk ? 'passed' : 'failed'}: @n8n/scan-community-package lint legs ` +
				`(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
		);
		process.exitCode = distOk && sourceOk ? 0 : 1;
	} finally {
		fs.rmSync(unpacked, { recursive: true, force: true });
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}

main().catch((e) => {
	process.stderr.write(`${e.stack ?? e}\n`);
	process.exit(1);
});
