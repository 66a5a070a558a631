import { ExecuteSingleContext, LoadOptionsContext } from 'n8n-core';
import {
	WorkflowExpression,
	type DeclarativeRestApiSettings,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { loopsError } from '../../nodes/Loops/shared/errors';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * The n8n internals the node relies on (docs/n8n-internals.md), each seen here through n8n-core's own
 * engine: a minimal declarative node records what RoutingNode hands it. These break first on an n8n
 * upgrade; the node's behaviour tests say what breaks with them.
 */

const loops = useLoopsEmulator({ rateLimit: 0 });

const seen: {
	executorContexts: object[];
	postReceiveContexts: object[];
	cancelSignals: Array<AbortSignal | undefined>;
	finishHandlers: string[];
} = { executorContexts: [], postReceiveContexts: [], cancelSignals: [], finishHandlers: [] };

type Executor = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/** A declarative node with one operation whose executor (the `pagination` hook) is `execute`. */
function probeNode(execute: Executor): INodeType {
	return {
		description: {
			displayName: 'Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description: 'Records what RoutingNode hands a declarative node',
			defaults: { name: 'Probe' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'loopsApi', required: true }],
			requestDefaults: { baseURL: '={{$credentials.baseUrl}}' },
			requestOperations: { pagination: execute },
			properties: [
				{
					displayName: 'Operation',
					name: 'operation',
					type: 'options',
					noDataExpression: true,
					default: 'probe',
					options: [
						{
							name: 'Probe',
							value: 'probe',
							routing: {
								request: { method: 'GET', url: '/v1/api-key' },
								send: { paginate: true },
								output: {
									postReceive: [
										async function (this: IExecuteSingleFunctions, items: INodeExecutionData[]) {
											seen.postReceiveContexts.push(this);
											return items;
										},
									],
								},
							},
						},
					],
				},
			],
		},
	};
}

async function runProbe(execute: Executor, items = 2) {
	return await runLoopsNode(
		{ parameters: { operation: 'probe' }, continueOnFail: true },
		{
			credentials: { main: loops.credential() },
			items: Array.from({ length: items }, (_, index) => ({ json: { index } })),
			nodeType: probeNode(execute),
		},
	);
}

beforeEach(() => {
	seen.executorContexts = [];
	seen.postReceiveContexts = [];
	seen.cancelSignals = [];
	seen.finishHandlers = [];
});

describe('RoutingNode and a declarative node', () => {
	it("runs postReceive with the item's context, of which the executor's context is a child (transport.ts: slotOfItem)", async () => {
		await runProbe(async function (requestData) {
			seen.executorContexts.push(this);
			return await this.makeRoutingRequest(requestData);
		});
		expect(seen.executorContexts).toHaveLength(2);
		expect(seen.postReceiveContexts).toHaveLength(2);
		seen.executorContexts.forEach((context, index) => {
			expect(Object.getPrototypeOf(context)).toBe(seen.postReceiveContexts[index]);
		});
		expect(seen.postReceiveContexts[0]).not.toBe(seen.postReceiveContexts[1]); // one per item
	});

	it("rewords any error whose statusCode is 429, so loopsError drops statusCode to keep Loops' own words", async () => {
		const raw = await runProbe(async function () {
			throw Object.assign(new Error('Loops said: Rate limit exceeded.'), { statusCode: 429 });
		}, 1);
		expect(raw.items[0]?.error?.message).toBe(
			"Try spacing your requests out using the batching settings under 'Options'",
		);

		const ours = await runProbe(async function () {
			throw loopsError(
				this,
				new Error('429'),
				{ status: 429, loopsMessage: 'Rate limit exceeded.' },
				8,
			);
		}, 1);
		expect(ours.items[0]?.error?.message).toBe(
			'Loops did not accept the request after 8 attempts; last answer: 429 "Rate limit exceeded."',
		);
	});

	it("gives a declarative node's items no execution cancel signal, but the execution-finish hook (transport.ts: queueOf)", async () => {
		await runProbe(async function (requestData) {
			seen.cancelSignals.push(this.getExecutionCancelSignal());
			const onFinish = (this as { onExecutionFinish?: (handler: () => unknown) => void })
				.onExecutionFinish;
			if (typeof onFinish === 'function')
				onFinish.call(this, () => seen.finishHandlers.push('finished'));
			return await this.makeRoutingRequest(requestData);
		});
		// n8n 2.x builds the context of a declarative node without the execution's abort signal
		// (WorkflowExecute.executeDeclarativeNodeInTest): cancellation reaches the node only through the
		// execution's end, which test/pacing/priority.test.ts cancels for real.
		expect(seen.cancelSignals).toEqual([undefined, undefined]);
		expect(seen.finishHandlers).toEqual(['finished', 'finished']);
	});

	it('tells a dropdown from an execution by the cancel signal getter (transport.ts: queueOf)', () => {
		expect('getExecutionCancelSignal' in LoadOptionsContext.prototype).toBe(false);
		expect('getExecutionCancelSignal' in ExecuteSingleContext.prototype).toBe(true);
	});

	it('evaluates every declaration of a parameter name for every item (shared/fields.ts, resources/optionalFields.ts)', async () => {
		const evaluations = new Map<string, number>();
		const original = WorkflowExpression.prototype.getParameterValue;
		const evaluate = jest
			.spyOn(WorkflowExpression.prototype, 'getParameterValue')
			.mockImplementation(function (
				this: WorkflowExpression,
				...args: Parameters<typeof original>
			) {
				const [value] = args;
				if (typeof value === 'string') evaluations.set(value, (evaluations.get(value) ?? 0) + 1);
				return original.apply(this, args);
			});
		try {
			const items = 4;
			await runLoopsNode(
				{
					parameters: {
						resource: 'event',
						operation: 'send',
						email: '={{ $json.email }}',
						eventName: '={{ $json.name }}',
					},
				},
				{
					credentials: { main: loops.credential() },
					items: Array.from({ length: items }, (_, index) => ({
						json: { email: `buyer${index}@example.com`, name: 'purchase' },
					})),
				},
			);
			// Measured with n8n-core 2.41.1 and the declarations as they are: a mapped email costs 9
			// evaluations an item (two per declaration of `email`, four of them since Transactional Email →
			// Create, which has no recipient, needed its own; one by the node's hook), a mapped event name 4.
			// More means a declaration was added, or n8n evaluates differently: both show in the benchmark's
			// "first req s".
			expect((evaluations.get('={{ $json.email }}') ?? 0) / items).toBe(9);
			expect((evaluations.get('={{ $json.name }}') ?? 0) / items).toBe(4);
		} finally {
			evaluate.mockRestore();
		}
	});
});
