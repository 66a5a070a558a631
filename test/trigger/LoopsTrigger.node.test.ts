import { randomBytes } from 'crypto';
import type { ICredentialsDecrypted, ICredentialTestFunctions, IHookFunctions } from 'n8n-workflow';

import { LoopsTrigger } from '../../nodes/LoopsTrigger/LoopsTrigger.node';
import { acceptedWebhookIds } from '../../nodes/LoopsTrigger/replay';
import { signWebhook } from '../emulator/webhooks';
import { fakeWebhookContext, type FakeRequest } from '../helpers/fakeWebhookContext';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const node = new LoopsTrigger();

let counter = 0;
function freshId(): string {
	counter += 1;
	return `msg_test_${counter}`;
}

const clickedPayload = {
	eventName: 'email.clicked',
	eventTime: 1734425918,
	webhookSchemaVersion: '1.0.0',
	contactIdentity: { id: 'cm4ittmhq0011ow9h6fb460yw', email: 'ada@example.com', userId: null },
	sourceType: 'campaign',
	campaignId: 'cm4t1suns001uw6atri87v54s',
	email: {
		id: 'cm4t1sseg004tje7982991nan',
		emailMessageId: 'cm4ittv1v001oow9hruou8na8',
		subject: 'Hi',
	},
};

interface DeliveryOptions {
	payload?: Record<string, unknown>;
	/** Exact body bytes; defaults to JSON.stringify(payload). */
	body?: string;
	signWith?: string;
	signedBody?: string;
	id?: string;
	timestamp?: number;
	signatureHeader?: string | null;
	withoutRawBody?: boolean;
}

/** A request as n8n would hand it to webhook(): raw bytes kept, body parsed, Standard Webhooks headers. */
function delivery(options: DeliveryOptions = {}): FakeRequest {
	const payload = options.payload ?? clickedPayload;
	const body = options.body ?? JSON.stringify(payload);
	const id = options.id ?? freshId();
	const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
	const signature =
		options.signatureHeader !== undefined
			? options.signatureHeader
			: signWebhook(options.signWith ?? secret, id, timestamp, options.signedBody ?? body);
	const headers: FakeRequest['headers'] = {
		'content-type': 'application/json',
		'webhook-id': id,
		'webhook-timestamp': String(timestamp),
	};
	if (signature !== null) headers['webhook-signature'] = signature;
	return {
		rawBody: options.withoutRawBody ? undefined : Buffer.from(body, 'utf8'),
		body: JSON.parse(body) as FakeRequest['body'],
		headers,
	};
}

async function run(request: FakeRequest, events: string[] = [], signingSecret = secret) {
	const fake = fakeWebhookContext({ signingSecret, events, request });
	const result = await node.webhook.call(fake.context);
	return { result, response: fake.response, logs: fake.logs };
}

beforeEach(() => acceptedWebhookIds.clear());

describe('Loops Trigger description (names saved workflows depend on)', () => {
	const { description } = node;

	it('is the webhook trigger loopsTrigger, version 1', () => {
		expect(description.name).toBe('loopsTrigger');
		expect(description.displayName).toBe('Loops Trigger');
		expect(description.version).toBe(1);
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'loops',
			},
		]);
	});

	it('uses the loopsWebhookApi credential, tested by a function the node provides', () => {
		expect(description.credentials).toEqual([
			{ name: 'loopsWebhookApi', required: true, testedBy: 'loopsWebhookSecretShape' },
		]);
		expect(typeof node.methods.credentialTest.loopsWebhookSecretShape).toBe('function');
	});

	it('offers the 17 Loops events in `events`, empty by default (= all)', () => {
		const events = description.properties.find((property) => property.name === 'events');
		expect(events?.type).toBe('multiOptions');
		expect(events?.default).toEqual([]);
		const values = (events?.options ?? []).map((option) =>
			'value' in option ? option.value : undefined,
		);
		expect([...values].sort()).toEqual(
			[
				'contact.created',
				'contact.unsubscribed',
				'contact.deleted',
				'contact.mailingList.subscribed',
				'contact.mailingList.unsubscribed',
				'campaign.email.sent',
				'loop.email.sent',
				'transactional.email.sent',
				'email.delivered',
				'email.softBounced',
				'email.hardBounced',
				'email.opened',
				'email.clicked',
				'email.unsubscribed',
				'email.resubscribed',
				'email.spamReported',
				'testing.testEvent',
			].sort(),
		);
	});

	it('shows a setup notice: Production URL into Loops, one endpoint per account', () => {
		const notice = description.properties.find((property) => property.type === 'notice');
		expect(notice?.displayName).toContain('Production URL');
		expect(notice?.displayName).toContain('Settings → Webhooks');
		expect(notice?.displayName).toContain('one webhook endpoint per account');
	});
});

