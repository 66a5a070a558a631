import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { SEED_MAILING_LISTS } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * The content API's operations refuse bad input before anything is sent, naming the field and the item; what Loops
 * refuses (LMX it cannot compile, a content check with errors, the preview quota, an account without the content
 * or metrics API) is said in one sentence.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });
const LIST = SEED_MAILING_LISTS[0]!.id;

async function run(parameters: INodeParameters, items?: INodeExecutionData[]) {
	return await runLoopsNode({ parameters }, { credentials: credentials(), items });
}

async function newCampaign(content: Record<string, unknown> = {}) {
	const { items } = await run({
		resource: 'campaign',
		operation: 'create',
		name: 'Digest',
		additionalFields: {
			mailingListId: LIST,
			subject: 'Digest',
			fromName: 'Acme',
			fromEmail: 'hello',
			...content,
		},
	});
	loops.emulator.clearRequests();
	return items[0]!.json as { id: string; emailMessageId: string };
}

describe('checks before anything is sent', () => {
	it.each<[string, INodeParameters, string]>([
		[
			'a campaign without a name',
			{ resource: 'campaign', operation: 'create', name: '={{ "" }}' },
			'Name: must not be empty [item 0]',
		],
		[
			'a schedule time that is not a date',
			{
				resource: 'campaign',
				operation: 'send',
				campaignId: 'c1',
				when: 'schedule',
				scheduledAt: '={{ "next tuesday" }}',
			},
			'Scheduled At: "next tuesday" is not a date and time [item 0]',
		],
		[
			'a schedule time in the past',
			{
				resource: 'campaign',
				operation: 'send',
				campaignId: 'c1',
				when: 'schedule',
				scheduledAt: '2020-01-01T09:00:00.000Z',
			},
			'Scheduled At: 2020-01-01T09:00:00.000Z is not in the future; choose a later time, or When: Now [item 0]',
		],
		[
			'a preview address that is not an email',
			{
				resource: 'emailMessage',
				operation: 'sendPreview',
				emailMessageId: 'm1',
				emails: 'editor@example.com, not-an-email',
			},
			'Emails: "not-an-email" is not a valid email address [item 0]',
		],
		[
			'content over 100 KB as LMX (Markdown that grows when converted)',
			{
				resource: 'emailMessage',
				operation: 'update',
				emailMessageId: 'm1',
				// 60,000 "<" are 60 KB of Markdown and 240 KB of escaped LMX
				updateFields: { content: '={{ "<".repeat(60000) }}', contentFormat: 'markdown' },
			},
			'Content: is 235 KB as LMX; Loops takes at most 100 KB [item 0]',
		],
		[
			'an update with no field',
			{ resource: 'campaign', operation: 'update', campaignId: 'c1', updateFields: {} },
			'Update Fields: add the fields to change; none is set [item 0]',
		],
		[
			'a sender with a space',
			{
				resource: 'emailMessage',
				operation: 'update',
				emailMessageId: 'm1',
				updateFields: { fromEmail: 'hello there' },
			},
			'From Email: "hello there" is not a sender address; give the part before the @, e.g. hello [item 0]',
		],
	])(
		'refuses %s, naming the field and the item; Loops hears nothing',
		async (_case, parameters, message) => {
			const { error } = await run(parameters);
			expect(error?.message).toBe(message);
			expect(loops.emulator.requests).toEqual([]);
		},
	);

	it('sends none of a run whose one item is bad, and the others with On Error: Continue', async () => {
		const parameters = {
			resource: 'campaign',
			operation: 'create',
			name: '={{ $json.name }}',
			additionalFields: { mailingListId: LIST },
		};
		const items = [{ json: { name: 'A' } }, { json: { name: '' } }, { json: { name: 'C' } }];
		const stopped = await run(parameters, items);
		expect(stopped.error?.message).toBe(
			'Nothing was sent to Loops: Name: must not be empty [item 1]',
		);
		expect(loops.emulator.account().campaigns).toEqual([]);

		const continued = await runLoopsNode(
			{ parameters, continueOnFail: true },
			{ credentials: credentials(), items },
		);
		expect(continued.items.map((item) => item.json.name ?? item.json.error)).toEqual([
			'A',
			'Name: must not be empty [item 1]',
			'C',
		]);
		expect(
			loops.emulator
				.account()
				.campaigns.map((campaign) => campaign.name)
				.sort(),
		).toEqual(['A', 'C']);
	});
});

