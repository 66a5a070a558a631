import { sleep } from 'n8n-workflow';

import { loopsSpec } from '../helpers/loopsSpec';
import { parseArgs } from './cli';
import {
	CONTENT_API_UNAUTHORIZED,
	DEFAULT_CONTACT_PROPERTIES,
	LoopsEmulator,
	mostInAnySecond,
	NetworkModel,
	PASSWORD_RESET_TRANSACTIONAL_ID,
	SEED_AUDIENCE_SEGMENTS,
	SEED_CUSTOM_PROPERTIES,
	SEED_DEDICATED_SENDING_IPS,
	SEED_EVENT_PATTERNS,
	SEED_MAILING_LISTS,
	SEED_TRANSACTIONAL_EMAILS,
	transactionalResource,
	type LoopsContact,
} from './index';

const KEY_A = 'key-team-a';
const KEY_B = 'key-team-b';
const KEY_ATTACH = 'key-attachments';
const KEY_NO_LIST = 'key-no-list-contacts';
const KEY_SUPPRESSED = 'key-suppressed';
const KEY_NO_CONTENT_API = 'key-no-content-api';
const LIST_1 = SEED_MAILING_LISTS[0]!.id;
const LIST_2 = SEED_MAILING_LISTS[1]!.id;

interface Reply {
	status: number;
	body: unknown;
	headers: Headers;
}

interface CallOptions {
	key?: string | null;
	body?: unknown;
	rawBody?: string;
	headers?: Record<string, string>;
}

let emu: LoopsEmulator;

async function call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
	const headers: Record<string, string> = { ...options.headers };
	const key = options.key === undefined ? KEY_A : options.key;
	if (key !== null) headers.authorization = `Bearer ${key}`;
	let payload: string | undefined = options.rawBody;
	if (options.body !== undefined) payload = JSON.stringify(options.body);
	if (payload !== undefined) headers['content-type'] ??= 'application/json';
	const res = await fetch(`${emu.url}${path}`, { method, headers, body: payload });
	const text = await res.text();
	return {
		status: res.status,
		body: text === '' ? undefined : (JSON.parse(text) as unknown),
		headers: res.headers,
	};
}

const post = async (path: string, body: unknown, options: CallOptions = {}) =>
	await call('POST', path, { ...options, body });
const put = async (path: string, body: unknown, options: CallOptions = {}) =>
	await call('PUT', path, { ...options, body });
const get = async (path: string, options: CallOptions = {}) => await call('GET', path, options);

function contactsOf(reply: Reply): LoopsContact[] {
	expect(Array.isArray(reply.body)).toBe(true);
	return reply.body as LoopsContact[];
}

beforeAll(async () => {
	emu = await LoopsEmulator.start({
		rateLimit: Infinity, // functional tests are not about pacing; the rate-limit tests set their own limits
		accounts: [
			{ apiKey: KEY_A, teamName: 'Team A' },
			{ apiKey: KEY_B, teamName: 'Team B' },
			{ apiKey: KEY_ATTACH, teamName: 'Attach Co', attachmentsEnabled: true },
			{ apiKey: KEY_NO_LIST, teamName: 'Public API only', listContactsEnabled: false },
			{ apiKey: KEY_NO_CONTENT_API, teamName: 'No content API', contentApiEnabled: false },
			{
				apiKey: KEY_SUPPRESSED,
				teamName: 'Bounces Inc',
				contacts: [
					{ email: 'bounced@example.com', userId: 'u-bounced' },
					{ email: 'fine@example.com' },
				],
				suppressed: ['bounced@example.com'],
			},
		],
	});
});

afterAll(async () => {
	await emu.close();
});

beforeEach(() => {
	emu.reset();
});

describe('server basics', () => {
	it('serves under /api on 127.0.0.1 with a free port', () => {
		expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
		expect(emu.url).not.toMatch(/:0\/api$/);
	});

	it('answers 401 with Loops’ body for a missing or unknown key, and records the attempt', async () => {
		const missing = await get('/v1/api-key', { key: null });
		expect(missing.status).toBe(401);
		expect(missing.body).toEqual({ success: false, message: 'Invalid API key' });
		expect(missing.headers.get('x-ratelimit-limit')).toBeNull();

		const unknown = await get('/v1/api-key', { key: 'nope' });
		expect(unknown.status).toBe(401);
		expect(unknown.body).toEqual({ success: false, message: 'Invalid API key' });
		expect(emu.requests.map((r) => [r.status, r.apiKey])).toEqual([
			[401, undefined],
			[401, 'nope'],
		]);
	});

	it('tests the API key with the team name', async () => {
		expect(await get('/v1/api-key')).toMatchObject({
			status: 200,
			body: { success: true, teamName: 'Team A' },
		});
		expect(await get('/v1/api-key', { key: KEY_B })).toMatchObject({
			body: { success: true, teamName: 'Team B' },
		});
	});

	it('answers 400 to invalid JSON, 404 to unknown routes and 405 to a wrong method', async () => {
		const bad = await call('POST', '/v1/contacts/create', { rawBody: '{"email": ' });
		expect(bad.status).toBe(400);
		expect(bad.body).toEqual({ success: false, message: 'Invalid JSON body' });
		expect(emu.account(KEY_A).contacts).toHaveLength(0);

		expect((await get('/v1/nothing-here')).status).toBe(404);
		expect((await get('/v2/contacts/find?email=a@b.co')).status).toBe(404);
		const wrongMethod = await call('GET', '/v1/contacts/create');
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('POST');
		expect((await call('DELETE', '/v1/events/send')).status).toBe(405);
	});

	it('records method, path, query, headers, body, status and response of every request', async () => {
		await post(
			'/v1/events/send?trace=1&x=y',
			{ email: 'log@example.com', eventName: 'signup' },
			{ headers: { 'Idempotency-Key': 'log-key-1', 'X-Custom': 'abc' } },
		);
		expect(emu.requests).toHaveLength(1);
		const r = emu.requests[0]!;
		expect(r.method).toBe('POST');
		expect(r.path).toBe('/api/v1/events/send');
		expect(r.query).toEqual({ trace: '1', x: 'y' });
		expect(r.headers['idempotency-key']).toBe('log-key-1');
		expect(r.headers['x-custom']).toBe('abc');
		expect(r.headers.authorization).toBe(`Bearer ${KEY_A}`);
		expect(r.apiKey).toBe(KEY_A);
		expect(r.body).toEqual({ email: 'log@example.com', eventName: 'signup' });
		expect(r.rawBody).toBe('{"email":"log@example.com","eventName":"signup"}');
		expect(r.status).toBe(200);
		expect(r.responseBody).toEqual({ success: true });
		expect(r.fault).toBeUndefined();
		expect(typeof r.receivedAt).toBe('number');
		expect(r.countedAt).toBeGreaterThanOrEqual(r.receivedAt); // loopback: counted as it arrives
		expect(r.answeredAt).toBeGreaterThanOrEqual(r.countedAt);

		emu.clearRequests();
		expect(emu.requests).toHaveLength(0);
	});
});