describe('webhook(): verified deliveries', () => {
	it('starts one execution whose item is the parsed payload', async () => {
		const { result, response } = await run(delivery());
		expect(result).toEqual({ workflowData: [[{ json: clickedPayload }]] });
		expect(response.statusCode).toBeUndefined();
	});

	it('verifies the bytes received, not a re-serialisation (pretty-printed body)', async () => {
		const body = JSON.stringify(clickedPayload, null, 2);
		const { result } = await run(delivery({ body }));
		expect(result.workflowData?.[0]?.[0]?.json).toEqual(clickedPayload);
	});

	it('with an event filter, runs for a selected event', async () => {
		const { result } = await run(delivery(), ['contact.created', 'email.clicked']);
		expect(result.workflowData).toEqual([[{ json: clickedPayload }]]);
	});

	it('acknowledges an event not selected with 200 and starts nothing', async () => {
		const created = { ...clickedPayload, eventName: 'contact.created' };
		const { result, response } = await run(delivery({ payload: created }), ['email.clicked']);
		expect(result.workflowData).toBeUndefined();
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.webhookResponse).toEqual({
			received: true,
			ignored: true,
			eventName: 'contact.created',
		});
		expect(response.statusCode).toBeUndefined(); // n8n answers webhookResponse with the default 200
	});

	it('without rawBody, falls back to the re-serialised body (compact JSON verifies)', async () => {
		const { result } = await run(delivery({ withoutRawBody: true }));
		expect(result.workflowData).toEqual([[{ json: clickedPayload }]]);
	});

	it('without rawBody, a body Loops sent pretty-printed fails closed (401)', async () => {
		const body = JSON.stringify(clickedPayload, null, 2);
		const { result, response } = await run(delivery({ body, withoutRawBody: true }));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
	});
});

