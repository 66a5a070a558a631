/**
 * The Loops node as an AI tool in a real n8n, headless. The node sets `usableAsTool`, so n8n generates a tool
 * variant of it, node type `n8n-nodes-loops-so.loopsTool` (n8n's `convertNodeToAiTool`: name + "Tool", no inputs,
 * one `ai_tool` output). Example 05 connects it to n8n's hidden Tool Executor node, which runs a tool without an
 * AI Agent (no LLM here): the Tool Executor's query plays the agent and supplies the `$fromAI()` parameters under
 * the tool's name, which n8n derives from the node name ("Send Loops Event" → `Send_Loops_Event`). n8n 1.x's Tool
 * Executor takes the arguments as its whole query instead: the harness imports the example in that form there
 * (workflowForLine in scripts/n8n/harness.ts), and everything below holds on both lines.
 */
import type { LoopsEmulator } from '../emulator';

import * as ex from '../../scripts/n8n/examples';
import * as h from '../../scripts/n8n/harness';

import { eventSent, exampleHome, received, startEmulator } from './harness';

let emulator: LoopsEmulator;
let home: h.N8nHome;

const TOOL_NODE = 'Send Loops Event';

beforeAll(async () => {
	emulator = await startEmulator();
	home = await exampleHome(emulator, [ex.examplePath(ex.EXAMPLES.aiTool)]);
}, 10 * 60_000);

afterAll(async () => {
	await emulator?.close();
	if (home) h.removeN8nHome(home);
});

beforeEach(() => emulator.reset());

describe('example 05: Manual Trigger → Tool Executor ← Loops Tool (Send Event, email and event name from $fromAI)', () => {
	it('is wired to the tool variant n8n generates from usableAsTool', () => {
		const workflow = ex.loadExample(ex.EXAMPLES.aiTool);
		const node = (name: string) => workflow.nodes.find((n: { name: string }) => n.name === name);
		const tool = node(TOOL_NODE);
		expect(tool.type).toBe(`${h.NODE_TYPE}Tool`);
		expect(tool.type).toBe('n8n-nodes-loops-so.loopsTool');
		expect(workflow.connections[TOOL_NODE]).toEqual({
			ai_tool: [[{ node: 'Tool Executor', type: 'ai_tool', index: 0 }]],
		});
		// the query names the tool as n8n does: the node name with every run of other characters made "_"
		expect(node('Tool Executor').type).toBe('@n8n/n8n-nodes-langchain.toolExecutor');
		expect(Object.keys(JSON.parse(node('Tool Executor').parameters.query))).toEqual([
			'Send_Loops_Event',
		]);
	});

	it('runs the installed package’s Loops Tool with the agent’s arguments and hands Loops’ answer back', async () => {
		const result = await h.executeSuccessfully(home, ex.EXAMPLES.aiTool.id);
		expect(result.lastNode).toBe('Tool Executor');

		// exactly one event, with the account's key and the values the "agent" gave to $fromAI()
		expect(received(emulator.requests)).toEqual([
			eventSent({ email: 'agent@example.com', eventName: 'aiSignup' }),
		]);
		const [request] = emulator.requests;
		expect(request?.status).toBe(200);
		expect(request?.headers['content-type']).toBe('application/json');
		// run as a tool, the node still derives its own Idempotency-Key: n8n- + base64url of a SHA-256
		expect(request?.headers['idempotency-key']).toMatch(/^n8n-[A-Za-z0-9_-]{43}$/);
		expect(emulator.account(ex.API_KEYS.account).events).toEqual([
			expect.objectContaining({ eventName: 'aiSignup', email: 'agent@example.com' }),
		]);

		// the tool ran as a sub-node of the Tool Executor: its input is the agent's arguments, its output (on the
		// ai_tool connection, not main) the node's items — only n8n's generated tool variant runs this way
		const toolRuns = result.run.data.resultData.runData[TOOL_NODE];
		expect(toolRuns).toHaveLength(1);
		expect(toolRuns[0]).toEqual(
			expect.objectContaining({
				executionStatus: 'success',
				source: [{ previousNode: 'Tool Executor', previousNodeRun: 0 }],
				inputOverride: {
					ai_tool: [[{ json: { email: 'agent@example.com', eventName: 'aiSignup' } }]],
				},
				data: { ai_tool: [[{ json: { response: [{ success: true }] } }]] },
			}),
		);

		// the tool answers the agent with its items as a JSON string, which the Tool Executor outputs as is:
		// its one item's `json` is that string
		expect(result.items).toEqual({
			Start: [{}],
			[TOOL_NODE]: [],
			'Tool Executor': ['[{"success":true}]'],
		});
		expect(JSON.parse(result.items['Tool Executor']?.[0] as string)).toEqual([{ success: true }]);
	});
});
