/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev script */
/**
 * Serves a real n8n editor on 127.0.0.1 with this package installed (as n8n installs community nodes), the Loops
 * API emulator running, credentials pointing at it and every example of examples/ imported, so a person can click
 * through the nodes. Ctrl-C stops n8n and the emulator and removes the temporary n8n folder.
 *
 *   npm run editor                     -- --port 5678: a fixed port (default: a free one)
 *                                      -- --keep: keep the temporary n8n folder
 *                                      -- --hours 8: stop by itself after this long (default 4)
 */

import { formatReceived, LoopsEmulator, receivedRequests } from '../../test/emulator';
import { positiveInteger, scriptArgs } from './cliArgs';
import {
	API_KEYS,
	DEMO_SIGNING_SECRET,
	EXAMPLES,
	emulatorAccounts,
	loadExample,
	webhookPathOf,
} from './examples';
import { startEditor } from './editorSession';
import { TRIGGER_NODE_TYPE } from './package';
import { OWNER } from './rest';

const args = scriptArgs({ strings: ['port', 'hours'], booleans: ['keep'] });
const say = (text = '') => process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
	const hours = positiveInteger('hours', args.hours, 4);
	say('Preparing n8n (the first run installs it into the cache: several minutes)…');
	const emulator = await LoopsEmulator.start({ accounts: emulatorAccounts() });
	const editor = await startEditor({
		emulator,
		port: args.port === undefined ? undefined : positiveInteger('port', args.port, 0),
		maxLifetimeMs: hours * 3600_000,
	});
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the emulator…');
		await editor.stop({ keep: args.keep });
		await emulator.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	const { n8n } = editor;
	const signup = n8n.webhookUrl(
		webhookPathOf(loadExample(EXAMPLES.webhookToEvent), 'n8n-nodes-base.webhook'),
	);
	const trigger = n8n.webhookUrl(
		webhookPathOf(loadExample(EXAMPLES.loopsTrigger), TRIGGER_NODE_TYPE),
	);
	say();
	say(`n8n editor:   ${n8n.baseUrl}`);
	say(`  sign in:    ${OWNER.email} / ${OWNER.password}`);
	say(
		`  workflows:  ${Object.values(EXAMPLES)
			.map((example) => `"${loadExample(example).name}"`)
			.join(', ')}`,
	);
	say(`Loops API emulator: ${emulator.url}`);
	say(
		`  credentials "Loops account", "Loops marketing", "Loops transactional" → keys ${Object.values(API_KEYS).join(', ')}`,
	);
	say(`  credential "Loops webhook signing secret" → ${DEMO_SIGNING_SECRET}`);
	say('Try the published webhook examples:');
	say(
		`  curl -s -X POST ${signup} -H 'content-type: application/json' -d '{"email":"ada@example.com","plan":"pro"}'`,
	);
	say(`  Loops Trigger (signed deliveries only): ${trigger}`);
	say(`n8n folder: ${editor.home.userFolder}   (stops by itself after ${hours} h)`);
	say('Press Ctrl-C to stop. What Loops receives is listed below as it arrives.');
	let shown = 0;
	const timer = setInterval(() => {
		const received = receivedRequests(emulator.requests, { withHeaders: true });
		for (; shown < received.length; shown++)
			say(`  Loops received ${formatReceived(received[shown])[0]}`);
	}, 1000);
	const exited = await n8n.process.whenExited;
	clearInterval(timer);
	if (stopping) return;
	say(`n8n exited (${JSON.stringify(exited)}):\n${n8n.logs().slice(-3000)}`);
	await stop(1);
}

main().catch((error: Error) => {
	process.stderr.write(`editor failed: ${error.stack ?? error}\n`);
	process.exit(1);
});
