import {
	CONTENT_API_UNAUTHORIZED,
	PASSWORD_RESET_TRANSACTIONAL_ID,
	SEED_AUDIENCE_SEGMENTS,
	SEED_CAMPAIGN_GROUPS,
	SEED_CUSTOM_PROPERTIES,
	SEED_EVENT_PATTERNS,
	SEED_MAILING_LISTS,
	SEED_TRANSACTIONAL_EMAILS,
	SEED_TRANSACTIONAL_GROUPS,
} from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { listSearch, loadOptions } from '../helpers/loadOptions';
import { runLoopsNode } from '../helpers/n8n';
import { Loops } from '../../nodes/Loops/Loops.node';

const loops = useLoopsEmulator({ rateLimit: 100 });

const sortedByName = <T extends { name: string }>(options: T[]) =>
	[...options].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
const get = (path: string, query: Record<string, string> = {}, status = 200) =>
	expect.objectContaining({ method: 'GET', path: `/api${path}`, query, status });

/** n emails the emulator lists after the seeded ones (same dates, so in this order). */
const extraEmails = (count: number) =>
	Array.from({ length: count }, (_, index) => ({
		id: `extra-${String(index).padStart(2, '0')}`,
		name: `Extra ${String(index).padStart(2, '0')}`,
		lastUpdated: '2024-01-01T10:00:00.000Z',
		dataVariables: [],
	}));

