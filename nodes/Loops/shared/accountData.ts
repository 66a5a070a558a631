import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE, describeFailure, isRetryable } from './transport';

/**
 * Reads what a Loops account holds (mailing lists, contact properties, transactional emails) outside the
 * routing engine: for the editor's dropdowns (load options) and for the one look-up per run that Send
 * Transactional Email makes before sending (see resources/transactionalEmail/send.ts). These requests go
 * through n8n's authenticated HTTP helper, not through the node's paced executor (which only exists
 * inside a routed request), so each caller keeps them to a handful; a 429, 5xx or dropped connection is
 * retried here (up to 4 attempts; after a 429 the next attempt waits out Loops' one-second window).
 */

export const DEFAULT_BASE_URL = 'https://app.loops.so/api';
/** Loops' largest page of GET /v1/transactional. */
export const TRANSACTIONAL_PAGE_SIZE = 50;
const MAX_ATTEMPTS = 4;
const BACKOFF_MS = 250;
/** Loops' rate window (1 s) and a margin. */
const RATE_WINDOW_MS = 1100;
/** Stops a cursor that never ends (500 pages of 50 transactional emails is far beyond any account). */
const MAX_PAGES = 500;

export type AccountReader = ILoadOptionsFunctions | IExecuteSingleFunctions;

export interface MailingList {
	id: string;
	name: string;
	description: string | null;
	isPublic: boolean;
}

export interface ContactProperty {
	key: string;
	label: string;
	type: string;
}

export interface TransactionalEmail {
	id: string;
	name: string;
	lastUpdated: string;
	dataVariables: string[];
}

interface TransactionalPage {
	pagination?: { nextCursor?: string | null };
	data?: TransactionalEmail[];
}

/** The account's API base URL, as the credential gives it (trailing slashes removed). */
export async function baseUrlOf(context: AccountReader): Promise<string> {
	const credentials = await context.getCredentials<{ baseUrl?: string }>(CREDENTIAL_TYPE);
	const baseUrl =
		typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== ''
			? credentials.baseUrl
			: DEFAULT_BASE_URL;
	return baseUrl.trim().replace(/\/+$/, '');
}

/** One authenticated GET, retried on 429, 5xx and dropped connections. */
async function getJson(
	context: AccountReader,
	path: string,
	qs: IDataObject = {},
): Promise<unknown> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: `${await baseUrlOf(context)}${path}`,
		qs,
		headers: { Accept: 'application/json' },
		json: true,
	};
	let failure: unknown;
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		try {
			return await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_TYPE,
				options,
			);
		} catch (error) {
			failure = error;
		}
		const answer = describeFailure(failure);
		if (!isRetryable(answer) || attempt === MAX_ATTEMPTS) break;
		// Loops counts requests per second and sends no Retry-After: after a 429, wait out the window.
		await sleep(answer.status === 429 ? RATE_WINDOW_MS : BACKOFF_MS * 2 ** (attempt - 1));
	}
	// the raw failure: callers word it (lookupError) or skip what needed it
	throw failure;
}

/** Words a failed look-up for the person opening a dropdown. */
export function lookupError(
	context: AccountReader,
	what: string,
	error: unknown,
): NodeOperationError {
	const failure = describeFailure(error);
	let reason: string;
	if (failure.status === 401)
		reason = 'Loops rejected the API key (401); check the Loops credential';
	else if (failure.status !== undefined) {
		reason = `Loops answered ${failure.status}${failure.loopsMessage ? `: ${failure.loopsMessage}` : ''}`;
	} else
		reason = `no answer from Loops (${failure.networkCode ?? (error as Error)?.message ?? 'unknown error'})`;
	return new NodeOperationError(context.getNode(), `Could not load ${what} from Loops: ${reason}`);
}

/** GET /v1/lists */
export async function fetchMailingLists(context: AccountReader): Promise<MailingList[]> {
	const lists = await getJson(context, '/v1/lists');
	return Array.isArray(lists) ? (lists as MailingList[]) : [];
}

/** GET /v1/contacts/properties?list=all|custom */
export async function fetchContactProperties(
	context: AccountReader,
	list: 'all' | 'custom',
): Promise<ContactProperty[]> {
	const properties = await getJson(context, '/v1/contacts/properties', { list });
	return Array.isArray(properties) ? (properties as ContactProperty[]) : [];
}

/** GET /v1/transactional, every page (50 per page, following the cursor). */
export async function fetchTransactionalEmails(
	context: AccountReader,
): Promise<TransactionalEmail[]> {
	const emails: TransactionalEmail[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const qs: IDataObject = { perPage: TRANSACTIONAL_PAGE_SIZE };
		if (cursor) qs.cursor = cursor;
		const answer = (await getJson(context, '/v1/transactional', qs)) as
			| TransactionalPage
			| undefined;
		if (Array.isArray(answer?.data)) emails.push(...answer.data);
		const next = answer?.pagination?.nextCursor;
		if (typeof next !== 'string' || next === '' || seenCursors.has(next)) break;
		seenCursors.add(next);
		cursor = next;
	}
	return emails;
}
