import {
	PASSWORD_RESET_TRANSACTIONAL_ID,
	SEED_CUSTOM_PROPERTIES,
	SEED_MAILING_LISTS,
	SEED_TRANSACTIONAL_EMAILS,
} from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { loadOptions } from '../helpers/loadOptions';
import { Loops } from '../../nodes/Loops/Loops.node';

const loops = useLoopsEmulator({ rateLimit: 100 });

const sortedByName = <T extends { name: string }>(options: T[]) =>
	[...options].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));

describe('Dropdowns loaded from the account', () => {
	it('offers the mailing lists (GET /v1/lists) by name, valued by list ID', async () => {
		const options = await loadOptions('getMailingLists', {
			credential: loops.credential(),
			parameters: { resource: 'contact', operation: 'create', email: 'ada@example.com' },
			path: 'additionalFields.mailingLists.list[0].id',
		});
		expect(loops.received()).toEqual([
			expect.objectContaining({ method: 'GET', path: '/api/v1/lists', query: {}, status: 200 }),
		]);
		expect(loops.emulator.requests[0].headers.authorization).toBe('Bearer test-api-key');
		expect(options).toEqual(
			sortedByName(
				SEED_MAILING_LISTS.map((list) => ({
					name: list.name,
					value: list.id,
					description: [list.description, list.isPublic ? 'public' : 'private']
						.filter(Boolean)
						.join(' · '),
				})),
			),
		);
	});

	it('offers the custom contact properties (GET /v1/contacts/properties?list=custom), valued by key', async () => {
		const options = await loadOptions('getCustomProperties', {
			credential: loops.credential(),
			parameters: {
				resource: 'event',
				operation: 'send',
				email: 'ada@example.com',
				eventName: 'x',
			},
		});
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/contacts/properties',
				query: { list: 'custom' },
			}),
		]);
		expect(options).toEqual(
			sortedByName(
				SEED_CUSTOM_PROPERTIES.map((property) => ({
					name: property.key,
					value: property.key,
					description: `${property.label} · ${property.type}`,
				})),
			),
		);
		// only custom properties: Loops' default ones have fields of their own
		expect(options.map((option) => option.value)).not.toContain('firstName');
	});

	it('offers every transactional email, paging GET /v1/transactional by 50 with the cursor', async () => {
		// 60 emails: two pages of 50
		const extra = Array.from({ length: 48 }, (_, index) => ({
			id: `extra-${String(index).padStart(2, '0')}`,
			name: `Extra ${String(index).padStart(2, '0')}`,
			lastUpdated: '2025-02-01T10:00:00.000Z',
			dataVariables: [],
		}));
		loops.emulator.account().transactionalEmails.push(...extra);
		const options = await loadOptions('getTransactionalEmails', {
			credential: loops.credential(),
			parameters: { resource: 'transactionalEmail', operation: 'send' },
		});
		const all = [...SEED_TRANSACTIONAL_EMAILS, ...extra];
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/transactional',
				query: { perPage: '50' },
			}),
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/transactional',
				query: { perPage: '50', cursor: all[49].id },
			}),
		]);
		expect(options).toHaveLength(60);
		expect(options).toContainEqual({
			name: 'Password reset',
			value: PASSWORD_RESET_TRANSACTIONAL_ID,
			description: 'Data variables: name, resetUrl',
		});
		expect(options).toContainEqual({
			name: 'Payment failed',
			value: 'payment-failed',
			description: 'No data variables',
		});
		expect(options.map((option) => option.name)).toEqual(
			sortedByName(options).map((option) => option.name),
		);
	});

	it('offers the data variables of the chosen transactional email', async () => {
		const options = await loadOptions('getDataVariables', {
			credential: loops.credential(),
			parameters: {
				resource: 'transactionalEmail',
				operation: 'send',
				email: 'ada@example.com',
				transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
			},
			path: 'additionalFields.dataVariables.variable[0].key',
		});
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/transactional',
				query: { perPage: '50' },
			}),
		]);
		expect(options).toEqual([
			{ name: 'name', value: 'name', description: 'Required by "Password reset"' },
			{ name: 'resetUrl', value: 'resetUrl', description: 'Required by "Password reset"' },
		]);
	});

	it('offers no data variables, and asks Loops nothing, while no email is chosen or it is an expression', async () => {
		for (const transactionalId of ['', '={{ $json.template }}']) {
			const options = await loadOptions('getDataVariables', {
				credential: loops.credential(),
				parameters: { resource: 'transactionalEmail', operation: 'send', transactionalId },
			});
			expect(options).toEqual([]);
		}
		expect(loops.emulator.requests).toHaveLength(0);
	});

	it('says in one sentence why a dropdown could not load (rejected key)', async () => {
		await expect(
			loadOptions('getMailingLists', {
				credential: loops.credential('wrong-key'),
				parameters: { resource: 'contact', operation: 'create' },
			}),
		).rejects.toThrow(
			'Could not load the mailing lists from Loops: Loops rejected the API key (401)',
		);
	});

	it("tolerates a trailing slash in the credential's base URL", async () => {
		const options = await loadOptions('getMailingLists', {
			credential: { apiKey: 'test-api-key', baseUrl: `${loops.emulator.url}/` },
			parameters: { resource: 'contact', operation: 'create' },
		});
		expect(options).toHaveLength(SEED_MAILING_LISTS.length);
		expect(loops.emulator.requests[0].path).toBe('/api/v1/lists');
	});
});

