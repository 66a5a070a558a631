import type { INodeExecutionData } from 'n8n-workflow';

import * as accountData from '../../nodes/Loops/shared/accountData';
import { PASSWORD_RESET_TRANSACTIONAL_ID, SEED_TRANSACTIONAL_EMAILS } from '../emulator';
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
const lookup = expect.objectContaining({
	method: 'GET',
	path: '/api/v1/transactional',
	query: { perPage: '50' },
	status: 200,
});
const posts = () => loops.emulator.requests.filter((request) => request.method === 'POST');

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
		// one look-up of the account's transactional emails (the required-variable check), then the send
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

	it('sends nothing when one item of the run misses a variable, and reads the account once per run', async () => {
		// item 1 asks for the magic-link email, which needs loginUrl: no row gives it
		const input = ['welcome', 'magic-link', 'welcome'].map((template, index) => ({
			json: { template, email: `u${index}@example.com` },
		}));
		const parameters = {
			resource: 'transactionalEmail',
			operation: 'send',
			email: '={{ $json.email }}',
			transactionalId: '={{ $json.template }}',
			additionalFields: { dataVariables: { variable: [{ key: 'name', value: 'Ada' }] } },
		};
		const { error } = await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items: input },
		);
		expect(error?.message).toBe(
			'Nothing was sent to Loops: Data Variables: the transactional email "Magic link sign-in" needs a value for "loginUrl" [item 1]',
		);
		expect(loops.received()).toEqual([lookup]);

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
		expect(loops.received().filter((request) => request.method === 'GET')).toEqual([lookup]);
		expect(posts()).toHaveLength(3);
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
		expect(loops.received().map((request) => [request.method, request.status])).toEqual([
			['GET', 200],
			['POST', 404],
		]);
	});

	it("sends without the check when the account's list cannot be read; Loops' own 400 then names the variable", async () => {
		const read = jest
			.spyOn(accountData, 'fetchTransactionalEmails')
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
		const lookups = loops.received().filter((request) => request.path === '/api/v1/transactional');
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

	it('gives a re-run of the same execution the same keys, so nothing is sent twice', async () => {
		const items = [{ json: { email: 'a@example.com' } }, { json: { email: 'b@example.com' } }];
		const parameters = {
			resource: 'transactionalEmail',
			operation: 'send',
			email: '={{ $json.email }}',
			transactionalId: 'payment-failed',
		};
		await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items, executionId: 'exec-tx' },
		);
		const firstKeys = posts().map((request) => request.headers['idempotency-key']);
		loops.emulator.clearRequests();
		const rerun = await runLoopsNode(
			{ parameters },
			{ credentials: credentials(), items, executionId: 'exec-tx' },
		);
		expect(new Set(firstKeys).size).toBe(2);
		expect(
			posts()
				.map((request) => request.headers['idempotency-key'])
				.sort(),
		).toEqual([...firstKeys].sort());
		expect(rerun.items.map((item) => item.json.duplicate)).toEqual([true, true]);
		expect(loops.emulator.account().transactionalSent).toHaveLength(2);
	});
});

describe('Transactional Email → Get Many', () => {
	const asOutput = (emails: readonly (typeof SEED_TRANSACTIONAL_EMAILS)[number][]) =>
		emails.map((email) => ({ ...email, dataVariables: [...email.dataVariables] }));

	it('asks for one page of 50 by default and outputs one item per email', async () => {
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'transactionalEmail', operation: 'getAll' } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([lookup]);
		expect(items.map((item) => item.json)).toEqual(asOutput(SEED_TRANSACTIONAL_EMAILS));
	});

	it("asks for Loops' smallest page (10) for a smaller limit and keeps the first ones", async () => {
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'transactionalEmail', operation: 'getAll', limit: 3 } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/transactional',
				query: { perPage: '10' },
			}),
		]);
		expect(items.map((item) => item.json)).toEqual(asOutput(SEED_TRANSACTIONAL_EMAILS.slice(0, 3)));
	});

	it('with Return All, follows the cursor page by page', async () => {
		const extra = Array.from({ length: 58 }, (_, index) => ({
			id: `extra-${index}`,
			name: `Extra ${index}`,
			lastUpdated: '2025-02-01T10:00:00.000Z',
			dataVariables: ['x'],
		}));
		loops.emulator.account().transactionalEmails.push(...extra);
		const all = [...SEED_TRANSACTIONAL_EMAILS, ...extra];
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'transactionalEmail', operation: 'getAll', returnAll: true } },
			{ credentials: credentials() },
		);
		expect(loops.received().map((request) => request.query)).toEqual([
			{ perPage: '50' },
			{ perPage: '50', cursor: all[49].id },
		]);
		expect(items).toHaveLength(70);
		expect(items.map((item) => item.json.id)).toEqual(all.map((email) => email.id));
	});
});
