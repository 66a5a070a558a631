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

/**
 * The most of `times` (ms) within any one second: Loops' sliding window, as the rate limit counts it. Given
 * when Loops counted each request (`RecordedRequest.countedAt`), it says whether a client overfilled the window.
 */
export function mostInAnySecond(times: readonly number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let first = 0, last = 0; last < sorted.length; last++) {
		while ((sorted[last] as number) - (sorted[first] as number) >= 1000) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}
