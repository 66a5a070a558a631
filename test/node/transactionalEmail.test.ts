import type { INodeExecutionData, NodeParameterValueType } from 'n8n-workflow';

import * as accountData from '../../nodes/Loops/shared/accountData';
import {
	PASSWORD_RESET_TRANSACTIONAL_ID,
	SEED_TRANSACTIONAL_EMAILS,
	transactionalResource,
	type TransactionalEmail,
} from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

const passwordReset = (extra: Record<string, unknown> = {}) => ({
	resource: 'transactionalEmail',
	operation: 'send',
	email: 'ada@example.com',
	transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
	...extra,
});
const resetVariables = {
	variable: [
		{ key: 'name', value: 'Ada' },
		{ key: 'resetUrl', value: 'https://example.com/reset/abc' },
	],
};
/** The look-up of one transactional email before sending (its data variables). */
const lookupOf = (transactionalId: string, status = 200) =>
	expect.objectContaining({
		method: 'GET',
		path: `/api/v1/transactional-emails/${transactionalId}`,
		query: {},
		status,
	});
const lookup = lookupOf(PASSWORD_RESET_TRANSACTIONAL_ID);
const posts = () => loops.emulator.requests.filter((request) => request.method === 'POST');
const gets = () => loops.emulator.requests.filter((request) => request.method === 'GET');