describe('Fields that use the dropdowns', () => {
	const properties = new Loops().description.properties;
	/** The resource/operation pairs the node offers. */
	const existing = new Set(
		properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options as Array<{ value: string }>).map(
					({ value }) => `${property.displayOptions?.show?.resource?.[0]}/${value}`,
				),
			),
	);

	/** Every field (at any depth) named `name` whose loadOptionsMethod is set. */
	function dropdowns(): Array<{ path: string; method: string; dependsOn?: string[] }> {
		const found: Array<{ path: string; method: string; dependsOn?: string[] }> = [];
		const visit = (items: unknown[], prefix: string, show: string) => {
			for (const item of items as Array<Record<string, unknown>>) {
				const name = String(item.name);
				const displayOptions = item.displayOptions as
					| { show?: Record<string, string[] | undefined> }
					| undefined;
				// top-level fields say `resource`/`operation`; options of the shared Additional Fields
				// collection say `/resource`/`/operation` (the root parameters)
				const resources = displayOptions?.show?.resource ?? displayOptions?.show?.['/resource'];
				const operations = displayOptions?.show?.operation ?? displayOptions?.show?.['/operation'];
				const pairs = (resources ?? []).flatMap((resource) =>
					(operations ?? ['*'])
						.filter((operation) => operation === '*' || existing.has(`${resource}/${operation}`))
						.map((operation) => `${resource}/${operation}:`),
				);
				const wheres = pairs.length > 0 ? pairs : [show];
				const typeOptions = item.typeOptions as
					| { loadOptionsMethod?: string; loadOptionsDependsOn?: string[] }
					| undefined;
				for (const where of wheres) {
					// a collection shown for several operations reaches its options once per operation
					if (typeOptions?.loadOptionsMethod && !found.some((f) => f.path === `${where}${prefix}${name}`)) {
						found.push({
							path: `${where}${prefix}${name}`,
							method: typeOptions.loadOptionsMethod,
							...(typeOptions.loadOptionsDependsOn
								? { dependsOn: typeOptions.loadOptionsDependsOn }
								: {}),
						});
					}
					if (Array.isArray(item.options)) visit(item.options, `${prefix}${name}.`, where);
					if (Array.isArray(item.values)) visit(item.values, `${prefix}${name}.`, where);
				}
			}
		};
		visit(properties, '', '');
		return found;
	}

	it('asks for a list ID, a property key and a transactional email through dropdowns everywhere', () => {
		expect(dropdowns()).toEqual(
			expect.arrayContaining([
				{ path: 'contact/create:additionalFields.mailingLists.list.id', method: 'getMailingLists' },
				{
					path: 'contact/create:additionalFields.customProperties.property.key',
					method: 'getCustomProperties',
				},
				{ path: 'contact/update:updateFields.mailingLists.list.id', method: 'getMailingLists' },
				{
					path: 'contact/update:updateFields.customProperties.property.key',
					method: 'getCustomProperties',
				},
				{ path: 'event/send:additionalFields.mailingLists.list.id', method: 'getMailingLists' },
				{
					path: 'event/send:additionalFields.contactProperties.property.key',
					method: 'getCustomProperties',
				},
				{ path: 'transactionalEmail/send:transactionalId', method: 'getTransactionalEmails' },
				{
					path: 'transactionalEmail/send:additionalFields.dataVariables.variable.key',
					method: 'getDataVariables',
					dependsOn: ['transactionalId'],
				},
			]),
		);
		expect(dropdowns()).toHaveLength(8);
		// every method named by a field exists
		const methods = new Loops().methods.loadOptions;
		for (const { method } of dropdowns())
			expect(typeof methods[method as keyof typeof methods]).toBe('function');
	});
});
