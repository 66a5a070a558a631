/**
 * Webhook-started workflows in a real n8n served by `n8n start` (127.0.0.1, free ports):
 *   example (b): Webhook → Send Event, started by a POST to its production URL;
 *   the Loops Trigger example: started by a signed Loops delivery (Standard Webhooks), and not by an unsigned,
 *   tampered or wrongly signed one (401), nor by an event it does not listen to, nor a second time by a delivery
 *   it already accepted (Loops re-sending it, or a replay: 200);
 *   an order workflow (Webhook → Split Out → Send Event) whose execution fails, retried from n8n's Executions list;
 *   the same workflow on a slow Loops account (2 requests/s), and one sending a transactional email to each buyer,
 *   started in the background on 60 buyers and stopped as the editor's Stop does: Loops then hears at most the
 *   requests already on their way, and nothing more in the seconds that follow (n8n's server hands the node the
 *   execution's cancel signal, which closes its lanes and with which n8n-core aborts its requests:
 *   docs/n8n-internals.md, rows 6 and 8).
 * The workflows are imported and published before n8n starts; what they did is read from the emulator and from
 * n8n's executions (REST API, as the owner), once n8n has written them (status and run data).
 */
import { randomBytes } from 'crypto';

import { sleep } from 'n8n-workflow';

import type { LoopsEmulator, RecordedRequest } from '../emulator';
import { deliverWebhook } from '../emulator/webhooks';

import * as ex from '../../scripts/n8n/examples';
import * as h from '../../scripts/n8n/harness';

import { eventSent, N8N_MAJOR, received, sendEventParameters, startEmulator } from './harness';

let emulator: LoopsEmulator;
let home: h.N8nHome;
let n8n: h.RunningN8n;
let rest: h.RestClient;
let signupUrl: string;
let triggerUrl: string;
let ordersUrl: string;
let bulkOrdersUrl: string;
let bulkWelcomesUrl: string;

const ORDERS = { id: 'LoopsOrdersRetry', path: 'loops-orders', uuid: 'aa', eventName: 'order' };
/** The same workflow, sending "bulkOrder" with the credential of a Loops account limited to 2 requests/s. */
const BULK_ORDERS = {
	id: 'LoopsBulkOrders1',
	path: 'loops-bulk-orders',
	uuid: 'bb',
	eventName: 'bulkOrder',
};
/** The bulk workflow again, its Loops node sending the transactional email "welcome" to each buyer. */
const BULK_WELCOMES = {
	id: 'LoopsBulkWelcome',
	path: 'loops-bulk-welcomes',
	uuid: 'cc',
	eventName: 'welcome email',
};
const SLOW_CREDENTIAL = { id: 'LoopsSlowAcct001', name: 'Loops slow account' };
const SLOW_KEY = 'loops-slow-key';
const SLOW_RATE_LIMIT = 2;
const WELCOME_PARAMETERS = {
	resource: 'transactionalEmail',
	operation: 'send',
	email: '={{ $json.email }}',
	transactionalId: { __rl: true, mode: 'id', value: 'welcome' },
	additionalFields: {
		dataVariables: { variable: [{ key: 'name', value: '={{ $json.email }}' }] },
	},
};