describe('what Loops refuses', () => {
	it('quotes Loops when it cannot compile the LMX (422)', async () => {
		const { emailMessageId } = await newCampaign();
		const { error } = await run({
			resource: 'emailMessage',
			operation: 'update',
			emailMessageId,
			updateFields: { content: '<Paragraph>Hi<Foo/></Paragraph>' },
		});
		expect(error?.message).toMatch(/^Loops answered 422: .*Foo/);
	});

	it('Check Content lists the errors; with Fail on Errors the item fails naming the rule and the element', async () => {
		const { emailMessageId } = await newCampaign({
			content: '<Paragraph>Hi</Paragraph><Button>Read more</Button>',
		});
		const report = await run({ resource: 'emailMessage', operation: 'check', emailMessageId });
		expect(report.items[0]?.json.errors).toEqual([
			expect.objectContaining({ rule: 'missingButtonHrefs' }),
		]);
		const gate = await run({
			resource: 'emailMessage',
			operation: 'check',
			emailMessageId,
			failOnErrors: true,
		});
		expect(gate.error?.message).toBe(
			"Loops' check found 1 error in the email message: Missing button link (Read more) [item 0]",
		);
	});

	it("stops at Loops' daily preview quota: one request, not retried", async () => {
		const { emailMessageId } = await newCampaign({ content: '<Paragraph>Hi</Paragraph>' });
		const preview = { resource: 'emailMessage', operation: 'sendPreview', emailMessageId };
		const hundred = Array.from({ length: 100 }, (_, index) => `editor${index}@example.com`);
		const sent = await run({ ...preview, emails: hundred.join(',') });
		expect(sent.error).toBeUndefined();
		loops.emulator.clearRequests();
		const { error } = await run({ ...preview, emails: 'one-more@example.com' });
		expect(error?.message).toMatch(/^Loops refused the preview: Daily preview limit reached/);
		expect(loops.emulator.requests.map((request) => request.status)).toEqual([429]);
	});

	it.each<[string, INodeParameters, 'contentApiEnabled' | 'metricsApiEnabled', string]>([
		[
			'Campaign → Get Many without the content API',
			{ resource: 'campaign', operation: 'getAll' },
			'contentApiEnabled',
			"Loops answered 401: Campaigns need Loops' content API, which is not enabled for this team (the API key is valid)",
		],
		[
			'Campaign → Get Metrics without the metrics API',
			{ resource: 'campaign', operation: 'getMetrics', campaignId: 'c1' },
			'metricsApiEnabled',
			"Loops answered 401: Campaign metrics need Loops' metrics API, which is not enabled for this team (the API key is valid)",
		],
	])('says which API is missing: %s', async (_case, parameters, switchOff, message) => {
		loops.emulator.account()[switchOff] = false;
		const { error } = await run(parameters);
		expect(error?.message).toBe(message);
	});
});

describe('Get Metrics', () => {
	it('outputs the campaign id, Loops counters and the rates per send', async () => {
		const { id } = await newCampaign();
		loops.emulator.account().setMetrics('campaign', id, { sends: 200, opens: 50, clicks: 10 });
		const { items } = await run({ resource: 'campaign', operation: 'getMetrics', campaignId: id });
		expect(items[0]?.json).toEqual(
			expect.objectContaining({
				campaignId: id,
				sends: 200,
				opens: 50,
				clicks: 10,
				openRate: 0.25,
				clickRate: 0.05,
			}),
		);
	});
});