describe('Transactional Email → Send', () => {
	it("posts the email with its data variables, keyed for exactly-once delivery, and outputs Loops' answer", async () => {
		const { items, error } = await runLoopsNode(
			{
				parameters: passwordReset({
					additionalFields: { addToAudience: true, dataVariables: resetVariables },
				}),
			},
			{ credentials: credentials(), executionId: 'exec-7' },
		);

		expect(error).toBeUndefined();
		// one look-up of the email being sent (the required-variable check), then the send
		expect(loops.received()).toEqual([
			lookup,
			expect.objectContaining({ method: 'POST', path: '/api/v1/transactional', status: 200 }),
		]);
		const send = posts()[0];
		expect(send.headers.authorization).toBe('Bearer test-api-key');
		expect(send.headers['idempotency-key']).toMatch(/^n8n-[A-Za-z0-9_-]{43}$/);
		expect(send.body).toStrictEqual({
			email: 'ada@example.com',
			transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
			addToAudience: true,
			dataVariables: { name: 'Ada', resetUrl: 'https://example.com/reset/abc' },
		});
		expect(items.map((item) => item.json)).toEqual([{ success: true }]);
		expect(loops.emulator.account().transactionalSent).toEqual([
			expect.objectContaining({
				transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
				addToAudience: true,
			}),
		]);
		expect(loops.emulator.account().contacts.map((contact) => contact.email)).toEqual([
			'ada@example.com',
		]);
	});

	it('keeps the type of each data variable: text, a number, a list of objects for a repeating block', async () => {
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'transactionalEmail',
					operation: 'send',
					email: 'ada@example.com',
					transactionalId: 'order-receipt',
					additionalFields: {
						dataVariables: {
							variable: [
								{ key: 'orderNumber', value: 'A-1001' },
								{ key: 'total', value: '={{ 49.5 }}' },
								{
									key: 'items',
									value: '={{ [{ "name": "Pen", "qty": 2 }, { "name": "Ink", "qty": 1 }] }}',
								},
							],
						},
					},
				},
			},
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect((posts()[0].body as { dataVariables: unknown }).dataVariables).toStrictEqual({
			orderNumber: 'A-1001',
			total: 49.5,
			items: [
				{ name: 'Pen', qty: 2 },
				{ name: 'Ink', qty: 1 },
			],
		});
		expect(posts()[0].body).not.toHaveProperty('addToAudience');
	});

	it('refuses an email missing a required data variable before sending, naming the variable', async () => {
		const { error, items } = await runLoopsNode(
			{
				parameters: passwordReset({
					additionalFields: { dataVariables: { variable: [{ key: 'name', value: 'Ada' }] } },
				}),
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			'Data Variables: the transactional email "Password reset" needs a value for "resetUrl" [item 0]',
		);
		expect(error?.description).toBe(
			'Add a Data Variables row for each variable the email uses: name, resetUrl.',
		);
		expect(items).toEqual([]);
		expect(loops.received()).toEqual([lookup]);
		expect(loops.emulator.account().transactionalSent).toEqual([]);
	});

	it('refuses a row whose value resolves to nothing', async () => {
		const { error } = await runLoopsNode(
			{
				parameters: passwordReset({
					additionalFields: {
						dataVariables: {
							variable: [
								{ key: 'name', value: 'Ada' },
								{ key: 'resetUrl', value: '={{ $json.url ?? null }}' },
							],
						},
					},
				}),
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Data Variables: "resetUrl" has no value [item 0]');
		expect(loops.emulator.requests).toEqual([]);
	});

	/** Items sending the emails named, each to its own address, with a `name` data variable only. */
	const byTemplate = (templates: string[]) => ({
		items: templates.map((template, index) => ({
			json: { template, email: `u${index}@example.com` },
		})),
		parameters: {
			resource: 'transactionalEmail',
			operation: 'send',
			email: '={{ $json.email }}',
			transactionalId: '={{ $json.template }}',
			additionalFields: { dataVariables: { variable: [{ key: 'name', value: 'Ada' }] } },
		},
	});

	it('sends nothing when one item among items of two different emails misses a variable, reading each email once', async () => {
		// item 1 asks for the magic-link email, which needs loginUrl: no row gives it
		const { items: input, parameters } = byTemplate(['welcome', 'magic-link', 'welcome']);
		const { error } = await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items: input },
		);
		expect(error?.message).toBe(
			'Nothing was sent to Loops: Data Variables: the transactional email "Magic link sign-in" needs a value for "loginUrl" [item 1]',
		);
		// one look-up per email, however many items send it
		expect(loops.received()).toEqual(
			expect.arrayContaining([lookupOf('welcome'), lookupOf('magic-link')]),
		);
		expect(loops.received()).toHaveLength(2);
		expect(loops.emulator.account().transactionalSent).toEqual([]);

		loops.emulator.clearRequests();
		const fixed = input.map((item) => ({ json: { ...item.json, template: 'welcome' } }));
		const { items } = await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items: fixed },
		);
		expect(items.map((item) => item.json)).toEqual([
			{ success: true },
			{ success: true },
			{ success: true },
		]);
		expect(gets()).toEqual([lookupOf('welcome')]);
		expect(posts()).toHaveLength(3);
	});

	it("sends every item of a run whose items send different emails, however the look-ups' answers interleave", async () => {
		// the look-up of the first email answers last: its items wait for it, and so do the others
		loops.emulator.failNext(
			(request) => request.path === '/api/v1/transactional-emails/welcome',
			429,
			'Rate limit exceeded.',
		);
		const { items: input, parameters } = byTemplate(['welcome', 'payment-failed', 'welcome']);
		const run = await runLoopsNode({ parameters }, { credentials: credentials(), items: input });
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json)).toEqual([
			{ success: true },
			{ success: true },
			{ success: true },
		]);
		expect(gets().map((request) => [request.path, request.status])).toEqual(
			expect.arrayContaining([
				['/api/v1/transactional-emails/welcome', 429],
				['/api/v1/transactional-emails/welcome', 200],
				['/api/v1/transactional-emails/payment-failed', 200],
			]),
		);
		expect(
			loops.emulator
				.account()
				.transactionalSent.map((sent) => sent.transactionalId)
				.sort(),
		).toEqual(['payment-failed', 'welcome', 'welcome']);
	});

	it('with Continue On Fail, fails only the item missing a variable', async () => {
		const input = ['welcome', 'magic-link'].map((template, index) => ({
			json: { template, email: `u${index}@example.com` },
		}));
		const { items, error } = await runLoopsNode(
			{
				parameters: {
					resource: 'transactionalEmail',
					operation: 'send',
					email: '={{ $json.email }}',
					transactionalId: '={{ $json.template }}',
					additionalFields: { dataVariables: { variable: [{ key: 'name', value: 'Ada' }] } },
				},
				continueOnFail: true,
			},
			{ credentials: credentials(), items: input },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			{ success: true },
			{
				error:
					'Data Variables: the transactional email "Magic link sign-in" needs a value for "loginUrl" [item 1]',
			},
		]);
		expect(posts().map((request) => (request.body as { email: string }).email)).toEqual([
			'u0@example.com',
		]);
	});

	it('leaves an email it cannot find in the account to Loops, whose 404 is the error', async () => {
		const { error } = await runLoopsNode(
			{ parameters: { ...passwordReset(), transactionalId: 'no-such-email' } },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Loops answered 404: Transactional email not found.');
		expect(error?.httpCode).toBe('404');
		// the look-up met Loops' 404 and stepped aside; the send met it too
		expect(loops.received().map((request) => [request.method, request.status])).toEqual([
			['GET', 404],
			['POST', 404],
		]);
	});

	it('sends without the check on an account without the content API (one 401 look-up, not retried)', async () => {
		loops.emulator.account().contentApiEnabled = false;
		const complete = await runLoopsNode(
			{ parameters: passwordReset({ additionalFields: { dataVariables: resetVariables } }) },
			{ credentials: credentials() },
		);
		expect(complete.error).toBeUndefined();
		expect(complete.items.map((item) => item.json)).toEqual([{ success: true }]);
		expect(
			loops.received().map((request) => [request.method, request.path, request.status]),
		).toEqual([
			['GET', `/api/v1/transactional-emails/${PASSWORD_RESET_TRANSACTIONAL_ID}`, 401],
			['POST', '/api/v1/transactional', 200],
		]);

		// a missing variable then reaches Loops, whose 400 names it
		loops.emulator.clearRequests();
		const missing = await runLoopsNode(
			{ parameters: passwordReset() },
			{ credentials: credentials() },
		);
		expect(missing.error?.message).toBe(
			'Loops answered 400: Missing required data variables: name, resetUrl.',
		);
		expect(loops.received().map((request) => [request.method, request.status])).toEqual([
			['GET', 401],
			['POST', 400],
		]);
	});

	it('sends without the check where the look-up answers 405', async () => {
		loops.emulator.failNext((request) => request.method === 'GET', 405, 'Method not allowed.');
		const { error, items } = await runLoopsNode(
			{ parameters: passwordReset({ additionalFields: { dataVariables: resetVariables } }) },
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ success: true }]);
		expect(loops.received().map((request) => [request.method, request.status])).toEqual([
			['GET', 405],
			['POST', 200],
		]);
	});

	it('takes the email as the editor saves it (From List, By ID, an expression By ID) and as a plain ID', async () => {
		const forms = [
			{
				__rl: true,
				mode: 'list',
				value: PASSWORD_RESET_TRANSACTIONAL_ID,
				cachedResultName: 'Password reset',
			},
			{ __rl: true, mode: 'id', value: PASSWORD_RESET_TRANSACTIONAL_ID },
			{ __rl: true, mode: 'id', value: '={{ $json.template }}' },
			PASSWORD_RESET_TRANSACTIONAL_ID,
		];
		for (const transactionalId of forms) {
			loops.emulator.reset();
			const { error, items } = await runLoopsNode(
				{
					parameters: passwordReset({
						transactionalId,
						additionalFields: { dataVariables: resetVariables },
					}),
				},
				{
					credentials: credentials(),
					items: [{ json: { template: PASSWORD_RESET_TRANSACTIONAL_ID } }],
				},
			);
			expect([transactionalId, error, items.map((item) => item.json)]).toEqual([
				transactionalId,
				undefined,
				[{ success: true }],
			]);
			expect(loops.received()).toEqual([
				lookup,
				expect.objectContaining({ method: 'POST', status: 200 }),
			]);
			expect(posts()[0].body).toMatchObject({ transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID });
		}
	});

	it('refuses an email choice that resolves to nothing before sending (n8n itself refuses an empty one)', async () => {
		const { error } = await runLoopsNode(
			{
				parameters: passwordReset({
					transactionalId: { __rl: true, mode: 'id', value: '={{ $json.missing }}' },
				}),
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Transactional Email: must not be empty [item 0]');
		expect(loops.emulator.requests).toEqual([]);
	});

	it("sends without the check when the look-up fails outright; Loops' own 400 then names the variable", async () => {
		const read = jest
			.spyOn(accountData, 'findTransactionalEmail')
			.mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
		try {
			const { error } = await runLoopsNode(
				{ parameters: passwordReset() },
				{ credentials: credentials() },
			);
			expect(read).toHaveBeenCalledTimes(1);
			expect(error?.message).toBe(
				'Loops answered 400: Missing required data variables: name, resetUrl.',
			);
			expect(loops.received().map((request) => [request.method, request.status])).toEqual([
				['POST', 400],
			]);
		} finally {
			read.mockRestore();
		}
	});

	it('retries the look-up when Loops answers 429, then checks as usual', async () => {
		loops.emulator.setRateLimit('test-api-key', 1);
		// spend the second's budget so the look-up meets a 429 first
		await fetch(`${loops.emulator.url}/v1/api-key`, {
			headers: { authorization: 'Bearer test-api-key' },
		});
		const { error } = await runLoopsNode(
			{ parameters: passwordReset() },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			'Data Variables: the transactional email "Password reset" needs a value for "name", "resetUrl" [item 0]',
		);
		const lookups = gets().filter((request) =>
			request.path.startsWith('/api/v1/transactional-emails/'),
		);
		expect(lookups.map((request) => request.status)).toEqual([429, 200]);
		expect(posts()).toEqual([]);
	});

	it("attaches the item's binary properties, base64-encoded with their file name and MIME type", async () => {
		loops.emulator.account().attachmentsEnabled = true;
		const pdf = Buffer.from('%PDF-1.4 invoice');
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
		const item: INodeExecutionData = {
			json: {},
			binary: {
				data: {
					data: pdf.toString('base64'),
					mimeType: 'application/pdf',
					fileName: 'invoice.pdf',
				},
				logo: { data: png.toString('base64'), mimeType: 'image/png', fileExtension: 'png' },
			},
		};
		const { error, items } = await runLoopsNode(
			{
				parameters: {
					resource: 'transactionalEmail',
					operation: 'send',
					email: 'ada@example.com',
					transactionalId: 'payment-failed',
					additionalFields: { attachments: 'data, logo' },
				},
			},
			{ credentials: credentials(), items: [item] },
		);
		expect(error).toBeUndefined();
		expect((posts()[0].body as { attachments: unknown }).attachments).toStrictEqual([
			{ filename: 'invoice.pdf', contentType: 'application/pdf', data: pdf.toString('base64') },
			{ filename: 'logo.png', contentType: 'image/png', data: png.toString('base64') },
		]);
		expect(items.map((output) => output.json)).toEqual([{ success: true }]);
		expect(
			loops.emulator.account().transactionalSent[0].attachments.map((file) => file.filename),
		).toEqual(['invoice.pdf', 'logo.png']);
	});

	it('refuses an attachment the item does not hold, naming it and the binary properties it has', async () => {
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'transactionalEmail',
					operation: 'send',
					email: 'ada@example.com',
					transactionalId: 'payment-failed',
					additionalFields: { attachments: 'invoice' },
				},
			},
			{
				credentials: credentials(),
				items: [{ json: {}, binary: { data: { data: 'AA==', mimeType: 'text/plain' } } }],
			},
		);
		expect(error?.message).toBe('Attachments: the item has no binary property "invoice" [item 0]');
		expect(error?.description).toBe('Its binary properties: data.');
		expect(loops.emulator.requests).toEqual([]);
	});

	it("surfaces Loops' refusal of attachments on an account where they are not enabled", async () => {
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'transactionalEmail',
					operation: 'send',
					email: 'ada@example.com',
					transactionalId: 'payment-failed',
					additionalFields: { attachments: 'data' },
				},
			},
			{
				credentials: credentials(),
				items: [
					{
						json: {},
						binary: { data: { data: 'AA==', mimeType: 'text/plain', fileName: 'a.txt' } },
					},
				],
			},
		);
		expect(error?.message).toBe(
			'Loops answered 400: Attachments are not enabled for this account. Email Loops to enable them.',
		);
		expect(loops.emulator.account().transactionalSent).toEqual([]);
	});

	it("sends the user's own Idempotency-Key, and a repeat with it is a success marked duplicate, not a second email", async () => {
		const parameters = passwordReset({
			additionalFields: { dataVariables: resetVariables, idempotencyKey: 'reset_1234' },
		});
		await runLoopsNode({ parameters }, { credentials: credentials() });
		const again = await runLoopsNode({ parameters }, { credentials: credentials() });
		expect(posts().map((request) => [request.headers['idempotency-key'], request.status])).toEqual([
			['reset_1234', 200],
			['reset_1234', 409],
		]);
		expect(again.error).toBeUndefined();
		expect(again.items.map((item) => item.json)).toEqual([
			{ success: true, duplicate: true, idempotencyKey: 'reset_1234' },
		]);
		expect(loops.emulator.account().transactionalSent).toHaveLength(1);
	});

	it('gives a retry of the failed execution the same keys, so nothing is sent twice', async () => {
		// Loops refuses c@example.com once: the execution fails after a@ and b@ went out.
		loops.emulator.failNext(
			(request) => (request.body as { email?: string } | undefined)?.email === 'c@example.com',
			400,
			'Loops could not send this email right now.',
		);
		const items = ['a', 'b', 'c'].map((name) => ({ json: { email: `${name}@example.com` } }));
		const parameters = {
			resource: 'transactionalEmail',
			operation: 'send',
			email: '={{ $json.email }}',
			transactionalId: 'payment-failed',
		};
		const failed = await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items, executionId: 'exec-tx' },
		);
		expect(failed.error?.httpCode).toBe('400');
		const keyOf = (email: string) =>
			posts().find((request) => (request.body as { email: string }).email === email)?.headers[
				'idempotency-key'
			];
		const firstKeys = ['a', 'b'].map((name) => keyOf(`${name}@example.com`));
		loops.emulator.clearRequests();
		const retried = await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), retryOf: failed },
		);
		expect(new Set(firstKeys).size).toBe(2);
		expect(['a', 'b'].map((name) => keyOf(`${name}@example.com`))).toEqual(firstKeys);
		expect(retried.items.map((item) => item.json.duplicate)).toEqual([true, true, undefined]);
		expect(loops.emulator.account().transactionalSent).toHaveLength(3);
	});

	it('gives a new execution new keys, even under an execution id an earlier n8n database used', async () => {
		const items = [{ json: { email: 'a@example.com' } }];
		const parameters = {
			resource: 'transactionalEmail',
			operation: 'send',
			email: '={{ $json.email }}',
			transactionalId: 'payment-failed',
		};
		// The same instance, workflow and execution id twice: an n8n whose database was reset.
		await runLoopsNode({ parameters }, { credentials: credentials(), items, executionId: '1' });
		const again = await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items, executionId: '1' },
		);
		const keys = posts().map((request) => request.headers['idempotency-key']);
		expect(new Set(keys).size).toBe(2);
		expect(again.items.map((item) => item.json)).toEqual([{ success: true }]);
		expect(loops.emulator.account().transactionalSent).toHaveLength(2);
	});
});