describe('accounts', () => {
	it('keeps two API keys’ data apart', async () => {
		const a = await post('/v1/contacts/create', { email: 'same@example.com', firstName: 'Ann' });
		expect(a.status).toBe(200);
		expect(
			contactsOf(await get('/v1/contacts/find?email=same@example.com', { key: KEY_B })),
		).toEqual([]);
		const b = await post('/v1/contacts/create', { email: 'same@example.com' }, { key: KEY_B });
		expect(b.status).toBe(200);
		expect((b.body as { id: string }).id).not.toBe((a.body as { id: string }).id);
		expect(emu.account(KEY_A).contacts.map((c) => c.firstName)).toEqual(['Ann']);
		expect(emu.account(KEY_B).contacts.map((c) => c.firstName)).toEqual([null]);
	});

	it('adds accounts at run time and resets them to their seed', async () => {
		emu.addAccount({ apiKey: 'late-key', teamName: 'Late Team' });
		expect(await get('/v1/api-key', { key: 'late-key' })).toMatchObject({
			body: { teamName: 'Late Team' },
		});
		await post('/v1/contacts/create', { email: 'x@example.com' }, { key: 'late-key' });
		expect(emu.account('late-key').contacts).toHaveLength(1);
		emu.reset();
		expect(emu.account('late-key').contacts).toHaveLength(0);
		expect(emu.account(KEY_SUPPRESSED).contacts.map((c) => c.email)).toEqual([
			'bounced@example.com',
			'fine@example.com',
		]);
		expect(() => emu.account('never-seen')).toThrow(/never-seen/);
	});
});

describe('rate limit', () => {
	it('defaults to 10/s with headers, then 429 without Retry-After, then OK after the window', async () => {
		const local = await LoopsEmulator.start();
		try {
			const events = Array.from({ length: 12 }, async (_, i) => {
				const res = await fetch(`${local.url}/v1/events/send`, {
					method: 'POST',
					headers: { authorization: 'Bearer test-api-key', 'content-type': 'application/json' },
					body: JSON.stringify({ email: `burst${i}@example.com`, eventName: 'burst' }),
				});
				return { status: res.status, body: (await res.json()) as unknown, headers: res.headers };
			});
			const replies = await Promise.all(events);
			const ok = replies.filter((r) => r.status === 200);
			const limited = replies.filter((r) => r.status === 429);
			expect(ok).toHaveLength(10);
			expect(limited).toHaveLength(2);
			for (const r of replies) expect(r.headers.get('x-ratelimit-limit')).toBe('10');
			expect(
				ok.map((r) => Number(r.headers.get('x-ratelimit-remaining'))).sort((x, y) => x - y),
			).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
			for (const r of limited) {
				expect(r.body).toEqual({ success: false, message: 'Rate limit exceeded.' });
				expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
				expect(r.headers.get('retry-after')).toBeNull();
			}
			const account = local.account('test-api-key');
			expect(account.events).toHaveLength(10); // the 429s were not applied
			expect(account.rateLimited).toBe(2);
			expect(account.faultsInjected).toBe(0);

			await sleep(1100);
			const after = await fetch(`${local.url}/v1/api-key`, {
				headers: { authorization: 'Bearer test-api-key' },
			});
			expect(after.status).toBe(200);
			expect(after.headers.get('x-ratelimit-remaining')).toBe('9');
		} finally {
			await local.close();
		}
	});

	it('is per API key and settable per account', async () => {
		emu.setRateLimit(KEY_A, 2);
		const a = [await get('/v1/lists'), await get('/v1/lists'), await get('/v1/lists')];
		expect(a.map((r) => r.status)).toEqual([200, 200, 429]);
		expect(a.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['1', '0', '0']);
		expect((await get('/v1/lists', { key: KEY_B })).status).toBe(200); // B is not affected
		expect(emu.account(KEY_A).rateLimited).toBe(1);
		expect(emu.account(KEY_B).rateLimited).toBe(0);

		emu.setRateLimit(KEY_A, undefined);
		const unlimited = await get('/v1/lists');
		expect(unlimited.status).toBe(200);
		expect(unlimited.headers.get('x-ratelimit-limit')).toBeNull();
	});

	it('has a settable default that reset() restores', async () => {
		emu.setDefaultRateLimit(1);
		expect((await get('/v1/lists', { key: KEY_B })).headers.get('x-ratelimit-limit')).toBe('1');
		expect((await get('/v1/lists', { key: KEY_B })).status).toBe(429);
		emu.reset();
		expect((await get('/v1/lists', { key: KEY_B })).status).toBe(200);
		expect(emu.account(KEY_B).rateLimit).toBeUndefined();
	});
});

describe('idempotency', () => {
	const event = { email: 'idem@example.com', eventName: 'paid', eventProperties: { amount: 10 } };

	it('answers 409 to a reused key and does not apply the event again', async () => {
		const first = await post('/v1/events/send', event, {
			headers: { 'Idempotency-Key': 'order-1' },
		});
		expect(first).toMatchObject({ status: 200, body: { success: true } });
		const again = await post('/v1/events/send', event, {
			headers: { 'Idempotency-Key': 'order-1' },
		});
		expect(again.status).toBe(409);
		expect(again.body).toMatchObject({
			success: false,
			message: expect.stringMatching(/idempotency/i),
		});
		const account = emu.account(KEY_A);
		expect(account.events).toHaveLength(1);
		expect(account.events[0]).toMatchObject({
			eventName: 'paid',
			idempotencyKey: 'order-1',
			eventProperties: { amount: 10 },
		});
		expect(account.appliedMoreThanOnce()).toBe(0);
		// the same key on another account is independent
		expect(
			(
				await post('/v1/events/send', event, {
					key: KEY_B,
					headers: { 'Idempotency-Key': 'order-1' },
				})
			).status,
		).toBe(200);
	});

	it('rejects keys over 100 characters and accepts exactly 100', async () => {
		const tooLong = await post('/v1/events/send', event, {
			headers: { 'Idempotency-Key': 'k'.repeat(101) },
		});
		expect(tooLong.status).toBe(400);
		expect(tooLong.body).toMatchObject({ success: false });
		expect(emu.account(KEY_A).events).toHaveLength(0);
		const tx = { email: 'idem@example.com', transactionalId: 'payment-failed' };
		expect(
			(await post('/v1/transactional', tx, { headers: { 'Idempotency-Key': 't'.repeat(101) } }))
				.status,
		).toBe(400);
		expect(
			(await post('/v1/events/send', event, { headers: { 'Idempotency-Key': 'k'.repeat(100) } }))
				.status,
		).toBe(200);
	});

	it('remembers a key only once applied, for 24 hours, also on transactional sends', async () => {
		const invalid = await post(
			'/v1/events/send',
			{ email: 'idem@example.com' },
			{ headers: { 'Idempotency-Key': 'k2' } },
		);
		expect(invalid.status).toBe(400);
		expect(
			(await post('/v1/events/send', event, { headers: { 'Idempotency-Key': 'k2' } })).status,
		).toBe(200);

		const tx = { email: 'idem@example.com', transactionalId: 'payment-failed' };
		expect(
			(await post('/v1/transactional', tx, { headers: { 'Idempotency-Key': 'tx-1' } })).status,
		).toBe(200);
		expect(
			(await post('/v1/transactional', tx, { headers: { 'Idempotency-Key': 'tx-1' } })).status,
		).toBe(409);
		expect(emu.account(KEY_A).transactionalSent).toHaveLength(1);

		emu.advanceClock(24 * 60 * 60 * 1000 + 1);
		expect(
			(await post('/v1/events/send', event, { headers: { 'Idempotency-Key': 'k2' } })).status,
		).toBe(200);
		expect(emu.account(KEY_A).appliedMoreThanOnce()).toBe(1);
	});
});

