/* eslint-disable @n8n/community-nodes/require-node-api-error -- dev scripts: they serve a real n8n */
/**
 * A served n8n (`n8n start`, or `n8n worker`) for a home, on 127.0.0.1 and free ports: started, awaited until it
 * answers, stopped by its process id; and the check that a published workflow's webhook is registered.
 */
import type { N8nHome } from './n8nHome';
import { n8nEnv } from './n8nEnv';
import { freePort } from './ports';
import { startProcess, type Ending, type StartedProcess } from './process';
import { provisionN8n } from './provision';
import { waitForHttpOk } from './waiting';

export interface RunningN8n {
	baseUrl: string;
	port: number;
	brokerPort: number;
	process: StartedProcess;
	webhookUrl(path: string): string;
	logs(): string;
	exited(): Ending | null;
	stop(): Promise<Ending>;
}

/** Waits until `url` answers 2xx; gives up at once when the process has exited. */
async function waitForHttp(url: string, child: StartedProcess, timeoutMs: number): Promise<void> {
	await waitForHttpOk(
		url,
		{},
		{
			what: `n8n did not answer ${url}`,
			timeoutMs,
			intervalMs: 500,
			giveUpIf: () => (child.exited() ? 'n8n exited while starting' : undefined),
		},
	);
}

/**
 * `n8n start` (or another long-running n8n command, e.g. `worker`) for `home` on 127.0.0.1: a free port unless
 * `port` is given, its task broker on another. Resolves once /healthz/readiness answers (server and database up)
 * and, for `start`, its REST API does (published workflows' webhooks may still be registering: see
 * waitForWebhook). `startTimeoutMs` (default 5 minutes, for a busy machine) bounds the start, `maxLifetimeMs`
 * how long it may run at all (default 30 minutes; 0 = no bound).
 */
export async function startN8n(
	home: N8nHome,
	options: {
		command?: string[];
		port?: number;
		startTimeoutMs?: number;
		maxLifetimeMs?: number;
		env?: Record<string, string>;
		onLog?: (text: string) => void;
	} = {},
): Promise<RunningN8n> {
	const {
		command = ['start'],
		startTimeoutMs = 5 * 60_000,
		maxLifetimeMs = 30 * 60_000,
		env: extra,
		onLog,
	} = options;
	const n8n = await provisionN8n({ line: home.line });
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const child = startProcess(n8n.node.bin, [n8n.bin, ...command], {
		cwd: home.userFolder,
		env: n8nEnv(home, { port, brokerPort, extra }),
		maxLifetimeMs,
		onOutput: onLog,
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	try {
		// a worker serves its health check on QUEUE_HEALTH_CHECK_PORT, when it has one; n8n start on its port
		const healthPort = extra?.QUEUE_HEALTH_CHECK_PORT ?? String(port);
		const startedAt = Date.now();
		await waitForHttp(`http://127.0.0.1:${healthPort}/healthz/readiness`, child, startTimeoutMs);
		if (command[0] === 'start') {
			// 1.x answers the readiness check once its database is up and registers its REST API seconds later
			// (measured: ~8 s): wait for an endpoint of that API that needs no login
			const left = startTimeoutMs - (Date.now() - startedAt);
			await waitForHttp(`${baseUrl}/rest/settings`, child, Math.max(left, 10_000));
		}
	} catch (error) {
		await child.stop();
		throw new Error(
			`${(error as Error).message}\n--- n8n log (end) ---\n${child.logs().slice(-6000)}`,
		);
	}
	return {
		baseUrl,
		port,
		brokerPort,
		process: child,
		webhookUrl: (webhookPath) => `${baseUrl}/webhook/${webhookPath}`,
		logs: () => child.logs(),
		exited: () => child.exited(),
		stop: async () => await child.stop(),
	};
}

/**
 * Waits until n8n has registered the production webhook at `url` for `method`: n8n registers a published
 * workflow's webhooks shortly after boot, so "ready" is not yet "listening". Asks with a CORS preflight (OPTIONS),
 * which n8n answers from its webhook table without running anything: 2xx once registered, 404 before.
 */
export async function waitForWebhook(
	url: string,
	{ method = 'POST', timeoutMs = 3 * 60_000 } = {},
): Promise<void> {
	await waitForHttpOk(
		url,
		{
			method: 'OPTIONS',
			headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
		},
		{ what: `webhook ${method} ${url} not registered`, timeoutMs },
	);
}
