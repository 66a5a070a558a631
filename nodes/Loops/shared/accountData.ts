import type { IDataObject, IExecuteSingleFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { requestLoops } from './transport';

/**
 * Reads what a Loops account holds (mailing lists, contact properties, transactional emails) outside the
 * routing engine: for the editor's dropdowns (load options) and for the one look-up per run that Send
 * Transactional Email makes before sending (see resources/transactionalEmail/send.ts). They are paced
 * and retried like every other request of the account (shared/transport.ts).
 */

/** Loops' largest page of GET /v1/transactional. */
export const TRANSACTIONAL_PAGE_SIZE = 50;
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

async function getJson(context: AccountReader, path: string, qs: IDataObject = {}): Promise<unknown> {
	return await requestLoops<unknown>(context, { method: 'GET', path, qs });
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
