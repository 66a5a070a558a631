/**
 * The Loops nodes in n8n 2.41.1's editor, driven in Chromium as a person would: sign in, open a new workflow, find
 * Loops in the nodes panel, add Contact → Create, look at its fields and at Send Event's, pick a mailing list from
 * the account, execute the step, add the Loops Trigger and read its production URL and events, test a credential,
 * then, in a new workflow, draft a campaign with its audience and content (Campaign → Create).
 * n8n runs as `npm run editor` serves it (scripts/n8n/editorSession.ts) against the Loops emulator; what Loops
 * received is read from the emulator. Screenshots go to .cache/editor-screenshots/, or LOOPS_SCREENSHOTS_DIR
 * (`npm run screenshots` writes docs/images/).
 *
 * The steps share one page, in order: each starts where the previous one left the editor.
 */
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- test: where screenshots go
import path from 'path';

import type { LoopsEmulator } from '../emulator';
import { LOOPS_WEBHOOK_EVENTS } from '../../nodes/LoopsTrigger/events';
import { launchChromium, type RunningBrowser } from '../../scripts/n8n/browser';
import { startEditor, type EditorSession } from '../../scripts/n8n/editorSession';
import { API_KEYS } from '../../scripts/n8n/examples';
import { e2eTarball, OWNER, ROOT } from '../../scripts/n8n/harness';
import { NEWSLETTER, received, startEmulator } from '../e2e/harness';

import { eventually, N8nEditor, visibleTexts } from './n8nEditor';

const SCREENSHOTS = path.resolve(
	ROOT,
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- set by `npm run screenshots`
	process.env.LOOPS_SCREENSHOTS_DIR ?? path.join('.cache', 'editor-screenshots'),
);

let emulator: LoopsEmulator;
let session: EditorSession;
let browser: RunningBrowser;
let editor: N8nEditor;
let failures = 0;

beforeAll(async () => {
	emulator = await startEmulator();
	session = await startEditor({ emulator, tarball: e2eTarball() });
	browser = await launchChromium({ width: 1280, height: 800 });
	// n8n's first page load compiles and fetches a large app on a shared 2-core machine
	browser.context.setDefaultTimeout(60_000);
	editor = new N8nEditor(browser.page, session.n8n.baseUrl);
}, 15 * 60_000);

afterAll(async () => {
	await browser?.stop();
	await session?.stop();
	await emulator?.close();
});

/** Runs a step; when it fails, a screenshot keeps the page as the step left it (failed-<n>.png). */
function step(name: string, run: () => Promise<void>, timeoutMs = 5 * 60_000): void {
	it(
		name,
		async () => {
			try {
				await run();
			} catch (error) {
				failures++;
				await editor?.screenshot(SCREENSHOTS, `failed-${failures}`).catch(() => undefined);
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the test's own failure, for Jest
				throw error;
			}
		},
		timeoutMs,
	);
}

const account = () => emulator.account(API_KEYS.account);

