import { CONTENT_ROUTES } from '../emulator/content';
import {
	LoopsEmulator,
	MAX_LMX_BYTES,
	SEED_CAMPAIGN_GROUPS,
	SEED_MAILING_LISTS,
	SEED_TRANSACTIONAL_GROUPS,
} from '../emulator';
import { loopsSpec, requestsOutsideSpec, type CheckedRequest } from '../helpers/loopsSpec';

/**
 * The check `useLoopsEmulator` runs over every request a test sent (test/helpers/loopsSpec.ts): what it
 * accepts and what it refuses, against Loops' official OpenAPI spec 1.21.6.
 */

const bearer = { authorization: 'Bearer test-api-key' };

function request(overrides: Partial<CheckedRequest>): CheckedRequest {
	const body = overrides.body;
	return {
		method: 'GET',
		path: '/api/v1/api-key',
		query: {},
		headers: { ...bearer },
		body,
		rawBody: body === undefined ? '' : JSON.stringify(body),
		...overrides,
	};
}

const json = { ...bearer, 'content-type': 'application/json' };

describe("Requests checked against Loops' OpenAPI spec 1.21.6", () => {
	it('accepts requests the spec describes', () => {
		expect(
			requestsOutsideSpec([
				request({}),
				request({ path: '/api/v1/transactional-emails', query: { perPage: '50', cursor: 'abc' } }),
				request({ path: '/api/v1/transactional-emails/cll42l54f20i1la0lfooe3z12' }),
				request({ path: '/api/v1/audience-segments/seg_1' }),
				request({ path: '/api/v1/event-patterns', query: { perPage: '50' } }),
				request({ path: '/api/v1/dedicated-sending-ips' }),
				request({
					method: 'POST',
					path: '/api/v1/events/send',
					headers: { ...json, 'idempotency-key': 'n8n-abc' },
					body: {
						email: 'ada@example.com',
						eventName: 'signup',
						eventProperties: { plan: 'pro' },
						plan: 'pro',
					},
				}),
				request({
					method: 'POST',
					path: '/api/v1/transactional',
					headers: json,
					body: {
						email: 'ada@example.com',
						transactionalId: 'welcome',
						dataVariables: { name: 'Ada' },
					},
				}),
			]),
		).toEqual([]);
	});

	it('refuses a path or method the spec does not have', () => {
		expect(
			requestsOutsideSpec([
				request({ path: '/api/v1/transactional-email' }),
				request({ method: 'DELETE', path: '/api/v1/lists' }),
				request({ path: '/v1/api-key' }),
			]),
		).toEqual([
			'GET /api/v1/transactional-email: GET /api/v1/transactional-email is not an operation of the spec',
			'DELETE /api/v1/lists: DELETE /api/v1/lists is not an operation of the spec',
			'GET /v1/api-key: GET /v1/api-key is not an operation of the spec',
		]);
	});

	it('refuses a query parameter the operation does not declare', () => {
		expect(
			requestsOutsideSpec([request({ path: '/api/v1/lists', query: { perPage: '50' } })]),
		).toEqual(['GET /api/v1/lists?perPage=50: query parameter perPage is not in the spec']);
	});

	it('refuses a request without the bearer token', () => {
		expect(requestsOutsideSpec([request({ headers: {} })])).toEqual([
			'GET /api/v1/api-key: Authorization: Bearer <API key> is required',
		]);
	});

	it('refuses an Idempotency-Key longer than 100 characters, and one on an operation without it', () => {
		const key = 'k'.repeat(101);
		const problems = requestsOutsideSpec([
			request({
				method: 'POST',
				path: '/api/v1/events/send',
				headers: { ...json, 'idempotency-key': key },
				body: { email: 'ada@example.com', eventName: 'signup' },
			}),
			request({ path: '/api/v1/lists', headers: { ...bearer, 'idempotency-key': 'abc' } }),
		]);
		expect(problems).toEqual([
			expect.stringContaining(
				'header parameter Idempotency-Key must NOT have more than 100 characters',
			),
			'GET /api/v1/lists: header idempotency-key is not a parameter of this operation',
		]);
	});

	it('refuses a body its schema refuses, a body where none is taken, and a JSON body sent as another type', () => {
		const problems = requestsOutsideSpec([
			request({
				method: 'POST',
				path: '/api/v1/events/send',
				headers: json,
				body: { email: 'ada@example.com' },
			}),
			request({ path: '/api/v1/lists', headers: json, body: { page: 1 } }),
			request({
				method: 'POST',
				path: '/api/v1/contacts/properties',
				headers: { ...bearer, 'content-type': 'text/plain' },
				body: { name: 'plan', type: 'text' },
			}),
		]);
		expect(problems).toEqual([
			expect.stringMatching(
				/^POST \/api\/v1\/events\/send: body must have required property 'eventName'/,
			),
			'GET /api/v1/lists: the operation takes no request body',
			expect.stringMatching(
				/^POST \/api\/v1\/contacts\/properties: Content-Type is text\/plain, not application\/json; body\/type must be equal to one of the allowed values/,
			),
		]);
	});

	it('checks list contacts (GET /v1/contacts), which the published spec lacks, as node-interface.md describes it', () => {
		expect(
			requestsOutsideSpec([
				request({ path: '/api/v1/contacts', query: { limit: '50', offset: '0' } }),
			]),
		).toEqual([]);
		expect(
			requestsOutsideSpec([
				request({ path: '/api/v1/contacts', query: { limit: '51', offset: '-1' } }),
			]),
		).toEqual([
			expect.stringMatching(
				/query parameter limit must match pattern .*; query parameter offset must match pattern/,
			),
		]);
	});

	it("reads the two contact schemas that contradict the spec's own words as their words say", () => {
		// update: mailingLists is declared by ContactFields, yet `additionalProperties` beside `allOf` refuses it
		expect(
			requestsOutsideSpec([
				request({
					method: 'PUT',
					path: '/api/v1/contacts/update',
					headers: json,
					body: { email: 'ada@example.com', mailingLists: { list_1: false }, plan: 'pro' },
				}),
			]),
		).toEqual([]);
		// delete: "Include only one of `email` or `userId`", though the schema requires both
		const remove = (body: object) =>
			request({ method: 'POST', path: '/api/v1/contacts/delete', headers: json, body });
		expect(
			requestsOutsideSpec([remove({ email: 'ada@example.com' }), remove({ userId: 'u1' })]),
		).toEqual([]);
		expect(requestsOutsideSpec([remove({ email: 'ada@example.com', userId: 'u1' })])).toEqual([
			expect.stringMatching(
				/^POST \/api\/v1\/contacts\/delete: body must match exactly one schema in oneOf/,
			),
		]);
		// still checked: a custom property value must be a string, number or boolean
		expect(
			requestsOutsideSpec([
				request({
					method: 'PUT',
					path: '/api/v1/contacts/update',
					headers: json,
					body: { email: 'ada@example.com', plan: { tier: 'pro' } },
				}),
			]),
		).toEqual([expect.stringContaining('body/plan must be string')]);
	});

	it('checks answers too: the shape of each status the spec describes', () => {
		const spec = loopsSpec();
		expect(
			spec.responseProblems('GET', '/api/v1/dedicated-sending-ips', 200, ['52.21.45.123']),
		).toEqual([]);
		expect(
			spec.responseProblems('GET', '/api/v1/dedicated-sending-ips', 200, [{ ip: '1.2.3.4' }]),
		).toEqual([expect.stringContaining('200 answer/0 must be string')]);
		expect(spec.responseProblems('GET', '/api/v1/dedicated-sending-ips', 404, {})).toEqual([
			'status 404 is not an answer of GET /v1/dedicated-sending-ips',
		]);
	});
});

