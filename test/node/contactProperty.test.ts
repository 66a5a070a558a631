import { DEFAULT_CONTACT_PROPERTIES, SEED_CUSTOM_PROPERTIES } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

describe('Contact Property → Get Many', () => {
	it('asks for all properties by default and outputs one item per property', async () => {
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contactProperty', operation: 'getAll' } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/contacts/properties',
				query: { list: 'all' },
				status: 200,
			}),
		]);
		expect(items.map((item) => item.json)).toStrictEqual(
			[...DEFAULT_CONTACT_PROPERTIES, ...SEED_CUSTOM_PROPERTIES].map((property) => ({
				...property,
			})),
		);
	});

	it('asks for the custom ones only', async () => {
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'contactProperty', operation: 'getAll', list: 'custom' } },
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].query).toStrictEqual({ list: 'custom' });
		expect(items.map((item) => item.json)).toStrictEqual(
			SEED_CUSTOM_PROPERTIES.map((property) => ({ ...property })),
		);
	});
});

describe('Contact Property → Create', () => {
	it("posts the name and type and outputs Loops' answer", async () => {
		const { items, error } = await runLoopsNode(
			{
				parameters: {
					resource: 'contactProperty',
					operation: 'create',
					name: 'planName',
					type: 'number',
				},
			},
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(loops.received()).toEqual([
			{
				method: 'POST',
				path: '/api/v1/contacts/properties',
				query: {},
				body: { name: 'planName', type: 'number' },
				status: 200,
			},
		]);
		expect(items.map((item) => item.json)).toEqual([{ success: true }]);
		expect(loops.emulator.account().findProperty('planName')).toEqual({
			key: 'planName',
			label: 'Plan Name',
			type: 'number',
		});
	});

	it('defaults to a string property', async () => {
		await runLoopsNode(
			{ parameters: { resource: 'contactProperty', operation: 'create', name: 'company' } },
			{ credentials: credentials() },
		);
		expect(loops.emulator.requests[0].body).toStrictEqual({ name: 'company', type: 'string' });
	});

	it("says plainly that a property with the name exists (looking it up after Loops' 400)", async () => {
		const { error, items } = await runLoopsNode(
			{
				parameters: {
					resource: 'contactProperty',
					operation: 'create',
					name: 'score',
					type: 'string',
				},
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			'A contact property named "score" already exists in this Loops account',
		);
		expect(error?.description).toBe(
			'It holds number values: use it as it is, or choose another name. (Loops answered 400: A contact property named "score" already exists.)',
		);
		expect(items).toEqual([]);
		expect(
			loops
				.received()
				.map((request) => [request.method, request.path, request.query, request.status]),
		).toEqual([
			['POST', '/api/v1/contacts/properties', {}, 400],
			['GET', '/api/v1/contacts/properties', { list: 'all' }, 200],
		]);
	});

	it('names the existing property when the name differs only in case', async () => {
		const { error } = await runLoopsNode(
			{
				parameters: {
					resource: 'contactProperty',
					operation: 'create',
					name: 'trialendsAt',
					type: 'date',
				},
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			'A contact property named "trialEndsAt" already exists in this Loops account (Loops compares names ignoring case: "trialendsAt" clashes with it)',
		);
	});

	it("covers Loops' default properties too", async () => {
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'contactProperty', operation: 'create', name: 'firstName' } },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			'A contact property named "firstName" already exists in this Loops account',
		);
	});
});