describe('contacts', () => {
	it('creates a contact with Loops’ shape and defaults', async () => {
		const res = await post('/v1/contacts/create', {
			email: 'new@example.com',
			firstName: 'Nia',
			userId: 'u-1',
			mailingLists: { [LIST_1]: true },
			plan: 'pro',
		});
		expect(res.status).toBe(200);
		const { id } = res.body as { success: boolean; id: string };
		expect(res.body).toEqual({ success: true, id });
		expect(id).toMatch(/^cll[0-9a-z]{22}$/);
		expect(emu.account(KEY_A).contacts).toEqual([
			{
				id,
				email: 'new@example.com',
				firstName: 'Nia',
				lastName: null,
				source: 'API',
				subscribed: true,
				userGroup: '',
				userId: 'u-1',
				mailingLists: { [LIST_1]: true },
				optInStatus: null,
				plan: 'pro',
			},
		]);
		expect(contactsOf(await get('/v1/contacts/find?userId=u-1'))[0]).toEqual(
			emu.account(KEY_A).contacts[0],
		);
	});

	it('answers 409 to a duplicate email (any case) or userId, 400 to a missing or invalid email', async () => {
		expect(
			(await post('/v1/contacts/create', { email: 'dup@example.com', userId: 'dup-1' })).status,
		).toBe(200);
		const sameEmail = await post('/v1/contacts/create', { email: 'DUP@example.com' });
		expect(sameEmail.status).toBe(409);
		expect(sameEmail.body).toMatchObject({ success: false, message: expect.any(String) });
		expect(
			(await post('/v1/contacts/create', { email: 'other@example.com', userId: 'dup-1' })).status,
		).toBe(409);
		expect((await post('/v1/contacts/create', { firstName: 'No email' })).status).toBe(400);
		expect(await post('/v1/contacts/create', { email: 'not-an-email' })).toMatchObject({
			status: 400,
			body: { success: false },
		});
		expect(emu.account(KEY_A).contacts).toHaveLength(1);
	});

	it('updates as an upsert and changes an email through the userId', async () => {
		const created = await put('/v1/contacts/update', { email: 'up@example.com', firstName: 'Uma' });
		expect(created.status).toBe(200);
		const id = (created.body as { id: string }).id;
		expect(emu.account(KEY_A).contacts).toHaveLength(1);
		expect(emu.account(KEY_A).contacts[0]).toMatchObject({
			id,
			email: 'up@example.com',
			firstName: 'Uma',
			subscribed: true,
		});

		expect(
			(
				await put('/v1/contacts/update', {
					email: 'up@example.com',
					userId: 'u-up',
					lastName: 'Lee',
				})
			).body,
		).toEqual({
			success: true,
			id,
		});
		const moved = await put('/v1/contacts/update', {
			userId: 'u-up',
			email: 'moved@example.com',
			subscribed: false,
		});
		expect(moved.body).toEqual({ success: true, id });
		expect(contactsOf(await get('/v1/contacts/find?email=up@example.com'))).toEqual([]);
		expect(contactsOf(await get('/v1/contacts/find?email=moved@example.com'))).toEqual([
			expect.objectContaining({
				id,
				email: 'moved@example.com',
				userId: 'u-up',
				firstName: 'Uma',
				lastName: 'Lee',
				subscribed: false,
			}),
		]);
		expect(emu.account(KEY_A).contacts).toHaveLength(1);

		expect((await put('/v1/contacts/update', { userId: 'nobody' })).status).toBe(400);
		expect((await put('/v1/contacts/update', { firstName: 'x' })).status).toBe(400);
	});

	it('finds by exactly one of email or userId', async () => {
		emu.account(KEY_A).seedContact({ email: 'f@example.com', userId: 'u-f' });
		expect(
			contactsOf(await get('/v1/contacts/find?email=f%40example.com')).map((c) => c.userId),
		).toEqual(['u-f']);
		expect(contactsOf(await get('/v1/contacts/find?userId=u-f')).map((c) => c.email)).toEqual([
			'f@example.com',
		]);
		expect(contactsOf(await get('/v1/contacts/find?userId=u-none'))).toEqual([]);
		expect((await get('/v1/contacts/find?email=f@example.com&userId=u-f')).status).toBe(400);
		expect((await get('/v1/contacts/find')).status).toBe(400);
	});

	it('deletes by exactly one identifier, 404 when unknown', async () => {
		emu.account(KEY_A).seedContact({ email: 'd@example.com', userId: 'u-d' });
		expect((await post('/v1/contacts/delete', { email: 'ghost@example.com' })).status).toBe(404);
		expect(
			(await post('/v1/contacts/delete', { email: 'd@example.com', userId: 'u-d' })).status,
		).toBe(400);
		expect((await post('/v1/contacts/delete', {})).status).toBe(400);
		expect(emu.account(KEY_A).contacts).toHaveLength(1);
		const deleted = await post('/v1/contacts/delete', { userId: 'u-d' });
		expect(deleted).toMatchObject({
			status: 200,
			body: { success: true, message: 'Contact deleted.' },
		});
		expect(emu.account(KEY_A).contacts).toHaveLength(0);
		expect((await post('/v1/contacts/delete', { userId: 'u-d' })).status).toBe(404);
	});

	it('lists contacts with limit and offset in creation order', async () => {
		const account = emu.account(KEY_A);
		for (let i = 0; i < 60; i++) account.seedContact({ email: `c${i}@example.com` });
		expect(contactsOf(await get('/v1/contacts'))).toHaveLength(50);
		const tail = contactsOf(await get('/v1/contacts?offset=50'));
		expect(tail.map((c) => c.email)).toEqual(
			Array.from({ length: 10 }, (_, i) => `c${50 + i}@example.com`),
		);
		expect(contactsOf(await get('/v1/contacts?limit=2&offset=1')).map((c) => c.email)).toEqual([
			'c1@example.com',
			'c2@example.com',
		]);
		expect(contactsOf(await get('/v1/contacts?offset=60'))).toEqual([]);
		for (const q of ['limit=0', 'limit=51', 'offset=-1', 'limit=abc', 'limit=2.5']) {
			const res = await get(`/v1/contacts?${q}`);
			expect([q, res.status]).toEqual([q, 400]);
		}
		expect((await get('/v1/contacts', { key: KEY_NO_LIST })).status).toBe(404);
	});

	it('checks custom properties: existence, type, reserved names, 500 characters, dates', async () => {
		const make = async (extra: Record<string, unknown>) =>
			await post('/v1/contacts/create', { email: `p${Math.random()}@example.com`, ...extra });
		const unknown = await make({ favoriteColor: 'blue' });
		expect(unknown.status).toBe(400);
		expect((unknown.body as { message: string }).message).toContain('favoriteColor');
		const wrongType = await make({ score: 'high' });
		expect(wrongType.status).toBe(400);
		expect((wrongType.body as { message: string }).message).toContain('score');
		expect((await make({ vip: 'yes' })).status).toBe(400);
		for (const reserved of ['id', 'listId', 'softDeleteAt', 'teamId', 'updatedAt']) {
			const res = await make({ [reserved]: 'x' });
			expect([reserved, res.status]).toEqual([reserved, 400]);
		}
		expect((await make({ plan: 'x'.repeat(501) })).status).toBe(400);
		expect((await make({ firstName: 'x'.repeat(501) })).status).toBe(400);
		expect((await make({ trialEndsAt: 'next tuesday' })).status).toBe(400);
		expect(emu.account(KEY_A).contacts).toHaveLength(0);

		expect(
			(
				await make({
					plan: 'x'.repeat(500),
					score: 42,
					vip: true,
					trialEndsAt: '2025-03-01T00:00:00Z',
				})
			).status,
		).toBe(200);
		expect((await make({ trialEndsAt: 1735689600000 })).status).toBe(200);
		expect(emu.account(KEY_A).contacts[0]).toMatchObject({
			score: 42,
			vip: true,
			trialEndsAt: '2025-03-01T00:00:00Z',
		});
	});

	it('takes mailingLists only as an object of known list ids and booleans', async () => {
		const arr = await post('/v1/contacts/create', {
			email: 'ml@example.com',
			mailingLists: [LIST_1],
		});
		expect(arr.status).toBe(400);
		expect(
			(await post('/v1/contacts/create', { email: 'ml@example.com', mailingLists: { nope: true } }))
				.status,
		).toBe(400);
		expect(
			(
				await post('/v1/contacts/create', {
					email: 'ml@example.com',
					mailingLists: { [LIST_1]: 'yes' },
				})
			).status,
		).toBe(400);
		expect(emu.account(KEY_A).contacts).toHaveLength(0);

		await post('/v1/contacts/create', {
			email: 'ml@example.com',
			mailingLists: { [LIST_1]: true, [LIST_2]: true },
		});
		await put('/v1/contacts/update', {
			email: 'ml@example.com',
			mailingLists: { [LIST_1]: false },
		});
		expect(emu.account(KEY_A).contacts[0]!.mailingLists).toEqual({ [LIST_2]: true });
		expect(
			(await put('/v1/contacts/update', { email: 'ml@example.com', mailingLists: [LIST_2] }))
				.status,
		).toBe(400);
	});

	it('gets and removes a suppression', async () => {
		const path = '/v1/contacts/suppression';
		const status = await get(`${path}?email=bounced@example.com`, { key: KEY_SUPPRESSED });
		expect(status.status).toBe(200);
		expect(status.body).toEqual({
			contact: { id: expect.any(String), email: 'bounced@example.com', userId: 'u-bounced' },
			isSuppressed: true,
			removalQuota: { limit: 10, remaining: 10 },
		});
		expect(
			(await get(`${path}?userId=u-bounced&email=bounced@example.com`, { key: KEY_SUPPRESSED }))
				.status,
		).toBe(400);
		expect((await get(`${path}?email=ghost@example.com`, { key: KEY_SUPPRESSED })).status).toBe(
			404,
		);
		expect(
			(await call('DELETE', `${path}?email=fine@example.com`, { key: KEY_SUPPRESSED })).status,
		).toBe(400);

		const removed = await call('DELETE', `${path}?userId=u-bounced`, { key: KEY_SUPPRESSED });
		expect(removed.status).toBe(200);
		expect(removed.body).toMatchObject({
			success: true,
			removalQuota: { limit: 10, remaining: 9 },
		});
		expect(emu.account(KEY_SUPPRESSED).suppressed).toEqual([]);
		expect(
			(await get(`${path}?email=bounced@example.com`, { key: KEY_SUPPRESSED })).body,
		).toMatchObject({
			isSuppressed: false,
		});
		expect((await call('DELETE', `${path}?userId=u-bounced`, { key: KEY_SUPPRESSED })).status).toBe(
			400,
		);
	});
});

