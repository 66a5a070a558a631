import type { INodeParameters } from 'n8n-workflow';

import { SEED_MAILING_LISTS } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * Each content-API operation: the requests Loops receives (method, path, body, query) and what n8n outputs, with
 * ids as the editor saves a resource locator and as plain text.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });
const LIST = SEED_MAILING_LISTS[0]!.id;

async function run(parameters: INodeParameters) {
	const result = await runLoopsNode({ parameters }, { credentials: credentials() });
	expect(result.error).toBeUndefined();
	return result.items.map((item) => item.json);
}

const sent = () =>
	loops.received().map(({ method, path, query, body }) => ({ method, path, query, body }));

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Campaign', () => {
	it('Create without content: one POST with the name and audience, the draft as output', async () => {
		const [campaign] = await run({
			resource: 'campaign',
			operation: 'create',
			name: 'June digest',
			additionalFields: { mailingListId: byId(LIST) },
		});
		expect(sent()).toEqual([
			{
				method: 'POST',
				path: '/api/v1/campaigns',
				query: {},
				body: { name: 'June digest', mailingListId: LIST },
			},
		]);
		expect(campaign).toEqual(
			expect.objectContaining({ name: 'June digest', status: 'Draft', mailingListId: LIST }),
		);
	});

	it('Get, Update and Get Many: the campaign by id, the fields changed, the list by pages', async () => {
		const [created] = await run({ resource: 'campaign', operation: 'create', name: 'Old name' });
		const id = String(created!.id);
		loops.emulator.clearRequests();
		expect(await run({ resource: 'campaign', operation: 'get', campaignId: byId(id) })).toEqual([
			expect.objectContaining({ id, name: 'Old name' }),
		]);
		expect(
			await run({
				resource: 'campaign',
				operation: 'update',
				campaignId: id,
				updateFields: { name: 'New name', mailingListId: LIST },
			}),
		).toEqual([expect.objectContaining({ id, name: 'New name', mailingListId: LIST })]);
		expect(await run({ resource: 'campaign', operation: 'getAll', limit: 5 })).toEqual([
			expect.objectContaining({ id, name: 'New name' }),
		]);
		expect(sent()).toEqual([
			{ method: 'GET', path: `/api/v1/campaigns/${id}`, query: {}, body: undefined },
			{
				method: 'POST',
				path: `/api/v1/campaigns/${id}`,
				query: {},
				body: { name: 'New name', mailingListId: LIST },
			},
			{ method: 'GET', path: '/api/v1/campaigns', query: { perPage: '10' }, body: undefined },
		]);
	});

	it('Send or Schedule: now, or at the time given as Loops wants it (ISO 8601, UTC)', async () => {
		const [created] = await run({
			resource: 'campaign',
			operation: 'create',
			name: 'Launch',
			additionalFields: {
				mailingListId: LIST,
				subject: 'We launched',
				fromName: 'Acme',
				fromEmail: 'hello',
				content: '<Paragraph>Hello</Paragraph>',
			},
		});
		loops.emulator.clearRequests();
		const at = new Date(Date.now() + 3 * 86_400_000);
		const [scheduled] = await run({
			resource: 'campaign',
			operation: 'send',
			campaignId: String(created!.id),
			when: 'schedule',
			scheduledAt: at.toISOString(),
		});
		expect(sent()[0]?.body).toEqual({
			scheduling: { method: 'schedule', timestamp: at.toISOString() },
		});
		expect(scheduled).toEqual(expect.objectContaining({ status: 'Scheduled' }));
	});
});

