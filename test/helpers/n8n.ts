/**
 * Runs the Loops node the way n8n runs it: n8n-core's WorkflowExecute (the engine behind every
 * execution) drives the declarative description through n8n-core's RoutingNode, with the same HTTP
 * helpers, Continue On Fail and Retry On Fail handling as a real instance. Only the parts a server
 * provides (credential storage, lifecycle hooks) are stood in for here.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
	NodeConnectionTypes,
	NodeHelpers,
	type Workflow as WorkflowType,
	Workflow,
} from 'n8n-workflow';

import { LoopsApi } from '../../credentials/LoopsApi.credentials';
import { Loops } from '../../nodes/Loops/Loops.node';

export const LOOPS_NODE_TYPE = 'n8n-nodes-loops-so.loops';
const WAIT_NODE_TYPE = 'test.wait';

/**
 * A Wait node as n8n's own waits: it puts the execution to wait (the execution ends its part with status
 * 'waiting' and is resumed later under its id: `RunOptions.resumeOf`), then passes its items on.
 */
class WaitNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wait',
		name: 'wait',
		group: ['transform'],
		version: 1,
		description: "Waits, as n8n's Wait node does",
		defaults: { name: 'Wait' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		usableAsTool: true, // n8n's lint asks every node class; this one is never a tool
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		await this.putExecutionToWait(new Date(Date.now() + 3_600_000));
		return [this.getInputData()];
	}
}

const credentialTypes: Record<string, ICredentialType> = { loopsApi: new LoopsApi() };

export type LoopsCredential = { apiKey: string; baseUrl: string };

