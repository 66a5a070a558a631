/**
 * Jest globalSetup of the end-to-end tests (jest.e2e.config.js): the slow, shared preparation, once per run and
 * outside the tests' time limits — install n8n if it is not yet in the cache, build and pack this package. The
 * tests read the tarball's path from LOOPS_E2E_TARBALL.
 */
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- test set-up, never shipped
import path from 'path';

import { buildPackage, packPackage, provisionN8n } from '../../scripts/n8n/harness';

export default async function globalSetup(): Promise<void> {
	const startedAt = Date.now();
	const say = (text: string) =>
		// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test set-up output
		process.stderr.write(`[e2e] ${text} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)\n`);
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test set-up output
	process.stderr.write('\n');
	const n8n = await provisionN8n();
	say(`n8n ${n8n.version} on Node ${n8n.node.version} ready`);
	await buildPackage();
	const tarball = await packPackage();
	say(`built and packed ${path.basename(tarball)}`);
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- handed to the test files
	process.env.LOOPS_E2E_TARBALL = tarball;
}
