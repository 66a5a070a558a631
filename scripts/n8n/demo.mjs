#!/usr/bin/env node
// The README's main command: runs example (a) — Manual Trigger → Create Contact → Send Event → Get Contact →
// Update Contact → Get Many — headless in a real n8n against the project's Loops API emulator, then prints what
// Loops received and what n8n output.
//
//   npm run demo                 (= node scripts/n8n/demo.mjs)
//   node scripts/n8n/demo.mjs --keep   keep the temporary n8n folder (its path is printed)
//   node scripts/n8n/demo.mjs --json   print one JSON document instead of the report
//
// First run: installs n8n into .cache/n8n (several minutes, about 3 GB); later runs take seconds.
// Nothing leaves this machine: the Loops credential points at the emulator on 127.0.0.1.
import {
	buildPackage,
	createN8nHome,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	loadEmulator,
	N8N_VERSION,
	NODE_TYPE,
	packPackage,
	provisionN8n,
	removeN8nHome,
} from './harness.mjs';
import { EXAMPLES, emulatorAccounts, exampleCredentials, examplePath, loadExample } from './examples.mjs';
import fs from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const out = (s = '') => process.stdout.write(`${s}\n`);
const step = (s) => process.stderr.write(`• ${s}\n`);

/** At most this long in all, whatever hangs. */
const DEMO_LIMIT_MS = 30 * 60_000;

async function main() {
	const t0 = Date.now();
	const secs = (from) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
	step(`n8n ${N8N_VERSION} (installed into .cache/n8n on first use)`);
	let t = Date.now();
	await provisionN8n();
	step(`n8n ready (${secs(t)})`);
	t = Date.now();
	await buildPackage();
	const tarball = await packPackage();
	step(`built and packed ${path.basename(tarball)} (${secs(t)})`);
	t = Date.now();
	const home = await createN8nHome({ tarball });
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	step(`installed into ${path.join(home.userFolder, '.n8n', 'nodes')} as n8n installs community nodes (${secs(t)})`);

	const { LoopsEmulator } = loadEmulator();
	const emulator = await LoopsEmulator.start({ accounts: emulatorAccounts() });
	step(`Loops API emulator on ${emulator.url}`);
	try {
		t = Date.now();
		await importCredentials(home, exampleCredentials({ baseUrl: emulator.url }));
		const id = await importWorkflow(home, examplePath(EXAMPLES.contactLifecycle));
		step(`imported the credentials and "${loadExample(EXAMPLES.contactLifecycle).name}" (${secs(t)})`);
		t = Date.now();
		const result = await executeWorkflow(home, id);
		step(`n8n execute --id ${id}: ${result.ok ? 'success' : 'FAILED'} (${secs(t)})`);

		const received = emulator.requests.map((r) => ({
			method: r.method,
			path: r.path,
			query: Object.keys(r.query ?? {}).length ? r.query : undefined,
			authorization: r.headers.authorization,
			idempotencyKey: r.headers['idempotency-key'],
			body: r.body,
			status: r.status,
		}));
		if (asJson) {
			out(JSON.stringify({ ok: result.ok, received, output: result.items, error: result.error }, null, 2));
		} else {
			out();
			out(`What Loops received (${received.length} requests, emulator ${emulator.url}):`);
			received.forEach((r, i) => {
				const query = r.query ? `?${new URLSearchParams(r.query)}` : '';
				out(`  ${i + 1}. ${r.method} ${r.path}${query}  → ${r.status}`);
				out(`     Authorization: ${r.authorization}${r.idempotencyKey ? `   Idempotency-Key: ${r.idempotencyKey}` : ''}`);
				if (r.body !== undefined) out(`     ${JSON.stringify(r.body)}`);
			});
			out();
			out(`What n8n output (node type ${NODE_TYPE}):`);
			for (const [node, items] of Object.entries(result.items)) {
				out(`  ${node}: ${items.length} item${items.length === 1 ? '' : 's'}`);
				for (const item of items) out(`     ${JSON.stringify(item)}`);
			}
			if (!result.ok) {
				out();
				out(`The execution failed: ${result.error?.message ?? 'see below'}`);
				out((result.stdout + result.stderr).slice(-4000));
			}
			out();
			out(`${result.ok ? 'Done' : 'Failed'} in ${secs(t0)}.`);
		}
		process.exitCode = result.ok ? 0 : 1;
	} finally {
		await emulator.close();
		if (args.has('--keep')) step(`kept ${home.userFolder} (N8N_USER_FOLDER)`);
		else removeN8nHome(home);
	}
}

const limit = setTimeout(() => {
	process.stderr.write(`demo: still running after ${DEMO_LIMIT_MS / 60_000} minutes, giving up\n`);
	process.exit(1);
}, DEMO_LIMIT_MS);
limit.unref();
main().catch((e) => {
	process.stderr.write(`demo failed: ${e.stack ?? e}\n`);
	process.exit(1);
});