describe('contact properties and lists', () => {
	it('lists custom and all properties', async () => {
		expect((await get('/v1/contacts/properties?list=custom')).body).toEqual(SEED_CUSTOM_PROPERTIES);
		const all = (await get('/v1/contacts/properties?list=all')).body as Array<{ key: string }>;
		expect(all.map((p) => p.key)).toEqual(
			[...DEFAULT_CONTACT_PROPERTIES, ...SEED_CUSTOM_PROPERTIES].map((p) => p.key),
		);
		expect((await get('/v1/contacts/properties')).body).toEqual(all);
	});

	it('creates a property, 400 for an existing name, a bad type or a non-camelCase name', async () => {
		expect((await post('/v1/contacts/properties', { name: 'plan', type: 'string' })).status).toBe(
			400,
		);
		expect((await post('/v1/contacts/properties', { name: 'email', type: 'string' })).status).toBe(
			400,
		);
		expect(
			(await post('/v1/contacts/properties', { name: 'favoriteColor', type: 'colour' })).status,
		).toBe(400);
		expect(
			(await post('/v1/contacts/properties', { name: 'Favorite color', type: 'string' })).status,
		).toBe(400);
		expect((await post('/v1/contacts/properties', { name: 'teamId', type: 'string' })).status).toBe(
			400,
		);
		const created = await post('/v1/contacts/properties', {
			name: 'favoriteColor',
			type: 'string',
		});
		expect(created).toMatchObject({ status: 200, body: { success: true } });
		expect((await get('/v1/contacts/properties?list=custom')).body).toContainEqual({
			key: 'favoriteColor',
			label: 'Favorite Color',
			type: 'string',
		});
		expect(
			(await post('/v1/contacts/create', { email: 'fc@example.com', favoriteColor: 'blue' }))
				.status,
		).toBe(200);
		expect((await get('/v1/contacts/properties?list=custom', { key: KEY_B })).body).toEqual(
			SEED_CUSTOM_PROPERTIES,
		);
	});

	it('lists mailing lists', async () => {
		expect((await get('/v1/lists')).body).toEqual(SEED_MAILING_LISTS);
	});
});

