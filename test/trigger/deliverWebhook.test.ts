/**
 * deliverWebhook() over real HTTP, into the trigger's webhook() behind a tiny server that answers the way n8n does
 * (noWebhookResponse: the node answered; webhookResponse: 200 with it; workflowData: 200 and an execution).
 */
import { randomBytes } from 'crypto';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- test-only HTTP server standing in for n8n's webhook endpoint
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- test-only: the address type of that server
import type { AddressInfo } from 'net';
import type { INodeExecutionData } from 'n8n-workflow';

import { LoopsTrigger } from '../../nodes/LoopsTrigger/LoopsTrigger.node';
import { acceptedWebhookIds } from '../../nodes/LoopsTrigger/replay';
import { deliverWebhook, signWebhook } from '../emulator/webhooks';
import { fakeWebhookContext, type FakeResponse } from '../helpers/fakeWebhookContext';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const events: string[] = ['email.clicked', 'testing.testEvent'];
const executions: INodeExecutionData[][][] = [];
let server: Server;
let url: string;

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function responseFor(res: ServerResponse): FakeResponse {
	const response: FakeResponse = {
		statusCode: undefined,
		body: undefined,
		status(code) {
			response.statusCode = code;
			res.statusCode = code;
			return response;
		},
		json(body) {
			response.body = body;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(body));
			return response;
		},
		send(body) {
			response.body = body;
			res.end(String(body));
			return response;
		},
		end() {
			res.end();
			return response;
		},
	};
	return response;
}

beforeAll(async () => {
	const node = new LoopsTrigger();
	server = createServer((req, res) => {
		void (async () => {
			const rawBody = await readBody(req);
			let body = {};
			try {
				body = JSON.parse(rawBody.toString('utf8')) as object;
			} catch {
				body = {};
			}
			const fake = fakeWebhookContext({
				signingSecret: secret,
				events,
				request: { rawBody, body, headers: req.headers },
				response: responseFor(res),
			});
			const result = await node.webhook.call(fake.context);
			if (result.noWebhookResponse) return;
			res.setHeader('content-type', 'application/json');
			if (result.workflowData) {
				executions.push(result.workflowData);
				res.end(JSON.stringify({ message: 'Workflow was started' }));
			} else {
				res.end(JSON.stringify(result.webhookResponse ?? { message: 'Webhook call received' }));
			}
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/abc/loops`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	executions.length = 0;
	acceptedWebhookIds.clear();
});

const clicked = {
	eventName: 'email.clicked',
	eventTime: 1734425918,
	webhookSchemaVersion: '1.0.0',
};

describe('deliverWebhook → Loops Trigger', () => {
	it('a signed delivery gets 200 and starts one execution with the payload', async () => {
		const reply = await deliverWebhook(url, secret, clicked);
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({ message: 'Workflow was started' });
		expect(executions).toEqual([[[{ json: clicked }]]]);
		expect(reply.sent.headers['webhook-signature']).toBe(
			signWebhook(secret, reply.sent.id, reply.sent.timestamp, reply.sent.body),
		);
	});

	it('the same id again (a replay, or Loops re-sending with a new timestamp) gets 200 and starts nothing', async () => {
		const first = await deliverWebhook(url, secret, clicked);
		const replay = await deliverWebhook(url, secret, clicked, {
			id: first.sent.id,
			timestamp: first.sent.timestamp,
		});
		const resend = await deliverWebhook(url, secret, clicked, { id: first.sent.id });
		expect([replay.status, resend.status]).toEqual([200, 200]);
		expect(replay.json).toEqual({ received: true, duplicate: true });
		expect(resend.json).toEqual({ received: true, duplicate: true });
		expect(executions).toHaveLength(1);
	});

	it('unsigned, tampered, wrong secret and stale deliveries get 401 and start nothing', async () => {
		const wrongSecret = `whsec_${randomBytes(24).toString('base64')}`;
		const replies = await Promise.all([
			deliverWebhook(url, secret, clicked, { signatureHeader: null }),
			deliverWebhook(url, secret, clicked, {
				signedBody: JSON.stringify({ ...clicked, eventTime: 1 }),
			}),
			deliverWebhook(url, wrongSecret, clicked),
			deliverWebhook(url, secret, clicked, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
		]);
		expect(replies.map((reply) => reply.status)).toEqual([401, 401, 401, 401]);
		expect(replies.map((reply) => (reply.json as { reason: string }).reason)).toEqual([
			'missing-headers',
			'no-matching-signature',
			'no-matching-signature',
			'stale-timestamp',
		]);
		expect(executions).toHaveLength(0);
	});

	it('several signatures in one header: one valid is enough', async () => {
		const id = 'msg_multi';
		const timestamp = Math.floor(Date.now() / 1000);
		const body = JSON.stringify(clicked);
		const other = signWebhook(`whsec_${randomBytes(24).toString('base64')}`, id, timestamp, body);
		const reply = await deliverWebhook(url, secret, clicked, {
			id,
			timestamp,
			signatureHeader: `${other} ${signWebhook(secret, id, timestamp, body)}`,
		});
		expect(reply.status).toBe(200);
		expect(executions).toHaveLength(1);
	});

	it('an event not selected gets 200 and starts nothing', async () => {
		const reply = await deliverWebhook(url, secret, { ...clicked, eventName: 'email.opened' });
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({ received: true, ignored: true, eventName: 'email.opened' });
		expect(executions).toHaveLength(0);
	});

	it('a pretty-printed body is verified on its exact bytes', async () => {
		const reply = await deliverWebhook(url, secret, clicked, {
			body: JSON.stringify(clicked, null, 2),
		});
		expect(reply.status).toBe(200);
		expect(executions).toEqual([[[{ json: clicked }]]]);
	});
});