describe('the Loops nodes in the n8n editor (Chromium)', () => {
	step('signs in and opens a new workflow', async () => {
		await editor.signIn(OWNER.email, OWNER.password);
		await editor.createWorkflow();
	});

	step('finds Loops in the nodes panel and adds Contact → Create', async () => {
		await editor.searchNodes('Loops');
		const entry = editor
			.nodeEntries()
			.filter({ has: editor.page.getByText('Loops', { exact: true }) });
		await entry.waitFor();
		// Loops and Loops Trigger share this entry, described by the trigger's text: it names both nodes' work
		expect(await entry.innerText()).toMatch(
			/Send events and transactional emails, manage contacts/,
		);
		await entry.click();
		await editor.openSection(/^Actions \(\d+\)$/, 'Create a contact');
		expect(
			await visibleTexts(
				editor.nodeCreator.getByText(
					/^(Create a contact|Send an event|Send a transactional email)$/,
				),
			),
		).toEqual(['Create a contact', 'Send an event', 'Send a transactional email']);
		await editor.pickAction('Create a contact');
		await editor.ndv
			.getByTestId('node-title-container')
			.filter({ hasText: 'Create a contact' })
			.waitFor();
	});

	step('shows Create’s fields, then Send Event’s once switched', async () => {
		await editor.selectCredential('Loops account');
		await editor.parameter('email').waitFor();
		expect(
			await editor.ndv.getByTestId('node-credentials-select').locator('input').first().inputValue(),
		).toBe('Loops account');
		expect(await editor.parameterLabels()).toEqual([
			'Resource',
			'Operation',
			'Email',
			'Additional Fields',
		]);
		expect(await editor.parameter('email').locator('input').getAttribute('placeholder')).toBe(
			'e.g. nathan@example.com',
		);
		expect(await editor.collectionOptions()).toEqual([
			'Custom Properties',
			'First Name',
			'Last Name',
			'Mailing Lists',
			'Source',
			'Subscribed',
			'User Group',
			'User ID',
		]);

		await editor.selectOption('resource', 'Event');
		await editor.parameter('eventName').waitFor();
		expect(await editor.parameterLabels()).toEqual([
			'Resource',
			'Operation',
			'Identify By',
			'Email',
			'Event Name',
			'Additional Fields',
		]);
		expect(await editor.collectionOptions()).toEqual([
			'Contact Properties',
			'Event Properties',
			'Idempotency Key',
			'Mailing Lists',
		]);

		await editor.selectOption('resource', 'Contact');
		await editor.parameter('eventName').waitFor({ state: 'detached' });
		expect(await editor.parameterLabels()).toEqual([
			'Resource',
			'Operation',
			'Email',
			'Additional Fields',
		]);
	});

	step('fills the Mailing Lists dropdown with the account’s lists', async () => {
		await editor.fill('email', 'grace@example.com');
		await editor.addCollectionOption('First Name');
		await editor.fill('firstName', 'Grace');
		await editor.addCollectionOption('Mailing Lists');
		await editor.ndv.getByRole('button', { name: 'Add Mailing List' }).click();
		// The row's list is a resource locator ("From list", searchable) since Loops API 1.21; a plain dropdown
		// before: either way the person clicks the field and picks a name from what the account has
		const row = editor.parameter('id');
		await row.waitFor();
		const locator = row.getByTestId('rlc-input');
		const listItems = editor.page
			.getByTestId('rlc-item')
			.filter({ visible: true })
			.or(editor.options);
		await editor.openDropdown(
			(await locator.count()) > 0 ? locator : row.locator('input').first(),
			listItems,
		);
		const names = account()
			.mailingLists.map((list) => list.name)
			.sort();
		const shown = await eventually(
			() => visibleTexts(listItems),
			(texts) => texts.length >= names.length,
		);
		// one entry per list of the account, each named by it (the locator marks private ones: "Beta testers (private)")
		expect(shown).toHaveLength(names.length);
		expect(names.map((name) => shown.filter((text) => text.startsWith(name)).length)).toEqual(
			names.map(() => 1),
		);
		await editor.screenshot(SCREENSHOTS, 'node-panel-mailing-lists');
		await listItems.filter({ hasText: 'Newsletter' }).first().click();
		await listItems.first().waitFor({ state: 'hidden' });
	});

	step('executes the step: the output shows the new contact, which Loops received', async () => {
		emulator.reset();
		const before = account().contacts.length;
		await editor.ndv.getByTestId('node-execute-button').click();
		const output = editor.ndv.getByTestId('output-panel');
		await output.getByText('1 item').waitFor();

		const contact = account().contacts.find((candidate) => candidate.email === 'grace@example.com');
		expect(account().contacts).toHaveLength(before + 1);
		expect(contact).toMatchObject({ firstName: 'Grace', mailingLists: { [NEWSLETTER]: true } });
		expect(received(emulator.requests)).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/api/v1/contacts/create',
				authorization: `Bearer ${API_KEYS.account}`,
				status: 200,
				body: {
					email: 'grace@example.com',
					firstName: 'Grace',
					mailingLists: { [NEWSLETTER]: true },
				},
			}),
		]);
		// what the output panel shows: Loops' answer, with the new contact's id
		const table = output.getByTestId('ndv-data-container').locator('table');
		await table.waitFor();
		expect(await visibleTexts(table.locator('th'))).toEqual(
			expect.arrayContaining(['success', 'id']),
		);
		expect(await table.locator('tbody').innerText()).toMatch(new RegExp(`true\\s+${contact?.id}`));
		await editor.screenshot(SCREENSHOTS, 'node-output');

		await editor.closeNdv();
		// the canvas names the step by resource and operation, as the panel does
		await editor.page.getByTestId('canvas-node').filter({ hasText: 'Contact: Create' }).waitFor();
	});

	step('adds the Loops Trigger: its production URL and the events list', async () => {
		await editor.searchNodes('Loops');
		await editor
			.nodeEntries()
			.filter({ has: editor.page.getByText('Loops', { exact: true }) })
			.click();
		await editor.openSection(/^Triggers \(\d+\)$/, 'On email clicked');
		await editor.pickAction('On email clicked');

		await editor.ndv.getByText('Webhook URLs', { exact: true }).click();
		await editor.ndv.getByTestId('radio-button-production').click();
		const url = editor.ndv.getByText(
			new RegExp(`^${session.n8n.baseUrl}/webhook/[0-9a-f-]{36}/loops$`),
		);
		await url.waitFor();
		expect(await editor.parameters.innerText()).toContain(
			'Paste the Production URL above into Loops → Settings → Webhooks',
		);
		expect(
			await visibleTexts(editor.parameter('events').locator('.el-tag, [class*="tag"]').first()),
		).toEqual(['Email Clicked']);

		await editor.openDropdown(editor.parameter('events').locator('input').first());
		const events = (await visibleTexts(editor.options)).map((text) => text.split('\n')[0]);
		expect(events).toEqual(LOOPS_WEBHOOK_EVENTS.map((event) => event.name));
		await editor.screenshot(SCREENSHOTS, 'trigger-panel');
		await editor.page.keyboard.press('Escape');
		await editor.closeNdv();
		await editor.page.getByTestId('canvas-node').filter({ hasText: 'email.clicked' }).waitFor();
	});

	step('tests the Loops API credential from its dialog', async () => {
		await editor.openNode('Create a contact');
		await editor.ndv.getByTestId('credential-edit-button').click();
		const dialog = editor.page.getByTestId('editCredential-modal');
		// n8n tests a credential as its dialog opens; Retry runs the test again with what the dialog holds
		await dialog.getByText('Connection tested successfully').waitFor();
		expect(await dialog.innerText()).toMatch(/Loops account\s+Loops API/);
		const retry = dialog.getByRole('button', { name: 'Retry' });
		const keyChecks = () =>
			received(emulator.requests).filter((request) => request.path === '/api/v1/api-key');

		emulator.reset();
		await dialog.getByTestId('parameter-input-apiKey').locator('input').fill('not-a-loops-key');
		await retry.click();
		await dialog.getByText('Couldn’t connect with these settings').waitFor();
		await dialog.getByText('More details').click();
		await dialog
			.getByText('Loops rejected the API key (401): copy it again from Loops → Settings → API')
			.waitFor();
		// n8n-core tries a request once more after a 401: every try carried the typed key, and Loops refused it
		const refused = keyChecks().map((request) => `${request.authorization} → ${request.status}`);
		expect(refused.length).toBeGreaterThan(0);
		expect(refused).toEqual(refused.map(() => 'Bearer not-a-loops-key → 401'));

		emulator.reset();
		await dialog.getByTestId('parameter-input-apiKey').locator('input').fill(API_KEYS.account);
		await retry.click();
		await dialog.getByText('Connection tested successfully').waitFor();
		expect(keyChecks()).toEqual([
			expect.objectContaining({ authorization: `Bearer ${API_KEYS.account}`, status: 200 }),
		]);
		await dialog.getByRole('button', { name: 'Retry', disabled: false }).waitFor();
		await editor.screenshot(SCREENSHOTS, 'credential-test');

		await dialog.getByRole('button', { name: 'Close this dialog' }).click();
		// the key was typed again, so n8n asks before it drops the "change"
		const prompt = editor.page
			.locator('.el-message-box')
			.filter({ hasText: 'Close without saving?' });
		await prompt.getByRole('button', { name: 'Close', exact: true }).click();
		await dialog.waitFor({ state: 'hidden' });
	});

	step('shows the dark icon in the dark theme', async () => {
		await editor.closeNdv();
		const icon = editor.page
			.getByTestId('canvas-node')
			.filter({ hasText: 'Create a contact' })
			.locator('img')
			.first();
		expect(await icon.getAttribute('src')).toMatch(/icons\/loops\.svg$/);
		await editor.page.emulateMedia({ colorScheme: 'dark' });
		await eventually(
			async () => (await icon.getAttribute('src')) ?? '',
			(src) => src.endsWith('icons/loops.dark.svg'),
		).then((src) => expect(src).toMatch(/icons\/loops\.dark\.svg$/));
		await editor.screenshot(SCREENSHOTS, 'canvas-dark');
		await editor.page.emulateMedia({ colorScheme: 'light' });
	});
	step(
		'drafts a campaign in a new workflow: Campaign → Create with its audience and Markdown content',
		async () => {
			await editor.newWorkflow();
			await editor.searchNodes('Loops');
			await editor
				.nodeEntries()
				.filter({ has: editor.page.getByText('Loops', { exact: true }) })
				.click();
			await editor.openSection(/^Actions \(\d+\)$/, 'Create a draft campaign');
			await editor.pickAction('Create a draft campaign');
			await editor.ndv
				.getByTestId('node-title-container')
				.filter({ hasText: 'Create a draft campaign' })
				.waitFor();
			await editor.selectCredential('Loops account');
			await editor.parameter('name').waitFor();
			expect(await editor.parameterLabels()).toEqual([
				'Resource',
				'Operation',
				'Name',
				'Additional Fields',
			]);
			expect(await editor.collectionOptions()).toEqual([
				'Audience Segment',
				'BCC Email',
				'Campaign Group',
				'CC Email',
				'Content',
				'Content Format',
				'From Email',
				'From Name',
				'Mailing List',
				'Preview Text',
				'Reply-To Email',
				'Subject',
			]);

			await editor.fill('name', 'June digest');
			// the audience: a mailing list picked from the account's ("From list")
			await editor.addCollectionOption('Mailing List');
			const listItems = editor.page.getByTestId('rlc-item').filter({ visible: true });
			await editor.openDropdown(
				editor.parameter('mailingListId').getByTestId('rlc-input'),
				listItems,
			);
			await listItems.filter({ hasText: 'Newsletter' }).first().click();
			await listItems.first().waitFor({ state: 'hidden' });
			await editor.addCollectionOption('Subject');
			await editor.fill('subject', 'What we shipped in June');
			await editor.addCollectionOption('From Name');
			await editor.fill('fromName', 'Acme');
			await editor.addCollectionOption('From Email');
			await editor.fill('fromEmail', 'hello');
			await editor.addCollectionOption('Content Format');
			await editor.selectOption('contentFormat', 'Markdown');
			await editor.addCollectionOption('Content');
			await editor.fill(
				'content',
				'# Hello {contact.firstName}\n\nThree new **features** this month.\n\n- Campaigns from n8n\n- Previews',
			);

			emulator.reset();
			await editor.ndv.getByTestId('node-execute-button').click();
			const output = editor.ndv.getByTestId('output-panel');
			await output.getByText('1 item').waitFor();
			// a draft, its email message written with the Markdown turned into LMX; nothing sent
			const [campaign] = account().campaigns;
			expect(account().campaigns).toHaveLength(1);
			expect(campaign).toMatchObject({
				name: 'June digest',
				status: 'Draft',
				mailingListId: NEWSLETTER,
			});
			expect(
				received(emulator.requests).map((request) => [request.method, request.path, request.body]),
			).toEqual([
				['POST', '/api/v1/campaigns', { name: 'June digest', mailingListId: NEWSLETTER }],
				[
					'POST',
					`/api/v1/email-messages/${campaign.emailMessageId}`,
					{
						subject: 'What we shipped in June',
						fromName: 'Acme',
						fromEmail: 'hello',
						lmx: [
							'<H1>Hello {contact.firstName}</H1>',
							'<Paragraph>Three new <Strong>features</Strong> this month.</Paragraph>',
							'<UnorderedList>',
							'  <ListItem>Campaigns from n8n</ListItem>',
							'  <ListItem>Previews</ListItem>',
							'</UnorderedList>',
						].join('\n'),
						expectedRevisionId: expect.any(String),
					},
				],
			]);
			const table = output.getByTestId('ndv-data-container').locator('table');
			await table.waitFor();
			expect(await visibleTexts(table.locator('th'))).toEqual(
				expect.arrayContaining(['id', 'name', 'status', 'emailMessageId']),
			);
			// the picture: the fields added, in view; the output as JSON (the draft, its message under emailMessage)
			await output.getByText('JSON', { exact: true }).click();
			const json = await eventually(
				() => output.getByTestId('ndv-data-container').innerText(),
				(text) => text.includes('emailMessage'),
			);
			expect(json).toMatch(/"status":\s*"Draft"/);
			await editor.parameters
				.getByText('Additional Fields', { exact: true })
				.evaluate((label) => label.scrollIntoView({ block: 'start' }));
			const toast = editor.page
				.locator('.el-notification')
				.filter({ hasText: 'Node executed successfully' });
			if (await toast.isVisible()) await toast.locator('.el-notification__closeBtn').click();
			await toast.waitFor({ state: 'hidden' });
			await editor.screenshot(SCREENSHOTS, 'campaign-panel');
			await editor.closeNdv();
			await editor.page
				.getByTestId('canvas-node')
				.filter({ hasText: 'Campaign: Create' })
				.waitFor();
		},
	);
});
