import type { INodeParameters } from 'n8n-workflow';

import { SEED_MAILING_LISTS, type RecordedRequest } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * Loops takes no Idempotency-Key for a campaign's create or send, nor for an email message's update, yet a lost
 * answer must not leave a second campaign, send twice, or end as an error about the item's own change: the retry
 * finds its own effect and the item ends as if the answer had arrived, marked `alreadyApplied: true`. A conflict
 * that was there before the run stays an error.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });
const LIST = SEED_MAILING_LISTS[0]!.id;

const matching =
	(path: string, method = 'POST') =>
	(request: RecordedRequest) =>
		request.path === `/api${path}` && request.method === method;

/** Loops applies the next request, then its answer is lost: dropped, or a gateway's 504 in its place. */
const LOSSES = [
	['dropped', (path: string) => loops.emulator.dropAnswerOfNext(matching(path))],
	['a gateway 504', (path: string) => loops.emulator.failAfterApplyingNext(matching(path), 504)],
] as const;

const createCampaign = (name = 'Weekly digest', content = true): INodeParameters => ({
	resource: 'campaign',
	operation: 'create',
	name,
	additionalFields: {
		mailingListId: { __rl: true, mode: 'id', value: LIST },
		...(content
			? {
					subject: 'This week',
					fromName: 'Acme',
					fromEmail: 'hello',
					content: '# This week\n\nWhat we **shipped**.',
					contentFormat: 'markdown',
				}
			: {}),
	},
});

const statuses = () =>
	loops.emulator.requests.map((request) => `${request.method} ${request.path} ${request.status}`);

describe('Campaign → Create, whose answer was lost', () => {
	it.each(LOSSES)(
		'(%s): one campaign, its content written once, the item marked alreadyApplied',
		async (_loss, lose) => {
			lose('/v1/campaigns');
			const { items, error } = await runLoopsNode(
				{ parameters: createCampaign() },
				{ credentials: credentials() },
			);
			expect(error).toBeUndefined();
			const campaigns = loops.emulator.account().campaigns;
			expect(campaigns).toHaveLength(1);
			expect(items.map((item) => item.json)).toEqual([
				expect.objectContaining({
					id: campaigns[0]!.id,
					name: 'Weekly digest',
					alreadyApplied: true,
					emailMessage: expect.objectContaining({
						subject: 'This week',
						lmx: '<H1>This week</H1>\n<Paragraph>What we <Strong>shipped</Strong>.</Paragraph>',
					}),
				}),
			]);
			// the retry looked before it created: no second POST /v1/campaigns
			expect(statuses().filter((line) => line.startsWith('POST /api/v1/campaigns '))).toHaveLength(
				1,
			);
		},
	);

	it('takes not a campaign of the same name that was there before the run', async () => {
		await runLoopsNode({ parameters: createCampaign() }, { credentials: credentials() });
		const before = loops.emulator.account().campaigns[0]!.id;
		// created "before the run": older than the run's start by more than the clock skew the node allows
		loops.emulator.account().campaigns[0]!.createdAt = new Date(
			Date.now() - 3_600_000,
		).toISOString();
		loops.emulator.clearRequests();
		loops.emulator.dropAnswerOfNext(matching('/v1/campaigns'));
		const { items } = await runLoopsNode(
			{ parameters: createCampaign() },
			{ credentials: credentials() },
		);
		const campaigns = loops.emulator.account().campaigns;
		// the lost attempt's campaign and nothing more; the one from before is left alone
		expect(campaigns).toHaveLength(2);
		expect(items[0]?.json.id).not.toBe(before);
		expect(items[0]?.json.alreadyApplied).toBe(true);
	});

	it('gives two items of one run creating campaigns of the same name each their own', async () => {
		loops.emulator.dropAnswerOfNext(matching('/v1/campaigns'), 2);
		const { items, error } = await runLoopsNode(
			{ parameters: createCampaign('={{ $json.name }}', false) },
			{
				credentials: credentials(),
				items: [{ json: { name: 'Launch' } }, { json: { name: 'Launch' } }],
			},
		);
		expect(error).toBeUndefined();
		expect(loops.emulator.account().campaigns).toHaveLength(2);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(2);
	});
});

