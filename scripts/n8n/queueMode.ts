/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev script: it runs n8n in queue mode and exits non-zero when a check fails */
/**
 * `npm run test:queue-mode [-- --executions 300 --workers 2 --keep]`: the package in n8n's queue mode, for real.
 *
 * Redis and PostgreSQL from Debian's packages (services.ts), n8n 2.41.1 as one main (`n8n start`, which only
 * enqueues) and two workers (`n8n worker`, which run the executions), all with the packed package installed as
 * a community package in one shared user folder; example (b), Webhook → Loops Send Event, published, with one
 * credential and one API key; the Loops emulator limited to 10 requests/s behind the benchmark's network model
 * (75 ms before Loops counts a request, plus 0–20 ms of jitter, and 75 ms back). N webhook calls are sent in one
 * burst; then it checks, from n8n and from what Loops received:
 *
 *   - every execution succeeded (n8n's execution list) and every webhook call was answered 200;
 *   - every worker ran some (each worker logs "Worker started execution <id>"; every execution is in exactly one);
 *   - each event reached Loops exactly once (the emulator's applied events, one per posted address);
 *   - no second held more than the limit (Loops' own log: the requests it accepted, by when it counted them);
 *   - and it counts the 429s Loops answered (the pacer's target, at most 2% of the executions, is reported as met or
 *     missed, as the benchmark reports its targets: it measures the pacer on a shared machine, not correctness).
 *
 * Its last line: `queue mode: <N> executions on <W> workers, ok <k>/<N>, 429s <x>, duplicates <d>, ratio <r>`,
 * ratio as in the benchmark: the burst's wall time (first call sent → last call answered) over the floor N/limit.
 * Exits 1 when a check fails. Everything it starts is stopped by its process id at the end, also on failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { LoopsEmulator, mostInAnySecond, roundTrip } from '../../test/emulator';
import {
	API_KEYS,
	CREDENTIAL_IDS,
	EXAMPLES,
	exampleCredentials,
	examplePath,
	loadExample,
	TEAM_NAMES,
	webhookPathOf,
} from './examples';
import { positiveInteger, scriptArgs } from './cliArgs';
import { isFinished, listExecutions } from './executions';
import { importCredentials, importWorkflow, publishWorkflow } from './n8nCli';
import { queueModeEnv } from './n8nEnv';
import { createN8nHome, removeN8nHome, type N8nHome } from './n8nHome';
import { startN8n, waitForWebhook, type RunningN8n } from './n8nServer';
import { buildAndPack, removePackedPackage } from './package';
import { freePort } from './ports';
import { provisionN8n } from './provision';
import { ownerSession } from './rest';
import { ensureServicePackages, SERVICES_DIR, startPostgres, startRedis } from './services';
import { waitUntil } from './waiting';

const args = scriptArgs({ strings: ['executions', 'workers'], booleans: ['keep'] });
const EXECUTIONS = positiveInteger('executions', args.executions, 300);
const WORKERS = positiveInteger('workers', args.workers, 2);
/** Loops' default limit, requests per second per API key. */
const LIMIT = 10;
/** At most this share of the executions may meet a 429 (the pacer's target). */
const MAX_429_SHARE = 0.02;
/** The benchmark's network: 75 ms before Loops counts a request (+0–20 ms), 75 ms back. */
const NETWORK = roundTrip(150, 20);
const KEEP = args.keep ?? false;

const out = (text = '') => process.stdout.write(`${text}\n`);
const startedAt = Date.now();
const step = (text: string) =>
	process.stderr.write(`• ${text} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)\n`);

/** An output listener that hands on whole lines (a process's output arrives in chunks that may split one). */
function byLine(onLine: (line: string) => void): (text: string) => void {
	let pending = '';
	return (text) => {
		const lines = (pending + text).split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) onLine(line);
	};
}

/** Stops what was started, last first, each by its own process id; safe to call twice. */
const stops: Array<{ what: string; stop: () => Promise<unknown> }> = [];
async function stopEverything(): Promise<void> {
	while (stops.length > 0) {
		const { what, stop } = stops.pop()!;
		try {
			await stop();
		} catch (error) {
			process.stderr.write(`could not stop ${what}: ${(error as Error).message}\n`);
		}
	}
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		process.stderr.write(`\n${signal}: stopping everything\n`);
		void stopEverything().finally(() => process.exit(130));
	});
}

