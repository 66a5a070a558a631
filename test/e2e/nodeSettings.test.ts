/**
 * n8n's node settings (a node's Settings tab) with the Loops node in a real n8n, headless (`n8n execute`): one
 * workflow whose branches each run a Loops node under one setting, fed the same three items, one of them bad.
 *   Execute Once · On Error: Continue (regular output) · On Error: Continue (using error output) · Retry On Fail ·
 *   Always Output Data
 * Each branch sends its own event name, so what Loops received tells the branches apart.
 */
import type { LoopsEmulator, RecordedRequest } from '../emulator';

import * as ex from '../../scripts/n8n/examples';
import * as h from '../../scripts/n8n/harness';

import { exampleHome, sendEventParameters, startEmulator } from './harness';

const WORKFLOW_ID = 'LoopsNodeSettings';
const BROKEN = 'broken';
const BUYERS = ['a@example.com', BROKEN, 'c@example.com'];
const GOOD_BUYERS = ['a@example.com', 'b@example.com', 'c@example.com'];

let emulator: LoopsEmulator;
let home: h.N8nHome;

const account = (id: string) => ({ loopsApi: { id, name: 'Loops' } });
let position = 0;

function node(name: string, type: string, parameters: h.Json, extra: h.Json = {}): h.Json {
	position += 1;
	return {
		id: `6a1e0000-0000-4000-8000-${String(position).padStart(12, '0')}`,
		name,
		type,
		typeVersion: 1,
		position: [position * 200, 0],
		parameters,
		...extra,
	};
}

/** Set (raw JSON) → Split Out: one item per email, `{ email }`. */
function buyers(name: string, emails: string[]): h.Json[] {
	return [
		node(
			`${name} list`,
			'n8n-nodes-base.set',
			{ mode: 'raw', jsonOutput: JSON.stringify({ emails }), options: {} },
			{ typeVersion: 3.4 },
		),
		node(name, 'n8n-nodes-base.splitOut', {
			fieldToSplitOut: 'emails',
			options: { destinationFieldName: 'email' },
		}),
	];
}

function sendEvent(name: string, eventName: string, settings: h.Json): h.Json {
	return node(name, h.NODE_TYPE, sendEventParameters(eventName), {
		credentials: account(ex.CREDENTIAL_IDS.account),
		...settings,
	});
}

const to = (...targets: string[]) =>
	targets.map((target) => ({ node: target, type: 'main', index: 0 }));

function nodeSettingsWorkflow(): h.Json {
	const nodes = [
		node('Start', 'n8n-nodes-base.manualTrigger', {}),
		...buyers('Buyers', BUYERS),
		...buyers('Good buyers', GOOD_BUYERS),
		sendEvent('Execute Once', 'once', { executeOnce: true }),
		sendEvent('Continue (regular output)', 'regular', { onError: 'continueRegularOutput' }),
		sendEvent('Continue (error output)', 'errorOutput', { onError: 'continueErrorOutput' }),
		node('Sent', 'n8n-nodes-base.noOp', {}),
		node('Refused', 'n8n-nodes-base.noOp', {}),
		sendEvent('Retry On Fail', 'retried', { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 }),
		node(
			'Get Many (no contacts)',
			h.NODE_TYPE,
			{ resource: 'contact', operation: 'getAll', limit: 10 },
			{ credentials: account(ex.CREDENTIAL_IDS.marketing), alwaysOutputData: true },
		),
		node('After Get Many', 'n8n-nodes-base.noOp', {}),
	];
	return {
		id: WORKFLOW_ID,
		name: 'Loops node settings (e2e)',
		active: false,
		nodes,
		connections: {
			Start: { main: [to('Buyers list', 'Good buyers list', 'Get Many (no contacts)')] },
			'Buyers list': { main: [to('Buyers')] },
			Buyers: {
				main: [to('Execute Once', 'Continue (regular output)', 'Continue (error output)')],
			},
			'Continue (error output)': { main: [to('Sent'), to('Refused')] },
			'Good buyers list': { main: [to('Good buyers')] },
			'Good buyers': { main: [to('Retry On Fail')] },
			'Get Many (no contacts)': { main: [to('After Get Many')] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

let result: h.ExecuteResult;

beforeAll(async () => {
	emulator = await startEmulator();
	home = await exampleHome(emulator, [nodeSettingsWorkflow()]);
	// Loops refuses c@example.com's "retried" event once: the first try of Retry On Fail fails after a and b went out.
	emulator.failNext(
		(request) => {
			const body = request.body as { eventName?: string; email?: string } | undefined;
			return body?.eventName === 'retried' && body.email === 'c@example.com';
		},
		400,
		'Loops could not process this event right now.',
	);
	result = await h.executeSuccessfully(home, WORKFLOW_ID);
}, 10 * 60_000);

afterAll(async () => {
	await emulator?.close();
	if (home) h.removeN8nHome(home);
});

const sentFor = (eventName: string): RecordedRequest[] =>
	emulator.requests.filter(
		(request) => (request.body as { eventName?: string } | undefined)?.eventName === eventName,
	);
const emailsOf = (requests: RecordedRequest[]) =>
	requests.map((request) => (request.body as { email: string }).email);
const applied = (eventName: string) =>
	emulator
		.account(ex.API_KEYS.account)
		.eventsNamed(eventName)
		.map((event) => event.email)
		.sort();
const refusal = 'Email: "broken" is not a valid email address [item 1]';

describe('Loops node settings in n8n 2.41', () => {
	it('Execute Once with three items sends the first one only (the bad second item is never prepared)', () => {
		expect(emailsOf(sentFor('once'))).toEqual(['a@example.com']);
		expect(result.items['Execute Once']).toEqual([{ success: true }]);
	});

	it('On Error: Continue (regular output) sends the good items and outputs an error item for the bad one', () => {
		expect(applied('regular')).toEqual(['a@example.com', 'c@example.com']);
		expect(result.items['Continue (regular output)']).toEqual([
			{ success: true },
			{ error: refusal },
			{ success: true },
		]);
	});

	it('On Error: Continue (using error output) sends the good items and routes the bad one to the error output', () => {
		expect(applied('errorOutput')).toEqual(['a@example.com', 'c@example.com']);
		expect(result.items.Sent).toEqual([{ success: true }, { success: true }]);
		expect(result.items.Refused).toEqual([expect.objectContaining({ error: refusal })]);
	});

	it('Retry On Fail re-runs the node after Loops refused one item: each event applied once', () => {
		const retried = sentFor('retried');
		expect(retried.filter((request) => request.fault === 'injected')).toHaveLength(1);
		expect(applied('retried')).toEqual(GOOD_BUYERS);
		expect(result.run.data.resultData.runData['Retry On Fail']).toHaveLength(1);
		expect(result.items['Retry On Fail']).toEqual([
			{ success: true, duplicate: true, idempotencyKey: expect.any(String) },
			{ success: true, duplicate: true, idempotencyKey: expect.any(String) },
			{ success: true },
		]);
	});

	it('Always Output Data gives one empty item where Get Many found no contacts, and the next node runs', () => {
		expect(result.items['Get Many (no contacts)']).toEqual([{}]);
		expect(result.items['After Get Many']).toEqual([{}]);
	});
});