describe('Transactional Email → Get Many', () => {
	/** The emails as GET /v1/transactional-emails lists them: most recently created first. */
	const asResources = (emails: readonly TransactionalEmail[]) =>
		[...emails].reverse().map((email) => transactionalResource(email));
	const listed = (
		query: Record<string, string>,
		status = 200,
		path = '/api/v1/transactional-emails',
	) => expect.objectContaining({ method: 'GET', path, query, status });

	it("asks for one page of 50 by default and outputs one item per email, Loops' object", async () => {
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'transactionalEmail', operation: 'getAll' } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([listed({ perPage: '50' })]);
		expect(items.map((item) => item.json)).toEqual(asResources(SEED_TRANSACTIONAL_EMAILS));
		expect(items[0].json).toEqual({
			id: 'login-alert',
			name: 'New sign-in alert',
			draftEmailMessageId: null,
			publishedEmailMessageId: expect.any(String),
			transactionalGroupId: expect.any(String),
			createdAt: '2025-01-13T10:00:00.000Z',
			updatedAt: '2025-01-13T10:00:00.000Z',
			dataVariables: ['device', 'location'],
		});
	});

	it("asks for Loops' smallest page (10) for a smaller limit and keeps the first ones", async () => {
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'transactionalEmail', operation: 'getAll', limit: 3 } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([listed({ perPage: '10' })]);
		expect(items.map((item) => item.json)).toEqual(
			asResources(SEED_TRANSACTIONAL_EMAILS).slice(0, 3),
		);
	});

	it('with Return All, follows the cursor page by page', async () => {
		const extra = Array.from({ length: 58 }, (_, index) => ({
			id: `extra-${index}`,
			name: `Extra ${index}`,
			lastUpdated: '2024-02-01T10:00:00.000Z',
			dataVariables: ['x'],
		}));
		loops.emulator.account().transactionalEmails.push(...extra);
		const all = [
			...asResources(SEED_TRANSACTIONAL_EMAILS),
			...extra.map((email) => transactionalResource(email)),
		];
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'transactionalEmail', operation: 'getAll', returnAll: true } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([
			listed({ perPage: '50' }),
			listed({ perPage: '50', cursor: String(all[49].id) }),
		]);
		expect(items).toHaveLength(70);
		expect(items.map((item) => item.json.id)).toEqual(all.map((email) => email.id));
	});

	it('on an account without the content API, lists the published emails from the deprecated GET /v1/transactional', async () => {
		loops.emulator.account().contentApiEnabled = false;
		loops.emulator.account().transactionalEmails.push({
			id: 'draft-1',
			name: 'Draft',
			lastUpdated: '2025-05-01T10:00:00.000Z',
			dataVariables: [],
			published: false,
		});
		const { items, error } = await runLoopsNode(
			{ parameters: { resource: 'transactionalEmail', operation: 'getAll', limit: 5 } },
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		// n8n's routing engine resends a request answered 401 once before the node sees the answer
		expect(loops.received()).toEqual([
			listed({ perPage: '10' }, 401),
			listed({ perPage: '10' }, 401),
			listed({ perPage: '10' }, 200, '/api/v1/transactional'),
		]);
		expect(items.map((item) => item.json)).toEqual(SEED_TRANSACTIONAL_EMAILS.slice(0, 5));
	});

	it('falls back to the deprecated list where Loops has no GET /v1/transactional-emails (404)', async () => {
		loops.emulator.failNext(
			(request) => request.path === '/api/v1/transactional-emails',
			404,
			'Not found.',
		);
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'transactionalEmail', operation: 'getAll', returnAll: true } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([
			listed({ perPage: '50' }, 404),
			listed({ perPage: '50' }, 200, '/api/v1/transactional'),
		]);
		expect(items.map((item) => item.json)).toEqual(SEED_TRANSACTIONAL_EMAILS);
	});

	it('blames the key when the deprecated list refuses it too', async () => {
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'transactionalEmail', operation: 'getAll' } },
			{ credentials: { main: loops.credential('wrong-key') } },
		);
		expect(error?.message).toBe('Loops rejected the API key (401)');
		expect(loops.received().map((request) => [request.path, request.status])).toEqual([
			['/api/v1/transactional-emails', 401],
			['/api/v1/transactional-emails', 401],
			['/api/v1/transactional', 401],
			['/api/v1/transactional', 401],
		]);
	});
});