describe("The content API against Loops' OpenAPI spec 1.21.6 (metrics: Loops 1.22, local schema)", () => {
	it('accepts content API requests the spec describes, and refuses what its schemas refuse', () => {
		const post = (path: string, body: unknown) =>
			request({ method: 'POST', path: `/api${path}`, headers: json, body });
		expect(
			requestsOutsideSpec([
				post('/v1/campaigns', {
					name: 'Spring',
					mailingListId: null,
					audienceFilter: {
						match: 'all',
						conditions: [{ type: 'property', key: 'plan', operator: 'equals', value: 'pro' }],
					},
					scheduling: { method: 'schedule', timestamp: '2030-01-01T10:00:00.000Z' },
				}),
				post('/v1/campaigns/c1', { scheduling: { method: 'now' } }),
				post('/v1/email-messages/m1', {
					expectedRevisionId: 'r1',
					subject: 'Hi',
					lmx: '<Paragraph>Hi</Paragraph>',
					contactPropertiesFallbacks: { firstName: null },
				}),
				post('/v1/email-messages/m1/preview', { emails: ['a@example.com'] }),
				post('/v1/transactional-emails', { name: 'Welcome' }),
				request({ method: 'POST', path: '/api/v1/transactional-emails/t1/publish' }),
				request({ path: '/api/v1/campaigns/c1/metrics' }),
				request({ path: '/api/v1/transactional-emails/t1/metrics' }),
			]),
		).toEqual([]);
		expect(
			requestsOutsideSpec([
				post('/v1/campaigns', { name: 'Spring', subject: 'Hi' }),
				post('/v1/campaigns/c1', { scheduling: { method: 'later' } }),
				post('/v1/email-messages/m1/preview', { emails: [] }),
				request({
					method: 'POST',
					path: '/api/v1/transactional-emails/t1/draft',
					headers: json,
					body: {},
				}),
				request({ path: '/api/v1/campaigns/c1/metrics', query: { from: '2025-01-01' } }),
			]),
		).toEqual([
			expect.stringContaining('body must NOT have additional properties'),
			expect.stringContaining('body/scheduling/method must be equal to one of the allowed values'),
			expect.stringContaining('body/emails must NOT have fewer than 1 items'),
			expect.stringContaining('the operation takes no request body'),
			expect.stringContaining('query parameter from is not in the spec'),
		]);
	});

	it('checks metrics answers against the local 1.22 schema', () => {
		const spec = loopsSpec();
		const counters = {
			sends: 3,
			opens: 2,
			clicks: 1,
			unsubscribes: 0,
			spamReports: 0,
			hardBounces: 0,
			softBounces: 0,
		};
		expect(spec.responseProblems('GET', '/api/v1/campaigns/c1/metrics', 200, counters)).toEqual([]);
		const { softBounces, ...missing } = counters;
		expect(softBounces).toBe(0);
		expect(spec.responseProblems('GET', '/api/v1/campaigns/c1/metrics', 200, missing)).toEqual([
			expect.stringContaining("must have required property 'softBounces'"),
		]);
		expect(
			spec.responseProblems('GET', '/api/v1/transactional-emails/t1/metrics', 200, {
				...counters,
				sends: -1,
			}),
		).toEqual([expect.stringContaining('/sends must be >= 0')]);
		expect(
			spec.responseProblems('GET', '/api/v1/transactional-emails/t1/metrics', 404, {
				message: 'Transactional email not found.',
			}),
		).toEqual([]);
	});

	it("reads the 400 of POST /v1/transactional as any of its shapes, as the spec's own example needs", () => {
		const spec = loopsSpec();
		const example = {
			success: false,
			message: 'Missing required data variable(s): confirmationUrl',
			error: {
				path: 'dataVariables',
				message: 'Missing required data variable(s): confirmationUrl',
			},
			transactionalId: 'cll42l54f20i1la0lfooe3z12',
		};
		expect(spec.responseProblems('POST', '/api/v1/transactional', 400, example)).toEqual([]);
		expect(
			spec.responseProblems('POST', '/api/v1/transactional', 400, { success: false }),
		).not.toEqual([]);
	});

	it('serves no content API route that is not an operation of the spec', () => {
		const spec = loopsSpec();
		const served = Object.entries(CONTENT_ROUTES).flatMap(([template, methods]) =>
			Object.keys(methods).map((method) => `${method} ${template}`),
		);
		expect(served.length).toBeGreaterThan(15);
		expect(
			served.filter((route) => {
				const [method, template] = route.split(' ') as [string, string];
				return spec.find(method, `/api${template.replace(/\{[^}]+\}/g, 'x1')}`) === undefined;
			}),
		).toEqual([]);
	});

	describe("the emulator's answers", () => {
		let emu: LoopsEmulator;
		const answers: Array<{ method: string; path: string; status: number; body: unknown }> = [];

		beforeAll(async () => {
			emu = await LoopsEmulator.start({
				rateLimit: Infinity,
				accounts: [
					{
						apiKey: 'test-api-key',
						teamName: 'Spec',
						contacts: [
							{ email: 'ann@example.com', mailingLists: { [SEED_MAILING_LISTS[0]!.id]: true } },
						],
					},
					{ apiKey: 'no-metrics', teamName: 'No metrics', metricsApiEnabled: false },
				],
			});
		});
		afterAll(async () => await emu.close());

		async function call(method: string, path: string, body?: unknown, key = 'test-api-key') {
			const res = await fetch(`${emu.url}${path}`, {
				method,
				headers: {
					authorization: `Bearer ${key}`,
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const answer = { method, path, status: res.status, body: (await res.json()) as unknown };
			answers.push(answer);
			return answer.body as Record<string, string>;
		}

		it('match the response schemas of the spec on every content API path, successes and failures', async () => {
			const list = SEED_MAILING_LISTS[0]!.id;
			const campaign = await call('POST', '/v1/campaigns', { name: 'Spring', mailingListId: list });
			await call('POST', '/v1/campaigns', { name: 'x', mailingListId: 'nope' });
			await call('POST', '/v1/campaigns', {});
			await call('GET', '/v1/campaigns?perPage=10');
			await call('GET', '/v1/campaigns?perPage=5');
			await call('GET', `/v1/campaigns/${campaign.id}`);
			await call('GET', '/v1/campaigns/nope');
			await call('GET', '/v1/campaign-groups');
			await call('GET', `/v1/campaign-groups/${SEED_CAMPAIGN_GROUPS[0]!.id}`);
			await call('GET', '/v1/campaign-groups/nope');
			await call('GET', '/v1/transactional-groups');
			await call('GET', `/v1/transactional-groups/${SEED_TRANSACTIONAL_GROUPS[0]!.id}`);
			await call('GET', '/v1/transactional-groups/nope');
			const message = `/v1/email-messages/${campaign.emailMessageId}`;
			await call('GET', message);
			await call('GET', '/v1/email-messages/nope');
			await call('POST', message, { lmx: `<Paragraph>${'a'.repeat(MAX_LMX_BYTES)}</Paragraph>` });
			await call('POST', message, { lmx: '<Blink />' });
			await call('POST', message, { emailFormat: 'mjml' });
			await call('POST', message, { expectedRevisionId: 'stale', subject: 'x' });
			await call('POST', message, {
				subject: 'Hi {contact.firstName}',
				fromName: 'Acme',
				fromEmail: 'hello',
				lmx: '<Paragraph>Hi <Link href="">there</Link></Paragraph><Button>Go</Button>',
				contactPropertiesFallbacks: { firstName: 'there' },
			});
			await call('GET', `${message}/guardian`);
			await call('GET', '/v1/email-messages/nope/guardian');
			await call('POST', `${message}/preview`, { emails: ['ann@example.com'] });
			await call('POST', `${message}/preview`, { emails: ['nope'] });
			await call('POST', '/v1/email-messages/nope/preview', { emails: ['ann@example.com'] });
			await call('POST', `/v1/campaigns/${campaign.id}`, { scheduling: { method: 'now' } });
			await call('POST', message, { lmx: '<Paragraph>Hi</Paragraph>' });
			await call('POST', `/v1/campaigns/${campaign.id}`, { scheduling: { method: 'now' } });
			await call('POST', `/v1/campaigns/${campaign.id}`, { mailingListId: 'nope' });
			await call('POST', `/v1/campaigns/${campaign.id}`, { mailingListId: null });
			await call('POST', `/v1/campaigns/${campaign.id}`, { name: 'Spring (sent)' });
			await call('GET', `/v1/campaigns/${campaign.id}/metrics`);
			await call('GET', '/v1/campaigns/nope/metrics');
			await call('GET', `/v1/campaigns/${campaign.id}/metrics`, undefined, 'no-metrics');

			const created = await call('POST', '/v1/transactional-emails', { name: 'Receipt' });
			await call('POST', '/v1/transactional-emails', { name: '' });
			await call('GET', '/v1/transactional-emails');
			await call('GET', `/v1/transactional-emails/${created.id}`);
			await call('POST', `/v1/transactional-emails/${created.id}`, { name: 'Receipt v2' });
			await call('POST', `/v1/transactional-emails/${created.id}`, {});
			await call('POST', '/v1/transactional-emails/nope', { name: 'x' });
			await call('POST', `/v1/transactional-emails/${created.id}/publish`);
			await call('POST', `/v1/email-messages/${created.draftEmailMessageId}`, {
				subject: 'Receipt',
				fromName: 'Acme',
				fromEmail: 'receipts',
				lmx: '<Paragraph>{data.orderId}</Paragraph>',
			});
			await call('POST', `/v1/transactional-emails/${created.id}/publish`);
			await call('POST', `/v1/transactional-emails/${created.id}/publish`);
			await call('POST', '/v1/transactional-emails/nope/publish');
			await call('POST', `/v1/transactional-emails/${created.id}/draft`);
			await call('POST', '/v1/transactional-emails/nope/draft');
			await call('POST', '/v1/transactional', {
				email: 'a@example.com',
				transactionalId: created.id,
			});
			await call('GET', `/v1/transactional-emails/${created.id}/metrics`);
			await call('GET', '/v1/transactional-emails/nope/metrics');

			const statuses = new Set(answers.map((answer) => answer.status));
			expect([...statuses].sort()).toEqual([200, 201, 400, 401, 404, 409, 413, 422]);
			const spec = loopsSpec();
			expect(
				answers.flatMap(({ method, path, status, body }) =>
					spec
						.responseProblems(method, `/api${new URL(`http://x${path}`).pathname}`, status, body)
						.map((problem) => `${method} ${path} ${status}: ${problem}`),
				),
			).toEqual([]);
		});
	});
});
