/** Jest globalTeardown of the end-to-end tests: removes the tarball globalSetup.ts packed. */
import { removePackedPackage } from '../../scripts/n8n/harness';

export default async function globalTeardown(): Promise<void> {
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- set by globalSetup.ts
	const tarball = process.env.LOOPS_E2E_TARBALL;
	if (tarball) removePackedPackage(tarball);
}