/** Webhook (answers at once) → Split Out (one item per email) → Loops Send Event, derived keys. */
function ordersWorkflow(
	{ id, path, uuid, eventName }: typeof ORDERS,
	credential: { id: string; name: string } = {
		id: ex.CREDENTIAL_IDS.account,
		name: 'Loops account',
	},
	settings: h.Json = {},
	loopsParameters: h.Json = sendEventParameters(eventName),
): h.Json {
	const at = (index: number) => [index * 220, 0];
	return {
		id,
		name: `Orders to Loops (e2e: ${eventName})`,
		active: false,
		nodes: [
			{
				id: '7b2e0000-0000-4000-8000-000000000001',
				name: 'Orders',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: at(0),
				webhookId: `7b2e0000-0000-4000-8000-0000000000${uuid}`,
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				id: '7b2e0000-0000-4000-8000-000000000002',
				name: 'One per buyer',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: at(1),
				parameters: { fieldToSplitOut: 'body.emails', options: { destinationFieldName: 'email' } },
			},
			{
				id: '7b2e0000-0000-4000-8000-000000000003',
				name: 'Send Order Event',
				type: h.NODE_TYPE,
				typeVersion: 1,
				position: at(2),
				parameters: loopsParameters,
				credentials: { loopsApi: credential },
			},
		],
		connections: {
			Orders: { main: [[{ node: 'One per buyer', type: 'main', index: 0 }]] },
			'One per buyer': { main: [[{ node: 'Send Order Event', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', ...settings },
		pinData: {},
	};
}
const signingSecret = `whsec_${randomBytes(24).toString('base64')}`;

beforeAll(async () => {
	emulator = await startEmulator();
	emulator.addAccount({ apiKey: SLOW_KEY, teamName: 'Slow', rateLimit: SLOW_RATE_LIMIT });
	home = await h.createN8nHome({ tarball: h.e2eTarball() });
	await h.importCredentials(home, [
		...ex.exampleCredentials({ baseUrl: emulator.url, signingSecret }),
		{ ...SLOW_CREDENTIAL, type: 'loopsApi', data: { apiKey: SLOW_KEY, baseUrl: emulator.url } },
	]);
	const ids = await h.importWorkflows(home, [
		ex.examplePath(ex.EXAMPLES.webhookToEvent),
		ex.examplePath(ex.EXAMPLES.loopsTrigger),
		ordersWorkflow(ORDERS),
		ordersWorkflow(BULK_ORDERS, SLOW_CREDENTIAL, { saveExecutionProgress: true }),
		ordersWorkflow(
			BULK_WELCOMES,
			SLOW_CREDENTIAL,
			{ saveExecutionProgress: true },
			WELCOME_PARAMETERS,
		),
	]);
	for (const id of ids) await h.publishWorkflow(home, id);
	n8n = await h.startN8n(home);
	rest = await h.ownerSession(n8n);
	signupUrl = n8n.webhookUrl(
		ex.webhookPathOf(ex.loadExample(ex.EXAMPLES.webhookToEvent), 'n8n-nodes-base.webhook'),
	);
	triggerUrl = n8n.webhookUrl(
		ex.webhookPathOf(ex.loadExample(ex.EXAMPLES.loopsTrigger), h.TRIGGER_NODE_TYPE),
	);
	ordersUrl = n8n.webhookUrl(ORDERS.path);
	bulkOrdersUrl = n8n.webhookUrl(BULK_ORDERS.path);
	bulkWelcomesUrl = n8n.webhookUrl(BULK_WELCOMES.path);
	for (const url of [signupUrl, triggerUrl, ordersUrl, bulkOrdersUrl, bulkWelcomesUrl])
		await h.waitForWebhook(url);
	// generous: on a busy machine 1.x takes minutes for the CLI imports, publications and its start
}, 15 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await emulator?.close();
	if (home) h.removeN8nHome(home);
});

beforeEach(() => emulator.reset());

describe('n8n start', () => {
	it('listens on 127.0.0.1 only', () => {
		expect(n8n.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(n8n.logs()).toContain(`n8n ready on 127.0.0.1, port ${n8n.port}`);
		expect(n8n.logs()).toContain(`n8n Task Broker ready on 127.0.0.1, port ${n8n.brokerPort}`);
	});
});

describe('example (b): Webhook → Send Event under n8n start', () => {
	it('sends the posted signup to Loops as an event and answers with Loops’ reply', async () => {
		const res = await fetch(signupUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'lin@example.com', plan: 'team' }),
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ success: true });

		expect(received(emulator.requests)).toEqual([
			eventSent({
				email: 'lin@example.com',
				eventName: 'signup',
				eventProperties: { plan: 'team' },
			}),
		]);
		expect(emulator.account(ex.API_KEYS.account).events).toEqual([
			expect.objectContaining({
				eventName: 'signup',
				email: 'lin@example.com',
				eventProperties: { plan: 'team' },
			}),
		]);

		const executions = await h.waitForExecutions(rest, ex.EXAMPLES.webhookToEvent.id, 1, {
			nodes: ['Webhook', 'Send Event'],
		});
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(executions[0]?.items['Webhook']).toEqual([
			expect.objectContaining({ body: { email: 'lin@example.com', plan: 'team' } }),
		]);
		expect(executions[0]?.items['Send Event']).toEqual([{ success: true }]);
	});
});

describe('the Loops Trigger example (signed Loops webhooks) under n8n start', () => {
	const clicked = (email: string) => ({
		eventName: 'email.clicked',
		eventTime: Math.floor(Date.now() / 1000),
		webhookSchemaVersion: '1.0.0',
		sourceType: 'campaign',
		campaignId: 'cmp_1',
		contactIdentity: { id: 'contact_1', email, userId: null },
		email: { id: 'email_1', emailMessageId: 'msg_1', subject: 'Spring launch' },
	});

	it('starts on a signed delivery and not on unsigned, tampered, wrongly signed or unselected ones', async () => {
		const workflowId = ex.EXAMPLES.loopsTrigger.id;

		// 1. a genuine delivery: 200, one execution, which sends the event to Loops
		const first = await deliverWebhook(triggerUrl, signingSecret, clicked('first@example.com'));
		expect(first.status).toBe(200);
		expect(first.body).toBe(''); // a plain 2xx for Loops, not n8n's default "firstEntryJson" text
		const ran = { nodes: ['Loops Trigger', 'Send Event'] };
		let executions = await h.waitForExecutions(rest, workflowId, 1, ran);
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(executions[0]?.items['Loops Trigger']).toEqual([JSON.parse(first.sent.body)]);
		expect(executions[0]?.items['Send Event']).toEqual([{ success: true }]);

		// 2. deliveries that must not start it
		const unsigned = await deliverWebhook(
			triggerUrl,
			signingSecret,
			clicked('unsigned@example.com'),
			{
				signatureHeader: null,
			},
		);
		expect(unsigned.status).toBe(401);
		const tampered = await deliverWebhook(
			triggerUrl,
			signingSecret,
			clicked('tampered@example.com'),
			{
				signedBody: JSON.stringify(clicked('first@example.com')),
			},
		);
		expect(tampered.status).toBe(401);
		const wrongSecret = await deliverWebhook(
			triggerUrl,
			`whsec_${randomBytes(24).toString('base64')}`,
			clicked('wrong@example.com'),
		);
		expect(wrongSecret.status).toBe(401);
		// the first delivery again: replayed byte for byte, and re-sent by Loops as after a lost 200 (same
		// webhook-id, a later timestamp, a new signature): acknowledged, no second execution
		const replayed = await deliverWebhook(triggerUrl, signingSecret, clicked('first@example.com'), {
			id: first.sent.id,
			timestamp: first.sent.timestamp,
			body: first.sent.body,
		});
		expect(replayed.status).toBe(200);
		const resent = await deliverWebhook(triggerUrl, signingSecret, clicked('first@example.com'), {
			id: first.sent.id,
			timestamp: first.sent.timestamp + 30,
			body: first.sent.body,
		});
		expect(resent.status).toBe(200);
		expect(resent.sent.headers['webhook-signature']).not.toBe(
			first.sent.headers['webhook-signature'],
		);
		// a verified event the trigger does not listen to: acknowledged, not run
		const unselected = await deliverWebhook(triggerUrl, signingSecret, {
			...clicked('created@example.com'),
			eventName: 'contact.created',
		});
		expect(unselected.status).toBe(200);

		// 3. a last genuine delivery: once it has run, every delivery before it has been handled
		const last = await deliverWebhook(triggerUrl, signingSecret, clicked('last@example.com'));
		expect(last.status).toBe(200);
		executions = await h.waitForExecutions(rest, workflowId, 2, ran);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		expect(executions.map((e) => e.items['Loops Trigger']?.[0]?.contactIdentity?.email)).toEqual([
			'first@example.com',
			'last@example.com',
		]);

		// Loops received exactly the two events, from the two genuine deliveries
		expect(received(emulator.requests)).toEqual(
			['first@example.com', 'last@example.com'].map((email) =>
				eventSent({
					email,
					eventName: 'clickedEmail',
					eventProperties: { subject: 'Spring launch' },
				}),
			),
		);
	});
});

describe("an execution that failed in the Loops node, retried from n8n's Executions list", () => {
	it('re-sends the events that had gone out under their first keys: Loops applies each order once', async () => {
		// Loops refuses c@example.com's event once: the execution fails after a and b went out.
		emulator.failNext(
			(request) => (request.body as { email?: string } | undefined)?.email === 'c@example.com',
			400,
			'Loops could not process this event right now.',
		);
		const emails = ['a@example.com', 'b@example.com', 'c@example.com'];
		const posted = await fetch(ordersUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emails }),
		});
		expect(posted.status).toBe(200);
		const ran = { nodes: ['Orders', 'Send Order Event'] };
		let executions = await h.waitForExecutions(rest, ORDERS.id, 1, ran);
		expect(executions.map((e) => [e.mode, e.status])).toEqual([['webhook', 'error']]);
		const applied = () =>
			emulator
				.account(ex.API_KEYS.account)
				.eventsNamed('order')
				.map((event) => event.email)
				.sort();
		expect(applied()).toEqual(['a@example.com', 'b@example.com']);

		await rest('POST', `/executions/${executions[0]?.id}/retry`, { loadWorkflow: false });
		executions = await h.waitForExecutions(rest, ORDERS.id, 2, ran);
		expect(executions.map((e) => [e.mode, e.status])).toEqual([
			['webhook', 'error'],
			['retry', 'success'],
		]);
		expect(applied()).toEqual(emails);
		const keyOf = (email: string) =>
			emulator.requests.find((r) => (r.body as { email?: string } | undefined)?.email === email)
				?.headers['idempotency-key'];
		expect(executions[1]?.items['Send Order Event']).toEqual([
			{ success: true, duplicate: true, idempotencyKey: keyOf('a@example.com') },
			{ success: true, duplicate: true, idempotencyKey: keyOf('b@example.com') },
			{ success: true },
		]);
	});
});