describe("Campaign → Create under n8n's Retry On Fail", () => {
	it('a create whose content write failed is not created again when n8n runs the node again', async () => {
		// The campaign is created; Loops refuses its content once: the try fails, n8n runs the node again.
		loops.emulator.failNext(
			(request) => request.method === 'POST' && request.path.startsWith('/api/v1/email-messages/'),
			400,
			'Loops could not save this email right now.',
		);
		const { items, error } = await runLoopsNode(
			{
				parameters: createCampaign(),
				retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
			},
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(loops.emulator.account().campaigns).toHaveLength(1);
		expect(items[0]?.json).toEqual(
			expect.objectContaining({
				alreadyApplied: true,
				emailMessage: expect.objectContaining({ subject: 'This week' }),
			}),
		);
	});
});

describe('Campaign → Send or Schedule, whose answer was lost', () => {
	async function draft(): Promise<string> {
		const { items } = await runLoopsNode(
			{ parameters: createCampaign() },
			{ credentials: credentials() },
		);
		loops.emulator.clearRequests();
		return String(items[0]?.json.id);
	}

	it.each(LOSSES)(
		'(%s): the retry\'s 409 "not a draft" is its own send: sent once, alreadyApplied',
		async (_loss, lose) => {
			const campaignId = await draft();
			lose(`/v1/campaigns/${campaignId}`);
			const { items, error } = await runLoopsNode(
				{ parameters: { resource: 'campaign', operation: 'send', campaignId } },
				{ credentials: credentials() },
			);
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual([
				expect.objectContaining({ id: campaignId, alreadyApplied: true }),
			]);
			expect(['Sending', 'Sent']).toContain(items[0]?.json.status);
		},
	);

	it('a schedule whose answer was lost ends alreadyApplied when Loops holds the time sent', async () => {
		const campaignId = await draft();
		const at = new Date(Date.now() + 86_400_000).toISOString();
		loops.emulator.dropAnswerOfNext(matching(`/v1/campaigns/${campaignId}`));
		const { items, error } = await runLoopsNode(
			{
				parameters: {
					resource: 'campaign',
					operation: 'send',
					campaignId,
					when: 'schedule',
					scheduledAt: at,
				},
			},
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(items[0]?.json).toEqual(
			expect.objectContaining({
				status: 'Scheduled',
				alreadyApplied: true,
				scheduling: { method: 'schedule', timestamp: at },
			}),
		);
	});

	it('a campaign sent before the run stays an error saying so', async () => {
		const campaignId = await draft();
		await runLoopsNode(
			{ parameters: { resource: 'campaign', operation: 'send', campaignId } },
			{ credentials: credentials() },
		);
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'campaign', operation: 'send', campaignId } },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			'The campaign is not a draft: it was sent or scheduled before (Loops answered 409: Campaign is not in draft status.) [item 0]',
		);
	});
});

describe('Email Message → Update, whose answer was lost', () => {
	async function messageOfNewCampaign(): Promise<string> {
		const { items } = await runLoopsNode(
			{ parameters: createCampaign() },
			{ credentials: credentials() },
		);
		loops.emulator.clearRequests();
		return String(items[0]?.json.emailMessageId);
	}

	const update = (emailMessageId: string, subject: string): INodeParameters => ({
		resource: 'emailMessage',
		operation: 'update',
		emailMessageId,
		updateFields: { subject },
	});

	it.each(LOSSES)(
		"(%s): the retry's stale-revision 409 is its own change: alreadyApplied, changed once",
		async (_loss, lose) => {
			const id = await messageOfNewCampaign();
			lose(`/v1/email-messages/${id}`);
			const { items, error } = await runLoopsNode(
				{ parameters: update(id, 'Changed once') },
				{ credentials: credentials() },
			);
			expect(error).toBeUndefined();
			expect(items[0]?.json).toEqual(
				expect.objectContaining({ id, subject: 'Changed once', alreadyApplied: true }),
			);
			expect(statuses()).toEqual([
				`GET /api/v1/email-messages/${id} 200`, // no revision given: read it first
				`POST /api/v1/email-messages/${id} ${_loss === 'dropped' ? 200 : 504}`, // applied
				`POST /api/v1/email-messages/${id} 409`, // the revision it sent is stale now
				`GET /api/v1/email-messages/${id} 200`, // it holds what was sent
			]);
		},
	);

	it('a revision someone else changed stays an error saying so', async () => {
		const id = await messageOfNewCampaign();
		const { items: read } = await runLoopsNode(
			{ parameters: { resource: 'emailMessage', operation: 'get', emailMessageId: id } },
			{ credentials: credentials() },
		);
		const revision = String(read[0]?.json.contentRevisionId);
		// someone edits the message after that read
		await runLoopsNode({ parameters: update(id, 'Their change') }, { credentials: credentials() });
		const { error } = await runLoopsNode(
			{
				parameters: {
					...update(id, 'My change'),
					updateFields: { subject: 'My change', expectedRevisionId: revision },
				},
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toMatch(
			new RegExp(
				`^Loops refused the change to email message ${id} \\(409\\): .*Someone else may have edited it`,
			),
		);
		expect(loops.emulator.account().emailMessages.find((m) => m.id === id)?.subject).toBe(
			'Their change',
		);
	});
});

describe('Transactional Email → Create, whose answer was lost', () => {
	it('creates one transactional email and outputs it marked alreadyApplied', async () => {
		loops.emulator.dropAnswerOfNext(matching('/v1/transactional-emails'));
		const before = loops.emulator.account().transactionalEmails.length;
		const { items, error } = await runLoopsNode(
			{
				parameters: {
					resource: 'transactionalEmail',
					operation: 'create',
					name: 'Order shipped',
					additionalFields: { subject: 'Your order shipped', content: '<Paragraph>Hi</Paragraph>' },
				},
			},
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(loops.emulator.account().transactionalEmails).toHaveLength(before + 1);
		expect(items[0]?.json).toEqual(
			expect.objectContaining({
				name: 'Order shipped',
				alreadyApplied: true,
				emailMessage: expect.objectContaining({ subject: 'Your order shipped' }),
			}),
		);
	});
});
