import { SEED_MAILING_LISTS } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });
const listId = SEED_MAILING_LISTS[0].id;

describe('Contact → Create', () => {
	it("posts the contact with typed custom properties and mailing lists, and outputs Loops' answer", async () => {
		const { items, error } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'create',
					email: 'ada@example.com',
					additionalFields: {
						firstName: 'Ada',
						lastName: 'Lovelace',
						userId: 'user_1',
						userGroup: 'founders',
						source: 'n8n',
						mailingLists: { list: [{ id: listId, subscribed: true }] },
						customProperties: {
							property: [
								{ key: 'plan', value: 'pro' },
								{ key: 'score', value: '={{ 99 }}' },
								{ key: 'vip', value: '={{ true }}' },
							],
						},
					},
				},
			},
			{ credentials: credentials() },
		);

		expect(error).toBeUndefined();
		const [request] = loops.emulator.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v1/contacts/create');
		expect(request.headers.authorization).toBe('Bearer test-api-key');
		expect(request.body).toStrictEqual({
			email: 'ada@example.com',
			firstName: 'Ada',
			lastName: 'Lovelace',
			userId: 'user_1',
			userGroup: 'founders',
			source: 'n8n',
			mailingLists: { [listId]: true },
			plan: 'pro',
			score: 99,
			vip: true,
		});
		const created = loops.emulator.account().contacts[0];
		expect(items.map((item) => item.json)).toEqual([{ success: true, id: created.id }]);
	});

	it('sends `subscribed` only when the user set it', async () => {
		await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'create', email: 'a@example.com' } },
			{ credentials: credentials() },
		);
		await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'create',
					email: 'b@example.com',
					additionalFields: { subscribed: false },
				},
			},
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests.map((request) => request.body)).toStrictEqual([
			{ email: 'a@example.com' },
			{ email: 'b@example.com', subscribed: false },
		]);
	});

	it("surfaces Loops' own error with its HTTP code (409 duplicate email)", async () => {
		loops.emulator.account().seedContact({ email: 'taken@example.com' });
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'create', email: 'taken@example.com' } },
			{ credentials: credentials() },
		);
		expect(error?.message).toMatch(/^Loops answered 409: .+/);
		expect(error?.httpCode).toBe('409');
		expect(loops.emulator.requests).toHaveLength(1);
	});
});

describe('Contact → Get', () => {
	it('finds by User ID (the default) and outputs one item per contact', async () => {
		const contact = loops.emulator
			.account()
			.seedContact({ email: 'ada@example.com', userId: 'user_1' });
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'get', userId: 'user_1' } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/contacts/find',
				query: { userId: 'user_1' },
			}),
		]);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			id: contact.id,
			email: 'ada@example.com',
			userId: 'user_1',
		});
	});

	it('finds by email', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		const { items } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'get',
					findBy: 'email',
					email: 'ada@example.com',
				},
			},
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].query).toStrictEqual({ email: 'ada@example.com' });
		expect(items.map((item) => item.json.email)).toEqual(['ada@example.com']);
	});

	it('fails the item with an error naming the identifier when nothing matches', async () => {
		const { error, items } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'get',
					findBy: 'email',
					email: 'nobody@example.com',
				},
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('No Loops contact with email "nobody@example.com"');
		expect(items).toEqual([]);
	});
});

describe('Contact → Get Many', () => {
	const seed = (count: number) => {
		for (let index = 0; index < count; index++) {
			loops.emulator.account().seedContact({ email: `c${index}@example.com` });
		}
	};

	it('asks for one page with the limit and offset given', async () => {
		seed(5);
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'getAll', limit: 2, offset: 1 } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/contacts',
				query: { limit: '2', offset: '1' },
			}),
		]);
		expect(items.map((item) => item.json.email)).toEqual(['c1@example.com', 'c2@example.com']);
	});

	it('defaults to a page of 50 from the first contact', async () => {
		seed(3);
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'getAll' } },
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].query).toStrictEqual({ limit: '50', offset: '0' });
		expect(items).toHaveLength(3);
	});

	it('Return All pages by 50 from offset 0 until a short page', async () => {
		seed(120);
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'getAll', returnAll: true } },
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests.map((request) => request.query)).toEqual([
			{ limit: '50', offset: '0' },
			{ limit: '50', offset: '50' },
			{ limit: '50', offset: '100' },
		]);
		expect(items).toHaveLength(120);
		expect(items[119].json.email).toBe('c119@example.com');
	});

	it('Return All stops, saying why, where Loops answers the same page whatever the offset', async () => {
		seed(120);
		loops.emulator.account().listContactsIgnoresOffset = true;
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'getAll', returnAll: true } },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			'Loops answered the contacts of an earlier page again at offset 50: it does not page this list, so Return All stopped after 50 contacts [item 0]',
		);
		expect(loops.emulator.requests.map((request) => request.query.offset)).toEqual(['0', '50']);
	});

	it('says in one sentence when the account does not offer listing contacts', async () => {
		loops.emulator.addAccount({
			apiKey: 'no-list-key',
			teamName: 'No List',
			listContactsEnabled: false,
		});
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'getAll' } },
			{ credentials: { main: loops.credential('no-list-key') } },
		);
		expect(error?.message).toBe(
			'This Loops account does not offer listing contacts (GET /v1/contacts answered 404); find contacts one at a time with Get instead',
		);
	});
});

describe('Contact → Update', () => {
	it('identifies by User ID and changes the email, names and custom properties', async () => {
		const contact = loops.emulator
			.account()
			.seedContact({ email: 'old@example.com', userId: 'user_1' });
		const { items } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'update',
					userId: 'user_1',
					updateFields: {
						email: 'new@example.com',
						firstName: 'Grace',
						customProperties: { property: [{ key: 'score', value: '={{ 7 }}' }] },
					},
				},
			},
			{ credentials: credentials() },
		);
		const [request] = loops.emulator.requests;
		expect(request.method).toBe('PUT');
		expect(request.path).toBe('/api/v1/contacts/update');
		expect(request.body).toStrictEqual({
			userId: 'user_1',
			email: 'new@example.com',
			firstName: 'Grace',
			score: 7,
		});
		expect(items.map((item) => item.json)).toEqual([{ success: true, id: contact.id }]);
		expect(loops.emulator.account().findByUserId('user_1')?.email).toBe('new@example.com');
	});

	it('identifies by email and can unsubscribe from a list', async () => {
		loops.emulator
			.account()
			.seedContact({ email: 'ada@example.com', mailingLists: { [listId]: true } });
		await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'update',
					identifyBy: 'email',
					email: 'ada@example.com',
					updateFields: {
						subscribed: true,
						mailingLists: { list: [{ id: listId, subscribed: false }] },
					},
				},
			},
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].body).toStrictEqual({
			email: 'ada@example.com',
			subscribed: true,
			mailingLists: { [listId]: false },
		});
	});
});

describe('Contact → Delete', () => {
	it('deletes by User ID and outputs { deleted: true }', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com', userId: 'user_1' });
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'delete', userId: 'user_1' } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/api/v1/contacts/delete',
				body: { userId: 'user_1' },
			}),
		]);
		expect(items.map((item) => item.json)).toEqual([{ deleted: true }]);
		expect(loops.emulator.account().contacts).toHaveLength(0);
	});

	it('deletes by email', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'delete',
					identifyBy: 'email',
					email: 'ada@example.com',
				},
			},
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].body).toStrictEqual({ email: 'ada@example.com' });
	});
});
