/**
 * Calls the Loops node's load-options and list-search methods the way the n8n editor's backend does when a
 * dropdown or a resource locator's list opens:
 * n8n-core's LoadOptionsContext over a one-node workflow, with the node's current parameters in
 * `additionalData.currentNodeParameters` and the credential resolved through the tests' credentials
 * helper (./n8n.ts).
 */
import { LoadOptionsContext } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type INode,
	type INodeListSearchResult,
	type INodeParameters,
	type INodePropertyOptions,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { Loops } from '../../nodes/Loops/Loops.node';
import { LOOPS_NODE_TYPE, TestCredentialsHelper, TestNodeTypes, type LoopsCredential } from './n8n';

export type LoadOptionsMethod = keyof Loops['methods']['loadOptions'];
export type ListSearchMethod = keyof Loops['methods']['listSearch'];

interface OpenOptions {
	credential: LoopsCredential;
	parameters: INodeParameters;
	/** The parameter's path (what the editor sends), e.g. 'additionalFields.mailingLists.list[0].id'. */
	path?: string;
}

/** Opens the dropdown filled by `method` for a Loops node whose form holds `parameters`. */
export async function loadOptions(
	method: LoadOptionsMethod,
	options: OpenOptions,
): Promise<INodePropertyOptions[]> {
	const { nodeType, context } = editorContext(method, options);
	return await nodeType.methods.loadOptions[method].call(context);
}

/** Opens the "From List" of a resource locator searched by `method`, with `filter` typed in its search box. */
export async function listSearch(
	method: ListSearchMethod,
	options: OpenOptions & { filter?: string },
): Promise<INodeListSearchResult> {
	const { nodeType, context } = editorContext(method, options);
	return await nodeType.methods.listSearch[method].call(context, options.filter);
}

function editorContext(method: string, options: OpenOptions) {
	const nodeType = new Loops();
	const parameters =
		NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			options.parameters,
			true,
			false,
			null,
			null,
		) ?? options.parameters;
	const node: INode = {
		id: '00000000-0000-4000-8000-000000000000',
		name: 'Loops',
		type: LOOPS_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { loopsApi: { id: 'main', name: 'main' } },
	};
	const workflow = new Workflow({
		id: 'loops-load-options',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes({ [LOOPS_NODE_TYPE]: nodeType }),
	});
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper({ main: options.credential }),
		currentNodeParameters: parameters,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path ?? method);
	return { nodeType, context };
}