describe('Resource locator lists ("From List") filled from the account', () => {
	it('offers the mailing lists (GET /v1/lists) by name, private ones marked, valued by list ID; the search narrows them', async () => {
		const { results } = await listSearch('searchMailingLists', {
			credential: loops.credential(),
			parameters: { resource: 'contact', operation: 'create', email: 'ada@example.com' },
			path: 'additionalFields.mailingLists.list[0].id',
		});
		expect(loops.received()).toEqual([get('/v1/lists')]);
		expect(loops.emulator.requests[0].headers.authorization).toBe('Bearer test-api-key');
		expect(results).toEqual(
			sortedByName(
				SEED_MAILING_LISTS.map((list) => ({
					name: list.isPublic ? list.name : `${list.name} (private)`,
					value: list.id,
				})),
			),
		);
		const searched = await listSearch('searchMailingLists', {
			credential: loops.credential(),
			parameters: { resource: 'contact', operation: 'create' },
			filter: 'BETA',
		});
		expect(searched.results).toEqual([
			{ name: 'Beta testers (private)', value: SEED_MAILING_LISTS[2].id },
		]);
		// the ID matches too
		const byId = await listSearch('searchMailingLists', {
			credential: loops.credential(),
			parameters: { resource: 'contact', operation: 'create' },
			filter: SEED_MAILING_LISTS[1].id,
		});
		expect(byId.results.map((result) => result.value)).toEqual([SEED_MAILING_LISTS[1].id]);
	});

	it('offers every transactional email, paging GET /v1/transactional-emails by 50 with the cursor; drafts marked', async () => {
		// 60 emails and a draft: two pages of 50
		const account = loops.emulator.account();
		account.transactionalEmails.push(...extraEmails(47), {
			id: 'draft-1',
			name: 'Draft invite',
			lastUpdated: '2023-01-01T10:00:00.000Z',
			dataVariables: ['x'],
			published: false,
		});
		const { results } = await listSearch('searchTransactionalEmails', {
			credential: loops.credential(),
			parameters: { resource: 'transactionalEmail', operation: 'send' },
		});
		const fiftieth = loops.emulator.requests[0].responseBody as { data: Array<{ id: string }> };
		expect(loops.received()).toEqual([
			get('/v1/transactional-emails', { perPage: '50' }),
			get('/v1/transactional-emails', { perPage: '50', cursor: fiftieth.data[49].id }),
		]);
		expect(results).toHaveLength(60);
		expect(results).toContainEqual({
			name: 'Password reset',
			value: PASSWORD_RESET_TRANSACTIONAL_ID,
		});
		expect(results).toContainEqual({ name: 'Draft invite (draft)', value: 'draft-1' });
		expect(results.map((result) => result.name)).toEqual(
			sortedByName(results).map((result) => result.name),
		);

		loops.emulator.clearRequests();
		const searched = await listSearch('searchTransactionalEmails', {
			credential: loops.credential(),
			parameters: { resource: 'transactionalEmail', operation: 'send' },
			filter: 'reset',
		});
		expect(searched.results).toEqual([
			{ name: 'Password reset', value: PASSWORD_RESET_TRANSACTIONAL_ID },
		]);
	});

	it('falls back to the deprecated GET /v1/transactional where the account has no content API (one 401, not retried)', async () => {
		loops.emulator.account().contentApiEnabled = false;
		const { results } = await listSearch('searchTransactionalEmails', {
			credential: loops.credential(),
			parameters: { resource: 'transactionalEmail', operation: 'send' },
		});
		expect(loops.received()).toEqual([
			get('/v1/transactional-emails', { perPage: '50' }, 401),
			get('/v1/transactional', { perPage: '50' }),
		]);
		expect(loops.emulator.requests[0].responseBody).toEqual({
			success: false,
			message: CONTENT_API_UNAUTHORIZED,
		});
		expect(results).toEqual(
			sortedByName(
				SEED_TRANSACTIONAL_EMAILS.map((email) => ({ name: email.name, value: email.id })),
			),
		);
	});

	it('falls back to the deprecated list where Loops has no GET /v1/transactional-emails (404)', async () => {
		loops.emulator.failNext(
			(request) => request.path === '/api/v1/transactional-emails',
			404,
			'Not found.',
		);
		const { results } = await listSearch('searchTransactionalEmails', {
			credential: loops.credential(),
			parameters: { resource: 'transactionalEmail', operation: 'send' },
		});
		expect(loops.received().map((request) => [request.path, request.status])).toEqual([
			['/api/v1/transactional-emails', 404],
			['/api/v1/transactional', 200],
		]);
		expect(results).toHaveLength(SEED_TRANSACTIONAL_EMAILS.length);
	});

	it('tells a rejected key from a missing content API: the deprecated list refuses the key too', async () => {
		await expect(
			listSearch('searchTransactionalEmails', {
				credential: loops.credential('wrong-key'),
				parameters: { resource: 'transactionalEmail', operation: 'send' },
			}),
		).rejects.toThrow(
			'Could not load the transactional emails from Loops: Loops rejected the API key (401)',
		);
		expect(loops.received().map((request) => [request.path, request.status])).toEqual([
			['/api/v1/transactional-emails', 401],
			['/api/v1/transactional', 401],
		]);
	});

	it('offers the audience segments (GET /v1/audience-segments, every page) by name, valued by ID', async () => {
		const extra = Array.from({ length: 50 }, (_, index) => ({
			id: `seg-${index}`,
			name: `Segment ${index}`,
			description: null,
			createdAt: '2024-01-01T00:00:00.000Z',
			updatedAt: '2024-01-01T00:00:00.000Z',
			filter: null,
		}));
		loops.emulator.account().audienceSegments.push(...extra);
		const { results } = await listSearch('searchAudienceSegments', {
			credential: loops.credential(),
			parameters: { resource: 'audienceSegment', operation: 'get' },
		});
		expect(loops.received().map((request) => request.query)).toEqual([
			{ perPage: '50' },
			{ perPage: '50', cursor: 'seg-46' },
		]);
		expect(results).toHaveLength(53);
		expect(results).toContainEqual({ name: 'VIPs', value: SEED_AUDIENCE_SEGMENTS[1].id });
		const searched = await listSearch('searchAudienceSegments', {
			credential: loops.credential(),
			parameters: { resource: 'audienceSegment', operation: 'get' },
			filter: 'pro',
		});
		expect(searched.results).toEqual([{ name: 'Pro plan', value: SEED_AUDIENCE_SEGMENTS[0].id }]);
	});

	it("says the content API is missing, not the key, when the account's segments cannot be listed", async () => {
		loops.emulator.account().contentApiEnabled = false;
		await expect(
			listSearch('searchAudienceSegments', {
				credential: loops.credential(),
				parameters: { resource: 'audienceSegment', operation: 'get' },
			}),
		).rejects.toThrow(
			"Could not load the audience segments from Loops: Loops answered 401: Audience segments need Loops' content API, which is not enabled for this team (the API key is valid)",
		);
		// the key was checked once, to tell the two apart
		expect(loops.received().map((request) => [request.path, request.status])).toEqual([
			['/api/v1/audience-segments', 401],
			['/api/v1/api-key', 200],
		]);
	});

	it('offers the campaigns (GET /v1/campaigns, every page) by name with their status, valued by ID; the search narrows them', async () => {
		const account = loops.emulator.account();
		// 52 campaigns, one a day, the newest first in Loops' list: two pages of 50
		for (let day = 1; day <= 52; day++) {
			account.seedCampaign({
				id: `camp-${String(day).padStart(2, '0')}`,
				name: day === 7 ? 'June digest' : `Campaign ${day}`,
				status: day === 7 ? 'Sent' : 'Draft',
				createdAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
			});
		}
		const { results } = await listSearch('searchCampaigns', {
			credential: loops.credential(),
			parameters: { resource: 'campaign', operation: 'send' },
		});
		expect(loops.received()).toEqual([
			get('/v1/campaigns', { perPage: '50' }),
			get('/v1/campaigns', { perPage: '50', cursor: 'camp-03' }),
		]);
		expect(results).toHaveLength(52);
		expect(results).toContainEqual({ name: 'June digest (Sent)', value: 'camp-07' });
		expect(results).toContainEqual({ name: 'Campaign 52 (Draft)', value: 'camp-52' });
		expect(results.map((result) => result.name)).toEqual(
			sortedByName(results).map((result) => result.name),
		);

		const searched = await listSearch('searchCampaigns', {
			credential: loops.credential(),
			parameters: { resource: 'campaign', operation: 'send' },
			filter: 'JUNE',
		});
		expect(searched.results).toEqual([{ name: 'June digest (Sent)', value: 'camp-07' }]);
	});

	it('offers the campaign groups and the transactional groups (every page) by name, valued by ID', async () => {
		const campaignGroups = await listSearch('searchCampaignGroups', {
			credential: loops.credential(),
			parameters: { resource: 'campaign', operation: 'create', name: 'June digest' },
			path: 'additionalFields.campaignGroupId',
		});
		const transactionalGroups = await listSearch('searchTransactionalGroups', {
			credential: loops.credential(),
			parameters: { resource: 'transactionalEmail', operation: 'create', name: 'Welcome' },
			path: 'additionalFields.transactionalGroupId',
		});
		expect(loops.received()).toEqual([
			get('/v1/campaign-groups', { perPage: '50' }),
			get('/v1/transactional-groups', { perPage: '50' }),
		]);
		expect(campaignGroups.results).toEqual(
			sortedByName(SEED_CAMPAIGN_GROUPS.map((group) => ({ name: group.name, value: group.id }))),
		);
		expect(transactionalGroups.results).toEqual(
			sortedByName(
				SEED_TRANSACTIONAL_GROUPS.map((group) => ({ name: group.name, value: group.id })),
			),
		);
		const searched = await listSearch('searchCampaignGroups', {
			credential: loops.credential(),
			parameters: { resource: 'campaign', operation: 'update' },
			filter: 'news',
		});
		expect(searched.results).toEqual([{ name: 'Newsletters', value: SEED_CAMPAIGN_GROUPS[1].id }]);
	});

	it("says the content API is missing, not the key, when the account's campaigns or groups cannot be listed", async () => {
		loops.emulator.account().contentApiEnabled = false;
		await expect(
			listSearch('searchCampaigns', {
				credential: loops.credential(),
				parameters: { resource: 'campaign', operation: 'get' },
			}),
		).rejects.toThrow(
			"Could not load the campaigns from Loops: Loops answered 401: Campaigns need Loops' content API, which is not enabled for this team (the API key is valid)",
		);
		await expect(
			listSearch('searchTransactionalGroups', {
				credential: loops.credential(),
				parameters: { resource: 'transactionalEmail', operation: 'create' },
			}),
		).rejects.toThrow(
			"Could not load the transactional groups from Loops: Loops answered 401: Transactional groups need Loops' content API",
		);
		// a rejected key is said to be the key
		await expect(
			listSearch('searchCampaignGroups', {
				credential: loops.credential('wrong-key'),
				parameters: { resource: 'campaign', operation: 'create' },
			}),
		).rejects.toThrow(
			'Could not load the campaign groups from Loops: Loops rejected the API key (401)',
		);
	});

	it('offers the event names the account knows (GET /v1/event-patterns, every page), an event sent through Loops included', async () => {
		const { results } = await listSearch('searchEventNames', {
			credential: loops.credential(),
			parameters: { resource: 'event', operation: 'send' },
		});
		expect(loops.received()).toEqual([get('/v1/event-patterns', { perPage: '50' })]);
		expect(results).toEqual(
			sortedByName(
				SEED_EVENT_PATTERNS.map((pattern) => ({
					name: pattern.incomingWebhookPlatform
						? `${pattern.eventName} (${pattern.incomingWebhookPlatform})`
						: pattern.eventName,
					value: pattern.eventName,
				})),
			),
		);

		// a name Loops learns from an event the node sends (typed "By Name") is offered next time
		await runLoopsNode(
			{
				parameters: {
					resource: 'event',
					operation: 'send',
					email: 'ada@example.com',
					eventName: { __rl: true, mode: 'name', value: 'creditWarning' },
				},
			},
			{ credentials: { main: loops.credential() } },
		);
		const names = Array.from({ length: 50 }, (_, index) => `event${index}`);
		loops.emulator.account().eventPatterns.push(
			...names.map((eventName, index) => ({
				id: `ev-${index}`,
				eventName,
				incomingWebhookPlatform: null,
			})),
		);
		loops.emulator.clearRequests();
		const again = await listSearch('searchEventNames', {
			credential: loops.credential(),
			parameters: { resource: 'event', operation: 'send' },
			filter: 'credit',
		});
		expect(loops.received().map((request) => request.query)).toEqual([
			{ perPage: '50' },
			{ perPage: '50', cursor: 'ev-44' },
		]);
		expect(again.results).toEqual([{ name: 'creditWarning', value: 'creditWarning' }]);
	});

	it('says in one sentence why a list could not load (rejected key)', async () => {
		await expect(
			listSearch('searchMailingLists', {
				credential: loops.credential('wrong-key'),
				parameters: { resource: 'contact', operation: 'create' },
			}),
		).rejects.toThrow(
			'Could not load the mailing lists from Loops: Loops rejected the API key (401)',
		);
		await expect(
			listSearch('searchEventNames', {
				credential: loops.credential('wrong-key'),
				parameters: { resource: 'event', operation: 'send' },
			}),
		).rejects.toThrow(
			'Could not load the event names from Loops: Loops rejected the API key (401)',
		);
	});

	it("tolerates a trailing slash in the credential's base URL", async () => {
		const { results } = await listSearch('searchMailingLists', {
			credential: { apiKey: 'test-api-key', baseUrl: `${loops.emulator.url}/` },
			parameters: { resource: 'contact', operation: 'create' },
		});
		expect(results).toHaveLength(SEED_MAILING_LISTS.length);
		expect(loops.emulator.requests[0].path).toBe('/api/v1/lists');
	});
});

