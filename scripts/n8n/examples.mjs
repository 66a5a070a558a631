// The example workflows of examples/ and the credentials they reference (by id and name).
//
// An example names its credentials by these ids; `exampleCredentials()` builds credentials with the same ids that
// point at a Loops API emulator, for the tests, the demo and the editor. A person importing an example into their
// own n8n picks their own credential in each Loops node instead (see docs/e2e.md).
import path from 'node:path';

import { EXAMPLES_DIR, readExample } from './harness.mjs';

export const CREDENTIAL_IDS = Object.freeze({
	account: 'LoopsEmulator001',
	marketing: 'LoopsMarketing01',
	transactional: 'LoopsTransact001',
	webhook: 'LoopsWebhook0001',
});

/** API keys of the emulator's accounts used by the examples (one Loops account per key). */
export const API_KEYS = Object.freeze({
	account: 'loops-example-key',
	marketing: 'loops-marketing-key',
	transactional: 'loops-transactional-key',
});

export const TEAM_NAMES = Object.freeze({
	account: 'Example Team',
	marketing: 'Marketing',
	transactional: 'Product',
});

/** A fixed demo signing secret (whsec_ + base64 of 24 bytes); tests make a random one. */
export const DEMO_SIGNING_SECRET = `whsec_${Buffer.from('n8n-nodes-loops-demo-key!').toString('base64')}`;

/** The examples, in README order. */
export const EXAMPLES = Object.freeze({
	contactLifecycle: { file: '01-contact-lifecycle.json', id: 'LoopsContactLife' },
	webhookToEvent: { file: '02-webhook-to-event.json', id: 'LoopsWebhookEvnt', webhookPath: 'loops-signup' },
	twoAccounts: { file: '03-marketing-and-transactional.json', id: 'LoopsTwoAccounts' },
	loopsTrigger: { file: '04-loops-trigger-to-event.json', id: 'LoopsTriggerFlow' },
	aiTool: { file: '05-loops-as-ai-tool.json', id: 'LoopsAsAiTool001' },
});

export function examplePath(example) {
	return path.join(EXAMPLES_DIR, example.file);
}

export function loadExample(example) {
	return readExample(example.file);
}

/** The emulator accounts the examples need: pass to LoopsEmulator.start({ accounts }). */
export function emulatorAccounts() {
	return Object.keys(API_KEYS).map((k) => ({ apiKey: API_KEYS[k], teamName: TEAM_NAMES[k] }));
}

/** Credentials (plain data, n8n encrypts them on import) with the examples' ids, pointing at `baseUrl`. */
export function exampleCredentials({ baseUrl, keys = API_KEYS, signingSecret = DEMO_SIGNING_SECRET }) {
	const loops = (id, name, apiKey) => ({ id, name, type: 'loopsApi', data: { apiKey, baseUrl } });
	return [
		loops(CREDENTIAL_IDS.account, 'Loops account', keys.account),
		loops(CREDENTIAL_IDS.marketing, 'Loops marketing', keys.marketing),
		loops(CREDENTIAL_IDS.transactional, 'Loops transactional', keys.transactional),
		{
			id: CREDENTIAL_IDS.webhook,
			name: 'Loops webhook signing secret',
			type: 'loopsWebhookApi',
			data: { signingSecret },
		},
	];
}

/** The production webhook URL path of a workflow's webhook node: `<webhookId>/<path>` or `<path>`. */
export function webhookPathOf(workflow, nodeType) {
	const node = workflow.nodes.find((n) => n.type === nodeType);
	if (!node) throw new Error(`no ${nodeType} node in "${workflow.name}"`);
	const p = node.parameters?.path ?? (nodeType.endsWith('loopsTrigger') ? 'loops' : undefined);
	if (node.type === 'n8n-nodes-base.webhook') return p;
	return `${node.webhookId}/${p}`;
}
