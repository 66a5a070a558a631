/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev scripts: they read the example files */
/**
 * The example workflows of examples/ and the credentials they reference (by id and name).
 *
 * An example names its credentials by these ids; `exampleCredentials()` builds credentials with the same ids that
 * point at a Loops API emulator, for the tests, the demo and the editor. A person importing an example into their
 * own n8n picks their own credential in each Loops node instead (see docs/e2e.md).
 */
import fs from 'node:fs';
import path from 'node:path';

import type { AccountSeed } from '../../test/emulator';
import type { CredentialImport } from './n8nCli';
import { ROOT } from './paths';
import type { Json } from './runData';

export const EXAMPLES_DIR = path.join(ROOT, 'examples');

export const CREDENTIAL_IDS = Object.freeze({
	account: 'LoopsEmulator001',
	marketing: 'LoopsMarketing01',
	transactional: 'LoopsTransact001',
	webhook: 'LoopsWebhook0001',
});

export type AccountName = 'account' | 'marketing' | 'transactional';

/** API keys of the emulator's accounts used by the examples (one Loops account per key). */
export const API_KEYS: Readonly<Record<AccountName, string>> = Object.freeze({
	account: 'loops-example-key',
	marketing: 'loops-marketing-key',
	transactional: 'loops-transactional-key',
});

export const TEAM_NAMES: Readonly<Record<AccountName, string>> = Object.freeze({
	account: 'Example Team',
	marketing: 'Marketing',
	transactional: 'Product',
});

/** A fixed demo signing secret (whsec_ + base64 of 25 bytes); tests make a random one. */
export const DEMO_SIGNING_SECRET = `whsec_${Buffer.from('n8n-nodes-loops-so-demo-key!').toString('base64')}`;

export interface Example {
	file: string;
	id: string;
}

/** The examples, in README order. */
export const EXAMPLES = Object.freeze({
	contactLifecycle: { file: '01-contact-lifecycle.json', id: 'LoopsContactLife' },
	webhookToEvent: { file: '02-webhook-to-event.json', id: 'LoopsWebhookEvnt' },
	twoAccounts: { file: '03-marketing-and-transactional.json', id: 'LoopsTwoAccounts' },
	loopsTrigger: { file: '04-loops-trigger-to-event.json', id: 'LoopsTriggerFlow' },
	aiTool: { file: '05-loops-as-ai-tool.json', id: 'LoopsAsAiTool001' },
	markdownNewsletter: { file: '06-markdown-newsletter.json', id: 'LoopsMdNewslettr' },
} satisfies Record<string, Example>);

export function examplePath(example: Example): string {
	return path.join(EXAMPLES_DIR, example.file);
}

export function loadExample(example: Example): Json {
	return JSON.parse(fs.readFileSync(examplePath(example), 'utf8'));
}

/** The emulator accounts the examples need: pass to LoopsEmulator.start({ accounts }). */
export function emulatorAccounts(): AccountSeed[] {
	return (Object.keys(API_KEYS) as AccountName[]).map((name) => ({
		apiKey: API_KEYS[name],
		teamName: TEAM_NAMES[name],
	}));
}

/** Credentials (plain data: n8n encrypts them on import) with the examples' ids, pointing at `baseUrl`. */
export function exampleCredentials({
	baseUrl,
	keys = API_KEYS,
	signingSecret = DEMO_SIGNING_SECRET,
}: {
	baseUrl: string;
	keys?: Record<AccountName, string>;
	signingSecret?: string;
}): CredentialImport[] {
	const loops = (id: string, name: string, apiKey: string) => ({
		id,
		name,
		type: 'loopsApi',
		data: { apiKey, baseUrl },
	});
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

/** The production webhook URL path of a workflow's webhook node: `<webhookId>/<path>`, or `<path>` for n8n's Webhook. */
export function webhookPathOf(workflow: Json, nodeType: string): string {
	const node = (workflow.nodes as Json[]).find((candidate) => candidate.type === nodeType);
	if (!node) throw new Error(`no ${nodeType} node in "${workflow.name}"`);
	const webhookPath =
		node.parameters?.path ?? (nodeType.endsWith('loopsTrigger') ? 'loops' : undefined);
	if (node.type === 'n8n-nodes-base.webhook') return webhookPath;
	return `${node.webhookId}/${webhookPath}`;
}