describe('Dropdowns loaded from the account', () => {
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
		expect(loops.received()).toEqual([get('/v1/contacts/properties', { list: 'custom' })]);
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

	const passwordResetVariables = [
		{ name: 'name', value: 'name', description: 'Required by "Password reset"' },
		{ name: 'resetUrl', value: 'resetUrl', description: 'Required by "Password reset"' },
	];

	it('offers the data variables of the chosen transactional email, reading that one email', async () => {
		for (const transactionalId of [
			{
				__rl: true,
				mode: 'list',
				value: PASSWORD_RESET_TRANSACTIONAL_ID,
				cachedResultName: 'Password reset',
			},
			{ __rl: true, mode: 'id', value: PASSWORD_RESET_TRANSACTIONAL_ID },
			PASSWORD_RESET_TRANSACTIONAL_ID, // as an older workflow holds it
		]) {
			loops.emulator.clearRequests();
			const options = await loadOptions('getDataVariables', {
				credential: loops.credential(),
				parameters: {
					resource: 'transactionalEmail',
					operation: 'send',
					email: 'ada@example.com',
					transactionalId,
				},
				path: 'additionalFields.dataVariables.variable[0].key',
			});
			expect(loops.received()).toEqual([
				get(`/v1/transactional-emails/${PASSWORD_RESET_TRANSACTIONAL_ID}`),
			]);
			expect(options).toEqual(passwordResetVariables);
		}
	});

	it('without the content API, finds the chosen email in the deprecated list, reading only up to its page', async () => {
		loops.emulator.account().contentApiEnabled = false;
		loops.emulator.account().transactionalEmails.push(...extraEmails(60));
		const options = await loadOptions('getDataVariables', {
			credential: loops.credential(),
			parameters: {
				resource: 'transactionalEmail',
				operation: 'send',
				transactionalId: { __rl: true, mode: 'list', value: PASSWORD_RESET_TRANSACTIONAL_ID },
			},
		});
		expect(loops.received()).toEqual([
			get(`/v1/transactional-emails/${PASSWORD_RESET_TRANSACTIONAL_ID}`, {}, 401),
			get('/v1/transactional', { perPage: '50' }),
		]);
		expect(options).toEqual(passwordResetVariables);
	});

	it('offers no data variables, and asks Loops nothing, while no email is chosen or it is an expression', async () => {
		for (const transactionalId of [
			'',
			'={{ $json.template }}',
			{ __rl: true, mode: 'list', value: '' },
			{ __rl: true, mode: 'id', value: '={{ $json.template }}' },
		]) {
			const options = await loadOptions('getDataVariables', {
				credential: loops.credential(),
				parameters: { resource: 'transactionalEmail', operation: 'send', transactionalId },
			});
			expect(options).toEqual([]);
		}
		expect(loops.emulator.requests).toHaveLength(0);
	});
});