describe('events', () => {
	it('creates the contact of an unknown email and applies contact properties and lists', async () => {
		const res = await post('/v1/events/send', {
			email: 'ev@example.com',
			eventName: 'planUpgraded',
			eventProperties: { from: 'free', seats: 3 },
			mailingLists: { [LIST_1]: true },
			plan: 'pro',
			firstName: 'Eve',
		});
		expect(res).toMatchObject({ status: 200, body: { success: true } });
		const account = emu.account(KEY_A);
		expect(account.contacts).toEqual([
			expect.objectContaining({
				email: 'ev@example.com',
				firstName: 'Eve',
				plan: 'pro',
				mailingLists: { [LIST_1]: true },
			}),
		]);
		expect(account.events).toEqual([
			{
				eventName: 'planUpgraded',
				email: 'ev@example.com',
				userId: null,
				contactId: account.contacts[0]!.id,
				eventProperties: { from: 'free', seats: 3 },
				contactProperties: { plan: 'pro', firstName: 'Eve' },
				mailingLists: { [LIST_1]: true },
				idempotencyKey: null,
				appliedAt: expect.any(Number),
			},
		]);
	});

	it('needs eventName and a known userId; validates properties', async () => {
		const unknownUser = await post('/v1/events/send', { userId: 'ghost', eventName: 'x' });
		expect(unknownUser).toMatchObject({
			status: 400,
			body: { success: false, message: 'Contact not found.' },
		});
		expect((await post('/v1/events/send', { email: 'e@example.com' })).status).toBe(400);
		expect((await post('/v1/events/send', { eventName: 'x' })).status).toBe(400);
		expect(
			(await post('/v1/events/send', { email: 'e@example.com', eventName: 'x', unknownProp: 1 }))
				.status,
		).toBe(400);
		expect(
			(
				await post('/v1/events/send', {
					email: 'e@example.com',
					eventName: 'x',
					eventProperties: [1],
				})
			).status,
		).toBe(400);
		expect(
			(
				await post('/v1/events/send', {
					email: 'e@example.com',
					eventName: 'x',
					mailingLists: [LIST_1],
				})
			).status,
		).toBe(400);
		expect(emu.account(KEY_A).events).toHaveLength(0);
		expect(emu.account(KEY_A).contacts).toHaveLength(0);

		emu.account(KEY_A).seedContact({ email: 'known@example.com', userId: 'u-known' });
		expect((await post('/v1/events/send', { userId: 'u-known', eventName: 'x' })).status).toBe(200);
		expect(emu.account(KEY_A).events[0]).toMatchObject({
			email: 'known@example.com',
			userId: 'u-known',
		});
	});
});

describe('transactional emails', () => {
	it('pages with a cursor', async () => {
		const first = await get('/v1/transactional?perPage=10');
		expect(first.status).toBe(200);
		const page1 = first.body as Page<{ id: string }>;
		expect(page1.pagination).toMatchObject({
			totalResults: 12,
			returnedResults: 10,
			perPage: 10,
			totalPages: 2,
		});
		expect(page1.pagination.nextCursor).toEqual(expect.any(String));
		expect(page1.pagination.nextPage).toContain(`cursor=${page1.pagination.nextCursor}`);
		const second = (await get(`/v1/transactional?perPage=10&cursor=${page1.pagination.nextCursor}`))
			.body as typeof page1;
		expect(second.pagination).toMatchObject({
			returnedResults: 2,
			nextCursor: null,
			nextPage: null,
		});
		expect([...page1.data, ...second.data]).toEqual(SEED_TRANSACTIONAL_EMAILS);

		expect(((await get('/v1/transactional')).body as typeof page1).pagination.perPage).toBe(20);
		expect((await get('/v1/transactional?perPage=9')).status).toBe(400);
		expect((await get('/v1/transactional?perPage=51')).status).toBe(400);
		expect((await get('/v1/transactional?cursor=bogus')).status).toBe(400);
	});

	it('sends, naming missing data variables (400) and unknown ids (404)', async () => {
		const missing = await post('/v1/transactional', {
			email: 'tx@example.com',
			transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
			dataVariables: { name: 'Tia' },
		});
		expect(missing.status).toBe(400);
		expect((missing.body as { message: string }).message).toContain('resetUrl');
		expect(
			(await post('/v1/transactional', { email: 'tx@example.com', transactionalId: 'nope' }))
				.status,
		).toBe(404);
		expect((await post('/v1/transactional', { email: 'tx@example.com' })).status).toBe(400);
		expect(
			(
				await post('/v1/transactional', {
					transactionalId: 'welcome',
					dataVariables: { name: 'a' },
				})
			).status,
		).toBe(400);
		expect(emu.account(KEY_A).transactionalSent).toHaveLength(0);

		const dataVariables = { name: 'Tia', resetUrl: 'https://example.com/r/1' };
		const sent = await post('/v1/transactional', {
			email: 'tx@example.com',
			transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
			dataVariables,
		});
		expect(sent).toMatchObject({ status: 200, body: { success: true } });
		expect(emu.account(KEY_A).transactionalSent).toEqual([
			expect.objectContaining({
				transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
				email: 'tx@example.com',
				dataVariables,
				attachments: [],
			}),
		]);
		expect(emu.account(KEY_A).contacts).toHaveLength(0); // no addToAudience

		await post('/v1/transactional', {
			email: 'aud@example.com',
			transactionalId: 'payment-failed',
			addToAudience: true,
		});
		expect(emu.account(KEY_A).contacts.map((c) => c.email)).toEqual(['aud@example.com']);
	});

	it('accepts attachments only where enabled', async () => {
		const attachments = [{ filename: 'a.txt', contentType: 'text/plain', data: 'aGVsbG8=' }];
		const body = { email: 'att@example.com', transactionalId: 'payment-failed', attachments };
		expect((await post('/v1/transactional', body)).status).toBe(400);
		expect(emu.account(KEY_A).transactionalSent).toHaveLength(0);
		expect((await post('/v1/transactional', body, { key: KEY_ATTACH })).status).toBe(200);
		expect(emu.account(KEY_ATTACH).transactionalSent[0]!.attachments).toEqual(attachments);
	});
});

