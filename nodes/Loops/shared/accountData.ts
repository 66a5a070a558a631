import type { IDataObject, IExecuteSingleFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { walkCursorPages, type PageQuery, type WalkOptions } from './cursorPages';
import { asNodeError, httpStatusOf } from './errors';
import { requestLoops } from './transport';

/**
 * Reads what a Loops account holds (mailing lists, contact properties, transactional emails, audience
 * segments, event names) outside the routing engine: for the editor's lists (list search, load options)
 * and for the look-up Send Transactional Email makes before sending (resources/transactionalEmail/send.ts).
 * They are paced and retried like every other request of the account (shared/transport.ts).
 */

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

/**
 * A transactional email as either list gives it: GET /v1/transactional-emails adds draft and group ids
 * and dates, the deprecated GET /v1/transactional has `lastUpdated`; both have these.
 */
export interface TransactionalEmail extends IDataObject {
	id: string;
	name: string;
	dataVariables: string[];
}

export interface AudienceSegment extends IDataObject {
	id: string;
	name: string;
	description: string | null;
}

export interface EventPattern extends IDataObject {
	id: string;
	eventName: string;
	incomingWebhookPlatform: string | null;
}

/** Fetches one page of a cursor-paged list at `path` (relative to the credential's base URL). */
export type PageFetcher = (path: string, query: PageQuery) => Promise<unknown>;

export const TRANSACTIONAL_EMAILS_PATH = '/v1/transactional-emails';
/** Deprecated since API 1.21 ("Use List transactional emails"), still the only list without the content API. */
export const LEGACY_TRANSACTIONAL_EMAILS_PATH = '/v1/transactional';
/**
 * Where GET /v1/transactional-emails cannot serve, the deprecated list does: 401 is Loops' answer to a team
 * without the content API (in the words it gives a bad key: the deprecated list then answers 401 too, and
 * that error stands), 404 a Loops that does not have the endpoint.
 */
export const TRANSACTIONAL_FALLBACK_STATUSES = [401, 404];

const servedByLegacyList = (error: unknown) =>
	TRANSACTIONAL_FALLBACK_STATUSES.includes(httpStatusOf(error) ?? 0);

function pagesOf(context: AccountReader): PageFetcher {
	return async (path, qs) => await requestLoops<unknown>(context, { method: 'GET', path, qs });
}

/** The account's transactional emails, from the current list or, where it cannot serve, the deprecated one. */
export async function listTransactionalEmails(
	context: AccountReader,
	fetchPage: PageFetcher,
	options: WalkOptions<TransactionalEmail> = {},
): Promise<TransactionalEmail[]> {
	try {
		return await walkCursorPages((query) => fetchPage(TRANSACTIONAL_EMAILS_PATH, query), options);
	} catch (error) {
		if (!servedByLegacyList(error)) throw asNodeError(context, error);
		return await walkCursorPages(
			(query) => fetchPage(LEGACY_TRANSACTIONAL_EMAILS_PATH, query),
			options,
		);
	}
}

/** GET /v1/lists */
export async function fetchMailingLists(context: AccountReader): Promise<MailingList[]> {
	const lists = await requestLoops<unknown>(context, { method: 'GET', path: '/v1/lists' });
	return Array.isArray(lists) ? (lists as MailingList[]) : [];
}

/** GET /v1/contacts/properties?list=all|custom */
export async function fetchContactProperties(
	context: AccountReader,
	list: 'all' | 'custom',
): Promise<ContactProperty[]> {
	const properties = await requestLoops<unknown>(context, {
		method: 'GET',
		path: '/v1/contacts/properties',
		qs: { list },
	});
	return Array.isArray(properties) ? (properties as ContactProperty[]) : [];
}

/** Every transactional email of the account (every page; the deprecated list where the current cannot serve). */
export async function fetchTransactionalEmails(
	context: AccountReader,
): Promise<TransactionalEmail[]> {
	return await listTransactionalEmails(context, pagesOf(context));
}

/**
 * One transactional email by ID: GET /v1/transactional-emails/{transactionalId}. The one rule where that cannot
 * serve: Loops answers 401 to a team without its content API (in the words a bad key gets), and such a team's
 * published emails are in the deprecated list, read up to the page that holds the email (it refuses a bad key
 * with a 401 of its own, which stands). Undefined when the email is not there. Any other failure is the
 * caller's: a 404 is Loops saying it has no such email.
 *
 * `publishedList: false` is for a check that must not read a whole list: the 401 then gives undefined at once.
 * `fetchOne` and `fetchPage` fetch through the routing engine where an operation's output is being made
 * (Transactional Email → Get); a look-up on the side (a dropdown, a check before sending) leaves them out.
 */
export async function findTransactionalEmail(
	context: AccountReader,
	transactionalId: string,
	options: {
		fetchOne?: () => Promise<unknown>;
		fetchPage?: PageFetcher;
		publishedList?: boolean;
	} = {},
): Promise<TransactionalEmail | undefined> {
	const {
		fetchOne = async () =>
			await requestLoops<unknown>(context, {
				method: 'GET',
				path: `${TRANSACTIONAL_EMAILS_PATH}/${encodeURIComponent(transactionalId)}`,
			}),
		fetchPage = pagesOf(context),
		publishedList = true,
	} = options;
	try {
		return (await fetchOne()) as TransactionalEmail;
	} catch (error) {
		if (httpStatusOf(error) !== 401) throw asNodeError(context, error);
		if (!publishedList) return undefined;
	}
	const isIt = (email: TransactionalEmail) => email.id === transactionalId;
	const emails = await walkCursorPages<TransactionalEmail>(
		(query) => fetchPage(LEGACY_TRANSACTIONAL_EMAILS_PATH, query),
		{ until: isIt },
	);
	return emails.find(isIt);
}

export interface Campaign extends IDataObject {
	id: string;
	name: string;
	status: string;
	createdAt: string;
	emailMessageId: string;
}

export interface ContentGroup extends IDataObject {
	id: string;
	name: string;
}

/**
 * GET /v1/campaigns, most recently created first, every page (or until `until` holds for a campaign of a page:
 * e.g. one created before the moment looked for).
 */
export async function fetchCampaigns(
	context: AccountReader,
	until?: (campaign: Campaign) => boolean,
): Promise<Campaign[]> {
	return await walkCursorPages((query) => pagesOf(context)('/v1/campaigns', query), { until });
}

/**
 * GET /v1/transactional-emails (the content API's list: drafts too), most recently created first, until `until`
 * holds for an email of a page.
 */
export async function fetchTransactionalEmailsUntil<T extends IDataObject = TransactionalEmail>(
	context: AccountReader,
	until: (email: T) => boolean,
): Promise<T[]> {
	return await walkCursorPages<T>((query) => pagesOf(context)(TRANSACTIONAL_EMAILS_PATH, query), {
		until,
	});
}

/** GET /v1/campaign-groups or /v1/transactional-groups, every page. */
export async function fetchGroups(
	context: AccountReader,
	kind: 'campaign' | 'transactional',
): Promise<ContentGroup[]> {
	return await walkCursorPages((query) => pagesOf(context)(`/v1/${kind}-groups`, query));
}

/** GET /v1/audience-segments, every page. */
export async function fetchAudienceSegments(context: AccountReader): Promise<AudienceSegment[]> {
	return await walkCursorPages((query) => pagesOf(context)('/v1/audience-segments', query));
}

/** GET /v1/event-patterns, every page: the event names the account knows. */
export async function fetchEventPatterns(context: AccountReader): Promise<EventPattern[]> {
	return await walkCursorPages((query) => pagesOf(context)('/v1/event-patterns', query));
}

/** Parts of Loops' API a team has only once Loops enables them. */
export type LoopsApiPart = 'content' | 'metrics';

/**
 * Loops' content API (audience segments, campaigns, email messages, the current transactional email endpoints)
 * and its metrics answer a bad key and a team without that API with the same 401. GET /v1/api-key tells them
 * apart: when the key is good, the error says what is missing instead of blaming the key.
 */
export async function explainContentApiRefusal(
	context: AccountReader,
	error: unknown,
	what: string,
	part: LoopsApiPart = 'content',
): Promise<unknown> {
	if (httpStatusOf(error) !== 401 || !(error instanceof Error)) return error;
	try {
		await requestLoops(context, { method: 'GET', path: '/v1/api-key' });
	} catch {
		return error; // the key itself is refused: the error already says so
	}
	error.message = `Loops answered 401: ${what} need Loops' ${part} API, which is not enabled for this team (the API key is valid)`;
	(error as { description?: string }).description =
		`Loops enables its ${part} API per team: ask Loops' support to enable it for this account.`;
	return error;
}