/** How long Loops is listened to after n8n confirmed a stop: the backlog would send 10 requests meanwhile. */
const QUIET_MS = 5_000;

/**
 * POSTs 60 buyers to a bulk workflow, stops its execution once Loops has received `sendsBefore` of its sends,
 * then listens to Loops for QUIET_MS. Resolves n8n's answer and record, the sends Loops had received when the
 * stop was asked for, and all it received.
 */
async function stopMidBacklog(
	url: string,
	workflowId: string,
	isSend: (request: RecordedRequest) => boolean,
	sendsBefore: number,
) {
	const emails = Array.from({ length: 60 }, (_, index) => `bulk-${index}@example.com`);
	const sends = () => emulator.requests.filter((r) => r.apiKey === SLOW_KEY && isSend(r));
	// started in the background: the webhook answers at once, the Loops node then paces 60 requests to 2/s
	const posted = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emails }),
	});
	expect(posted.status).toBe(200);
	const id = await h.waitForRunningExecution(rest, workflowId, {
		until: () => sends().length >= sendsBefore,
	});
	const beforeStop = sends().length;
	const stopped = await h.stopExecution(rest, id, { nodes: ['Orders', 'One per buyer'] });
	await sleep(QUIET_MS);
	return { ...stopped, id, emails, beforeStop, sends: sends() };
}

