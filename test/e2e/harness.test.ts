/**
 * The real-n8n harness itself, where the benchmark and the tests depend on how it reads n8n: a failed
 * `n8n execute` still yields the run n8n printed (the failing node's run data and error), although n8n prints
 * "Error executing workflow…" and the error's stack after it. How n8n's process ended is not asserted: n8n 1.x
 * under Node 24 can crash on its way out (SIGSEGV instead of exit 1) after printing the run.
 */
import * as h from '../../scripts/n8n/harness';

let home: h.N8nHome;

beforeAll(async () => {
	home = await h.createN8nHome();
}, 10 * 60_000);

afterAll(() => {
	if (home) h.removeN8nHome(home);
});

describe('executeWorkflow', () => {
	it('parses the run of a failed execution', async () => {
		const closedPort = await h.freePort();
		const id = await h.importWorkflow(home, {
			id: 'HarnessFailedRun',
			name: 'Harness: a run that fails',
			active: false,
			settings: { executionOrder: 'v1' },
			pinData: {},
			nodes: [
				{
					id: 'c0000000-0000-4000-8000-000000000000',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'c0000000-0000-4000-8000-000000000001',
					name: 'Fetch',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [200, 0],
					parameters: { url: `http://127.0.0.1:${closedPort}/nothing`, options: {} },
				},
			],
			connections: { Start: { main: [[{ node: 'Fetch', type: 'main', index: 0 }]] } },
		});

		const result = await h.executeWorkflow(home, id);

		expect(result.ok).toBe(false);
		expect(result.run.data.resultData.error).toBeDefined();
		expect(result.lastNode).toBe('Fetch');
		const task = result.run.data.resultData.runData.Fetch[0];
		expect(task.executionStatus).toBe('error');
		expect(task.startTime).toEqual(expect.any(Number));
		expect(task.executionTime).toEqual(expect.any(Number));
		expect(result.error.message).toMatch(/refused/i);
	});
});