interface Outcome {
	summary: string;
	failures: string[];
}

async function run(): Promise<Outcome> {
	const n8n = await provisionN8n();
	const { installed } = await ensureServicePackages();
	step(
		`n8n ${n8n.version} on Node ${n8n.node.version}; Redis and PostgreSQL${installed.length > 0 ? ` (installed ${installed.join(', ')})` : ''} ready`,
	);

	const runDir = path.join(SERVICES_DIR, `run-${process.pid}`);
	stops.push({
		what: runDir,
		stop: async () => KEEP || fs.rmSync(runDir, { recursive: true, force: true }),
	});
	const redis = await startRedis(path.join(runDir, 'redis'));
	stops.push({ what: `Redis (pid ${redis.pid})`, stop: redis.stop });
	const postgres = await startPostgres(path.join(runDir, 'postgres'));
	stops.push({ what: `PostgreSQL (pid ${postgres.pid})`, stop: postgres.stop });
	step(
		`Redis on 127.0.0.1:${redis.port} (pid ${redis.pid}), PostgreSQL on 127.0.0.1:${postgres.port} (pid ${postgres.pid}), data in ${path.relative(process.cwd(), runDir)}`,
	);

	const tarball = await buildAndPack();
	let home: N8nHome;
	try {
		home = await createN8nHome({
			tarball,
			prefix: 'n8n-nodes-loops-so-queue-',
			database: postgres,
		});
	} finally {
		removePackedPackage(tarball);
	}
	stops.push({ what: home.userFolder, stop: async () => KEEP || removeN8nHome(home) });
	step(`built, packed and installed into ${home.nodesDir}, shared by the main and the workers`);

	const apiKey = API_KEYS.account;
	const emulator = await LoopsEmulator.start({
		accounts: [{ apiKey, teamName: TEAM_NAMES.account, rateLimit: LIMIT }],
		network: NETWORK,
	});
	stops.push({ what: 'the Loops emulator', stop: async () => await emulator.close() });
	step(
		`Loops emulator on ${emulator.url}: ${LIMIT} requests/s, network ${JSON.stringify(emulator.networkOptions)}`,
	);

	const credential = exampleCredentials({ baseUrl: emulator.url }).filter(
		(c) => c.id === CREDENTIAL_IDS.account,
	);
	await importCredentials(home, credential);
	const workflowId = await importWorkflow(home, examplePath(EXAMPLES.webhookToEvent));
	await publishWorkflow(home, workflowId);
	step(
		`credential "${credential[0].name}" and "${loadExample(EXAMPLES.webhookToEvent).name}" imported and published (PostgreSQL)`,
	);

	// When (performance.now()) n8n logged each execution enqueued by the main and taken by a worker.
	const enqueuedAt: number[] = [];
	const takenAt: number[] = [];
	const main = await startN8n(home, {
		env: queueModeEnv(home, redis, 'main'),
		maxLifetimeMs: 60 * 60_000,
		// the main logs "Enqueued execution <id> (job <id>)" as it puts an execution on the queue
		onLog: byLine((line) => {
			if (/Enqueued execution \S+ \(job/.test(line)) enqueuedAt.push(performance.now());
		}),
	});
	stops.push({ what: `n8n main (pid ${main.process.pid})`, stop: main.stop });
	const ranBy = new Map<string, string[]>();
	const workers: Array<{ name: string; n8n: RunningN8n }> = [];
	for (let index = 1; index <= WORKERS; index++) {
		const name = `worker-${index}`;
		const worker = await startN8n(home, {
			command: ['worker', '--concurrency=10'],
			env: queueModeEnv(home, redis, { worker: name, healthPort: await freePort() }),
			maxLifetimeMs: 60 * 60_000,
			// a worker logs "Worker started execution <id> (job <id>)" as it takes an execution off the queue
			onLog: byLine((line) => {
				const match = /Worker started execution (\S+) \(job/.exec(line);
				if (!match) return;
				ranBy.set(match[1], [...(ranBy.get(match[1]) ?? []), name]);
				takenAt.push(performance.now());
			}),
		});
		stops.push({ what: `n8n ${name} (pid ${worker.process.pid})`, stop: worker.stop });
		workers.push({ name, n8n: worker });
	}
	const rest = await ownerSession(main);
	const url = main.webhookUrl(
		webhookPathOf(loadExample(EXAMPLES.webhookToEvent), 'n8n-nodes-base.webhook'),
	);
	await waitForWebhook(url);
	step(
		`n8n main (pid ${main.process.pid}) and ${WORKERS} workers (pids ${workers.map((w) => w.n8n.process.pid).join(', ')}) in queue mode; ${url} registered`,
	);

	// The burst: every call at once; each answers once its execution has run on a worker (responseMode lastNode).
	const emails = Array.from({ length: EXECUTIONS }, (_, index) => `queue-${index}@example.com`);
	const loadBefore = os.loadavg()[0];
	const burstStart = performance.now();
	const answers = await Promise.all(
		emails.map(async (email) => {
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ email, plan: 'queue' }),
					signal: AbortSignal.timeout(10 * 60_000),
				});
				return { status: response.status, body: await response.text() };
			} catch (error) {
				return { status: 0, body: (error as Error).message };
			}
		}),
	);
	const burstSeconds = (performance.now() - burstStart) / 1000;
	step(`${EXECUTIONS} webhook calls answered in ${burstSeconds.toFixed(1)} s`);

	// Each call was answered once its execution had run; n8n records some executions' end just after. Wait for all
	// of them to be finished (the checks read statuses only), for as long as a busy machine may need.
	const executions = await waitUntil(
		async (seen) => {
			const listed = await listExecutions(rest, workflowId, home.line, { withData: false });
			const finished = listed.filter(isFinished).length;
			seen(`${listed.length} recorded, ${finished} finished`);
			return finished >= EXECUTIONS ? listed : undefined;
		},
		{ what: `${EXECUTIONS} finished executions`, timeoutMs: 5 * 60_000, intervalMs: 1000 },
	).catch(async (error: Error) => {
		process.stderr.write(`${error.message}\n`);
		return await listExecutions(rest, workflowId, home.line, { withData: false });
	});

	// What n8n says
	const answeredOk = answers.filter(
		(a) => a.status === 200 && /"success":\s*true/.test(a.body),
	).length;
	const succeeded = executions.filter((e) => e.status === 'success').length;
	const perWorker = workers.map(({ name }) => ({
		name,
		count: [...ranBy.values()].filter((names) => names.includes(name)).length,
	}));
	const usedWorkers = perWorker.filter((w) => w.count > 0).length;
	const unassigned = executions.filter((e) => !ranBy.has(e.id)).length;
	const ranTwice = [...ranBy.values()].filter((names) => names.length > 1).length;

	// What Loops says
	const requests = emulator.requests.filter(
		(r) => r.apiKey === apiKey && r.path === '/api/v1/events/send',
	);
	const accepted = requests.filter((r) => r.status >= 200 && r.status < 300);
	const rateLimited = requests.filter((r) => r.status === 429).length;
	const applied = new Map<string, number>();
	for (const event of emulator.account(apiKey).events)
		applied.set(event.email, (applied.get(event.email) ?? 0) + 1);
	const duplicates = emails.reduce(
		(sum, email) => sum + Math.max(0, (applied.get(email) ?? 0) - 1),
		0,
	);
	const lost = emails.filter((email) => !applied.has(email)).length;
	const busiest = mostInAnySecond(accepted.map((request) => request.countedAt));
	const counted = requests.map((r) => r.countedAt);
	const firstCounted = (Math.min(...counted) - burstStart) / 1000;
	const sendingSeconds = (Math.max(...counted) - Math.min(...counted)) / 1000;
	const floorSeconds = EXECUTIONS / LIMIT;
	// the pacing part on its own: the first window may go at once, every later request waits for room
	const pacingFloorSeconds = (EXECUTIONS - LIMIT) / LIMIT;
	const ratio = burstSeconds / floorSeconds;

	out(
		`n8n 2.41.1 queue mode: 1 main + ${WORKERS} workers (concurrency 10 each), Redis, PostgreSQL; Loops at ${LIMIT}/s, 75 ms (+0–20 ms) before Loops counts a request, 75 ms back`,
	);
	out(`  webhook calls: ${EXECUTIONS}, answered 200 {"success":true}: ${answeredOk}`);
	out(
		`  executions: ${executions.length} recorded, ${succeeded} succeeded${executions.length > succeeded ? ` (others: ${[...new Set(executions.filter((e) => e.status !== 'success').map((e) => e.status))].join(', ')})` : ''}`,
	);
	out(
		`  ran by: ${perWorker.map((w) => `${w.name} ${w.count}`).join(', ')}${unassigned ? `; in no worker's log: ${unassigned}` : ''}${ranTwice ? `; in two logs: ${ranTwice}` : ''}`,
	);
	out(
		`  Loops: ${requests.length} requests, ${accepted.length} accepted, ${rateLimited} answered 429; events applied once ${emails.length - lost - emails.filter((e) => (applied.get(e) ?? 0) > 1).length}, lost ${lost}, duplicates ${duplicates}; busiest second ${busiest} (limit ${LIMIT})`,
	);
	out(
		`  time: burst ${burstSeconds.toFixed(2)} s over the floor ${floorSeconds.toFixed(2)} s (ratio ${ratio.toFixed(3)}); first request counted after ` +
			`${firstCounted.toFixed(2)} s, first to last ${sendingSeconds.toFixed(2)} s over ${pacingFloorSeconds.toFixed(2)} s (pacing ${(sendingSeconds / pacingFloorSeconds).toFixed(3)})`,
	);
	const since = (times: number[]) =>
		times.length > 0
			? `${((Math.min(...times) - burstStart) / 1000).toFixed(1)}–${((Math.max(...times) - burstStart) / 1000).toFixed(1)} s`
			: 'never';
	out(
		`  n8n: executions enqueued by the main ${since(enqueuedAt)} after the first call, taken by the workers ${since(takenAt)}`,
	);
	out(
		`  machine: ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} before the burst, ${os.loadavg()[0].toFixed(1)} after`,
	);

	const failures: string[] = [];
	if (answeredOk < EXECUTIONS)
		failures.push(`${EXECUTIONS - answeredOk} webhook calls not answered 200 {"success":true}`);
	if (succeeded < EXECUTIONS) failures.push(`${EXECUTIONS - succeeded} executions did not succeed`);
	if (usedWorkers < WORKERS)
		failures.push(`only ${usedWorkers} of ${WORKERS} workers ran executions`);
	if (unassigned > 0 || ranTwice > 0)
		failures.push(`${unassigned} executions in no worker's log, ${ranTwice} in two`);
	if (duplicates > 0) failures.push(`${duplicates} events applied more than once`);
	if (lost > 0) failures.push(`${lost} events never reached Loops`);
	if (busiest > LIMIT)
		failures.push(`Loops accepted ${busiest} requests within one second (limit ${LIMIT})`);
	// The pacer's targets, the 429 share among them: a figure of the pacer under this machine's load, reported
	// like the benchmark's; the checks above are what must hold for the run to pass.
	const targets: Array<[string, boolean]> = [
		[`${EXECUTIONS}/${EXECUTIONS} ok`, succeeded === EXECUTIONS],
		[`all ${WORKERS} workers used`, usedWorkers === WORKERS],
		['duplicates 0', duplicates === 0],
		[
			`429s ≤ ${MAX_429_SHARE * 100}% (${Math.floor(MAX_429_SHARE * EXECUTIONS)})`,
			rateLimited <= MAX_429_SHARE * EXECUTIONS,
		],
	];
	out(`Targets: ${targets.map(([name, met]) => `${met ? 'met' : 'MISSED'}: ${name}`).join('; ')}`);
	return {
		failures,
		summary: `queue mode: ${EXECUTIONS} executions on ${usedWorkers} workers, ok ${succeeded}/${EXECUTIONS}, 429s ${rateLimited}, duplicates ${duplicates}, ratio ${ratio.toFixed(3)}`,
	};
}

async function main(): Promise<number> {
	let outcome: Outcome | undefined;
	try {
		outcome = await run();
	} catch (error) {
		process.stderr.write(`\n${(error as Error).message ?? error}\n`);
	} finally {
		await stopEverything();
		step('everything stopped');
	}
	if (!outcome) {
		out('queue mode: FAILED before the checks (see above)');
		return 1;
	}
	if (outcome.failures.length > 0) out(`FAILED: ${outcome.failures.join('; ')}`);
	out(outcome.summary);
	return outcome.failures.length > 0 ? 1 : 0;
}

if (require.main === module) {
	void main().then((code) => process.exit(code));
}
