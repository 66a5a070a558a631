// Jest globalSetup of the end-to-end tests (jest.e2e.config.js): the slow, shared preparation, once per run and
// outside the tests' time limits — install n8n if it isn't yet (.cache/n8n), build and pack this package.
// The tests read the tarball's path from LOOPS_E2E_TARBALL.
import path from 'node:path';

import { buildPackage, N8N_VERSION, packPackage, provisionN8n } from './harness.mjs';

export default async function globalSetup() {
	const t0 = Date.now();
	const say = (s) => process.stderr.write(`[e2e] ${s} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
	process.stderr.write('\n');
	await provisionN8n();
	say(`n8n ${N8N_VERSION} ready`);
	await buildPackage();
	const tarball = await packPackage();
	say(`built and packed ${path.basename(tarball)}`);
	process.env.LOOPS_E2E_TARBALL = tarball;
}
