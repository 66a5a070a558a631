// Types of examples.mjs, for the TypeScript end-to-end tests (test/e2e).
import type { CredentialImport, Json } from './harness.mjs';

export const CREDENTIAL_IDS: Readonly<{ account: string; marketing: string; transactional: string; webhook: string }>;
export type AccountName = 'account' | 'marketing' | 'transactional';
export const API_KEYS: Readonly<Record<AccountName, string>>;
export const TEAM_NAMES: Readonly<Record<AccountName, string>>;
export const DEMO_SIGNING_SECRET: string;

export interface Example {
	file: string;
	id: string;
	webhookPath?: string;
}
export const EXAMPLES: Readonly<{
	contactLifecycle: Example;
	webhookToEvent: Example;
	twoAccounts: Example;
	loopsTrigger: Example;
	aiTool: Example;
}>;
export function examplePath(example: Example): string;
export function loadExample(example: Example): Json;
export function emulatorAccounts(): Array<{ apiKey: string; teamName: string }>;
export function exampleCredentials(options: {
	baseUrl: string;
	keys?: Record<AccountName, string>;
	signingSecret?: string;
}): CredentialImport[];
export function webhookPathOf(workflow: Json, nodeType: string): string;