describe('Transactional Email → Get', () => {
	const getOne = (transactionalId: NodeParameterValueType) => ({
		resource: 'transactionalEmail',
		operation: 'get',
		transactionalId,
	});

	it("gets one email by ID, given as the editor saves it or as a plain ID, and outputs Loops' object", async () => {
		const resource = transactionalResource(SEED_TRANSACTIONAL_EMAILS[1]);
		for (const transactionalId of [
			{
				__rl: true,
				mode: 'list',
				value: PASSWORD_RESET_TRANSACTIONAL_ID,
				cachedResultName: 'Password reset',
			},
			{ __rl: true, mode: 'id', value: PASSWORD_RESET_TRANSACTIONAL_ID },
			PASSWORD_RESET_TRANSACTIONAL_ID,
			'={{ $json.id }}',
		]) {
			loops.emulator.clearRequests();
			const { items, error } = await runLoopsNode(
				{ parameters: getOne(transactionalId) },
				{ credentials: credentials(), items: [{ json: { id: PASSWORD_RESET_TRANSACTIONAL_ID } }] },
			);
			expect([transactionalId, error]).toEqual([transactionalId, undefined]);
			expect(loops.received()).toEqual([lookup]);
			expect(items.map((item) => item.json)).toEqual([resource]);
		}
	});

	it('escapes the ID in the path', async () => {
		const { error } = await runLoopsNode(
			{ parameters: getOne({ __rl: true, mode: 'id', value: 'a/b c' }) },
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].path).toBe('/api/v1/transactional-emails/a%2Fb%20c');
		expect(error?.message).toBe('Loops answered 404: Transactional email not found.');
	});

	it('refuses an ID that resolves to nothing before sending', async () => {
		const { error } = await runLoopsNode(
			{ parameters: getOne('={{ $json.missing ?? "" }}') },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Transactional Email: must not be empty [item 0]');
		expect(loops.emulator.requests).toEqual([]);
	});

	it('without the content API, finds the email in the deprecated list (its shape), up to the page that holds it', async () => {
		loops.emulator.account().contentApiEnabled = false;
		const { items, error } = await runLoopsNode(
			{ parameters: getOne({ __rl: true, mode: 'id', value: 'welcome' }) },
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(
			loops.received().map((request) => [request.path, request.query, request.status]),
		).toEqual([
			['/api/v1/transactional-emails/welcome', {}, 401],
			['/api/v1/transactional-emails/welcome', {}, 401],
			['/api/v1/transactional', { perPage: '50' }, 200],
		]);
		expect(items.map((item) => item.json)).toEqual([SEED_TRANSACTIONAL_EMAILS[0]]);

		loops.emulator.clearRequests();
		const missing = await runLoopsNode(
			{ parameters: getOne({ __rl: true, mode: 'id', value: 'nope' }) },
			{ credentials: credentials() },
		);
		expect(missing.error?.message).toBe(
			'Transactional Email: Loops has no published transactional email with ID "nope" [item 0]',
		);
	});

	it('with Continue On Fail, outputs the error of an unknown ID and the email of a known one', async () => {
		const { items, error } = await runLoopsNode(
			{ parameters: getOne('={{ $json.id }}'), continueOnFail: true },
			{
				credentials: credentials(),
				items: [{ json: { id: 'nope' } }, { json: { id: 'welcome' } }],
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			{ error: 'Loops answered 404: Transactional email not found.' },
			transactionalResource(SEED_TRANSACTIONAL_EMAILS[0]),
		]);
	});
});