describe('as strict as Loops', () => {
	it('refuses an event property that is null or a string over 500 characters', async () => {
		const send = async (eventProperties: Record<string, unknown>) =>
			await post('/v1/events/send', { email: 'e@example.com', eventName: 'x', eventProperties });
		const empty = await send({ amount: null });
		expect(empty).toMatchObject({ status: 400, body: { success: false } });
		expect((empty.body as { message: string }).message).toContain('amount');
		expect((await send({ note: 'x'.repeat(501) })).status).toBe(400);
		expect(emu.account(KEY_A).events).toHaveLength(0);
		expect((await send({ note: 'x'.repeat(500), amount: 1, ok: true })).status).toBe(200);
	});

	it('takes a date as milliseconds in a string, and refuses a date and time without the T', async () => {
		const make = async (trialEndsAt: unknown) =>
			await post('/v1/contacts/create', { email: `d${Math.random()}@example.com`, trialEndsAt });
		expect((await make('1735689600000')).status).toBe(200);
		expect((await make('2025-06-01')).status).toBe(200);
		expect((await make('2025-06-01T10:00:00Z')).status).toBe(200);
		expect((await make('2025-06-01 10:00')).status).toBe(400);
		expect((await make('2025-13-01')).status).toBe(400);
	});

	it('refuses an attachment whose data is not base64 or whose content type is not a MIME type', async () => {
		const send = async (attachment: Record<string, string>) =>
			await post(
				'/v1/transactional',
				{
					email: 'att@example.com',
					transactionalId: 'payment-failed',
					attachments: [
						{ filename: 'a.txt', contentType: 'text/plain', data: 'aGVsbG8=', ...attachment },
					],
				},
				{ key: KEY_ATTACH },
			);
		expect((await send({ data: 'aGVsbG8' })).status).toBe(400); // not a multiple of 4
		expect((await send({ data: 'aGVs bG8=' })).status).toBe(400);
		expect((await send({ data: 'aGVsbG8=\n' })).status).toBe(400);
		expect((await send({ contentType: 'pdf' })).status).toBe(400);
		expect((await send({ contentType: 'text / plain' })).status).toBe(400);
		expect(emu.account(KEY_ATTACH).transactionalSent).toHaveLength(0);
		expect((await send({ contentType: 'application/vnd.ms-excel; charset=binary' })).status).toBe(
			200,
		);
	});

	it('refuses an email with surrounding spaces instead of trimming it', async () => {
		expect((await post('/v1/contacts/create', { email: ' spaced@example.com' })).status).toBe(400);
		expect(
			(await post('/v1/events/send', { email: 'spaced@example.com ', eventName: 'x' })).status,
		).toBe(400);
		expect((await get('/v1/contacts/find?email=%20spaced@example.com')).status).toBe(400);
		expect(
			(
				await post('/v1/transactional', {
					email: ' spaced@example.com',
					transactionalId: 'payment-failed',
				})
			).status,
		).toBe(400);
		expect(emu.account(KEY_A).contacts).toHaveLength(0);
	});

	it('refuses a body sent without a JSON Content-Type', async () => {
		const plain = await call('POST', '/v1/contacts/create', {
			rawBody: JSON.stringify({ email: 'plain@example.com' }),
			headers: { 'content-type': 'text/plain' },
		});
		expect(plain).toMatchObject({ status: 400, body: { success: false } });
		expect(emu.account(KEY_A).contacts).toHaveLength(0);
		const json = await call('POST', '/v1/contacts/create', {
			rawBody: JSON.stringify({ email: 'json@example.com' }),
			headers: { 'content-type': 'application/json; charset=utf-8' },
		});
		expect(json.status).toBe(200);
	});

	it('can answer a wrong key with the older 401 shape, without success or message', async () => {
		emu.setUnauthorizedShape('legacy');
		const legacy = await get('/v1/api-key', { key: 'nope' });
		expect(legacy).toMatchObject({ status: 401, body: { error: 'Invalid API key' } });
		expect(legacy.body).toStrictEqual({ error: 'Invalid API key' });
		emu.reset();
		expect((await get('/v1/api-key', { key: 'nope' })).body).toStrictEqual({
			success: false,
			message: 'Invalid API key',
		});
	});

	it('gives a contact without a user group "" as userGroup, as Loops does', async () => {
		await post('/v1/contacts/create', { email: 'group@example.com' });
		expect(contactsOf(await get('/v1/contacts/find?email=group@example.com'))[0]!.userGroup).toBe(
			'',
		);
	});
});

/** Each answer as the spec describes it for its operation and status (test/helpers/loopsSpec.ts). */
function expectSpecAnswer(method: string, path: string, reply: Reply): void {
	const url = new URL(`http://x${path}`);
	expect(
		loopsSpec().responseProblems(method, `/api${url.pathname}`, reply.status, reply.body),
	).toEqual([]);
}

type Page<T> = {
	pagination: {
		totalResults: number;
		returnedResults: number;
		perPage: number;
		totalPages: number;
		nextCursor: string | null;
		nextPage: string | null;
	};
	data: T[];
};

/** Every page of a cursor-paged list, each answer checked against the spec. */
async function allPages<T>(
	path: string,
	perPage: number,
	options: CallOptions = {},
): Promise<{ pages: Array<Page<T>>; items: T[] }> {
	const pages: Array<Page<T>> = [];
	let cursor: string | null = null;
	do {
		const url: string = `${path}?perPage=${perPage}${cursor ? `&cursor=${cursor}` : ''}`;
		const reply = await get(url, options);
		expect(reply.status).toBe(200);
		expectSpecAnswer('GET', url, reply);
		const page = reply.body as Page<T>;
		pages.push(page);
		cursor = page.pagination.nextCursor;
		if (cursor)
			expect(page.pagination.nextPage).toBe(
				`${emu.url}${path}?cursor=${cursor}&perPage=${perPage}`,
			);
	} while (cursor);
	return { pages, items: pages.flatMap((page) => page.data) };
}