describe('Fields that use the lists and dropdowns', () => {
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

	/** Every field (at any depth) whose options or "From List" come from the account. */
	function accountFilled(): Array<{ path: string; method: string; dependsOn?: string[] }> {
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
				const listMode = (
					item.modes as
						| Array<{ type: string; typeOptions?: { searchListMethod?: string } }>
						| undefined
				)?.find((mode) => mode.type === 'list');
				const method = typeOptions?.loadOptionsMethod ?? listMode?.typeOptions?.searchListMethod;
				for (const where of wheres) {
					// a collection shown for several operations reaches its options once per operation
					if (method && !found.some((f) => f.path === `${where}${prefix}${name}`)) {
						found.push({
							path: `${where}${prefix}${name}`,
							method,
							...(typeOptions?.loadOptionsDependsOn
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

	/**
	 * Fields filled from the account where that cannot serve yet, in code other work is fixing: listed so that this
	 * test passes meanwhile; the last test checks each still holds (a fixed one leaves the list).
	 */
	const PENDING = [
		// Send Preview's Data Variables offers the variables of the transactional email chosen in Transactional
		// Email, a field Email Message operations do not have: the list fails to open ("Could not find
		// property"), so a name is typed as an expression
		{
			path: 'emailMessage/sendPreview:additionalFields.dataVariables.variable.key',
			method: 'getDataVariables',
			dependsOn: ['transactionalId.value'],
		},
	];

	it('asks for lists, property keys, transactional emails, segments, campaigns, groups, event names and variables from the account everywhere', () => {
		const filled = accountFilled().filter(
			(field) => !PENDING.some((pending) => pending.path === field.path),
		);
		const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
		expect([...filled].sort(byPath)).toEqual(
			[
				{
					path: 'contact/create:additionalFields.mailingLists.list.id',
					method: 'searchMailingLists',
				},
				{
					path: 'contact/create:additionalFields.customProperties.property.key',
					method: 'getCustomProperties',
				},
				{ path: 'contact/update:updateFields.mailingLists.list.id', method: 'searchMailingLists' },
				{
					path: 'contact/update:updateFields.customProperties.property.key',
					method: 'getCustomProperties',
				},
				{ path: 'event/send:eventName', method: 'searchEventNames' },
				{ path: 'event/send:additionalFields.mailingLists.list.id', method: 'searchMailingLists' },
				{
					path: 'event/send:additionalFields.contactProperties.property.key',
					method: 'getCustomProperties',
				},
				{ path: 'transactionalEmail/send:transactionalId', method: 'searchTransactionalEmails' },
				{ path: 'transactionalEmail/get:transactionalId', method: 'searchTransactionalEmails' },
				{
					path: 'transactionalEmail/send:additionalFields.dataVariables.variable.key',
					method: 'getDataVariables',
					dependsOn: ['transactionalId.value'],
				},
				{ path: 'audienceSegment/get:audienceSegmentId', method: 'searchAudienceSegments' },
				// the content API (node-interface.md, "Loops content API")
				...['get', 'update', 'send', 'getMetrics'].map((operation) => ({
					path: `campaign/${operation}:campaignId`,
					method: 'searchCampaigns',
				})),
				...[
					['additionalFields', 'create'],
					['updateFields', 'update'],
				].flatMap(([collection, operation]) => [
					{
						path: `campaign/${operation}:${collection}.mailingListId`,
						method: 'searchMailingLists',
					},
					{
						path: `campaign/${operation}:${collection}.audienceSegmentId`,
						method: 'searchAudienceSegments',
					},
					{
						path: `campaign/${operation}:${collection}.campaignGroupId`,
						method: 'searchCampaignGroups',
					},
					{
						path: `transactionalEmail/${operation}:${collection}.transactionalGroupId`,
						method: 'searchTransactionalGroups',
					},
				]),
				...['update', 'publish', 'getMetrics'].map((operation) => ({
					path: `transactionalEmail/${operation}:transactionalId`,
					method: 'searchTransactionalEmails',
				})),
				{
					path: 'emailMessage/sendPreview:additionalFields.contactProperties.property.key',
					method: 'getCustomProperties',
				},
			].sort(byPath),
		);
		// every method named by a field exists
		const { listSearch: searches, loadOptions: loaders } = new Loops().methods;
		for (const { method } of accountFilled()) {
			expect([method, typeof { ...searches, ...loaders }[method as keyof typeof searches]]).toEqual(
				[method, 'function'],
			);
		}
	});

	it('still has every pending field, as it was (a fixed one leaves PENDING)', async () => {
		expect(
			PENDING.filter((pending) => !accountFilled().some((field) => field.path === pending.path)),
		).toEqual([]);
		expect(
			accountFilled().filter((field) => PENDING.some((pending) => pending.path === field.path)),
		).toEqual(PENDING);
		// Send Preview's variable names: the list fails to open, having asked Loops nothing
		const opening = loadOptions('getDataVariables', {
			credential: loops.credential(),
			parameters: {
				resource: 'emailMessage',
				operation: 'sendPreview',
				emailMessageId: 'cle5f7g9h1i3j5k7l9m1n3p5',
				emails: 'editor@example.com',
			},
			path: 'additionalFields.dataVariables.variable[0].key',
		});
		await expect(opening).rejects.toThrow('Could not find property');
		expect(loops.emulator.requests).toHaveLength(0);
	});
});
