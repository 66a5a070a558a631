import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

describe('Contact → Get Suppression Status', () => {
	it("asks by email (the default) and outputs Loops' answer: suppressed or not, and the removal quota", async () => {
		const contact = loops.emulator
			.account()
			.seedContact({ email: 'ada@example.com', userId: 'user_1' });
		loops.emulator.account().suppress('ada@example.com');
		const { items, error } = await runLoopsNode(
			{
				parameters: { resource: 'contact', operation: 'getSuppression', email: 'ada@example.com' },
			},
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(loops.received()).toEqual([
			{
				method: 'GET',
				path: '/api/v1/contacts/suppression',
				query: { email: 'ada@example.com' },
				body: undefined,
				status: 200,
			},
		]);
		expect(loops.emulator.requests[0].headers.authorization).toBe('Bearer test-api-key');
		expect(items.map((item) => item.json)).toEqual([
			{
				contact: { id: contact.id, email: 'ada@example.com', userId: 'user_1' },
				isSuppressed: true,
				removalQuota: { limit: 10, remaining: 10 },
			},
		]);
	});

	it('asks by User ID', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com', userId: 'user_1' });
		const { items } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'getSuppression',
					identifyBy: 'userId',
					userId: 'user_1',
				},
			},
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].query).toStrictEqual({ userId: 'user_1' });
		expect(items[0].json).toMatchObject({ isSuppressed: false });
	});

	it("surfaces Loops' 404 for an unknown contact", async () => {
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'getSuppression',
					email: 'nobody@example.com',
				},
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Loops answered 404: Contact not found.');
		expect(error?.httpCode).toBe('404');
	});
});

describe('Contact → Remove Suppression', () => {
	it("deletes the suppression by email and outputs Loops' answer with the quota left", async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		loops.emulator.account().suppress('ada@example.com');
		const { items, error } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'removeSuppression',
					email: 'ada@example.com',
				},
			},
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'DELETE',
				path: '/api/v1/contacts/suppression',
				query: { email: 'ada@example.com' },
				status: 200,
			}),
		]);
		expect(items.map((item) => item.json)).toEqual([
			{
				success: true,
				message: 'Email removed from suppression list.',
				removalQuota: { limit: 10, remaining: 9 },
			},
		]);
		expect(loops.emulator.account().isSuppressed('ada@example.com')).toBe(false);
	});

	it('deletes the suppression by User ID', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com', userId: 'user_1' });
		loops.emulator.account().suppress('ada@example.com');
		await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'removeSuppression',
					identifyBy: 'userId',
					userId: 'user_1',
				},
			},
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([
			expect.objectContaining({ method: 'DELETE', query: { userId: 'user_1' }, status: 200 }),
		]);
	});

	it("surfaces Loops' 400 when the address is not suppressed", async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'contact',
					operation: 'removeSuppression',
					email: 'ada@example.com',
				},
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Loops answered 400: Contact is not suppressed.');
		expect(error?.httpCode).toBe('400');
	});
});
