/**
 * Calls the Loops node's load-options methods the way the n8n editor's backend does when a dropdown opens:
 * n8n-core's LoadOptionsContext over a one-node workflow, with the node's current parameters in
 * `additionalData.currentNodeParameters` and the credential resolved through a credentials helper.
 *
 * The credentials helper is a minimal copy of the one in ./n8n.ts (that file's helper is not exported):
 * credentials by id, the credential type's generic `authenticate` headers resolved with $credentials.
 */
import { LoadOptionsContext } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeParameters,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
	type Workflow as WorkflowType,
} from 'n8n-workflow';

import { LoopsApi } from '../../credentials/LoopsApi.credentials';
import { Loops } from '../../nodes/Loops/Loops.node';
import { LOOPS_NODE_TYPE, type LoopsCredential } from './n8n';

const loopsApi = new LoopsApi();

class LoadOptionsCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credential: LoopsCredential) {
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
		if (typeName !== loopsApi.name || !workflow || !node) return requestOptions;
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		for (const [name, value] of Object.entries(loopsApi.authenticate.properties.headers ?? {})) {
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
		throw new Error('not used by load options');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { ...this.credential };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties() {
		return loopsApi.properties;
	}
}

class SingleNodeTypes implements INodeTypes {
	constructor(private readonly nodeType: INodeType) {}

	getByName(): INodeType {
		return this.nodeType;
	}

	getByNameAndVersion(): INodeType {
		return this.nodeType;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export type LoadOptionsMethod =
	| 'getMailingLists'
	| 'getCustomProperties'
	| 'getTransactionalEmails'
	| 'getDataVariables';

/**
 * Opens the dropdown filled by `method` for a Loops node whose form holds `parameters`.
 * `path` is the parameter's path (what the editor sends), e.g. 'additionalFields.mailingLists.list[0].id'.
 */
export async function loadOptions(
	method: LoadOptionsMethod,
	options: { credential: LoopsCredential; parameters: INodeParameters; path?: string },
): Promise<INodePropertyOptions[]> {
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
		nodeTypes: new SingleNodeTypes(nodeType),
	});
	const additionalData = {
		credentialsHelper: new LoadOptionsCredentialsHelper(options.credential),
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
	const loader = nodeType.methods.loadOptions[method];
	return await loader.call(context);
}
