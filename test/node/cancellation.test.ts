import { sleep, type INodeExecutionData } from 'n8n-workflow';
import { ExecuteSingleContext } from 'n8n-core';

import { AccountPacer } from '../../nodes/Loops/shared/pacing/accountQueue';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode, runLoopsWorkflow } from '../helpers/n8n';

/**
 * Cancel means stop: once a user cancels an execution, Loops hears nothing more of it: not its queued requests,
 * not a request waiting out its backoff, not items whose look-up was queued, not after a Wait node resumed it, and
 * not where n8n (1.x) offers nodes no execution-finish hook. Each test lets the execution get under way, cancels
 * it the way n8n does (the engine's cancel), and reads Loops' log.
 */

const LIMIT = 10;
const loops = useLoopsEmulator({ rateLimit: LIMIT });
const credentials = () => ({ main: loops.credential() });

const sendEvent = {
	resource: 'event',
	operation: 'send',
	email: '={{ $json.email }}',
	eventName: 'purchase',
};
const buyers = (count: number, prefix: string): INodeExecutionData[] =>
	Array.from({ length: count }, (_, index) => ({
		json: { email: `${prefix}${index}@example.com` },
	}));

async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await sleep(5);
}

const posted = (path: string) =>
	loops.emulator.requests.filter((request) => request.method === 'POST' && request.path === path);

afterEach(() => jest.restoreAllMocks());

it('stops Send Transactional Email whose data-variable look-up met the cancel: none is sent', async () => {
	loops.emulator.setRateLimit('test-api-key', 1); // one slot a second: the look-up waits behind the backlog
	const stopBacklog = new AbortController();
	const backlog = runLoopsNode(
		{ parameters: sendEvent, continueOnFail: true },
		{ credentials: credentials(), items: buyers(100, 'backlog'), signal: stopBacklog.signal },
	);
	try {
		await until(() => posted('/api/v1/events/send').length >= 1);
		const acquire = jest.spyOn(AccountPacer.prototype, 'acquire');
		const cancel = new AbortController();
		const emails = runLoopsNode(
			{
				parameters: {
					resource: 'transactionalEmail',
					operation: 'send',
					email: '={{ $json.email }}',
					transactionalId: 'password-reset',
					additionalFields: {
						dataVariables: {
							variable: [
								{ key: 'name', value: 'Ada' },
								{ key: 'resetUrl', value: 'https://example.com/reset' },
							],
						},
					},
				},
			},
			{ credentials: credentials(), items: buyers(30, 'reset'), signal: cancel.signal },
		);
		await until(() => acquire.mock.calls.length > 0); // the look-up waits for a slot
		cancel.abort();
		const { run } = await emails;
		expect(run.status).toBe('canceled');
		await sleep(1500); // a slot or two: anything still going would have been sent by now
		expect(posted('/api/v1/transactional')).toEqual([]);
		expect(loops.emulator.account().transactionalSent).toEqual([]);
	} finally {
		stopBacklog.abort();
		await backlog;
	}
}, 60_000);

it('does not send a retry that was waiting out its backoff when the execution is cancelled', async () => {
	jest.spyOn(Math, 'random').mockReturnValue(0.99); // the longest backoff: the cancel comes inside it
	loops.emulator.failNext(
		(request) => request.path === '/api/v1/events/send',
		503,
		'Service unavailable',
		3,
	);
	const cancel = new AbortController();
	const run = runLoopsNode(
		{ parameters: sendEvent },
		{ credentials: credentials(), items: buyers(1, 'retried'), signal: cancel.signal },
	);
	await until(() => posted('/api/v1/events/send').length === 3); // now waiting ~0.8 s before the 4th
	cancel.abort();
	const { status } = (await run).run;
	await sleep(1500);
	expect(posted('/api/v1/events/send')).toHaveLength(3);
	expect(loops.emulator.account().eventsNamed('purchase')).toEqual([]);
	expect(status).toBe('canceled');
}, 30_000);

it('stops an execution resumed after a Wait node when it is cancelled', async () => {
	const passwordReset = {
		resource: 'transactionalEmail',
		operation: 'send',
		email: 'after-the-wait@example.com',
		transactionalId: 'password-reset',
		additionalFields: {
			dataVariables: {
				variable: [
					{ key: 'name', value: 'Ada' },
					{ key: 'resetUrl', value: 'https://example.com/reset' },
				],
			},
		},
	};
	const workflow = [
		{ name: 'Before the wait', parameters: sendEvent },
		{ name: 'Wait', wait: true as const, parameters: {} },
		{ name: 'After the wait', parameters: passwordReset },
	];
	const waiting = await runLoopsWorkflow(workflow, {
		credentials: credentials(),
		items: buyers(1, 'waits'),
	});
	expect(waiting.run.status).toBe('waiting');
	expect(posted('/api/v1/events/send')).toHaveLength(1);

	// Resumed, the node first looks the email up (answered slowly here), then sends: cancel in between.
	loops.emulator.setNetwork({ responseDelayMs: 300 });
	const cancel = new AbortController();
	const resumed = runLoopsWorkflow(workflow, {
		credentials: credentials(),
		resumeOf: waiting,
		signal: cancel.signal,
	});
	await until(() => loops.emulator.requests.some((request) => request.method === 'GET'));
	cancel.abort();
	expect((await resumed).run.status).toBe('canceled');
	await sleep(1000);
	expect(posted('/api/v1/transactional')).toEqual([]);
}, 30_000);

it('stops a cancelled backlog where n8n gives nodes no execution-finish hook (n8n 1.x)', async () => {
	// n8n 1.x's node contexts have no onExecutionFinish: the node closes its lane on the execution's own
	// lifecycle hook instead (pacing/executionLanes.ts).
	const proto = Object.getPrototypeOf(ExecuteSingleContext.prototype) as object;
	const original = Object.getOwnPropertyDescriptor(proto, 'onExecutionFinish');
	Object.defineProperty(proto, 'onExecutionFinish', { value: undefined, configurable: true });
	try {
		const cancel = new AbortController();
		const run = runLoopsNode(
			{ parameters: sendEvent, continueOnFail: true },
			{ credentials: credentials(), items: buyers(300, 'one-x'), signal: cancel.signal },
		);
		await until(() => posted('/api/v1/events/send').length >= 2 * LIMIT);
		const countedAtCancel = posted('/api/v1/events/send').length;
		cancel.abort();
		expect((await run).run.status).toBe('canceled');
		await sleep(1500);
		// at most the requests already on their way; a slot each for the rest would have taken 28 s
		expect(posted('/api/v1/events/send').length - countedAtCancel).toBeLessThanOrEqual(LIMIT);
	} finally {
		if (original) Object.defineProperty(proto, 'onExecutionFinish', original);
	}
}, 60_000);
