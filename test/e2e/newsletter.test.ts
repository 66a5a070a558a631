/**
 * Example 06, Loops' content API in a real n8n, headless (`n8n execute --id`): a newsletter written in Markdown
 * (Set) → Campaign → Create with that content → Email Message → Send Preview to the team → Campaign → Send or
 * Schedule, at 9:00 tomorrow by an expression. Asserts what the Loops API emulator received (the LMX the
 * Markdown became, the preview's recipients, the schedule), what the account then holds, and what n8n output.
 */
import type { LoopsEmulator } from '../emulator';

import * as ex from '../../scripts/n8n/examples';
import * as h from '../../scripts/n8n/harness';

import { exampleHome, NEWSLETTER, received, startEmulator } from './harness';

let emulator: LoopsEmulator;
let home: h.N8nHome;

beforeAll(async () => {
	emulator = await startEmulator();
	home = await exampleHome(emulator, [ex.examplePath(ex.EXAMPLES.markdownNewsletter)]);
}, 10 * 60_000);

afterAll(async () => {
	await emulator?.close();
	if (home) h.removeN8nHome(home);
});

/** The example's Markdown as LMX, written out by hand: what Loops must receive. */
const NEWSLETTER_LMX = [
	'<H1>What we shipped in June</H1>',
	'<Paragraph>Hi {contact.firstName}, here is the month in <Strong>three</Strong> changes:</Paragraph>',
	'<UnorderedList>',
	'  <ListItem>Imports are <Em>twice</Em> as fast</ListItem>',
	'  <ListItem>Dark mode for the editor</ListItem>',
	'  <ListItem>A <Link href="https://example.com/changelog">changelog page</Link> for every release</ListItem>',
	'</UnorderedList>',
	'<H2>Coming next</H2>',
	'<Paragraph>Reply to this email and tell us what you would like to see.</Paragraph>',
].join('\n');

const DAY_MS = 24 * 60 * 60_000;

describe('example 06: a Markdown newsletter → Create Campaign → Send Preview → Schedule', () => {
	it('sends the Markdown as LMX, previews it to the team and schedules the campaign for 9:00 tomorrow', async () => {
		const startedAt = Date.now();
		const result = await h.executeSuccessfully(home, ex.EXAMPLES.markdownNewsletter.id);
		const endedAt = Date.now();

		const account = emulator.account(ex.API_KEYS.account);
		expect(account.campaigns).toHaveLength(1);
		const campaign = account.campaigns[0]!;
		const messageId = campaign.emailMessageId;
		const bearer = `Bearer ${ex.API_KEYS.account}`;
		const requests = received(emulator.requests);
		expect(requests).toEqual([
			{
				method: 'POST',
				path: '/api/v1/campaigns',
				query: {},
				authorization: bearer,
				status: 201,
				body: { name: 'Newsletter: What we shipped in June', mailingListId: NEWSLETTER },
			},
			// the new campaign's empty message, written with the revision the create answered
			{
				method: 'POST',
				path: `/api/v1/email-messages/${messageId}`,
				query: {},
				authorization: bearer,
				status: 200,
				body: {
					subject: 'What we shipped in June',
					previewText: 'Faster imports, dark mode and a changelog',
					fromName: 'Acme Team',
					fromEmail: 'hello',
					lmx: NEWSLETTER_LMX,
					expectedRevisionId: expect.any(String),
				},
			},
			{
				method: 'POST',
				path: `/api/v1/email-messages/${messageId}/preview`,
				query: {},
				authorization: bearer,
				status: 200,
				body: { emails: ['editor@example.com', 'reviewer@example.com'] },
			},
			{
				method: 'POST',
				path: `/api/v1/campaigns/${campaign.id}`,
				query: {},
				authorization: bearer,
				status: 200,
				body: { scheduling: { method: 'schedule', timestamp: expect.any(String) } },
			},
		]);

		// the schedule the expression made: 9:00 (the instance's time zone, UTC here) on the day after the run
		const timestamp = (requests[3]?.body as { scheduling: { timestamp: string } }).scheduling
			.timestamp;
		const nineTomorrow = (at: number) => {
			const day = new Date(at + DAY_MS);
			day.setUTCHours(9, 0, 0, 0);
			return day.toISOString();
		};
		expect([nineTomorrow(startedAt), nineTomorrow(endedAt)]).toContain(timestamp);

		// what the account holds: the campaign scheduled, its message holding the LMX, the preview sent
		expect(campaign).toMatchObject({
			name: 'Newsletter: What we shipped in June',
			status: 'Scheduled',
			mailingListId: NEWSLETTER,
			scheduling: { method: 'schedule', timestamp },
		});
		const message = account.emailMessages.find((m) => m.id === messageId);
		expect(message).toMatchObject({
			subject: 'What we shipped in June',
			fromName: 'Acme Team',
			fromEmail: 'hello',
			lmx: NEWSLETTER_LMX,
		});
		expect(account.previews).toEqual([
			expect.objectContaining({
				emailMessageId: messageId,
				contentRevisionId: message?.contentRevisionId,
				emails: ['editor@example.com', 'reviewer@example.com'],
			}),
		]);

		// what n8n output: the campaign with its message, the preview's id, the scheduled campaign
		expect(Object.keys(result.items)).toEqual([
			'Start',
			'Newsletter',
			'Create Campaign',
			'Send Preview to the Team',
			'Schedule for 9:00 Tomorrow',
		]);
		expect(result.items['Create Campaign']).toEqual([
			expect.objectContaining({
				id: campaign.id,
				name: 'Newsletter: What we shipped in June',
				status: 'Draft',
				mailingListId: NEWSLETTER,
				emailMessageId: messageId,
				emailMessage: expect.objectContaining({
					id: messageId,
					subject: 'What we shipped in June',
					lmx: NEWSLETTER_LMX,
					contentRevisionId: message?.contentRevisionId,
				}),
			}),
		]);
		expect(result.items['Send Preview to the Team']).toEqual([{ id: messageId }]);
		expect(result.items['Schedule for 9:00 Tomorrow']).toEqual([
			expect.objectContaining({
				id: campaign.id,
				status: 'Scheduled',
				scheduling: { method: 'schedule', timestamp },
			}),
		]);
	});
});