/** Stands in for n8n's credential store: credentials by id, authenticated the way n8n's helper does. */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly byId: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: WorkflowType,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic' || !workflow || !node)
			return requestOptions;
		// Like n8n's CredentialsHelper: resolve each header expression with $credentials in scope.
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		for (const [name, value] of Object.entries(authenticate.properties.headers ?? {})) {
			headers[name] = workflow.expression.getParameterValue(
				value as string,
				null,
				0,
				0,
				node.name,
				[],
				'internal',
				{ $credentials: credentials },
			) as string;
		}
		return { ...requestOptions, headers };
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by declarative nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
	): Promise<ICredentialDataDecryptedObject> {
		const data = nodeCredentials.id ? this.byId[nodeCredentials.id] : undefined;
		if (!data) throw new Error(`No test credential with id ${nodeCredentials.id}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(typeName: string) {
		return credentialTypes[typeName]?.properties ?? [];
	}
}

export class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(nodeType: string): INodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface LoopsNodeSpec {
	name?: string;
	/** A Wait node at this place instead of a Loops node (its other settings are ignored). */
	wait?: true;
	parameters: INodeParameters;
	/** Credential id (a key of `credentials`); defaults to the first one. */
	credential?: string;
	/** n8n's "On Error: Continue" setting (the same as `onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/**
	 * n8n's "On Error" setting: 'continueErrorOutput' gives the node a second output that takes the failed items
	 * (read it in `RunResult.errorOutputs`).
	 */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** n8n's "Retry On Fail" setting. */
	retryOnFail?: { maxTries: number; waitBetweenTries?: number };
	/** n8n's "Execute Once" setting: the node runs for the first input item only. */
	executeOnce?: boolean;
	/** n8n's "Always Output Data" setting: an empty item when the node outputs nothing. */
	alwaysOutputData?: boolean;
}

export interface RunOptions {
	credentials: Record<string, LoopsCredential>;
	/** Items fed into the first Loops node (default: one empty item, like a Manual Trigger). */
	items?: INodeExecutionData[];
	executionId?: string;
	/** The node type to run; the bench swaps in variants of the Loops node. */
	nodeType?: INodeType;
	/**
	 * Re-runs a failed execution the way n8n's "Retry" of an execution does (ExecutionService.retry in n8n's
	 * server): the same run data (node contexts included) without the failed node's error, in mode 'retry', under
	 * a new execution id.
	 */
	retryOf?: RunResult;
	/**
	 * Resumes an execution that went waiting (a Wait node) the way n8n's wait tracker does: its saved run data
	 * (node contexts included), under its own execution id.
	 */
	resumeOf?: RunResult;
	/** Cancels the execution when aborted, as n8n does when a user stops it. */
	signal?: AbortSignal;
}

export interface RunResult {
	run: IRun;
	/** Output items of each node, by node name (main output 0 of its last run). */
	outputs: Record<string, INodeExecutionData[]>;
	/** Items of each node's error output (main output 1, with "On Error: Continue (using error output)"). */
	errorOutputs: Record<string, INodeExecutionData[]>;
	executionId: string;
	/** The workflow's error, when a node failed the execution. */
	error?: Error & { description?: string | null; httpCode?: string | null };
}

let executionCounter = 0;

/** Runs Loops nodes one after another (each fed by the previous) as one n8n execution. */
export async function runLoopsWorkflow(
	specs: LoopsNodeSpec[],
	options: RunOptions,
): Promise<RunResult> {
	const credentialIds = Object.keys(options.credentials);
	const nodeType = options.nodeType ?? new Loops();
	const nodes: INode[] = specs.map((spec, index) => {
		const name = spec.name ?? `Loops ${index + 1}`;
		if (spec.wait) {
			return {
				id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
				name,
				type: WAIT_NODE_TYPE,
				typeVersion: 1,
				position: [index * 200, 0],
				parameters: {},
			};
		}
		const credentialId = spec.credential ?? credentialIds[0];
		const parameters = NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			spec.parameters,
			true,
			false,
			null,
			null,
		);
		return {
			id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
			name,
			type: LOOPS_NODE_TYPE,
			typeVersion: 1,
			position: [index * 200, 0],
			parameters: parameters ?? spec.parameters,
			credentials: { loopsApi: { id: credentialId, name: credentialId } },
			...(spec.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(spec.onError ? { onError: spec.onError } : {}),
			...(spec.executeOnce ? { executeOnce: true } : {}),
			...(spec.alwaysOutputData ? { alwaysOutputData: true } : {}),
			...(spec.retryOnFail
				? {
						retryOnFail: true,
						maxTries: spec.retryOnFail.maxTries,
						waitBetweenTries: spec.retryOnFail.waitBetweenTries ?? 0,
					}
				: {}),
		};
	});
	const connections = Object.fromEntries(
		nodes
			.slice(0, -1)
			.map((node, index) => [
				node.name,
				{ main: [[{ node: nodes[index + 1].name, type: 'main' as const, index: 0 }]] },
			]),
	);
	const workflow = new Workflow({
		id: 'loops-test-workflow',
		nodes,
		connections,
		active: false,
		nodeTypes: new TestNodeTypes({ [LOOPS_NODE_TYPE]: nodeType, [WAIT_NODE_TYPE]: new WaitNode() }),
	});

	const executionId =
		options.resumeOf?.executionId ?? options.executionId ?? `test-execution-${++executionCounter}`;
	const mode = options.retryOf ? 'retry' : 'manual';
	const hooks = new ExecutionLifecycleHooks(
		mode,
		executionId,
		{
			id: workflow.id,
			name: 'Loops test',
			active: false,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes,
			connections,
		} as never,
		options.retryOf?.executionId,
	);
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper(options.credentials),
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = options.retryOf
		? dataToRetry(options.retryOf)
		: options.resumeOf
			? (JSON.parse(JSON.stringify(options.resumeOf.run.data)) as IRun['data'])
			: createRunExecutionData({
					executionData: {
						nodeExecutionStack: [
							{ node: nodes[0], data: { main: [options.items ?? [{ json: {} }]] }, source: null },
						],
					},
				});
	const execution = new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	if (options.signal?.aborted) execution.cancel();
	else options.signal?.addEventListener('abort', () => execution.cancel(), { once: true });
	const run = await execution;
	const outputs: Record<string, INodeExecutionData[]> = {};
	const errorOutputs: Record<string, INodeExecutionData[]> = {};
	for (const [nodeName, taskData] of Object.entries(run.data.resultData.runData)) {
		outputs[nodeName] = taskData[taskData.length - 1]?.data?.main?.[0] ?? [];
		errorOutputs[nodeName] = taskData[taskData.length - 1]?.data?.main?.[1] ?? [];
	}
	return {
		run,
		outputs,
		errorOutputs,
		executionId,
		error: run.data.resultData.error as RunResult['error'],
	};
}

/**
 * What n8n's server hands the engine when a user retries a failed execution: the saved run data (serialised and
 * read back, as the database does), minus the error and the failed node's last run, which runs again.
 */
function dataToRetry(failed: RunResult) {
	const data = JSON.parse(JSON.stringify(failed.run.data)) as IRun['data'];
	const { lastNodeExecuted } = data.resultData;
	delete data.resultData.error;
	const runs = lastNodeExecuted ? data.resultData.runData[lastNodeExecuted] : undefined;
	if (runs && runs.length > 0 && runs[runs.length - 1].error !== undefined) runs.pop();
	return data;
}

/** Runs a single Loops node over `items` and returns its output items. */
export async function runLoopsNode(
	spec: LoopsNodeSpec,
	options: RunOptions,
): Promise<RunResult & { items: INodeExecutionData[] }> {
	const result = await runLoopsWorkflow([{ ...spec, name: 'Loops' }], options);
	return { ...result, items: result.outputs.Loops ?? [] };
}
