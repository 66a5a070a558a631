import { loopsSpec, requestsOutsideSpec } from '../helpers/loopsSpec';
import { parseArgs } from './cli';
import {
	CONTENT_API_UNAUTHORIZED,
	DAILY_PREVIEW_LIMIT,
	DEFAULT_CAMPAIGN_GROUP_ID,
	DEFAULT_TRANSACTIONAL_GROUP_ID,
	LoopsEmulator,
	MAX_LMX_BYTES,
	METRICS_API_UNAUTHORIZED,
	SEED_AUDIENCE_SEGMENTS,
	SEED_CAMPAIGN_GROUPS,
	SEED_MAILING_LISTS,
	SEED_TRANSACTIONAL_GROUPS,
	type RecordedRequest,
} from './index';

/**
 * The content API of the emulator over HTTP: campaigns, groups, email messages (revisions, previews,
 * Guardian), transactional drafts and publishing, metrics, and what a client's retry meets after a lost
 * answer. Every answer is checked against the spec's response schema for its status, and every request the
 * emulator accepted must be a request of the spec (a lenient double would let a client pass and Loops fail it).
 */

const KEY = 'key-content';
const KEY_NO_CONTENT = 'key-no-content-api';
const KEY_NO_DOMAIN = 'key-no-sending-domain';
const KEY_NO_METRICS = 'key-no-metrics-api';
const KEY_CC = 'key-cc-bcc';
const LIST = SEED_MAILING_LISTS[0]!.id;
const SEGMENT = SEED_AUDIENCE_SEGMENTS[0]!.id;
const NEWSLETTERS = SEED_CAMPAIGN_GROUPS[1]!.id;
const ACCOUNT_GROUP = SEED_TRANSACTIONAL_GROUPS[1]!.id;

interface Reply {
	status: number;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the answers' shapes are what the tests assert
}

/** An answer's JSON, as the tests read it. */
type Json = Reply['body'];

interface CallOptions {
	key?: string;
}

let emu: LoopsEmulator;

