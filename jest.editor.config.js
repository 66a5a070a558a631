/**
 * The browser test of the n8n editor (test/editor): `npm run test:editor`. A real n8n 2.41.1 served with the
 * package installed, driven in Debian's Chromium through playwright-core. globalSetup installs Chromium when
 * missing (as root), n8n into the cache on first use, and packs the package once.
 */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/editor'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/setup-env.js'],
	globalSetup: '<rootDir>/test/editor/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
	},
	maxWorkers: 1,
	// a bound for a run that hangs, not an expectation: a busy CI machine is slow, and a slow pass is still a pass
	testTimeout: 10 * 60_000,
	slowTestThreshold: 120,
};
