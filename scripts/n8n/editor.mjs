#!/usr/bin/env node
// Serves a real n8n editor on 127.0.0.1 with this package installed (as n8n installs community nodes), the Loops
// API emulator running, credentials pointing at it and every example of examples/ imported, so a person can click
// through the nodes. Ctrl-C stops n8n and the emulator and removes the temporary n8n folder.
//
//   npm run editor                          (= node scripts/n8n/editor.mjs)
//   node scripts/n8n/editor.mjs --port 5678 a fixed port (default: a free one)
//   node scripts/n8n/editor.mjs --keep      keep the temporary n8n folder
//   node scripts/n8n/editor.mjs --hours 8   stop by itself after this long (default 4)
import path from 'node:path';
import fs from 'node:fs';

import {
	buildPackage,
	createN8nHome,
	importCredentials,
	importWorkflows,
	loadEmulator,
	N8N_VERSION,
	OWNER,
	ownerSession,
	packPackage,
	provisionN8n,
	publishWorkflow,
	removeN8nHome,
	startN8n,
	TRIGGER_NODE_TYPE,
} from './harness.mjs';
import {
	API_KEYS,
	DEMO_SIGNING_SECRET,
	EXAMPLES,
	emulatorAccounts,
	exampleCredentials,
	examplePath,
	loadExample,
	webhookPathOf,
} from './examples.mjs';

function option(name, fallback) {
	const i = process.argv.indexOf(name);
	return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const keep = process.argv.includes('--keep');
const hours = Number(option('--hours', '4'));
const fixedPort = option('--port', undefined);
const say = (s = '') => process.stdout.write(`${s}\n`);

async function main() {
	say(`Preparing n8n ${N8N_VERSION} (the first run installs it into .cache/n8n: several minutes)…`);
	await provisionN8n();
	await buildPackage();
	const tarball = await packPackage();
	const home = await createN8nHome({ tarball, prefix: 'n8n-nodes-loops-editor-' });
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

	const { LoopsEmulator } = loadEmulator();
	const emulator = await LoopsEmulator.start({ accounts: emulatorAccounts() });
	let n8n;
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the emulator…');
		await n8n?.stop();
		await emulator.close();
		if (keep) say(`Kept ${home.userFolder}`);
		else removeN8nHome(home);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	try {
		await importCredentials(home, exampleCredentials({ baseUrl: emulator.url }));
		await importWorkflows(home, Object.values(EXAMPLES).map(examplePath));
		// the webhook examples run on their production URLs: publish them
		await publishWorkflow(home, EXAMPLES.webhookToEvent.id);
		await publishWorkflow(home, EXAMPLES.loopsTrigger.id);

		n8n = await startN8n(home, {
			maxLifetimeMs: hours * 3600_000,
			port: fixedPort ? Number(fixedPort) : undefined,
		});
		await ownerSession(n8n);

		const signup = n8n.webhookUrl(webhookPathOf(loadExample(EXAMPLES.webhookToEvent), 'n8n-nodes-base.webhook'));
		const trigger = n8n.webhookUrl(webhookPathOf(loadExample(EXAMPLES.loopsTrigger), TRIGGER_NODE_TYPE));
		say();
		say(`n8n editor:   ${n8n.baseUrl}`);
		say(`  sign in:    ${OWNER.email} / ${OWNER.password}`);
		say(`  workflows:  ${Object.values(EXAMPLES)
			.map((e) => `"${loadExample(e).name}"`)
			.join(', ')}`);
		say(`Loops API emulator: ${emulator.url}`);
		say(`  credentials "Loops account", "Loops marketing", "Loops transactional" → keys ${Object.values(API_KEYS).join(', ')}`);
		say(`  credential "Loops webhook signing secret" → ${DEMO_SIGNING_SECRET}`);
		say('Try the published webhook examples:');
		say(
			`  curl -s -X POST ${signup} -H 'content-type: application/json' -d '{"email":"ada@example.com","plan":"pro"}'`,
		);
		say(`  Loops Trigger (signed deliveries only): ${trigger}`);
		say(`n8n folder: ${home.userFolder}   (stops by itself after ${hours} h)`);
		say('Press Ctrl-C to stop. What Loops receives is listed below as it arrives.');
		let shown = emulator.requests.length;
		const exited = await new Promise((resolve) => {
			const timer = setInterval(() => {
				for (; shown < emulator.requests.length; shown++) {
					const r = emulator.requests[shown];
					say(`  Loops received ${r.method} ${r.path} (${r.headers.authorization ?? 'no key'}) → ${r.status}`);
				}
				if (n8n.exited()) {
					clearInterval(timer);
					resolve(n8n.exited());
				}
			}, 1000);
		});
		say(`n8n exited (${JSON.stringify(exited)}):\n${n8n.logs().slice(-3000)}`);
		await stop(1);
	} catch (e) {
		process.stderr.write(`editor failed: ${e.stack ?? e}\n`);
		await stop(1);
	}
}

main().catch((e) => {
	process.stderr.write(`editor failed: ${e.stack ?? e}\n`);
	process.exit(1);
});
