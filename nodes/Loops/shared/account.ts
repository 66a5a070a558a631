import { createHash } from 'crypto';

import type { LoopsContext } from './errors';
import { type AccountPacer, pacerFor } from './pacing/accountQueue';

/** The Loops account a request goes to: the credential's base URL and API key (one credential, one account). */

export const CREDENTIAL_TYPE = 'loopsApi';

export const DEFAULT_BASE_URL = 'https://app.loops.so/api';

type LoopsCredentials = { apiKey?: string; baseUrl?: string };

/** The credential's base URL without a trailing slash (an emulator, a proxy, or Loops itself). */
export function baseUrlFrom(credentials: LoopsCredentials): string {
	const baseUrl = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (baseUrl === '') return DEFAULT_BASE_URL;
	// A loop, not /\/+$/: that pattern is retried at every slash and takes time quadratic in a run of them.
	let end = baseUrl.length;
	while (end > 0 && baseUrl.charCodeAt(end - 1) === 0x2f) end--;
	return baseUrl.slice(0, end);
}

function accountKeyOf(credentials: LoopsCredentials): string {
	// Hashed so the pacer map never holds a readable key; the base URL separates emulators and proxies.
	return createHash('sha256')
		.update(`${baseUrlFrom(credentials)}\n${credentials.apiKey ?? ''}`)
		.digest('hex');
}

/** Where the context's requests go, and the pacer of that account's rate limit. */
export async function accountOf(
	context: LoopsContext,
): Promise<{ baseUrl: string; pacer: AccountPacer }> {
	const credentials = await context.getCredentials<LoopsCredentials>(CREDENTIAL_TYPE);
	return { baseUrl: baseUrlFrom(credentials), pacer: pacerFor(accountKeyOf(credentials)) };
}
