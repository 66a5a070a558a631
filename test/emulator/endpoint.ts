/**
 * What every endpoint of the emulator shares (no HTTP here): the handler's context and result, Loops'
 * answer shapes, the email check and cursor paging. api.ts and content.ts build on it.
 */
import type { AccountState } from './state';

export type JsonObject = Record<string, unknown>;

export interface ApiContext {
	account: AccountState;
	/** The parsed JSON body ({} when the request has none). */
	body: JsonObject;
	query: Record<string, string>;
	/** The path's parameters, decoded (e.g. `transactionalId` of /v1/transactional-emails/{transactionalId}). */
	params: Record<string, string>;
	/** The Idempotency-Key header (already checked for length and reuse). */
	idempotencyKey: string | undefined;
	/** The emulator's base URL, e.g. 'http://127.0.0.1:4010/api'. */
	baseUrl: string;
	/** The emulator clock (Date.now() + offset), ms. */
	now: number;
}

export interface ApiResult {
	status: number;
	body: unknown;
}

export type Handler = (ctx: ApiContext) => ApiResult;

export interface RouteDef {
	handler: Handler;
	/** Idempotency-Key scope: set on the endpoints that honour the header. */
	idempotencyScope?: string;
	/** What a bad or missing API key is told (default 'Invalid API key'). */
	unauthorizedMessage?: string;
}

/**
 * What the endpoints of Loops' content API answer (401) to a bad key and to a team without the content
 * API alike: a client tells the two apart only by asking another endpoint.
 */
export const CONTENT_API_UNAUTHORIZED = 'Invalid API key or content API not enabled for this team.';

export const ok = (body: unknown, status = 200): ApiResult => ({ status, body });
export const fail = (status: number, message: string, extra?: JsonObject): ApiResult => ({
	status,
	body: { success: false, message, ...extra },
});

export function isPlainObject(value: unknown): value is JsonObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const MAX_EMAIL_LENGTH = 254;
/** The largest page of Loops' paged lists. */
export const MAX_PAGE = 50;

/** something@something.tld without spaces, read in one pass (a backtracking pattern takes quadratic time). */
export function looksLikeEmail(email: string): boolean {
	if (email.length > MAX_EMAIL_LENGTH) return false;
	const at = email.indexOf('@');
	if (at <= 0 || at !== email.lastIndexOf('@')) return false;
	const dot = email.indexOf('.', at + 2);
	return dot > 0 && dot < email.length - 1 && !/\s/.test(email);
}

export function parseInteger(value: string | undefined, fallback: number): number | undefined {
	if (value === undefined || value === '') return fallback;
	if (!/^\d+$/.test(value)) return undefined;
	return Number(value);
}

/**
 * One page of a cursor-paged list, as every paged endpoint of Loops answers: `perPage` 10–50 (default 20),
 * `cursor` the id of the last item of the previous page, `{ pagination, data }`.
 */
export function cursorPage<T extends { id: string }>(
	all: readonly T[],
	query: Record<string, string>,
	nextPageUrl: string,
	toJson: (item: T) => unknown,
): ApiResult {
	const perPage = parseInteger(query.perPage, 20);
	if (perPage === undefined || perPage < 10 || perPage > MAX_PAGE) {
		return fail(400, 'perPage must be between 10 and 50.');
	}
	let start = 0;
	if (query.cursor !== undefined && query.cursor !== '') {
		const at = all.findIndex((item) => item.id === query.cursor);
		if (at < 0) return fail(400, 'Invalid cursor.');
		start = at + 1;
	}
	const data = all.slice(start, start + perPage);
	const more = start + perPage < all.length;
	const nextCursor = more ? (data[data.length - 1] as { id: string }).id : null;
	return ok({
		pagination: {
			totalResults: all.length,
			returnedResults: data.length,
			perPage,
			totalPages: Math.ceil(all.length / perPage),
			nextCursor,
			nextPage: nextCursor
				? `${nextPageUrl}?cursor=${encodeURIComponent(nextCursor)}&perPage=${perPage}`
				: null,
		},
		data: data.map(toJson),
	});
}

/** Most recently created first, as Loops lists its content (stable for equal dates). */
export function newestFirst<T>(items: readonly T[], createdAt: (item: T) => string): T[] {
	return items
		.map((item, index) => ({ item, index, at: Date.parse(createdAt(item)) }))
		.sort((a, b) => b.at - a.at || a.index - b.index)
		.map(({ item }) => item);
}

/** Endpoints of the content API answer 401 to a team without it (and to a bad key: see the route). */
export function contentApi(handler: Handler): Handler {
	return (ctx) =>
		ctx.account.contentApiEnabled ? handler(ctx) : fail(401, CONTENT_API_UNAUTHORIZED);
}
