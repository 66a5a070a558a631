/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test helper: it drives a browser and writes screenshots */
/**
 * What a person does in n8n 2.41's editor, as Playwright steps. The selectors are the `data-test-id`s n8n's editor
 * renders (read from its source and checked against the served 2.41.1 bundle), roles and visible text; every step
 * waits for a state, never for a fixed time.
 */
import fs from 'fs';
import path from 'path';

import type { Locator, Page } from 'playwright-core';

/** Visible, trimmed inner texts of a locator's matches. */
export async function visibleTexts(locator: Locator): Promise<string[]> {
	const texts = await locator.filter({ visible: true }).allInnerTexts();
	return texts.map((text) => text.trim());
}

/** Polls `read` until `accept` holds (or the time is up: then the last value is returned for the assertion). */
export async function eventually<T>(
	read: () => Promise<T>,
	accept: (value: T) => boolean,
	timeoutMs = 60_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!accept(value) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 200));
		value = await read();
	}
	return value;
}

export class N8nEditor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {}

	get ndv(): Locator {
		return this.page.getByTestId('ndv');
	}

	get nodeCreator(): Locator {
		return this.page.getByTestId('node-creator');
	}

	get parameters(): Locator {
		return this.ndv.getByTestId('node-parameters');
	}

	/** A parameter's input by its name (n8n marks it `parameter-input-<name>`). */
	parameter(name: string): Locator {
		return this.ndv.getByTestId(`parameter-input-${name}`);
	}

	/** The open dropdown's options (n8n keeps closed dropdowns in the page, hidden). */
	get options(): Locator {
		return this.page.getByRole('option').filter({ visible: true });
	}

	option(text: string): Locator {
		return this.options.filter({ has: this.page.getByText(text, { exact: true }) }).first();
	}

	async signIn(email: string, password: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`);
		await this.page.getByTestId('emailOrLdapLoginId').locator('input').fill(email);
		await this.page.getByTestId('password').locator('input').fill(password);
		await this.page.getByTestId('form-submit-button').click();
		await this.page.waitForURL(/\/home\//);
	}

	async createWorkflow(): Promise<void> {
		await this.page.getByRole('button', { name: 'Create workflow' }).click();
		await this.page.getByTestId('canvas-plus-button').waitFor();
	}

	/**
	 * Leaves the workflow open (unsaved: its changes are dropped, as "Leave without saving" does) for a new,
	 * empty one.
	 */
	async newWorkflow(): Promise<void> {
		const leave = (dialog: { accept(): Promise<void> }) => void dialog.accept();
		this.page.once('dialog', leave);
		// where "Create workflow" leads; n8n's start page varies (the workflows, or an assistant's page)
		await this.page.goto(`${this.baseUrl}/workflow/new`);
		this.page.off('dialog', leave);
		await this.page.getByTestId('canvas-plus-button').waitFor();
	}

	/** Opens the nodes panel (the canvas's first-step button, else the panel button) and searches. */
	async searchNodes(text: string): Promise<void> {
		const firstStep = this.page.getByTestId('canvas-plus-button');
		if (await firstStep.isVisible()) await firstStep.click();
		else await this.page.getByTestId('node-creator-plus-button').click();
		await this.nodeCreator.getByTestId('node-creator-search-bar').fill(text);
	}

	/** The entries the nodes panel lists, each "name\ndescription". */
	nodeEntries(): Locator {
		return this.nodeCreator.getByTestId('item-iterator-item');
	}

	/** Opens a section of a node's page in the nodes panel ("Actions (14)", "Triggers (17)") unless it is open. */
	async openSection(title: RegExp, firstItem: string): Promise<void> {
		const item = this.nodeCreator.getByText(firstItem, { exact: true });
		if (!(await item.isVisible())) await this.nodeCreator.getByText(title).click();
		await item.waitFor();
	}

	async pickAction(action: string): Promise<void> {
		await this.nodeCreator.getByText(action, { exact: true }).click();
		await this.ndv.waitFor();
	}

	/** Types into a text parameter and leaves it, as a person moving on does (n8n's tip under a focused field goes). */
	async fill(parameterName: string, value: string): Promise<void> {
		const input = this.parameter(parameterName).locator('input, textarea').first();
		await input.fill(value);
		await input.blur();
	}

	/**
	 * Clicks `trigger` until `items` shows (a click that lands while the panel is still re-rendering opens
	 * nothing); returns once the first item is visible.
	 */
	async openDropdown(trigger: Locator, items: Locator = this.options): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			await trigger.click();
			try {
				await items.first().waitFor({ timeout: 15_000 });
				return;
			} catch (error) {
				if (attempt === 3) throw error;
			}
		}
	}

	async selectOption(parameterName: string, optionName: string): Promise<void> {
		await this.openDropdown(this.parameter(parameterName).locator('input').first());
		await this.option(optionName).click();
		await this.options.first().waitFor({ state: 'hidden' });
	}

	async selectCredential(name: string): Promise<void> {
		await this.openDropdown(this.ndv.getByTestId('node-credentials-select'));
		await this.options.filter({ hasText: name }).first().click();
		await this.ndv.getByTestId('node-credentials-select').locator('input').first().waitFor();
	}

	/** The options "Add Field" offers in a collection parameter such as Additional Fields. */
	async collectionOptions(): Promise<string[]> {
		await this.openDropdown(
			this.ndv.getByTestId('collection-parameter-add').filter({ visible: true }),
		);
		const names = await visibleTexts(this.options);
		await this.page.keyboard.press('Escape');
		await this.options.first().waitFor({ state: 'hidden' });
		return names;
	}

	async addCollectionOption(name: string): Promise<void> {
		await this.openDropdown(
			this.ndv.getByTestId('collection-parameter-add').filter({ visible: true }),
		);
		await this.option(name).click();
	}

	/** Labels of the parameters the panel shows, top to bottom (without the Fixed/Expression switch). */
	async parameterLabels(): Promise<string[]> {
		const labels = await visibleTexts(this.parameters.getByTestId('input-label'));
		return labels.map((label) => label.split('\n')[0].trim());
	}

	async closeNdv(): Promise<void> {
		await this.ndv.getByTestId('ndv-close-button').click();
		await this.ndv.waitFor({ state: 'hidden' });
	}

	/** Opens a node by double-clicking its top-left corner (a trigger's Execute button may cover its middle). */
	async openNode(name: string): Promise<void> {
		const node = this.page.getByTestId('canvas-node').filter({ hasText: name }).first();
		await node.dblclick({ position: { x: 12, y: 12 } });
		await this.ndv.waitFor();
	}

	/** Saves a PNG of the page (or of `locator`) as `<dir>/<name>.png`. */
	async screenshot(dir: string, name: string, locator?: Locator): Promise<string> {
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${name}.png`);
		await (locator ?? this.page).screenshot({ path: file, animations: 'disabled', caret: 'hide' });
		return file;
	}
}
