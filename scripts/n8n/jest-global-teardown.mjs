// Jest globalTeardown of the end-to-end tests: removes the packed tarball made by jest-global-setup.mjs.
import fs from 'node:fs';
import path from 'node:path';

export default async function globalTeardown() {
	const tarball = process.env.LOOPS_E2E_TARBALL;
	if (tarball && path.basename(path.dirname(tarball)).startsWith('n8n-nodes-loops-pack-')) {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}