describe('webhook(): refused deliveries get 401 and no execution', () => {
	async function expectRefused(request: FakeRequest, reason: string, events: string[] = []) {
		const { result, response, logs } = await run(request, events);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(response.statusCode).toBe(401);
		expect(response.body).toEqual({ error: 'Invalid Loops webhook signature', reason });
		expect(logs).toEqual([expect.objectContaining({ level: 'warn' })]);
	}

	it('unsigned', async () => {
		await expectRefused(delivery({ signatureHeader: null }), 'missing-headers');
	});

	it('tampered body', async () => {
		const tampered = {
			...clickedPayload,
			contactIdentity: { ...clickedPayload.contactIdentity, email: 'eve@example.com' },
		};
		await expectRefused(
			delivery({ payload: tampered, signedBody: JSON.stringify(clickedPayload) }),
			'no-matching-signature',
		);
	});

	it('signed with another secret', async () => {
		await expectRefused(
			delivery({ signWith: `whsec_${randomBytes(24).toString('base64')}` }),
			'no-matching-signature',
		);
	});

	it('stale timestamp (> 5 minutes old)', async () => {
		await expectRefused(
			delivery({ timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
			'stale-timestamp',
		);
	});

	it('timestamp more than 5 minutes in the future', async () => {
		await expectRefused(
			delivery({ timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }),
			'future-timestamp',
		);
	});

	it('even for events not selected: a forged delivery is refused before filtering', async () => {
		await expectRefused(
			delivery({ payload: { eventName: 'contact.created' }, signatureHeader: 'v1,forged' }),
			'no-matching-signature',
			['email.clicked'],
		);
	});

	it('a header with several signatures passes when one matches', async () => {
		const request = delivery();
		const good = request.headers['webhook-signature'] as string;
		request.headers['webhook-signature'] =
			`v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,${good.slice(3)} ${good}`;
		expect((await run(request)).result.workflowData).toEqual([[{ json: clickedPayload }]]);
	});
});

describe('webhook(): a delivery already accepted gets 200 and no new execution', () => {
	const duplicate = { webhookResponse: { received: true, duplicate: true } };

	it('an exact replay', async () => {
		const first = delivery();
		expect((await run(first)).result.workflowData).toHaveLength(1);
		const { result, response, logs } = await run(first);
		expect(result).toEqual(duplicate);
		expect(response.statusCode).toBeUndefined();
		expect(logs).toEqual([{ level: 'info', message: expect.stringContaining('already accepted') }]);
	});

	it('Loops re-sending it after a lost 200: same webhook-id, new timestamp and signature', async () => {
		const now = Math.floor(Date.now() / 1000);
		expect(
			(await run(delivery({ id: 'msg_resent', timestamp: now - 30 }))).result.workflowData,
		).toHaveLength(1);
		expect((await run(delivery({ id: 'msg_resent', timestamp: now }))).result).toEqual(duplicate);
	});

	it('a re-send 27 hours later (the end of a Standard Webhooks retry schedule)', async () => {
		const realNow = Date.now();
		expect((await run(delivery({ id: 'msg_late' }))).result.workflowData).toHaveLength(1);
		const later = realNow + 27 * 60 * 60 * 1000;
		const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
		try {
			const resent = delivery({ id: 'msg_late', timestamp: Math.floor(later / 1000) });
			expect((await run(resent)).result).toEqual(duplicate);
		} finally {
			clock.mockRestore();
		}
	});

	it('an event that was filtered out (it was acknowledged with 200)', async () => {
		const request = delivery({ payload: { ...clickedPayload, eventName: 'email.opened' } });
		expect((await run(request, ['email.clicked'])).result.webhookResponse).toMatchObject({
			ignored: true,
		});
		expect((await run(request, ['email.clicked'])).result).toEqual(duplicate);
	});

	it('still only once its signature verifies: a forged re-send of an accepted id is refused', async () => {
		const first = delivery();
		expect((await run(first)).result.workflowData).toHaveLength(1);
		const forged = delivery({
			id: first.headers['webhook-id'] as string,
			signatureHeader: 'v1,forged',
		});
		const { response } = await run(forged);
		expect(response.statusCode).toBe(401);
	});
});

describe('webhook(): other answers', () => {
	it('a misconfigured secret in n8n answers 500 and logs an error, no execution', async () => {
		const { result, response, logs } = await run(delivery(), [], 'whsec_not base64!');
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(500);
		expect(logs.map((log) => log.level)).toEqual(['error']);
	});

	it('a signed body that is not a JSON object answers 400, no execution', async () => {
		const request = delivery();
		const body = '["not", "an", "object"]';
		const timestamp = String(Math.floor(Date.now() / 1000));
		request.rawBody = Buffer.from(body);
		request.headers['webhook-timestamp'] = timestamp;
		request.headers['webhook-signature'] = signWebhook(
			secret,
			request.headers['webhook-id'] as string,
			timestamp,
			body,
		);
		const { result, response } = await run(request);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(400);
		// not remembered: the same delivery again gets the same answer
		expect((await run(request)).response.statusCode).toBe(400);
	});
});

describe('credential test (no network call)', () => {
	const test = node.methods.credentialTest.loopsWebhookSecretShape;
	const call = async (signingSecret: unknown) =>
		await test.call(
			{} as ICredentialTestFunctions,
			{
				id: '1',
				name: 'Loops Webhook',
				type: 'loopsWebhookApi',
				data: { signingSecret },
			} as ICredentialsDecrypted,
		);

	it('accepts a whsec_<base64> secret', async () => {
		expect(await call(secret)).toMatchObject({ status: 'OK' });
		expect(await call(` ${secret} `)).toMatchObject({ status: 'OK' });
	});

	it('refuses a secret without the prefix, with bad base64, or empty', async () => {
		expect(await call(secret.slice('whsec_'.length))).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('whsec_'),
		});
		expect(await call('whsec_abc$def')).toMatchObject({ status: 'Error' });
		expect(await call('whsec_abcde')).toMatchObject({ status: 'Error' });
		expect(await call('whsec_')).toMatchObject({ status: 'Error' });
		expect(await call(undefined)).toMatchObject({ status: 'Error' });
	});
});

describe('webhook lifecycle', () => {
	it('registers nothing and reports success (Loops has no webhook API)', async () => {
		const hooks = {} as IHookFunctions;
		const { checkExists, create, delete: remove } = node.webhookMethods.default;
		expect(await checkExists.call(hooks)).toBe(true);
		expect(await create.call(hooks)).toBe(true);
		expect(await remove.call(hooks)).toBe(true);
	});
});
