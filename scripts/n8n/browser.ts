/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- dev scripts: they install and drive a browser */
/**
 * Chromium for the browser test of the n8n editor (test/editor): Debian's `chromium` package, driven by
 * playwright-core (never a browser download: this machine reaches only npm and Debian's repositories).
 *
 * `ensureChromium()` installs the package with apt-get when it is missing and this runs as root (CI and the
 * developers' machines), and otherwise says in one sentence what to install. `launchChromium()` starts it headless
 * with a new, empty profile and the flags a closed network needs: without them Chromium keeps trying to reach
 * Google's update, sync and QUIC endpoints, which here only fail and slow the page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { runChecked, startProcess } from './process';

/** Where Debian's `chromium` package puts the browser; LOOPS_CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.LOOPS_CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
	'--no-sandbox', // root in a container has no user namespace for the sandbox
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const say = (text: string) => process.stderr.write(`[chromium] ${text}\n`);

/** The Chromium executable: installed with apt-get when missing and running as root; else throws what to install. */
export async function ensureChromium(): Promise<string> {
	if (fs.existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
	const isRoot = process.getuid?.() === 0;
	if (!isRoot || !fs.existsSync('/usr/bin/apt-get') || process.env.LOOPS_CHROMIUM_PATH) {
		throw new Error(
			`Chromium is missing at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install chromium, as root) or set LOOPS_CHROMIUM_PATH to a Chromium executable.`,
		);
	}
	say('installing Debian’s chromium package (apt-get, once per machine)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await runChecked('apt-get', ['update'], { env, timeoutMs: 10 * 60_000, label: 'apt-get update' });
	await runChecked('apt-get', ['install', '-y', 'chromium'], {
		env,
		timeoutMs: 15 * 60_000,
		label: 'apt-get install chromium',
	});
	if (!fs.existsSync(CHROMIUM_PATH))
		throw new Error(`apt-get installed chromium, yet ${CHROMIUM_PATH} is missing`);
	return CHROMIUM_PATH;
}

export interface RunningBrowser {
	context: BrowserContext;
	page: Page;
	/** Chromium's process id (the leader of its own process group). */
	pid: number;
	/** Stops Chromium by its process id (with its helpers) and removes its profile. */
	stop(): Promise<void>;
}

/**
 * Chromium, headless, with a new empty profile, and a browser context with a `width`×`height` viewport. Started
 * through the scripts' one process helper (its own process group, stopped by its id, killed if this process
 * exits first) and driven over the DevTools protocol. n8n's editor marks its elements with `data-test-id`, so
 * Playwright's getByTestId looks for that attribute.
 */
export async function launchChromium({
	width = 1280,
	height = 800,
	timeoutMs = 2 * 60_000,
} = {}): Promise<RunningBrowser> {
	const executablePath = await ensureChromium();
	selectors.setTestIdAttribute('data-test-id');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-loops-so-chromium-'));
	let announced: (url: string) => void = () => undefined;
	const devtools = new Promise<string>((resolve) => (announced = resolve));
	let output = '';
	const child = startProcess(
		executablePath,
		[
			...CHROMIUM_FLAGS,
			'--headless',
			`--user-data-dir=${profile}`,
			'--remote-debugging-port=0',
			'about:blank',
		],
		{
			// its scratch files go into the profile, removed with it
			env: { ...process.env, TMPDIR: profile },
			maxLifetimeMs: 60 * 60_000,
			onOutput: (text) => {
				output = (output + text).slice(-20_000);
				const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
				if (match) announced(match[1]);
			},
		},
	);
	let browser: Browser | undefined;
	const stop = async () => {
		// Browser.close lets Chromium end its helper processes itself; the process group is killed after it anyway
		if (browser && !child.exited()) {
			const session = await browser.newBrowserCDPSession().catch(() => undefined);
			let giveUp: NodeJS.Timeout | undefined;
			await Promise.race([
				session?.send('Browser.close').catch(() => undefined),
				new Promise((resolve) => (giveUp = setTimeout(resolve, 5_000))),
			]);
			clearTimeout(giveUp); // a pending timer would keep the test run alive after it ended
		}
		await child.stop(5_000);
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// the group has ended
		}
		fs.rmSync(profile, { recursive: true, force: true });
	};
	let startLimit: NodeJS.Timeout | undefined;
	try {
		const wsEndpoint = await Promise.race([
			devtools,
			child.whenExited.then((how) =>
				Promise.reject(new Error(`Chromium exited at start (${JSON.stringify(how)})`)),
			),
			new Promise<never>(
				(_, reject) =>
					(startLimit = setTimeout(() => reject(new Error('Chromium did not start')), timeoutMs)),
			),
		]);
		clearTimeout(startLimit);
		browser = await chromium.connectOverCDP(wsEndpoint, { timeout: timeoutMs });
		const context = await browser.newContext({
			viewport: { width, height },
			deviceScaleFactor: 1,
			colorScheme: 'light',
			locale: 'en-US',
			timezoneId: 'UTC',
		});
		const page = await context.newPage();
		return { context, page, pid: child.pid, stop };
	} catch (error) {
		clearTimeout(startLimit);
		await stop();
		throw new Error(
			`${(error as Error).message}\n--- Chromium output (end) ---\n${output.slice(-3000)}`,
		);
	}
}
