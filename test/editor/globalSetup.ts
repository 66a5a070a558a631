/**
 * Jest globalSetup of the browser test (jest.editor.config.js): Chromium first (apt-get installs it when missing
 * and running as root), then what the end-to-end tests prepare: n8n in the cache, the package built and packed.
 */
import { ensureChromium } from '../../scripts/n8n/browser';
import e2eGlobalSetup from '../e2e/globalSetup';

export default async function globalSetup(): Promise<void> {
	await ensureChromium();
	await e2eGlobalSetup();
}