describe('content API: transactional emails and audience segments', () => {
	const draft = {
		id: 'draft-email',
		name: 'Draft',
		lastUpdated: '2025-04-01T10:00:00.000Z',
		dataVariables: ['x'],
		published: false,
	};

	it('lists every transactional email, drafts too, most recently created first, in the spec’s shape', async () => {
		emu.account(KEY_A).transactionalEmails.push(draft);
		const { pages, items } = await allPages<{ id: string }>('/v1/transactional-emails', 10);
		expect(pages.map((page) => page.pagination.returnedResults)).toEqual([10, 3]);
		expect(pages[0]!.pagination).toMatchObject({ totalResults: 13, perPage: 10, totalPages: 2 });
		expect(items[0]).toEqual({
			id: 'draft-email',
			name: 'Draft',
			draftEmailMessageId: expect.any(String),
			publishedEmailMessageId: null,
			transactionalGroupId: expect.any(String),
			createdAt: '2025-04-01T10:00:00.000Z',
			updatedAt: '2025-04-01T10:00:00.000Z',
			dataVariables: [],
		});
		expect(items.slice(1)).toEqual(
			[...SEED_TRANSACTIONAL_EMAILS].reverse().map(transactionalResource),
		);
		// the deprecated list keeps to the published ones, in their shape
		const legacy = await allPages<{ id: string }>('/v1/transactional', 50);
		expect(legacy.items).toEqual(SEED_TRANSACTIONAL_EMAILS);
		expect((await get('/v1/transactional-emails?perPage=5')).status).toBe(400);
		expect((await get('/v1/transactional-emails?cursor=bogus')).status).toBe(400);
	});

	it('gets one transactional email by ID, 404 when unknown; a draft cannot be sent', async () => {
		emu.account(KEY_A).transactionalEmails.push(draft);
		const one = await get(`/v1/transactional-emails/${PASSWORD_RESET_TRANSACTIONAL_ID}`);
		expectSpecAnswer('GET', `/v1/transactional-emails/${PASSWORD_RESET_TRANSACTIONAL_ID}`, one);
		expect(one.body).toMatchObject({
			id: PASSWORD_RESET_TRANSACTIONAL_ID,
			dataVariables: ['name', 'resetUrl'],
		});
		const missing = await get('/v1/transactional-emails/nope');
		expect(missing).toMatchObject({
			status: 404,
			body: { message: 'Transactional email not found.' },
		});
		expectSpecAnswer('GET', '/v1/transactional-emails/nope', missing);
		const send = await post('/v1/transactional', {
			email: 'a@example.com',
			transactionalId: 'draft-email',
			dataVariables: { x: '1' },
		});
		expect(send).toMatchObject({
			status: 400,
			body: { message: 'Transactional email is not published.' },
		});
		expect(emu.account(KEY_A).transactionalSent).toEqual([]);
	});

	it('lists and gets audience segments, most recently created first', async () => {
		const { items } = await allPages<{ id: string }>('/v1/audience-segments', 10);
		expect(items).toEqual([...SEED_AUDIENCE_SEGMENTS].reverse());
		const one = await get(`/v1/audience-segments/${SEED_AUDIENCE_SEGMENTS[0]!.id}`);
		expectSpecAnswer('GET', `/v1/audience-segments/${SEED_AUDIENCE_SEGMENTS[0]!.id}`, one);
		expect(one.body).toEqual(SEED_AUDIENCE_SEGMENTS[0]);
		const missing = await get('/v1/audience-segments/nope');
		expect(missing).toMatchObject({
			status: 404,
			body: { message: 'Audience segment not found.' },
		});
		expectSpecAnswer('GET', '/v1/audience-segments/nope', missing);
		emu.account(KEY_A).audienceSegments.push(
			...Array.from({ length: 60 }, (_, index) => ({
				id: `seg-${index}`,
				name: `Segment ${index}`,
				description: null,
				createdAt: '2024-01-01T00:00:00.000Z',
				updatedAt: '2024-01-01T00:00:00.000Z',
				filter: null,
			})),
		);
		const paged = await allPages<{ id: string }>('/v1/audience-segments', 50);
		expect(paged.pages.map((page) => page.data.length)).toEqual([50, 13]);
	});

	it('answers 401 with one message to a team without the content API and to a bad key, on every content API endpoint', async () => {
		for (const path of [
			'/v1/transactional-emails',
			`/v1/transactional-emails/${PASSWORD_RESET_TRANSACTIONAL_ID}`,
			'/v1/audience-segments',
			`/v1/audience-segments/${SEED_AUDIENCE_SEGMENTS[0]!.id}`,
		]) {
			for (const key of [KEY_NO_CONTENT_API, 'wrong-key']) {
				expect([path, key, await get(path, { key })]).toEqual([
					path,
					key,
					expect.objectContaining({
						status: 401,
						body: { success: false, message: CONTENT_API_UNAUTHORIZED },
					}),
				]);
			}
		}
		// the rest of the API still answers that team, and tells a bad key apart on its own endpoints
		expect((await get('/v1/transactional', { key: KEY_NO_CONTENT_API })).status).toBe(200);
		expect((await get('/v1/event-patterns', { key: KEY_NO_CONTENT_API })).status).toBe(200);
		expect(await get('/v1/transactional', { key: 'wrong-key' })).toMatchObject({
			status: 401,
			body: { message: 'Invalid API key' },
		});
		// switchable per account at run time
		emu.account(KEY_A).contentApiEnabled = false;
		expect((await get('/v1/transactional-emails')).status).toBe(401);
		emu.reset();
		expect((await get('/v1/transactional-emails')).status).toBe(200);
	});
});

describe('event names and sending IPs', () => {
	it('lists the event names the account knows, and learns a new one from its first event', async () => {
		expect((await allPages<unknown>('/v1/event-patterns', 10)).items).toEqual(SEED_EVENT_PATTERNS);
		await post('/v1/events/send', { email: 'e@example.com', eventName: 'creditWarning' });
		await post('/v1/events/send', { email: 'e@example.com', eventName: 'signup' });
		await post('/v1/events/send', { email: 'e@example.com', eventName: 'SIGNUP' }); // names are case-sensitive
		await post('/v1/events/send', { email: 'e@example.com' }); // refused: no name, nothing learnt
		const { items } = await allPages<{ eventName: string; incomingWebhookPlatform: string | null }>(
			'/v1/event-patterns',
			10,
		);
		expect(items.map((pattern) => pattern.eventName)).toEqual([
			...SEED_EVENT_PATTERNS.map((pattern) => pattern.eventName),
			'creditWarning',
			'SIGNUP',
		]);
		expect(items[items.length - 1]).toEqual({
			id: expect.any(String),
			eventName: 'SIGNUP',
			incomingWebhookPlatform: null,
		});
		expect((await allPages<unknown>('/v1/event-patterns', 10, { key: KEY_B })).items).toEqual(
			SEED_EVENT_PATTERNS,
		);
	});

	it('lists the dedicated sending IPs as an array of strings', async () => {
		const reply = await get('/v1/dedicated-sending-ips');
		expectSpecAnswer('GET', '/v1/dedicated-sending-ips', reply);
		expect(reply.body).toEqual(SEED_DEDICATED_SENDING_IPS);
		expect((await call('POST', '/v1/dedicated-sending-ips')).status).toBe(405);
	});
});

describe('fault injection', () => {
	const event = { email: 'fault@example.com', eventName: 'faulty' };

	it('drops a request after applying it: the client sees a socket error', async () => {
		emu.setFaults({ dropRate: 1, seed: 7 });
		await expect(
			post('/v1/events/send', event, { headers: { 'Idempotency-Key': 'drop-1' } }),
		).rejects.toThrow();
		const account = emu.account(KEY_A);
		expect(account.events).toHaveLength(1);
		expect(account.faultsInjected).toBe(1);
		expect(emu.requests[0]).toMatchObject({ fault: 'drop', status: 200 });

		emu.setFaults(undefined);
		const retry = await post('/v1/events/send', event, {
			headers: { 'Idempotency-Key': 'drop-1' },
		});
		expect(retry.status).toBe(409); // the retry is recognised, nothing applied twice
		expect(account.events).toHaveLength(1);

		// a drop hides every outcome, a refusal included
		emu.setFaults({ dropRate: 1 });
		await expect(
			post('/v1/events/send', event, { headers: { 'Idempotency-Key': 'drop-1' } }),
		).rejects.toThrow();
		expect(emu.requests[2]).toMatchObject({ fault: 'drop', status: 409 });
		expect(account.events).toHaveLength(1);
	});

	it("applies a request, then answers a gateway's 5xx in place of Loops' answer", async () => {
		emu.failAfterApplyingNext((request) => request.path === '/api/v1/contacts/create', 504);
		const failed = await post('/v1/contacts/create', { email: 'gateway@example.com' });
		expect(failed).toMatchObject({ status: 504, body: { success: false } });
		expect(emu.requests[0]).toMatchObject({ fault: 'appliedThenFailed', status: 504 });
		expect(emu.account(KEY_A).contacts.map((c) => c.email)).toEqual(['gateway@example.com']);

		// only the next one: the retry meets what the first attempt did
		const retry = await post('/v1/contacts/create', { email: 'gateway@example.com' });
		expect(retry.status).toBe(409);
	});

	it('answers injected 500s and 429s without applying, apart from the real rate-limit counter', async () => {
		emu.setFaults({ rate500: 1 });
		const failed = await post('/v1/events/send', event);
		expect(failed).toMatchObject({
			status: 500,
			body: { success: false, message: 'Internal server error' },
		});
		emu.setFaults({ rate429: 1 });
		const limited = await post('/v1/events/send', event);
		expect(limited).toMatchObject({
			status: 429,
			body: { success: false, message: 'Rate limit exceeded.' },
		});
		const account = emu.account(KEY_A);
		expect(account.events).toHaveLength(0);
		expect(account.contacts).toHaveLength(0);
		expect(account.faultsInjected).toBe(2);
		expect(account.rateLimited).toBe(0);
		expect(emu.requests.map((r) => r.fault)).toEqual(['500', '429']);
	});

	it('is deterministic for a seed and reset() turns it off', async () => {
		const run = async (): Promise<Array<string | undefined>> => {
			emu.clearRequests();
			emu.setFaults({ rate429: 0.25, rate500: 0.25, seed: 1234 });
			for (let i = 0; i < 24; i++) await get('/v1/lists').catch(() => undefined);
			return emu.requests.map((r) => r.fault);
		};
		const a = await run();
		const b = await run();
		expect(a).toEqual(b);
		expect(a.filter((f) => f !== undefined).length).toBeGreaterThan(3);
		expect(a.filter((f) => f === undefined).length).toBeGreaterThan(3);
		emu.reset();
		expect((await get('/v1/lists')).status).toBe(200);
		expect(() => emu.setFaults({ rate429: 0.8, rate500: 0.5 })).toThrow(RangeError);
	});
});

