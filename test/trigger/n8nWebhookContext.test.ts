/**
 * webhook() through n8n-core's own WebhookContext (what n8n builds for every webhook call): real parameter
 * resolution with the description's defaults, real credential lookup through a credentials helper, and the request
 * and response objects n8n passes in `additionalData`.
 */
import { randomBytes } from 'crypto';
import { WebhookContext } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { LoopsWebhookApi } from '../../credentials/LoopsWebhookApi.credentials';
import { LoopsTrigger } from '../../nodes/LoopsTrigger/LoopsTrigger.node';
import { acceptedWebhookIds } from '../../nodes/LoopsTrigger/replay';
import { signWebhook } from '../emulator/webhooks';
import { fakeResponse } from '../helpers/fakeWebhookContext';

const NODE_TYPE = 'n8n-nodes-loops-so.loopsTrigger';
const secret = `whsec_${randomBytes(24).toString('base64')}`;
const trigger = new LoopsTrigger();

class CredentialsHelper extends ICredentialsHelper {
	getParentTypes(): string[] {
		return [];
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async authenticate(): Promise<never> {
		throw new Error('not used by the trigger');
	}
	async preAuthentication(): Promise<undefined> {
		return undefined;
	}
	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}
	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the trigger');
	}
	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { signingSecret: secret };
	}
	async updateCredentials(): Promise<void> {}
	async updateCredentialsOauthTokenData(): Promise<void> {}
	getCredentialsProperties() {
		return new LoopsWebhookApi().properties;
	}
}

const nodeTypes: INodeTypes = {
	getByName: () => trigger as INodeType,
	getByNameAndVersion: () => trigger as INodeType,
	getKnownTypes: () => ({}),
};

function contextFor(parameters: INodeParameters, body: string, headers: Record<string, string>) {
	const node: INode = {
		id: '00000000-0000-4000-8000-000000000001',
		name: 'Loops Trigger',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'c5b0a7b4-1c4e-4a59-9b3c-000000000001',
		// As the editor saves it: the description's defaults filled in.
		parameters:
			NodeHelpers.getNodeParameters(
				trigger.description.properties,
				parameters,
				true,
				false,
				null,
				null,
			) ?? parameters,
		credentials: { loopsWebhookApi: { id: '1', name: 'Loops webhook' } },
	};
	const workflow = new Workflow({
		id: 'loops-trigger-test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
	});
	const response = fakeResponse();
	const request = {
		headers: { 'content-type': 'application/json', ...headers },
		body: (() => {
			try {
				return JSON.parse(body) as IDataObject;
			} catch {
				return {};
			}
		})(),
		rawBody: Buffer.from(body),
		params: {},
		query: {},
	};
	const additionalData = {
		credentialsHelper: new CredentialsHelper(),
		httpRequest: request,
		httpResponse: response,
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: `${node.webhookId}/loops`,
		webhookDescription: trigger.description.webhooks![0],
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	} as IWebhookData;
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		'webhook',
		webhookData,
		[],
		null,
	);
	return { context, response };
}

function signed(
	payload: object | string,
	id = `msg_${randomBytes(6).toString('hex')}`,
	timestamp = Math.floor(Date.now() / 1000),
) {
	const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
	return {
		body,
		headers: {
			'webhook-id': id,
			'webhook-timestamp': String(timestamp),
			'webhook-signature': signWebhook(secret, id, timestamp, body),
		},
	};
}

const clicked = {
	eventName: 'email.clicked',
	webhookSchemaVersion: '1.0.0',
	eventTime: 1734425918,
};

beforeEach(() => acceptedWebhookIds.clear());

describe('Loops Trigger inside n8n-core WebhookContext', () => {
	it('a node saved with no events selected (the default) runs for any event', async () => {
		const { body, headers } = signed(clicked);
		const { context, response } = contextFor({}, body, headers);
		expect(await trigger.webhook.call(context)).toEqual({ workflowData: [[{ json: clicked }]] });
		expect(response.statusCode).toBeUndefined();
	});

	it('a node filtering on other events acknowledges without running', async () => {
		const { body, headers } = signed(clicked);
		const { context } = contextFor({ events: ['contact.created'] }, body, headers);
		const result = await trigger.webhook.call(context);
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toEqual({
			received: true,
			ignored: true,
			eventName: 'email.clicked',
		});
	});

	it('an unsigned delivery gets 401', async () => {
		const { body, headers } = signed(clicked);
		const { context, response } = contextFor({}, body, { ...headers, 'webhook-signature': '' });
		expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
	});
});

describe('Loops Trigger: a delivery it already accepted (same webhook-id)', () => {
	const run = async (delivery: { body: string; headers: Record<string, string> }) => {
		const { context, response } = contextFor({}, delivery.body, delivery.headers);
		return { result: await trigger.webhook.call(context), response };
	};

	it('re-sent by Loops after a lost 200 (new timestamp and signature): 200 and no new execution', async () => {
		const now = Math.floor(Date.now() / 1000);
		const first = await run(signed(clicked, 'msg_lost_200', now - 40));
		expect(first.result.workflowData).toEqual([[{ json: clicked }]]);

		const resent = await run(signed(clicked, 'msg_lost_200', now));
		expect(resent.result).toEqual({ webhookResponse: { received: true, duplicate: true } });
		expect(resent.response.statusCode).toBeUndefined(); // n8n answers 200 with webhookResponse
	});

	it('replayed byte for byte within the 5 minutes: 200 and no new execution', async () => {
		const delivery = signed(clicked);
		expect((await run(delivery)).result.workflowData).toHaveLength(1);
		const replay = await run(delivery);
		expect(replay.result).toEqual({ webhookResponse: { received: true, duplicate: true } });
	});

	it('a signed body that is not a JSON object is refused (400) and not remembered: its retry gets 400 again', async () => {
		const now = Math.floor(Date.now() / 1000);
		const first = await run(signed('["not", "an", "object"]', 'msg_array', now - 40));
		expect(first.response.statusCode).toBe(400);
		const retry = await run(signed('["not", "an", "object"]', 'msg_array', now));
		expect(retry.result).toEqual({ noWebhookResponse: true });
		expect(retry.response.statusCode).toBe(400);
	});
});
