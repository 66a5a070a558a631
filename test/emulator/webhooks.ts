/**
 * Sends webhooks the way Loops does (Standard Webhooks signing), for tests of the Loops Trigger.
 *
 *   const secret = 'whsec_' + randomBytes(24).toString('base64');
 *   const reply = await deliverWebhook(productionUrl, secret, { eventName: 'email.clicked', ... });
 *   expect(reply.status).toBe(200);
 *
 * Only `crypto` and the global `fetch` (Node ≥ 18) are used, so this file works from unit and end-to-end tests alike.
 */
import { createHmac, randomBytes } from 'crypto';

/**
 * The `webhook-signature` value Loops would send: `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)),
 * the key being the base64 text after `whsec_` (a secret without the prefix is read as that base64 text).
 */
export function signWebhook(
	secret: string,
	id: string,
	timestamp: number | string,
	body: string | Buffer,
): string {
	const key = Buffer.from(
		secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret,
		'base64',
	);
	const hmac = createHmac('sha256', key);
	hmac.update(`${id}.${timestamp}.`);
	hmac.update(body);
	return `v1,${hmac.digest('base64')}`;
}

export interface DeliverWebhookOptions {
	/** `webhook-id`. Default: a fresh `msg_…` id. Reuse one to simulate a replay. */
	id?: string;
	/** `webhook-timestamp` in Unix seconds. Default: now. */
	timestamp?: number;
	/** Exact body to send instead of `JSON.stringify(payload)` (e.g. pretty-printed JSON). It is what gets signed. */
	body?: string;
	/**
	 * Replaces the computed `webhook-signature` header (e.g. several signatures, or a wrong one).
	 * `null` omits the header altogether.
	 */
	signatureHeader?: string | null;
	/** Sign this body instead of the one sent, to simulate a body tampered with in transit. */
	signedBody?: string;
	/** Extra or overriding request headers. */
	headers?: Record<string, string>;
}

export interface DeliveredWebhook {
	status: number;
	/** The response body as text. */
	body: string;
	/** The response body parsed as JSON, or undefined when it is not JSON. */
	json: unknown;
	/** What was sent, to assert on or to replay. */
	sent: { id: string; timestamp: number; body: string; headers: Record<string, string> };
}

/** POSTs a signed Loops delivery of `payload` to `url` and returns n8n's answer. */
export async function deliverWebhook(
	url: string,
	secret: string,
	payload: unknown,
	options: DeliverWebhookOptions = {},
): Promise<DeliveredWebhook> {
	const id = options.id ?? `msg_${randomBytes(12).toString('hex')}`;
	const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
	const body = options.body ?? JSON.stringify(payload);
	const signature =
		options.signatureHeader !== undefined
			? options.signatureHeader
			: signWebhook(secret, id, timestamp, options.signedBody ?? body);

	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'webhook-id': id,
		'webhook-timestamp': String(timestamp),
		...(signature === null ? {} : { 'webhook-signature': signature }),
		...options.headers,
	};

	const response = await fetch(url, { method: 'POST', headers, body });
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, body: text, json, sent: { id, timestamp, body, headers } };
}
