import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	PreSendAction,
} from 'n8n-workflow';

import { sendPaced } from './transport';
import { checkWholeNumber, MAX_PAGE_SIZE } from './validation';

/**
 * The one walk through Loops' cursor-paged lists (transactional emails, audience segments, event names):
 * each answer is `{ pagination: { nextCursor }, data }`, and the next page is asked for with `cursor`.
 * Whoever fetches a page (the routing engine for an operation's output, or a look-up for a dropdown)
 * passes `fetchPage`; the walk is the same.
 */

/** Loops' smallest page of these lists: a smaller Limit asks for 10 and keeps the first ones. */
export const MIN_PAGE_SIZE = 10;
/** Stops a cursor that never ends (500 pages of 50 is far beyond any account). */
const MAX_PAGES = 500;

export type PageQuery = { perPage: number; cursor?: string };

type CursorPage = { pagination?: { nextCursor?: unknown }; data?: unknown };

export interface WalkOptions<T> {
	/** How many items to return; every page when omitted (pages of MAX_PAGE_SIZE). */
	limit?: number;
	/** Stops after the page on which this holds for an item (e.g. the one being looked for). */
	until?: (item: T) => boolean;
}

/** The items of every page (or the first `limit`), following `pagination.nextCursor` until Loops gives none. */
export async function walkCursorPages<T = IDataObject>(
	fetchPage: (query: PageQuery) => Promise<unknown>,
	{ limit = Infinity, until }: WalkOptions<T> = {},
): Promise<T[]> {
	const perPage = Number.isFinite(limit)
		? Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, limit))
		: MAX_PAGE_SIZE;
	const items: T[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const answer = (await fetchPage(cursor ? { perPage, cursor } : { perPage })) as
			| CursorPage
			| undefined;
		const data = Array.isArray(answer?.data) ? (answer.data as T[]) : [];
		items.push(...data);
		if (items.length >= limit || (until && data.some(until))) break;
		const next = answer?.pagination?.nextCursor;
		if (typeof next !== 'string' || next === '' || seenCursors.has(next)) break;
		seenCursors.add(next);
		cursor = next;
	}
	return items.slice(0, limit);
}

/**
 * Pages fetched through the routing engine, for an operation's own output: each page is the item's
 * request with `path` and the page query, paced and retried, its answer shaped by the routing's
 * postReceive like any other.
 */
export function routedPages(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): (path: string, query: PageQuery) => Promise<unknown> {
	return async (path, query) => {
		const [page] = await sendPaced(context, {
			...requestData,
			options: {
				...requestData.options,
				url: path,
				qs: { ...(requestData.options.qs ?? {}), ...query },
			},
		});
		return page?.json;
	};
}

/** Limit of a Get Many over a cursor-paged list, or undefined with Return All. */
export function limitOf(context: IExecuteSingleFunctions): number | undefined {
	if (context.getNodeParameter('returnAll', false) === true) return undefined;
	return Number(context.getNodeParameter('limit', MAX_PAGE_SIZE));
}

/** preSend of those Get Many: Limit is a whole number from 1 to 50, checked before anything is sent. */
export const checkLimit: PreSendAction = async function (requestOptions) {
	if (this.getNodeParameter('returnAll', false) === true) return requestOptions;
	checkWholeNumber(this, 'Limit', this.getNodeParameter('limit', MAX_PAGE_SIZE), 1, MAX_PAGE_SIZE);
	return requestOptions;
};
