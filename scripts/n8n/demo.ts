/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev script */
/**
 * The README's main command: runs example (a) — Manual Trigger → Create Contact → Send Event → Get Contact →
 * Update Contact → Get Many — headless in a real n8n against the project's Loops API emulator, then prints what
 * Loops received and what n8n output.
 *
 *   npm run demo                    (-- --keep: keep the temporary n8n folder; -- --json: one JSON document)
 *
 * First run: installs n8n into .cache/n8n (several minutes, about 3 GB); later runs take seconds.
 * Nothing leaves this machine: the Loops credential points at the emulator on 127.0.0.1.
 */
import path from 'node:path';

import { formatReceived, LoopsEmulator, receivedRequests } from '../../test/emulator';
import {
	EXAMPLES,
	emulatorAccounts,
	exampleCredentials,
	examplePath,
	loadExample,
} from './examples';
import { scriptArgs } from './cliArgs';
import { executeWorkflow, importCredentials, importWorkflow } from './n8nCli';
import { createN8nHome, removeN8nHome } from './n8nHome';
import { buildAndPack, NODE_TYPE, removePackedPackage } from './package';
import { provisionN8n } from './provision';

const args = scriptArgs({ booleans: ['keep', 'json'] });
const out = (text = '') => process.stdout.write(`${text}\n`);
const step = (text: string) => process.stderr.write(`• ${text}\n`);
const since = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;

async function main(): Promise<boolean> {
	const startedAt = Date.now();
	let t = Date.now();
	const n8n = await provisionN8n();
	step(
		`n8n ${n8n.version} on Node ${n8n.node.version} ready (${since(t)}; the first run installs it into the cache)`,
	);
	t = Date.now();
	const tarball = await buildAndPack();
	const home = await createN8nHome({ tarball });
	removePackedPackage(tarball);
	step(
		`built, packed and installed into ${path.join(home.userFolder, '.n8n', 'nodes')} as n8n installs community nodes (${since(t)})`,
	);
	const emulator = await LoopsEmulator.start({ accounts: emulatorAccounts() });
	step(`Loops API emulator on ${emulator.url}`);
	try {
		t = Date.now();
		await importCredentials(home, exampleCredentials({ baseUrl: emulator.url }));
		const id = await importWorkflow(home, examplePath(EXAMPLES.contactLifecycle));
		step(
			`imported the credentials and "${loadExample(EXAMPLES.contactLifecycle).name}" (${since(t)})`,
		);
		t = Date.now();
		const result = await executeWorkflow(home, id);
		step(`n8n execute --id ${id}: ${result.ok ? 'success' : 'FAILED'} (${since(t)})`);

		const received = receivedRequests(emulator.requests, { withHeaders: true });
		if (args.json) {
			out(
				JSON.stringify(
					{ ok: result.ok, received, output: result.items, error: result.error },
					null,
					2,
				),
			);
			return result.ok;
		}
		out();
		out(`What Loops received (${received.length} requests, emulator ${emulator.url}):`);
		received.forEach((request, index) => {
			const [first, ...rest] = formatReceived(request);
			out(`  ${index + 1}. ${first}`);
			for (const line of rest) out(`    ${line}`);
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
		out(`${result.ok ? 'Done' : 'Failed'} in ${since(startedAt)}.`);
		return result.ok;
	} finally {
		await emulator.close();
		if (args.keep) step(`kept ${home.userFolder} (N8N_USER_FOLDER)`);
		else removeN8nHome(home);
	}
}

main().then(
	(ok) => process.exit(ok ? 0 : 1),
	(error: Error) => {
		process.stderr.write(`demo failed: ${error.stack ?? error}\n`);
		process.exit(1);
	},
);
