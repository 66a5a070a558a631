import type { RecordedRequest } from './types';

/**
 * What Loops received, in the terms tests assert and the scripts print: one shape for the unit tests, the
 * end-to-end tests, the demo and the editor.
 */
export interface ReceivedRequest {
	method: string;
	/** e.g. '/api/v1/events/send' */
	path: string;
	query: Record<string, string>;
	/** The parsed JSON body, or undefined. */
	body: unknown;
	status: number;
	/** With `withHeaders`: the headers that tell which account and which delivery. */
	authorization?: string;
	idempotencyKey?: string;
}

export function receivedRequests(
	requests: readonly RecordedRequest[],
	{ withHeaders = false }: { withHeaders?: boolean } = {},
): ReceivedRequest[] {
	return requests.map(({ method, path, query, body, status, headers }) => ({
		method,
		path,
		query,
		body,
		status,
		...(withHeaders && headers.authorization !== undefined
			? { authorization: headers.authorization }
			: {}),
		...(withHeaders && headers['idempotency-key'] !== undefined
			? { idempotencyKey: headers['idempotency-key'] }
			: {}),
	}));
}

/** A received request as lines for a person: the request and Loops' status, the key and delivery, the body. */
export function formatReceived(request: ReceivedRequest): string[] {
	const query =
		Object.keys(request.query).length > 0 ? `?${new URLSearchParams(request.query)}` : '';
	const lines = [`${request.method} ${request.path}${query}  → ${request.status}`];
	const headers = [
		request.authorization && `Authorization: ${request.authorization}`,
		request.idempotencyKey && `Idempotency-Key: ${request.idempotencyKey}`,
	].filter(Boolean);
	if (headers.length > 0) lines.push(`   ${headers.join('   ')}`);
	if (request.body !== undefined) lines.push(`   ${JSON.stringify(request.body)}`);
	return lines;
}
