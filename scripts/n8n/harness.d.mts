// Types of harness.mjs, for the TypeScript end-to-end tests (test/e2e), which load it with `await import()`.

export const N8N_VERSION: string;
export const ROOT: string;
export const ENCRYPTION_KEY: string;
export const PACKAGE_NAME: string;
export const NODE_TYPE: string;
export const TRIGGER_NODE_TYPE: string;
export const EXAMPLES_DIR: string;

export interface N8nInstall {
	key: string;
	dir: string;
	marker: string;
	/** n8n's CLI script (run it with `node`, the Node 24 binary). */
	bin: string;
	node: string;
}
export function provisionN8n(options?: { force?: boolean }): Promise<N8nInstall>;

export interface CommandResult {
	code: number | string | null;
	stdout: string;
	stderr: string;
	ms: number;
}
export function runCommand(
	cmd: string,
	args: string[],
	options?: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number; input?: string },
): Promise<CommandResult>;
export function freePort(): Promise<number>;
/** The tarball packed by the e2e tests' global setup. */
export function e2eTarball(): string;
export function buildPackage(): Promise<number>;
export function packPackage(options?: { destDir?: string }): Promise<string>;

export interface N8nHome {
	/** N8N_USER_FOLDER */
	userFolder: string;
	/** <userFolder>/.n8n/nodes, where community packages live */
	nodesDir: string;
	installed: { dir: string; version: string } | null;
}
export function createN8nHome(options?: { tarball?: string; prefix?: string }): Promise<N8nHome>;
export function removeN8nHome(home: N8nHome): void;
export function describeInstall(home: N8nHome): {
	declared: Record<string, string>;
	packageJson: Json;
	files: string[];
	nodeModules: string[];
};
export function n8nEnv(
	home: N8nHome,
	options: { port: number; brokerPort: number; extra?: Record<string, string> },
): Record<string, string | undefined>;
export function runN8n(
	home: N8nHome,
	args: string[],
	options?: { timeoutMs?: number; env?: Record<string, string> },
): Promise<CommandResult>;

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}
export function importCredentials(home: N8nHome, credentials: CredentialImport[]): Promise<CommandResult>;
/** A workflow object or the path of a workflow JSON file; resolves its id. */
export function importWorkflow(home: N8nHome, workflow: string | Record<string, unknown>): Promise<string>;
/** Several, with one `n8n import:workflow`; resolves their ids. */
export function importWorkflows(home: N8nHome, workflows: Array<string | Record<string, unknown>>): Promise<string[]>;
export function publishWorkflow(home: N8nHome, id: string): Promise<CommandResult>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- n8n's run data, as n8n prints it
export type Json = any;
/** Each node's output items (JSON only) of its last run: { [nodeName]: [json, …] }. */
export type NodeItems = Record<string, Json[]>;
export function outputItems(run: Json): NodeItems;

export interface ExecuteResult {
	ok: boolean;
	code: number | string | null;
	/** What `n8n execute --rawOutput` printed: { data: { resultData: { runData, lastNodeExecuted, error? } }, … } */
	run: Json;
	items: NodeItems;
	lastNode: string | undefined;
	error: Json;
	ms: number;
	stdout: string;
	stderr: string;
}
export function executeWorkflow(home: N8nHome, id: string, options?: { timeoutMs?: number }): Promise<ExecuteResult>;

export interface RunningN8n {
	baseUrl: string;
	port: number;
	brokerPort: number;
	webhookUrl(path: string): string;
	logs(): string;
	exited(): { code: number | null; signal: string | null } | null;
	stop(): Promise<{ code: number | null; signal: string | null }>;
}
export function startN8n(
	home: N8nHome,
	options?: {
		port?: number;
		startTimeoutMs?: number;
		maxLifetimeMs?: number;
		env?: Record<string, string>;
		onLog?: (text: string) => void;
	},
): Promise<RunningN8n>;
export function waitForWebhook(url: string, options?: { method?: string; timeoutMs?: number }): Promise<void>;

export function readExample(file: string): Json;

export const OWNER: Readonly<{ email: string; firstName: string; lastName: string; password: string }>;
export type RestClient = (method: string, path: string, body?: unknown) => Promise<Json>;
export function ownerSession(n8n: RunningN8n, owner?: typeof OWNER): Promise<RestClient>;

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	run: Json;
	items: NodeItems;
}
export function listExecutions(rest: RestClient, workflowId: string): Promise<ExecutionSummary[]>;
export function waitForExecutions(
	rest: RestClient,
	workflowId: string,
	count: number,
	options?: { timeoutMs?: number },
): Promise<ExecutionSummary[]>;

export function loadEmulator(): Json;
