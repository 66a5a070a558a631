/**
 * End-to-end tests in a real n8n (test/e2e): `npm run test:e2e`.
 *
 * They load the harness (scripts/n8n/*.mjs, ES modules) with `await import()`, so Jest runs with Node's
 * --experimental-vm-modules, and ts-jest leaves `import()` alone (module node16, transpile only). Type-checking of
 * test/e2e is `tsc --noEmit` (tsconfig.json), as for the rest of test/.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/setup-env.js'],
	globalSetup: '<rootDir>/scripts/n8n/jest-global-setup.mjs',
	globalTeardown: '<rootDir>/scripts/n8n/jest-global-teardown.mjs',
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			{
				tsconfig: { module: 'node16', moduleResolution: 'node16', isolatedModules: true },
				diagnostics: { ignoreCodes: [151002] },
			},
		],
	},
	// one n8n at a time: 2 cores
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
	slowTestThreshold: 60,
};