async function call(
	method: string,
	path: string,
	body?: unknown,
	options: CallOptions = {},
): Promise<Reply> {
	const headers: Record<string, string> = { authorization: `Bearer ${options.key ?? KEY}` };
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${emu.url}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	const reply = { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
	// a gateway's 5xx is no answer of Loops: the spec does not describe it
	if (reply.status < 500) {
		const url = new URL(`http://x${path}`);
		expect([
			method,
			path,
			loopsSpec().responseProblems(method, `/api${url.pathname}`, reply.status, reply.body),
		]).toEqual([method, path, []]);
	}
	return reply;
}

const get = async (path: string, options?: CallOptions) =>
	await call('GET', path, undefined, options);
const post = async (path: string, body?: unknown, options?: CallOptions) =>
	await call('POST', path, body, options);

/** Contacts: three subscribed to LIST, one subscribed elsewhere, one unsubscribed on LIST. */
const CONTACTS = [
	{ email: 'ann@example.com', firstName: 'Ann', mailingLists: { [LIST]: true } },
	{ email: 'bob@example.com', mailingLists: { [LIST]: true } },
	{ email: 'cat@example.com', mailingLists: { [LIST]: true } },
	{ email: 'dan@example.com', mailingLists: { [SEED_MAILING_LISTS[1]!.id]: true } },
	{ email: 'eve@example.com', subscribed: false, mailingLists: { [LIST]: true } },
];

/** Content a campaign can be sent with. */
const READY = {
	subject: 'Spring news',
	previewText: 'What is new',
	fromName: 'Acme',
	fromEmail: 'news',
	lmx: '<H1>Hello {contact.firstName}</H1><Paragraph>Read <Link href="https://acme.example/news">the news</Link>.</Paragraph>',
	contactPropertiesFallbacks: { firstName: 'there' },
};

beforeAll(async () => {
	emu = await LoopsEmulator.start({
		rateLimit: Infinity,
		accounts: [
			{ apiKey: KEY, teamName: 'Content Co', contacts: CONTACTS },
			{ apiKey: KEY_NO_CONTENT, teamName: 'No content API', contentApiEnabled: false },
			{ apiKey: KEY_NO_DOMAIN, teamName: 'No domain', sendingDomainConfigured: false },
			{ apiKey: KEY_NO_METRICS, teamName: 'No metrics', metricsApiEnabled: false },
			{ apiKey: KEY_CC, teamName: 'CC Co', ccBccEnabled: true },
		],
	});
});

afterAll(async () => {
	await emu.close();
});

beforeEach(() => {
	emu.reset();
});

afterEach(() => {
	const accepted = emu.requests.filter((request) => request.status > 0 && request.status < 300);
	expect(requestsOutsideSpec(accepted)).toEqual([]);
});

const account = () => emu.account(KEY);

async function createCampaign(body: Record<string, unknown> = {}): Promise<Json> {
	const reply = await post('/v1/campaigns', { name: 'Spring', ...body });
	expect(reply.status).toBe(201);
	return reply.body;
}

/** A draft campaign on LIST whose message holds READY. */
async function readyCampaign(): Promise<Json> {
	const campaign = await createCampaign({ mailingListId: LIST });
	const filled = await post(`/v1/email-messages/${campaign.emailMessageId}`, {
		expectedRevisionId: campaign.emailMessageContentRevisionId,
		...READY,
	});
	expect(filled.status).toBe(200);
	return campaign;
}

const future = (ms = 3_600_000) => new Date(emu.now() + ms).toISOString();

describe('campaigns', () => {
	it('creates a draft and its empty email message (201), then gets and lists it', async () => {
		const created = await post('/v1/campaigns', { name: 'Spring', mailingListId: LIST });
		expect(created.status).toBe(201);
		expect(created.body).toEqual({
			id: expect.any(String),
			name: 'Spring',
			status: 'Draft',
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
			emailMessageId: expect.any(String),
			emailMessageContentRevisionId: expect.any(String),
			campaignGroupId: DEFAULT_CAMPAIGN_GROUP_ID,
			mailingListId: LIST,
			audienceSegmentId: null,
			audienceFilter: null,
			scheduling: { method: 'now', timestamp: null },
		});
		const { emailMessageContentRevisionId, ...campaign } = created.body;
		expect(account().campaigns).toEqual([{ ...campaign, recipients: null }]);

		const message = await get(`/v1/email-messages/${campaign.emailMessageId}`);
		expect(message.body).toEqual({
			id: campaign.emailMessageId,
			campaignId: campaign.id,
			subject: '',
			previewText: '',
			fromName: '',
			fromEmail: '',
			replyToEmail: '',
			emailFormat: 'styled',
			lmx: '',
			contentRevisionId: emailMessageContentRevisionId,
			updatedAt: expect.any(String),
		});
		expect(await get(`/v1/campaigns/${campaign.id}`)).toEqual({ status: 200, body: campaign });

		emu.advanceClock(1000);
		const second = await createCampaign({ name: 'Summer' });
		const list = await get('/v1/campaigns');
		expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([second.id, campaign.id]);
		expect(list.body.pagination).toMatchObject({ totalResults: 2, perPage: 20, nextCursor: null });
	});

	it('refuses a create Loops refuses, creating nothing', async () => {
		const refused = async (body: unknown, status: number, message: RegExp | string) => {
			const reply = await post('/v1/campaigns', body);
			expect([body, reply.status, reply.body.message]).toEqual([
				body,
				status,
				expect.stringMatching(message),
			]);
		};
		await refused({}, 400, 'name is required');
		await refused({ name: '  ' }, 400, 'empty');
		await refused({ name: 'x', subject: 'not here' }, 400, 'Unknown field "subject"');
		await refused({ name: 'x', campaignGroupId: 'nope' }, 400, 'Campaign group not found');
		await refused({ name: 'x', mailingListId: 'nope' }, 404, 'Mailing list not found');
		await refused({ name: 'x', audienceSegmentId: 'nope' }, 404, 'Audience segment not found');
		await refused(
			{ name: 'x', audienceFilter: { match: 'all', conditions: [] } },
			400,
			'conditions',
		);
		await refused(
			{
				name: 'x',
				audienceFilter: {
					match: 'all',
					conditions: [{ type: 'property', key: 'nope', operator: 'equals', value: 'a' }],
				},
			},
			400,
			'"nope" does not exist',
		);
		await refused(
			{ name: 'x', scheduling: { method: 'schedule', timestamp: '2020-01-01T00:00:00Z' } },
			400,
			'in the future',
		);
		await refused(
			{ name: 'x', scheduling: { method: 'schedule', timestamp: '2099-01-01 10:00' } },
			400,
			'date-time',
		);
		await refused(
			{ name: 'x', scheduling: { method: 'now', timestamp: future() } },
			400,
			'omitted',
		);
		const noDomain = await post('/v1/campaigns', { name: 'x' }, { key: KEY_NO_DOMAIN });
		expect(noDomain).toMatchObject({ status: 400, body: { message: /sending domain/ } });
		expect(account().campaigns).toEqual([]);
		expect(account().emailMessages).toEqual([]);
	});

	it('keeps a schedule given at creation as the plan, the campaign a draft', async () => {
		const timestamp = future();
		const campaign = await createCampaign({
			audienceSegmentId: SEGMENT,
			audienceFilter: {
				match: 'any',
				conditions: [{ type: 'optIn', status: 'accepted' }],
			},
			scheduling: { method: 'schedule', timestamp },
		});
		expect(campaign).toMatchObject({
			status: 'Draft',
			audienceSegmentId: SEGMENT,
			audienceFilter: { match: 'any' },
			scheduling: { method: 'schedule', timestamp },
		});
	});

	it('pages campaigns with a cursor, perPage 10–50; an unknown id is 404', async () => {
		for (let index = 0; index < 25; index++)
			account().seedCampaign({
				name: `Campaign ${index}`,
				createdAt: new Date(Date.UTC(2025, 0, 1 + index)).toISOString(),
			});
		const seen: string[] = [];
		let cursor: string | null = null;
		do {
			const page: Reply = await get(`/v1/campaigns?perPage=10${cursor ? `&cursor=${cursor}` : ''}`);
			seen.push(...page.body.data.map((c: { name: string }) => c.name));
			cursor = page.body.pagination.nextCursor;
		} while (cursor);
		expect(seen).toEqual(Array.from({ length: 25 }, (_, index) => `Campaign ${24 - index}`));
		expect((await get('/v1/campaigns?perPage=9')).status).toBe(400);
		expect((await get('/v1/campaigns?perPage=51')).status).toBe(400);
		expect((await get('/v1/campaigns?cursor=nope')).status).toBe(400);
		expect(await get('/v1/campaigns/nope')).toMatchObject({
			status: 404,
			body: { message: 'Campaign not found.' },
		});
	});

	it('updates a draft: at least one field; a segment replaces the filter and a filter the segment', async () => {
		const campaign = await createCampaign({ mailingListId: LIST });
		expect(await post(`/v1/campaigns/${campaign.id}`, {})).toMatchObject({ status: 400 });
		expect((await post(`/v1/campaigns/${campaign.id}`, { campaignGroupId: 'x' })).status).toBe(400);
		expect((await post(`/v1/campaigns/${campaign.id}`, { mailingListId: 'x' })).status).toBe(404);
		expect((await post('/v1/campaigns/nope', { name: 'x' })).status).toBe(404);

		const filter = {
			match: 'all',
			conditions: [{ type: 'property', key: 'vip', operator: 'isTrue' }],
		};
		const withFilter = await post(`/v1/campaigns/${campaign.id}`, {
			name: 'Renamed',
			campaignGroupId: NEWSLETTERS,
			audienceSegmentId: SEGMENT,
			audienceFilter: filter,
		});
		expect(withFilter.body).toMatchObject({
			name: 'Renamed',
			campaignGroupId: NEWSLETTERS,
			mailingListId: LIST,
			audienceSegmentId: SEGMENT,
			audienceFilter: filter,
			status: 'Draft',
		});
		const segmentOnly = await post(`/v1/campaigns/${campaign.id}`, { audienceSegmentId: SEGMENT });
		expect(segmentOnly.body).toMatchObject({ audienceSegmentId: SEGMENT, audienceFilter: null });
		const filterOnly = await post(`/v1/campaigns/${campaign.id}`, { audienceFilter: filter });
		expect(filterOnly.body).toMatchObject({ audienceSegmentId: null, audienceFilter: filter });
		const noList = await post(`/v1/campaigns/${campaign.id}`, { mailingListId: null });
		expect(noList.body.mailingListId).toBeNull();
	});

	it('sends now: Sending in the answer, Sent from the next read on, to the subscribed contacts of its list', async () => {
		const campaign = await readyCampaign();
		const sent = await post(`/v1/campaigns/${campaign.id}`, { scheduling: { method: 'now' } });
		expect(sent.body).toMatchObject({
			status: 'Sending',
			scheduling: { method: 'now', timestamp: null },
		});
		expect(account().campaigns[0]).toMatchObject({ status: 'Sent', recipients: 3 });
		expect((await get(`/v1/campaigns/${campaign.id}`)).body.status).toBe('Sent');
		expect((await get('/v1/campaigns')).body.data[0].status).toBe('Sent');
		expect((await get(`/v1/campaigns/${campaign.id}/metrics`)).body.sends).toBe(3);
	});

	it('refuses to send a campaign without an audience, without content, or with content errors (400)', async () => {
		const campaign = await createCampaign();
		const noAudience = await post(`/v1/campaigns/${campaign.id}`, {
			scheduling: { method: 'now' },
		});
		expect(noAudience).toMatchObject({ status: 400, body: { message: /no audience/ } });

		const noContent = await post(`/v1/campaigns/${campaign.id}`, {
			mailingListId: LIST,
			scheduling: { method: 'now' },
		});
		expect(noContent).toMatchObject({
			status: 400,
			body: { message: expect.stringContaining('subject, fromName, fromEmail, lmx') },
		});
		// refused as a whole: the list it named was not set either
		expect(account().campaigns[0]).toMatchObject({ status: 'Draft', mailingListId: null });

		await post(`/v1/email-messages/${campaign.emailMessageId}`, {
			...READY,
			lmx: '<Button>Buy</Button>',
		});
		const withErrors = await post(`/v1/campaigns/${campaign.id}`, {
			mailingListId: LIST,
			scheduling: { method: 'now' },
		});
		expect(withErrors).toMatchObject({ status: 400, body: { message: /missingButtonHrefs/ } });
		expect(account().campaigns[0]!.status).toBe('Draft');
	});

	it('schedules: a time to come (else 400), Scheduled until the emulator clock reaches it, then Sent', async () => {
		const campaign = await readyCampaign();
		const past = await post(`/v1/campaigns/${campaign.id}`, {
			scheduling: { method: 'schedule', timestamp: new Date(emu.now() - 1000).toISOString() },
		});
		expect(past).toMatchObject({ status: 400, body: { message: /in the future/ } });
		expect(
			(await post(`/v1/campaigns/${campaign.id}`, { scheduling: { method: 'schedule' } })).status,
		).toBe(400);

		const timestamp = future(60_000);
		const scheduled = await post(`/v1/campaigns/${campaign.id}`, {
			scheduling: { method: 'schedule', timestamp },
		});
		expect(scheduled.body).toMatchObject({
			status: 'Scheduled',
			scheduling: { method: 'schedule', timestamp },
		});
		expect((await get(`/v1/campaigns/${campaign.id}`)).body.status).toBe('Scheduled');
		expect((await get(`/v1/campaigns/${campaign.id}/metrics`)).body.sends).toBe(0);
		emu.advanceClock(61_000);
		expect((await get(`/v1/campaigns/${campaign.id}`)).body.status).toBe('Sent');
		expect((await get(`/v1/campaigns/${campaign.id}/metrics`)).body.sends).toBe(3);
	});

	it('once not a draft: only name and group change; anything else, scheduling again or its content is 409', async () => {
		for (const scheduling of [{ method: 'now' }, { method: 'schedule', timestamp: future() }]) {
			emu.reset();
			const campaign = await readyCampaign();
			await post(`/v1/campaigns/${campaign.id}`, { scheduling });
			const renamed = await post(`/v1/campaigns/${campaign.id}`, {
				name: 'Spring (sent)',
				campaignGroupId: NEWSLETTERS,
			});
			expect(renamed).toMatchObject({
				status: 200,
				body: { name: 'Spring (sent)', campaignGroupId: NEWSLETTERS },
			});
			for (const body of [
				{ scheduling: { method: 'now' } },
				{ mailingListId: null },
				{ name: 'x', audienceSegmentId: SEGMENT },
			]) {
				expect(await post(`/v1/campaigns/${campaign.id}`, body)).toMatchObject({
					status: 409,
					body: { message: 'Campaign is not in draft status.' },
				});
			}
			const edit = await post(`/v1/email-messages/${campaign.emailMessageId}`, { subject: 'x' });
			expect(edit).toMatchObject({
				status: 409,
				body: { message: 'Campaign is not in draft status.' },
			});
		}
	});

	it('seeds campaigns with their messages, sent ones counted against the audience', async () => {
		const seeded = account().seedCampaign({
			name: 'Old news',
			status: 'Sent',
			mailingListId: LIST,
			emailMessage: { subject: 'Old', lmx: '<Paragraph>Old</Paragraph>' },
		});
		expect(seeded.recipients).toBe(3);
		expect((await get(`/v1/email-messages/${seeded.emailMessageId}`)).body).toMatchObject({
			campaignId: seeded.id,
			subject: 'Old',
		});
		expect((await post(`/v1/campaigns/${seeded.id}`, { mailingListId: null })).status).toBe(409);
	});
});

describe('campaign and transactional groups', () => {
	it('lists the seeded groups, most recently created first, and gets one (404 unknown)', async () => {
		expect((await get('/v1/campaign-groups')).body.data).toEqual(
			[...SEED_CAMPAIGN_GROUPS].reverse(),
		);
		expect((await get(`/v1/campaign-groups/${NEWSLETTERS}`)).body).toEqual(SEED_CAMPAIGN_GROUPS[1]);
		expect((await get('/v1/campaign-groups/nope')).status).toBe(404);
		expect((await get('/v1/transactional-groups')).body.data).toEqual(
			[...SEED_TRANSACTIONAL_GROUPS].reverse(),
		);
		expect((await get(`/v1/transactional-groups/${ACCOUNT_GROUP}`)).body.name).toBe('Account');
		expect((await get('/v1/transactional-groups/nope')).status).toBe(404);
		expect((await get('/v1/transactional-groups?perPage=5')).status).toBe(400);
	});
});

describe('email messages', () => {
	it('updates with the current revision, answering a new one; a stale revision is 409 and changes nothing', async () => {
		const campaign = await createCampaign();
		const first = await post(`/v1/email-messages/${campaign.emailMessageId}`, {
			expectedRevisionId: campaign.emailMessageContentRevisionId,
			...READY,
			replyToEmail: 'help@acme.example',
			languageCode: 'en',
			emailFormat: 'plain',
		});
		expect(first.body).toEqual({
			id: campaign.emailMessageId,
			campaignId: campaign.id,
			...READY,
			replyToEmail: 'help@acme.example',
			languageCode: 'en',
			emailFormat: 'plain',
			contentRevisionId: expect.any(String),
			updatedAt: expect.any(String),
		});
		expect(first.body.contentRevisionId).not.toBe(campaign.emailMessageContentRevisionId);

		const stale = await post(`/v1/email-messages/${campaign.emailMessageId}`, {
			expectedRevisionId: campaign.emailMessageContentRevisionId,
			subject: 'Overwritten?',
		});
		expect(stale).toMatchObject({ status: 409, body: { message: /Revision mismatch/ } });
		const now = await get(`/v1/email-messages/${campaign.emailMessageId}`);
		expect(now.body).toEqual(first.body);

		// without expectedRevisionId the update is not checked against a revision
		const blind = await post(`/v1/email-messages/${campaign.emailMessageId}`, {
			subject: 'Blind',
			languageCode: '',
			contactPropertiesFallbacks: { firstName: null },
		});
		expect(blind.body).toMatchObject({ subject: 'Blind' });
		expect(blind.body).not.toHaveProperty('languageCode');
		expect(blind.body).not.toHaveProperty('contactPropertiesFallbacks');
		expect(blind.body.contentRevisionId).not.toBe(first.body.contentRevisionId);
	});

	it('refuses fields Loops refuses (400), leaving the revision as it was', async () => {
		const campaign = await createCampaign();
		const path = `/v1/email-messages/${campaign.emailMessageId}`;
		const refused = async (body: unknown, message: RegExp, key = KEY) => {
			const reply = await post(path, body, { key });
			expect([body, reply.status, reply.body.message]).toEqual([
				body,
				400,
				expect.stringMatching(message),
			]);
		};
		await refused({ title: 'x' }, /Unknown field "title"/);
		await refused({ expectedRevisionId: campaign.emailMessageContentRevisionId }, /At least one/);
		await refused({ subject: 5 }, /subject must be a string/);
		await refused({ emailFormat: 'mjml' }, /emailFormat/);
		await refused({ fromEmail: 'news@acme.example' }, /before the @/);
		await refused({ replyToEmail: 'not an email' }, /replyToEmail/);
		await refused({ ccEmail: 'boss@acme.example' }, /CC and BCC are not enabled/);
		await refused({ languageCode: 'english' }, /ISO 639-1/);
		await refused({ dataVariablesFallbacks: { name: 1 } }, /string or null/);
		expect((await get(path)).body.contentRevisionId).toBe(campaign.emailMessageContentRevisionId);
		expect(await post('/v1/email-messages/nope', { subject: 'x' })).toMatchObject({
			status: 404,
			body: { message: 'Email message not found.' },
		});
		expect((await get('/v1/email-messages/nope')).status).toBe(404);

		// a team with CC and BCC takes them
		const cc = await post('/v1/campaigns', { name: 'CC' }, { key: KEY_CC });
		const withCc = await post(
			`/v1/email-messages/${cc.body.emailMessageId}`,
			{ ccEmail: 'boss@acme.example', bccEmail: 'archive@acme.example' },
			{ key: KEY_CC },
		);
		expect(withCc.body).toMatchObject({
			ccEmail: 'boss@acme.example',
			bccEmail: 'archive@acme.example',
		});
	});

	it('answers 413 to LMX over 100 KB, and takes LMX of exactly 100 KB', async () => {
		const campaign = await createCampaign();
		const path = `/v1/email-messages/${campaign.emailMessageId}`;
		const wrap = (bytes: number) => {
			const open = '<Paragraph>';
			const close = '</Paragraph>';
			return open + 'a'.repeat(bytes - open.length - close.length) + close;
		};
		const tooBig = await post(path, { lmx: wrap(MAX_LMX_BYTES + 1) });
		expect(tooBig).toMatchObject({ status: 413, body: { message: /100KB/ } });
		expect((await get(path)).body.lmx).toBe('');
		// the limit counts UTF-8 bytes: 'é' is two
		expect(
			(await post(path, { lmx: `<Paragraph>${'é'.repeat(MAX_LMX_BYTES / 2)}</Paragraph>` })).status,
		).toBe(413);
		const atLimit = await post(path, { lmx: wrap(MAX_LMX_BYTES) });
		expect(atLimit.status).toBe(200);
	});

	it('answers 422 quoting the compiler to LMX that does not compile, and keeps the message', async () => {
		const campaign = await createCampaign();
		const path = `/v1/email-messages/${campaign.emailMessageId}`;
		const broken = await post(path, {
			expectedRevisionId: campaign.emailMessageContentRevisionId,
			subject: 'Broken',
			lmx: '<Paragraph>Hi</Paragraph><Blink>x</Blink>Loose text',
		});
		expect(broken.status).toBe(422);
		expect(broken.body.message).toMatch(/^LMX failed to compile: /);
		expect(broken.body.message).toContain('Unknown tag <Blink>');
		expect(broken.body.message).toContain('Text is not allowed at the top level');
		expect((await get(path)).body).toMatchObject({
			subject: '',
			lmx: '',
			contentRevisionId: campaign.emailMessageContentRevisionId,
		});
	});

	it('sends previews and records them (to whom, which message, which revision)', async () => {
		const campaign = await readyCampaign();
		const message = (await get(`/v1/email-messages/${campaign.emailMessageId}`)).body;
		const path = `/v1/email-messages/${campaign.emailMessageId}/preview`;
		const preview = await post(path, {
			emails: ['ann@example.com', 'bob@example.com'],
			contactProperties: { firstName: 'Ann' },
		});
		expect(preview).toEqual({ status: 200, body: { id: campaign.emailMessageId } });
		expect(account().previews).toEqual([
			{
				emailMessageId: campaign.emailMessageId,
				contentRevisionId: message.contentRevisionId,
				emails: ['ann@example.com', 'bob@example.com'],
				contactProperties: { firstName: 'Ann' },
				eventProperties: {},
				dataVariables: {},
				sentAt: expect.any(Number),
			},
		]);

		for (const [body, message] of [
			[{ emails: [] }, /at least one/],
			[{ emails: ['ann@example.com', 'not-an-email'] }, /Invalid email address/],
			[{ emails: [' ann@example.com'] }, /Invalid email address/],
			[{ emails: ['ann@example.com'], contactProperties: { score: 5 } }, /object of strings/],
			[{ emails: ['ann@example.com'], dataVariables: { name: 'x' } }, /campaign email message/],
			[{ emails: ['ann@example.com'], eventProperties: { plan: 'x' } }, /campaign email message/],
			[{ emails: ['ann@example.com'], subject: 'x' }, /Unknown field/],
		] as const) {
			const reply = await post(path, body);
			expect([body, reply.status, reply.body.message]).toEqual([
				body,
				400,
				expect.stringMatching(message),
			]);
		}
		expect(
			await post('/v1/email-messages/nope/preview', { emails: ['a@example.com'] }),
		).toMatchObject({
			status: 404,
		});
		expect(account().previews).toHaveLength(1);
	});

	it(`answers 429 past ${DAILY_PREVIEW_LIMIT} preview emails in 24 hours`, async () => {
		const campaign = await createCampaign();
		const path = `/v1/email-messages/${campaign.emailMessageId}/preview`;
		const emails = Array.from({ length: 50 }, (_, index) => `p${index}@example.com`);
		expect((await post(path, { emails })).status).toBe(200);
		expect((await post(path, { emails: emails.slice(0, 49) })).status).toBe(200);
		expect(await post(path, { emails: emails.slice(0, 2) })).toMatchObject({
			status: 429,
			body: { message: /Daily preview limit/ },
		});
		expect((await post(path, { emails: emails.slice(0, 1) })).status).toBe(200);
		emu.advanceClock(24 * 60 * 60 * 1000 + 1);
		expect((await post(path, { emails })).status).toBe(200);
	});

	it('runs Guardian over a message: links and buttons without a target, variables its owner cannot fill', async () => {
		const campaign = await createCampaign();
		const path = `/v1/email-messages/${campaign.emailMessageId}`;
		expect((await get(`${path}/guardian`)).body).toEqual({ errors: [], warnings: [] });
		const update = await post(path, {
			subject: 'Hi {contact.firstName}',
			lmx:
				'<Paragraph>See <Link href="">our <Strong>site</Strong></Link> or <Link href="acme.example">this</Link>, ' +
				'{contact.nickname}, {data.orderId}</Paragraph><Button>Buy now</Button><Button />' +
				'<Button href="https://acme.example/{contact.userId}">Profile</Button>' +
				'<CodeBlock>{contact.literal}</CodeBlock>',
		});
		expect(update.status).toBe(200);
		const report = (await get(`${path}/guardian`)).body;
		expect(report.errors.map((rule: { rule: string }) => rule.rule)).toEqual([
			'missingButtonHrefs',
			'missingLinkHrefs',
			'invalidLinkHrefs',
			'unsupportedContactProperties',
			'unsupportedDataVariables',
		]);
		expect(report.errors[0]).toEqual({
			rule: 'missingButtonHrefs',
			title: expect.any(String),
			description: expect.any(String),
			items: [{ label: 'Buy now' }, { label: 'Button' }],
		});
		expect(report.errors[1].items).toEqual([{ label: 'our site' }]);
		expect(report.errors[3].items).toEqual([{ label: '{contact.nickname}', codeName: 'nickname' }]);
		expect(report.warnings).toEqual([
			expect.objectContaining({
				rule: 'missingFallbackContactProperties',
				items: [
					{ label: '{contact.firstName}', codeName: 'firstName' },
					{ label: '{contact.userId}', codeName: 'userId' },
				],
			}),
		]);
		expect((await get('/v1/email-messages/nope/guardian')).status).toBe(404);
	});
});

describe('transactional emails', () => {
	it('creates one with an empty draft (201), listed first, not sendable, not in the deprecated list', async () => {
		const created = await post('/v1/transactional-emails', {
			name: 'Order shipped',
			transactionalGroupId: ACCOUNT_GROUP,
		});
		expect(created).toEqual({
			status: 201,
			body: {
				id: expect.any(String),
				name: 'Order shipped',
				draftEmailMessageId: expect.any(String),
				draftEmailMessageContentRevisionId: expect.any(String),
				publishedEmailMessageId: null,
				transactionalGroupId: ACCOUNT_GROUP,
				createdAt: expect.any(String),
				updatedAt: expect.any(String),
				dataVariables: [],
			},
		});
		const { id, draftEmailMessageId, draftEmailMessageContentRevisionId } = created.body;
		const draft = await get(`/v1/email-messages/${draftEmailMessageId}`);
		expect(draft.body).toMatchObject({
			transactionalId: id,
			contentRevisionId: draftEmailMessageContentRevisionId,
			lmx: '',
		});
		expect((await get('/v1/transactional-emails')).body.data[0].id).toBe(id);
		expect(
			(await get('/v1/transactional?perPage=50')).body.data.map((t: { id: string }) => t.id),
		).not.toContain(id);
		const send = await post('/v1/transactional', { email: 'a@example.com', transactionalId: id });
		expect(send.status).toBe(400);

		const inDefault = await post('/v1/transactional-emails', { name: 'Default group' });
		expect(inDefault.body.transactionalGroupId).toBe(DEFAULT_TRANSACTIONAL_GROUP_ID);
		for (const body of [
			{},
			{ name: '' },
			{ name: 'x', transactionalGroupId: 'nope' },
			{ name: 'x', lmx: '' },
		])
			expect([body, (await post('/v1/transactional-emails', body)).status]).toEqual([body, 400]);
		expect(
			(await post('/v1/transactional-emails', { name: 'x' }, { key: KEY_NO_DOMAIN })).status,
		).toBe(400);
	});

	it('publishes the draft: then sendable with the data variables its content uses, and listed by the deprecated list', async () => {
		const created = (await post('/v1/transactional-emails', { name: 'Receipt' })).body;
		const publish = `/v1/transactional-emails/${created.id}/publish`;
		const empty = await post(publish);
		expect(empty).toMatchObject({
			status: 422,
			body: { message: expect.stringContaining('subject, fromName, fromEmail, lmx') },
		});

		await post(`/v1/email-messages/${created.draftEmailMessageId}`, {
			expectedRevisionId: created.draftEmailMessageContentRevisionId,
			subject: 'Your receipt {data.orderId}',
			fromName: 'Acme',
			fromEmail: 'receipts',
			lmx: '<Paragraph>Thanks {data.name}, order {data.orderId}.</Paragraph><Button href="{data.url}">View</Button>',
		});
		const published = await post(publish);
		expect(published.body).toMatchObject({
			id: created.id,
			draftEmailMessageId: null,
			publishedEmailMessageId: created.draftEmailMessageId,
			dataVariables: ['orderId', 'name', 'url'],
		});
		expect((await get('/v1/transactional?perPage=50')).body.data).toContainEqual({
			id: created.id,
			name: 'Receipt',
			lastUpdated: expect.any(String),
			dataVariables: ['orderId', 'name', 'url'],
		});
		const missing = await post('/v1/transactional', {
			email: 'a@example.com',
			transactionalId: created.id,
			dataVariables: { orderId: '7' },
		});
		expect(missing).toMatchObject({ status: 400, body: { message: /name, url/ } });
		const sent = await post('/v1/transactional', {
			email: 'a@example.com',
			transactionalId: created.id,
			dataVariables: { orderId: '7', name: 'Ann', url: 'https://acme.example/o/7' },
		});
		expect(sent.status).toBe(200);

		// the draft is gone: nothing to publish, and the published version is not edited in place
		expect(await post(publish)).toMatchObject({
			status: 409,
			body: { message: 'No draft to publish.' },
		});
		const edit = await post(`/v1/email-messages/${created.draftEmailMessageId}`, { subject: 'x' });
		expect(edit).toMatchObject({ status: 409, body: { message: /not the draft/ } });
		expect((await post('/v1/transactional-emails/nope/publish')).status).toBe(404);
	});

	it('refuses to publish a draft with content errors (422)', async () => {
		const created = (await post('/v1/transactional-emails', { name: 'Welcome' })).body;
		await post(`/v1/email-messages/${created.draftEmailMessageId}`, {
			subject: 'Hi',
			fromName: 'Acme',
			fromEmail: 'hello',
			lmx: '<Paragraph>Hi {contact.firstName}</Paragraph>',
		});
		const refused = await post(`/v1/transactional-emails/${created.id}/publish`);
		expect(refused).toMatchObject({
			status: 422,
			body: { message: /unsupportedContactProperties/ },
		});
		expect(
			(await get(`/v1/transactional-emails/${created.id}`)).body.publishedEmailMessageId,
		).toBeNull();
	});

	it('ensures a draft: the one it has, else a copy of the published version with its own id and revision', async () => {
		const created = (await post('/v1/transactional-emails', { name: 'Reset' })).body;
		const draftPath = `/v1/transactional-emails/${created.id}/draft`;
		expect((await post(draftPath)).body).toEqual(created);

		const content = {
			subject: 'Reset',
			fromName: 'Acme',
			fromEmail: 'hello',
			lmx: '<Paragraph>{data.link}</Paragraph>',
		};
		await post(`/v1/email-messages/${created.draftEmailMessageId}`, content);
		await post(`/v1/transactional-emails/${created.id}/publish`);
		const ensured = await post(draftPath);
		expect(ensured.status).toBe(200);
		expect(ensured.body).toMatchObject({
			publishedEmailMessageId: created.draftEmailMessageId,
			draftEmailMessageId: expect.any(String),
			draftEmailMessageContentRevisionId: expect.any(String),
		});
		expect(ensured.body.draftEmailMessageId).not.toBe(created.draftEmailMessageId);
		expect(
			(await get(`/v1/email-messages/${ensured.body.draftEmailMessageId}`)).body,
		).toMatchObject(content);
		expect((await post(draftPath)).body.draftEmailMessageId).toBe(ensured.body.draftEmailMessageId);

		await post(`/v1/email-messages/${ensured.body.draftEmailMessageId}`, {
			expectedRevisionId: ensured.body.draftEmailMessageContentRevisionId,
			lmx: '<Paragraph>{data.link} {data.expiresIn}</Paragraph>',
		});
		const republished = await post(`/v1/transactional-emails/${created.id}/publish`);
		expect(republished.body.dataVariables).toEqual(['link', 'expiresIn']);
		expect((await post('/v1/transactional-emails/nope/draft')).status).toBe(404);
		const noDomain = await post('/v1/transactional-emails/welcome/draft', undefined, {
			key: KEY_NO_DOMAIN,
		});
		expect(noDomain).toMatchObject({ status: 400, body: { message: /sending domain/ } });
	});

	it('renames and regroups (at least one field), seeded emails too, whose messages read as their seed', async () => {
		const renamed = await post('/v1/transactional-emails/welcome', {
			name: 'Welcome aboard',
			transactionalGroupId: ACCOUNT_GROUP,
		});
		expect(renamed.body).toMatchObject({
			id: 'welcome',
			name: 'Welcome aboard',
			transactionalGroupId: ACCOUNT_GROUP,
			dataVariables: ['name'],
		});
		expect((await post('/v1/transactional-emails/welcome', {})).status).toBe(400);
		expect(
			(await post('/v1/transactional-emails/welcome', { transactionalGroupId: 'x' })).status,
		).toBe(400);
		expect((await post('/v1/transactional-emails/welcome', { name: 'x', extra: 1 })).status).toBe(
			400,
		);
		expect((await post('/v1/transactional-emails/nope', { name: 'x' })).status).toBe(404);

		// made on first use from the seed as it is then: its name as the subject, its data variables
		const message = await get(`/v1/email-messages/${renamed.body.publishedEmailMessageId}`);
		expect(message.body).toMatchObject({
			transactionalId: 'welcome',
			subject: 'Welcome aboard',
			lmx: expect.stringContaining('{data.name}'),
		});
		const draft = await post('/v1/transactional-emails/welcome/draft');
		expect(draft.body).toMatchObject({
			draftEmailMessageId: expect.any(String),
			publishedEmailMessageId: renamed.body.publishedEmailMessageId,
		});
	});
});

describe('metrics (Loops 1.22)', () => {
	const zeros = {
		sends: 0,
		opens: 0,
		clicks: 0,
		unsubscribes: 0,
		spamReports: 0,
		hardBounces: 0,
		softBounces: 0,
	};

	it('counts a campaign’s recipients and a transactional email’s sends; a test sets the rest', async () => {
		const campaign = await readyCampaign();
		expect((await get(`/v1/campaigns/${campaign.id}/metrics`)).body).toEqual(zeros);
		await post(`/v1/campaigns/${campaign.id}`, { scheduling: { method: 'now' } });
		account().setMetrics('campaign', campaign.id, { opens: 2, clicks: 1 });
		account().setMetrics('campaign', campaign.id, { hardBounces: 1 });
		expect((await get(`/v1/campaigns/${campaign.id}/metrics`)).body).toEqual({
			...zeros,
			sends: 3,
			opens: 2,
			clicks: 1,
			hardBounces: 1,
		});

		for (const email of ['a@example.com', 'b@example.com'])
			await post('/v1/transactional', { email, transactionalId: 'payment-failed' });
		expect((await get('/v1/transactional-emails/payment-failed/metrics')).body).toEqual({
			...zeros,
			sends: 2,
		});
		account().setMetrics('transactional', 'payment-failed', { sends: 1000, spamReports: 1 });
		expect((await get('/v1/transactional-emails/payment-failed/metrics')).body).toMatchObject({
			sends: 1000,
			spamReports: 1,
		});
		expect((await get('/v1/campaigns/nope/metrics')).status).toBe(404);
		expect((await get('/v1/transactional-emails/nope/metrics')).status).toBe(404);
	});

	it('answers 401 to a team without the metrics API, and says which API', async () => {
		const seeded = emu.account(KEY_NO_METRICS).seedCampaign({ name: 'x' });
		for (const path of [
			`/v1/campaigns/${seeded.id}/metrics`,
			'/v1/transactional-emails/welcome/metrics',
		])
			expect(await get(path, { key: KEY_NO_METRICS })).toMatchObject({
				status: 401,
				body: { message: METRICS_API_UNAUTHORIZED },
			});
		// the rest of the content API still answers that team
		expect((await get(`/v1/campaigns/${seeded.id}`, { key: KEY_NO_METRICS })).status).toBe(200);
		account().metricsApiEnabled = false;
		expect((await get('/v1/transactional-emails/welcome/metrics')).status).toBe(401);
		emu.reset();
		expect((await get('/v1/transactional-emails/welcome/metrics')).status).toBe(200);
	});
});

describe('the content API switch', () => {
	it('answers 401 with one message to a team without the content API and to a bad key, on every new path', async () => {
		const campaign = account().seedCampaign({ name: 'x' });
		const requests: Array<[string, string, unknown?]> = [
			['GET', '/v1/campaigns'],
			['POST', '/v1/campaigns', { name: 'x' }],
			['GET', `/v1/campaigns/${campaign.id}`],
			['POST', `/v1/campaigns/${campaign.id}`, { name: 'y' }],
			['GET', `/v1/campaigns/${campaign.id}/metrics`],
			['GET', '/v1/campaign-groups'],
			['GET', `/v1/campaign-groups/${NEWSLETTERS}`],
			['GET', `/v1/email-messages/${campaign.emailMessageId}`],
			['POST', `/v1/email-messages/${campaign.emailMessageId}`, { subject: 'x' }],
			['POST', `/v1/email-messages/${campaign.emailMessageId}/preview`, { emails: ['a@b.co'] }],
			['GET', `/v1/email-messages/${campaign.emailMessageId}/guardian`],
			['POST', '/v1/transactional-emails', { name: 'x' }],
			['POST', '/v1/transactional-emails/welcome', { name: 'x' }],
			['POST', '/v1/transactional-emails/welcome/draft'],
			['POST', '/v1/transactional-emails/welcome/publish'],
			['GET', '/v1/transactional-emails/welcome/metrics'],
			['GET', '/v1/transactional-groups'],
			['GET', `/v1/transactional-groups/${ACCOUNT_GROUP}`],
		];
		for (const [method, path, body] of requests) {
			for (const key of [KEY_NO_CONTENT, 'wrong-key']) {
				const reply = await call(method, path, body, { key });
				expect([method, path, key, reply]).toEqual([
					method,
					path,
					key,
					{ status: 401, body: { success: false, message: CONTENT_API_UNAUTHORIZED } },
				]);
			}
		}
		expect(emu.account(KEY_NO_CONTENT).campaigns).toEqual([]);
		expect(account().campaigns.map((c) => c.name)).toEqual(['x']);
		account().contentApiEnabled = false;
		expect((await get('/v1/campaigns')).status).toBe(401);
		emu.reset();
		expect((await get('/v1/campaigns')).status).toBe(200);
	});
});

describe('lost answers: what a retry meets (Loops has no idempotency for these)', () => {
	const is = (method: string, path: string) => (request: RecordedRequest) =>
		request.method === method && request.path === `/api${path}`;

	it('campaign create: the first attempt created a campaign, and a second POST creates a second', async () => {
		emu.dropAnswerOfNext(is('POST', '/v1/campaigns'));
		await expect(post('/v1/campaigns', { name: 'Launch' })).rejects.toThrow();
		expect(emu.requests[0]).toMatchObject({ fault: 'drop', status: 201 });
		expect(account().campaigns.map((c) => c.name)).toEqual(['Launch']);

		emu.failAfterApplyingNext(is('POST', '/v1/campaigns'), 504);
		const gateway = await post('/v1/campaigns', { name: 'Launch' });
		expect(gateway.status).toBe(504);
		const retry = await post('/v1/campaigns', { name: 'Launch' });
		expect(retry.status).toBe(201);
		const campaigns = account().campaigns;
		expect(campaigns.map((c) => c.name)).toEqual(['Launch', 'Launch', 'Launch']);
		expect(new Set(campaigns.map((c) => c.id)).size).toBe(3);
		expect(new Set(campaigns.map((c) => c.emailMessageId)).size).toBe(3);
		expect((await get('/v1/campaigns')).body.pagination.totalResults).toBe(3);
	});

	it('campaign send: the first attempt sent it, and the retry meets 409 not a draft', async () => {
		for (const lose of ['drop', '504'] as const) {
			emu.reset();
			const campaign = await readyCampaign();
			const send = is('POST', `/v1/campaigns/${campaign.id}`);
			if (lose === 'drop') emu.dropAnswerOfNext(send);
			else emu.failAfterApplyingNext(send, 504);
			const first = post(`/v1/campaigns/${campaign.id}`, { scheduling: { method: 'now' } });
			if (lose === 'drop') await expect(first).rejects.toThrow();
			else expect((await first).status).toBe(504);
			expect(account().campaigns[0]!.status).toBe('Sent');

			const retry = await post(`/v1/campaigns/${campaign.id}`, { scheduling: { method: 'now' } });
			expect([lose, retry]).toEqual([
				lose,
				{ status: 409, body: { success: false, message: 'Campaign is not in draft status.' } },
			]);
			expect((await get(`/v1/campaigns/${campaign.id}`)).body.status).toBe('Sent');
			expect((await get(`/v1/campaigns/${campaign.id}/metrics`)).body.sends).toBe(3);
		}
	});

	it('email-message update: the first attempt made a new revision, and the retry meets 409 while the message holds what it sent', async () => {
		for (const lose of ['drop', '504'] as const) {
			emu.reset();
			const campaign = await createCampaign();
			const path = `/v1/email-messages/${campaign.emailMessageId}`;
			const update = { expectedRevisionId: campaign.emailMessageContentRevisionId, ...READY };
			if (lose === 'drop') emu.dropAnswerOfNext(is('POST', path));
			else emu.failAfterApplyingNext(is('POST', path), 504);
			const first = post(path, update);
			if (lose === 'drop') await expect(first).rejects.toThrow();
			else expect((await first).status).toBe(504);

			const retry = await post(path, update);
			expect([lose, retry.status, retry.body.message]).toEqual([
				lose,
				409,
				expect.stringMatching(/Revision mismatch/),
			]);
			const now = (await get(path)).body;
			expect(now).toMatchObject(READY);
			expect(now.contentRevisionId).not.toBe(campaign.emailMessageContentRevisionId);
		}
	});
});

describe('the command line', () => {
	it('switches the metrics API, the sending domain and CC/BCC of its account', () => {
		expect(parseArgs([]).options.accounts?.[0]).toMatchObject({
			metricsApiEnabled: true,
			sendingDomainConfigured: true,
			ccBccEnabled: false,
		});
		expect(
			parseArgs(['--no-metrics-api', '--no-sending-domain', '--cc-bcc']).options.accounts?.[0],
		).toMatchObject({
			metricsApiEnabled: false,
			sendingDomainConfigured: false,
			ccBccEnabled: true,
		});
	});
});
