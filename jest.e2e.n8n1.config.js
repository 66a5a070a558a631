/**
 * The same end-to-end tests (test/e2e, jest.e2e.config.js) against n8n 1.x: `npm run test:e2e:n8n1`.
 * LOOPS_N8N_LINE picks the n8n line for the global setup and every test file (scripts/n8n/provision.ts); it is set
 * here rather than in the npm script so that the command is the same on every OS.
 */
process.env.LOOPS_N8N_LINE = '1';

module.exports = require('./jest.e2e.config.js');
