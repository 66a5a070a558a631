/* eslint-disable @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-hardcoded-secrets -- dev scripts: n8n's REST API as the owner (the fixed owner password is not a secret) */
/** n8n's internal REST API (what its editor calls), signed in as the instance owner the harness sets up. */
import type { Json } from './runData';

/** The owner account the harness creates on a started n8n (the editor asks for one at first visit otherwise). */
export const OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Loops-e2e-demo-1',
});

export type RestClient = (method: string, path: string, body?: unknown) => Promise<Json>;

/**
 * Sets up n8n's owner account on a started n8n (once per home) and returns a client of n8n's internal REST API
 * logged in as that owner: `rest(method, path, body)` resolves the parsed `data`.
 */
export async function ownerSession(n8n: { baseUrl: string }, owner = OWNER): Promise<RestClient> {
	const headers = { 'content-type': 'application/json', 'browser-id': 'n8n-nodes-loops-so-e2e' };
	const call = async (method: string, restPath: string, body?: unknown, cookie?: string) => {
		const response = await fetch(`${n8n.baseUrl}/rest${restPath}`, {
			method,
			headers: cookie ? { ...headers, cookie } : headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			// generous: a busy machine can take long to read an execution's data
			signal: AbortSignal.timeout(2 * 60_000),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`n8n ${method} /rest${restPath} answered ${response.status}: ${text.slice(0, 500)}`,
			);
		return { response, data: text ? JSON.parse(text).data : undefined };
	};
	let login;
	try {
		login = await call('POST', '/owner/setup', owner);
	} catch (error) {
		if (!/answered 400/.test((error as Error).message)) throw error;
		login = await call('POST', '/login', {
			emailOrLdapLoginId: owner.email,
			email: owner.email,
			password: owner.password,
		});
	}
	const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0];
	if (!cookie.startsWith('n8n-auth='))
		throw new Error('n8n gave no session cookie after the owner setup');
	return async (method, restPath, body) => (await call(method, restPath, body, cookie)).data;
}