describe('mostInAnySecond', () => {
	it("counts the fullest one-second window, as Loops' sliding window does", () => {
		expect(mostInAnySecond([])).toBe(0);
		expect(mostInAnySecond([1500, 0, 999, 1000])).toBe(3); // 999, 1000 and 1500; 0 and 1000 are a second apart
		expect(mostInAnySecond([0, 1000, 2000])).toBe(1);
	});
});

describe('network model', () => {
	// setTimeout may fire up to a millisecond before performance.now() says the delay is over.
	const TIMER_SLACK_MS = 1;

	it('counts a request after the delay to Loops and answers after the way back', async () => {
		emu.setNetwork({ requestDelayMs: 120, responseDelayMs: 80 });
		const sentAt = performance.now();
		const reply = await get('/v1/lists');
		const repliedAt = performance.now();
		expect(reply.status).toBe(200);
		const r = emu.requests[0]!;
		expect(r.countedAt - r.receivedAt).toBeGreaterThanOrEqual(120 - TIMER_SLACK_MS);
		expect(r.answeredAt! - r.countedAt).toBeGreaterThanOrEqual(80 - TIMER_SLACK_MS);
		expect(repliedAt - sentAt).toBeGreaterThanOrEqual(200 - 2 * TIMER_SLACK_MS);
		expect(emu.networkOptions).toMatchObject({ requestDelayMs: 120, responseDelayMs: 80 });
	});

	it('spreads arrivals by the jitter, each within its bounds', async () => {
		emu.setNetwork({ requestDelayMs: 30, requestJitterMs: 100, seed: 5 });
		await Promise.all(Array.from({ length: 20 }, async () => await get('/v1/lists')));
		const delays = emu.requests.map((r) => r.countedAt - r.receivedAt);
		for (const delay of delays) {
			expect(delay).toBeGreaterThanOrEqual(30 - TIMER_SLACK_MS);
			// A busy CI machine fires timers late, by tens of ms; a jitter drawn in the wrong unit would be seconds.
			expect(delay).toBeLessThan(130 + 500);
		}
		expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(40); // really jittered
	});

	it('draws the same delays for the same seed', () => {
		const draws = () => {
			const model = new NetworkModel({
				requestDelayMs: 10,
				requestJitterMs: 50,
				responseJitterMs: 5,
				seed: 9,
			});
			return Array.from({ length: 5 }, () => model.next());
		};
		expect(draws()).toEqual(draws());
		expect(new Set(draws().map((d) => d.countDelayMs)).size).toBe(5);
		expect(() => new NetworkModel({ requestDelayMs: -1 })).toThrow(RangeError);
		expect(() => emu.setNetwork({ requestJitterMs: Number.NaN })).toThrow(RangeError);
	});

	it('has the rate-limit window see when Loops counted a request, not when it was sent', async () => {
		emu.setRateLimit(KEY_A, 1);
		emu.setNetwork({ requestDelayMs: 400 });
		const sentAt = performance.now();
		expect((await get('/v1/lists')).status).toBe(200); // counted 400 ms after it was sent
		emu.setNetwork(undefined); // the network changes at run time
		await sleep(1100 - (performance.now() - sentAt));
		// Sent 1.1 s after the first, but counted only 0.7 s after Loops counted the first: over the limit.
		expect((await get('/v1/lists')).status).toBe(429);
		const [first, second] = emu.requests;
		expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(1000);
		expect(second!.countedAt - first!.countedAt).toBeLessThan(1000);
	});

	it('keeps the delay a request drew when the network changes on its way', async () => {
		emu.setNetwork({ requestDelayMs: 300 });
		const slow = get('/v1/lists');
		await sleep(20);
		emu.setNetwork(undefined);
		await get('/v1/lists');
		await slow;
		const [first, second] = emu.requests;
		expect(first!.countedAt - first!.receivedAt).toBeGreaterThanOrEqual(300 - TIMER_SLACK_MS);
		expect(first!.countedAt).toBeGreaterThan(second!.countedAt); // sent first, counted last
	});

	it('starts with a network from its options and reset() restores it', async () => {
		const local = await LoopsEmulator.start({ network: { requestDelayMs: 60, seed: 1 } });
		try {
			expect(local.networkOptions).toEqual({ requestDelayMs: 60, seed: 1 });
			local.setNetwork({ responseDelayMs: 5 });
			local.reset();
			expect(local.networkOptions).toEqual({ requestDelayMs: 60, seed: 1 });
			const res = await fetch(`${local.url}/v1/api-key`, {
				headers: { authorization: 'Bearer test-api-key' },
			});
			expect(res.status).toBe(200);
			expect(local.requests[0]!.countedAt - local.requests[0]!.receivedAt).toBeGreaterThanOrEqual(
				60 - TIMER_SLACK_MS,
			);
		} finally {
			await local.close();
		}
	});

	it('is set from the command line: a round trip in two halves, jitter before Loops counts', () => {
		expect(parseArgs(['--rtt', '150', '--jitter=20', '--seed', '3']).options.network).toEqual({
			requestDelayMs: 75,
			responseDelayMs: 75,
			requestJitterMs: 20,
			seed: 3,
		});
		expect(
			parseArgs(['--request-delay', '10', '--response-delay', '30', '--response-jitter', '4'])
				.options.network,
		).toEqual({ requestDelayMs: 10, responseDelayMs: 30, responseJitterMs: 4 });
		expect(parseArgs(['--seed', '3']).options.network).toBeUndefined();
		expect(() => parseArgs(['--rtt', 'fast'])).toThrow('--rtt needs a number');
	});

	it('closes while requests are still on their way without leaving timers behind', async () => {
		const local = await LoopsEmulator.start({ network: { requestDelayMs: 5_000 } });
		const pending = fetch(`${local.url}/v1/api-key`, {
			headers: { authorization: 'Bearer test-api-key' },
		});
		await sleep(50);
		await local.close();
		await expect(pending).rejects.toThrow();
	});
});