describe('Email Message', () => {
	it('Get, Update with the revision given, and Send Preview with sample values as text', async () => {
		const [campaign] = await run({
			resource: 'campaign',
			operation: 'create',
			name: 'Preview me',
			additionalFields: { mailingListId: LIST, subject: 'Hi', fromName: 'Acme', fromEmail: 'hi' },
		});
		const id = String(campaign!.emailMessageId);
		const revision = String(
			(campaign!.emailMessage as { contentRevisionId: string }).contentRevisionId,
		);
		loops.emulator.clearRequests();
		expect(await run({ resource: 'emailMessage', operation: 'get', emailMessageId: id })).toEqual([
			expect.objectContaining({ id, subject: 'Hi', contentRevisionId: revision }),
		]);
		await run({
			resource: 'emailMessage',
			operation: 'update',
			emailMessageId: id,
			updateFields: {
				previewText: 'Read on',
				replyToEmail: 'support@example.com',
				content: 'Hello **{contact.firstName}**',
				contentFormat: 'markdown',
				expectedRevisionId: revision,
			},
		});
		expect(
			await run({
				resource: 'emailMessage',
				operation: 'sendPreview',
				emailMessageId: id,
				emails: '={{ ["editor@example.com", "boss@example.com"] }}',
				additionalFields: {
					contactProperties: {
						property: [
							{ key: 'firstName', value: 'Ada' },
							{ key: 'score', value: '={{ 42 }}' },
						],
					},
				},
			}),
		).toEqual([{ id }]);
		expect(sent().slice(1)).toEqual([
			{
				method: 'POST',
				path: `/api/v1/email-messages/${id}`,
				query: {},
				body: {
					previewText: 'Read on',
					replyToEmail: 'support@example.com',
					lmx: '<Paragraph>Hello <Strong>{contact.firstName}</Strong></Paragraph>',
					expectedRevisionId: revision,
				},
			},
			{
				method: 'POST',
				path: `/api/v1/email-messages/${id}/preview`,
				query: {},
				body: {
					emails: ['editor@example.com', 'boss@example.com'],
					contactProperties: { firstName: 'Ada', score: '42' },
				},
			},
		]);
		expect(loops.emulator.account().previews).toHaveLength(1);
	});
});

describe('Transactional Email', () => {
	it('Create with content, Update through its draft, Publish and Get Metrics', async () => {
		const [created] = await run({
			resource: 'transactionalEmail',
			operation: 'create',
			name: 'Receipt',
			additionalFields: {
				subject: 'Your receipt',
				fromName: 'Acme',
				fromEmail: 'billing',
				content: '<Paragraph>Thanks, {data.name}</Paragraph>',
			},
		});
		const id = String(created!.id);
		const draft = String(created!.draftEmailMessageId);
		expect(created).toEqual(
			expect.objectContaining({
				name: 'Receipt',
				emailMessage: expect.objectContaining({ id: draft, subject: 'Your receipt' }),
			}),
		);
		loops.emulator.clearRequests();
		await run({
			resource: 'transactionalEmail',
			operation: 'update',
			transactionalId: byId(id),
			updateFields: {
				name: 'Receipt v2',
				content: '<Paragraph>Thank you, {data.name}</Paragraph>',
			},
		});
		const [published] = await run({
			resource: 'transactionalEmail',
			operation: 'publish',
			transactionalId: id,
		});
		expect(published).toEqual(
			expect.objectContaining({ id, name: 'Receipt v2', dataVariables: ['name'] }),
		);
		const [metrics] = await run({
			resource: 'transactionalEmail',
			operation: 'getMetrics',
			transactionalId: id,
		});
		expect(metrics).toEqual(
			expect.objectContaining({ transactionalId: id, sends: 0, openRate: 0 }),
		);
		expect(sent().map(({ method, path }) => `${method} ${path}`)).toEqual([
			`POST /api/v1/transactional-emails/${id}`,
			`POST /api/v1/transactional-emails/${id}/draft`, // answers the draft's revision
			`POST /api/v1/email-messages/${draft}`,
			`POST /api/v1/transactional-emails/${id}/publish`,
			`GET /api/v1/transactional-emails/${id}/metrics`,
		]);
	});
});
