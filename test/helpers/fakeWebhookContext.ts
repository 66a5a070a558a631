/**
 * A small stand-in for the IWebhookFunctions n8n passes to `webhook()`: just what the Loops Trigger uses.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

export interface FakeResponse {
	statusCode: number | undefined;
	body: unknown;
	status(code: number): FakeResponse;
	json(body: unknown): FakeResponse;
	send(body: unknown): FakeResponse;
	end(): FakeResponse;
}

export function fakeResponse(): FakeResponse {
	const res: FakeResponse = {
		statusCode: undefined,
		body: undefined,
		status(code) {
			res.statusCode = code;
			return res;
		},
		json(body) {
			res.body = body;
			return res;
		},
		send(body) {
			res.body = body;
			return res;
		},
		end() {
			return res;
		},
	};
	return res;
}

export interface FakeRequest {
	/** Raw bytes, as n8n's body parser leaves them; `undefined` simulates a runtime that does not keep them. */
	rawBody: Buffer | undefined;
	/** Parsed body (what getBodyData() returns). */
	body: IDataObject;
	headers: Record<string, string | string[] | undefined>;
}

export interface FakeContextOptions {
	signingSecret: string;
	events?: string[];
	request: FakeRequest;
	response?: FakeResponse;
}

export interface FakeContext {
	context: IWebhookFunctions;
	response: FakeResponse;
	logs: Array<{ level: string; message: string }>;
}

export function fakeWebhookContext(options: FakeContextOptions): FakeContext {
	const response = options.response ?? fakeResponse();
	const logs: Array<{ level: string; message: string }> = [];
	const log = (level: string) => (message: string) => {
		logs.push({ level, message });
	};
	const parameters: Record<string, unknown> = { events: options.events ?? [] };

	const context = {
		getCredentials: async (name: string) => {
			if (name !== 'loopsWebhookApi') throw new Error(`Unexpected credential ${name}`);
			return { signingSecret: options.signingSecret };
		},
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getRequestObject: () => options.request,
		getResponseObject: () => response,
		getHeaderData: () => options.request.headers,
		getBodyData: () => options.request.body,
		getNode: () => ({
			id: 'loops-trigger',
			name: 'Loops Trigger',
			type: 'n8n-nodes-loops-so.loopsTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters,
		}),
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
	};

	return { context: context as unknown as IWebhookFunctions, response, logs };
}
