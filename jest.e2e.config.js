/**
 * End-to-end tests in a real n8n (test/e2e): `npm run test:e2e`. They drive n8n through scripts/n8n/harness.ts;
 * globalSetup installs n8n into the cache on first use and packs the package once for every test file.
 */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/setup-env.js'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
	},
	// one n8n at a time: 2 cores
	maxWorkers: 1,
	// a bound for a run that hangs, not an expectation: a busy CI machine is slow, and a slow pass is still a pass
	testTimeout: 10 * 60_000,
	slowTestThreshold: 60,
};
