/* eslint-disable @n8n/community-nodes/require-node-api-error -- dev script: failures surface as plain errors */
/**
 * A served n8n editor with this package installed, the examples imported and credentials pointing at a Loops
 * emulator: what `npm run editor` shows a person, and what a browser test drives.
 */
import type { LoopsEmulator } from '../../test/emulator';
import { EXAMPLES, exampleCredentials, examplePath } from './examples';
import { importCredentials, importWorkflows, publishWorkflow } from './n8nCli';
import { createN8nHome, removeN8nHome, type N8nHome } from './n8nHome';
import { startN8n, type RunningN8n } from './n8nServer';
import { buildAndPack, removePackedPackage } from './package';
import { provisionN8n } from './provision';
import { ownerSession, type RestClient } from './rest';

export interface EditorSession {
	n8n: RunningN8n;
	home: N8nHome;
	/** n8n's REST API, signed in as the owner (OWNER). */
	rest: RestClient;
	stop(options?: { keep?: boolean }): Promise<void>;
}

export async function startEditor(options: {
	emulator: LoopsEmulator;
	port?: number;
	maxLifetimeMs?: number;
	/** A tarball already packed (the e2e global setup's); else the package is built and packed here. */
	tarball?: string;
	signingSecret?: string;
}): Promise<EditorSession> {
	await provisionN8n();
	const tarball = options.tarball ?? (await buildAndPack());
	const home = await createN8nHome({ tarball, prefix: 'n8n-nodes-loops-so-editor-' });
	if (!options.tarball) removePackedPackage(tarball);
	try {
		await importCredentials(
			home,
			exampleCredentials({
				baseUrl: options.emulator.url,
				...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
			}),
		);
		await importWorkflows(home, Object.values(EXAMPLES).map(examplePath));
		// the webhook examples run on their production URLs: publish them
		await publishWorkflow(home, EXAMPLES.webhookToEvent.id);
		await publishWorkflow(home, EXAMPLES.loopsTrigger.id);
		const n8n = await startN8n(home, { port: options.port, maxLifetimeMs: options.maxLifetimeMs });
		const rest = await ownerSession(n8n);
		return {
			n8n,
			home,
			rest,
			async stop({ keep = false } = {}) {
				await n8n.stop();
				if (!keep) removeN8nHome(home);
			},
		};
	} catch (error) {
		removeN8nHome(home);
		throw error;
	}
}
