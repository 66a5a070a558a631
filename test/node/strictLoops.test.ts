import type { INodeExecutionData } from 'n8n-workflow';

import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * The node against an emulator as strict as Loops where the emulator used to be lenient (see "as strict as
 * Loops" in test/emulator/emulator.test.ts). Null and over-long event property values are refused by the node
 * itself (test/node/propertyValues.test.ts, test/node/validation.test.ts).
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

describe('dates', () => {
	function setTrialEnd(value: string) {
		return {
			resource: 'contact',
			operation: 'update',
			identifyBy: 'email',
			email: 'ada@example.com',
			updateFields: { customProperties: { property: [{ key: 'trialEndsAt', value }] } },
		};
	}

	it('a date given as milliseconds in text goes through as typed', async () => {
		const { error } = await runLoopsNode(
			{ parameters: setTrialEnd('1735689600000') },
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(loops.emulator.account().findByEmail('ada@example.com')?.trialEndsAt).toBe(
			'1735689600000',
		);
	});

	it("a date and time without the T is Loops' to refuse: its message and code reach the user", async () => {
		const { error } = await runLoopsNode(
			{ parameters: setTrialEnd('2025-06-01 10:00') },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			'Loops answered 400: Contact property "trialEndsAt" must be a date: Unix timestamp in ms or ISO 8601 string.',
		);
		expect(error?.httpCode).toBe('400');
	});
});

describe('attachments', () => {
	function itemWith(mimeType: string): INodeExecutionData {
		return {
			json: {},
			binary: {
				data: {
					data: Buffer.from('%PDF-1.4').toString('base64'),
					mimeType,
					fileName: 'invoice.pdf',
				},
			},
		};
	}

	const send = {
		resource: 'transactionalEmail',
		operation: 'send',
		email: 'ada@example.com',
		transactionalId: 'payment-failed',
		additionalFields: { attachments: 'data' },
	};

	it('sends canonical base64 and the file MIME type', async () => {
		loops.emulator.account().attachmentsEnabled = true;
		const { error } = await runLoopsNode(
			{ parameters: send },
			{ credentials: credentials(), items: [itemWith('application/pdf')] },
		);
		expect(error).toBeUndefined();
		expect(loops.emulator.account().transactionalSent[0].attachments).toEqual([
			{
				filename: 'invoice.pdf',
				contentType: 'application/pdf',
				data: Buffer.from('%PDF-1.4').toString('base64'),
			},
		]);
	});

	it('sends application/octet-stream when the binary data has no usable MIME type', async () => {
		loops.emulator.account().attachmentsEnabled = true;
		const { error } = await runLoopsNode(
			{ parameters: send },
			{ credentials: credentials(), items: [itemWith('pdf')] },
		);
		expect(error).toBeUndefined();
		expect(loops.emulator.account().transactionalSent[0].attachments[0].contentType).toBe(
			'application/octet-stream',
		);
	});
});

describe('emails with surrounding spaces (Loops refuses them)', () => {
	const spaced = [{ json: { email: '  ada@example.com ' } }];

	it.each([
		['Create Contact', { resource: 'contact', operation: 'create', email: '={{ $json.email }}' }],
		[
			'Send Event',
			{ resource: 'event', operation: 'send', email: '={{ $json.email }}', eventName: 'signup' },
		],
		[
			'Send Transactional Email',
			{
				resource: 'transactionalEmail',
				operation: 'send',
				email: '={{ $json.email }}',
				transactionalId: 'payment-failed',
			},
		],
		[
			'Get Contact',
			{ resource: 'contact', operation: 'get', findBy: 'email', email: '={{ $json.email }}' },
		],
	])('%s sends the address trimmed', async (_operation, parameters) => {
		if (parameters.operation === 'get')
			loops.emulator.account().seedContact({ email: 'ada@example.com' });
		const { error } = await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items: spaced },
		);
		expect(error).toBeUndefined();
		// the operation's own request comes last (Send Transactional Email reads its email first)
		const request = loops.emulator.requests[loops.emulator.requests.length - 1];
		expect(request.status).toBe(200);
		expect((request.body as { email?: string } | undefined)?.email ?? request.query.email).toBe(
			'ada@example.com',
		);
	});
});

describe('Content-Type (Loops refuses a body without a JSON one)', () => {
	it('is application/json on every request with a body', async () => {
		await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'create', email: 'ada@example.com' } },
			{ credentials: credentials() },
		);
		await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'update',
					identifyBy: 'email',
					email: 'ada@example.com',
				},
			},
			{ credentials: credentials() },
		);
		await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: 'ada@example.com',
					eventName: 'signup',
				},
			},
			{ credentials: credentials() },
		);
		expect(
			loops.emulator.requests.map((r) => [r.method, r.headers['content-type'], r.status]),
		).toEqual([
			['POST', 'application/json', 200],
			['PUT', 'application/json', 200],
			['POST', 'application/json', 200],
		]);
	});
});

describe("Loops' older 401 answer { error: 'Invalid API key' }", () => {
	it('still reads as a rejected API key', async () => {
		loops.emulator.setUnauthorizedShape('legacy');
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'account', operation: 'get' } },
			{ credentials: { main: loops.credential('wrong-key') } },
		);
		expect(loops.emulator.requests[0].responseBody).toStrictEqual({ error: 'Invalid API key' });
		expect(error?.message).toBe('Loops rejected the API key (401)');
		expect(error?.httpCode).toBe('401');
	});
});

describe('userGroup "" (what Loops gives a contact without a group)', () => {
	it('comes through Get as Loops gave it', async () => {
		await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'create', email: 'ada@example.com' } },
			{ credentials: credentials() },
		);
		const { items } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'get',
					findBy: 'email',
					email: 'ada@example.com',
					simplify: false,
				},
			},
			{ credentials: credentials() },
		);
		expect(items[0].json.userGroup).toBe('');
	});
});