const accepted = (requests: RecordedRequest[]) =>
	requests.filter((request) => request.status === 200).length;

describe("an execution stopped from n8n's Executions list while the Loops node sends", () => {
	it('Send Event: ends canceled with the data of the nodes that had run; Loops hears at most the events already on their way, then nothing', async () => {
		const { answer, execution, id, emails, beforeStop, sends } = await stopMidBacklog(
			bulkOrdersUrl,
			BULK_ORDERS.id,
			(r) => r.path === '/api/v1/events/send',
			2,
		);

		expect(answer).toMatchObject({ status: 'canceled', mode: 'webhook', finished: false });
		expect(execution).toMatchObject({ id, status: 'canceled', mode: 'webhook' });
		// 2.41 keeps the record its stop wrote, with the cancellation as the run's error; 1.123 lets the interrupted
		// run write its own over it, with or without an error (executions.ts, stopExecution)
		if (N8N_MAJOR >= 2)
			expect(execution.run.data.resultData.error.message).toBe(
				'The execution was cancelled manually',
			);
		expect(execution.items['Orders']).toEqual([expect.objectContaining({ body: { emails } })]);
		expect(execution.items['One per buyer']).toEqual(emails.map((email) => ({ email })));
		// at most one window of the account's limit after the stop was asked for; the backlog would have sent ten
		// more while Loops was listened to
		expect(beforeStop).toBeGreaterThanOrEqual(2);
		expect(sends.length - beforeStop).toBeLessThanOrEqual(SLOW_RATE_LIMIT);
		// what Loops accepted was applied, once each (a 429 before the node has learnt the limit is retried)
		expect(emulator.account(SLOW_KEY).eventsNamed('bulkOrder')).toHaveLength(accepted(sends));
	});

	it('Send Transactional Email: its one look-up of the data variables, a few emails, then nothing', async () => {
		const { answer, execution, beforeStop, sends } = await stopMidBacklog(
			bulkWelcomesUrl,
			BULK_WELCOMES.id,
			(r) => r.method === 'POST' && r.path === '/api/v1/transactional',
			2,
		);

		expect(answer).toMatchObject({ status: 'canceled', finished: false });
		expect(execution.status).toBe('canceled');
		const slow = emulator.requests.filter((request) => request.apiKey === SLOW_KEY);
		expect(slow[0]).toMatchObject({
			method: 'GET',
			path: '/api/v1/transactional-emails/welcome',
			status: 200,
		});
		expect(slow.filter((request) => request.method === 'GET')).toHaveLength(1);
		expect(beforeStop).toBeGreaterThanOrEqual(2);
		expect(sends.length - beforeStop).toBeLessThanOrEqual(SLOW_RATE_LIMIT);
		expect(emulator.account(SLOW_KEY).transactionalSent).toHaveLength(accepted(sends));
	});
});
