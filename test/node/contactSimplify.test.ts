import { SEED_MAILING_LISTS } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });
const listId = SEED_MAILING_LISTS[0].id;

function seedAda() {
	return loops.emulator.account().seedContact({
		email: 'ada@example.com',
		userId: 'user_1',
		firstName: 'Ada',
		lastName: 'Lovelace',
		userGroup: 'founders',
		source: 'n8n',
		mailingLists: { [listId]: true },
		plan: 'pro',
		score: 99,
	});
}

const simplified = (id: string) => ({
	id,
	email: 'ada@example.com',
	firstName: 'Ada',
	lastName: 'Lovelace',
	userId: 'user_1',
	subscribed: true,
	mailingLists: { [listId]: true },
});

describe('Simplify (contact Get and Get Many)', () => {
	it('Get outputs the simplified contact by default', async () => {
		const ada = seedAda();
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'get', userId: 'user_1' } },
			{ credentials: credentials() },
		);
		expect(items.map((item) => item.json)).toStrictEqual([simplified(ada.id)]);
	});

	it("Get outputs Loops' whole contact, custom properties included, with Simplify off", async () => {
		const ada = seedAda();
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'get', userId: 'user_1', simplify: false } },
			{ credentials: credentials() },
		);
		expect(items.map((item) => item.json)).toStrictEqual([
			{
				...simplified(ada.id),
				source: 'n8n',
				userGroup: 'founders',
				optInStatus: null,
				plan: 'pro',
				score: 99,
			},
		]);
	});

	it('Get Many simplifies every contact by default, on every page', async () => {
		const ada = seedAda();
		for (let index = 0; index < 60; index++) {
			loops.emulator.account().seedContact({ email: `c${index}@example.com`, plan: 'free' });
		}
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'getAll', returnAll: true } },
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests).toHaveLength(2);
		expect(items).toHaveLength(61);
		expect(items[0].json).toStrictEqual(simplified(ada.id));
		for (const item of items) {
			expect(Object.keys(item.json).sort()).toEqual([
				'email',
				'firstName',
				'id',
				'lastName',
				'mailingLists',
				'subscribed',
				'userId',
			]);
		}
	});

	it('Get Many outputs whole contacts with Simplify off', async () => {
		seedAda();
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'getAll', simplify: false } },
			{ credentials: credentials() },
		);
		expect(items[0].json).toMatchObject({
			plan: 'pro',
			score: 99,
			source: 'n8n',
			userGroup: 'founders',
		});
	});
});
