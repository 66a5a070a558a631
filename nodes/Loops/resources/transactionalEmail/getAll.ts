import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { TRANSACTIONAL_PAGE_SIZE } from '../../shared/accountData';
import { returnAllAndLimit } from '../../shared/fields';
import { sendPaced } from '../../shared/transport';
import { checkWholeNumber, MAX_PAGE_SIZE } from '../../shared/validation';

const show = { resource: ['transactionalEmail'], operation: ['getAll'] };
/** Loops' smallest page of GET /v1/transactional: a smaller Limit asks for 10 and keeps the first ones. */
const MIN_PER_PAGE = 10;

export const getAllDescription: INodeProperties[] = [
	...returnAllAndLimit(show),
];

export async function checkLimit(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	if (this.getNodeParameter('returnAll', false) === true) return requestOptions;
	checkWholeNumber(this, 'Limit', this.getNodeParameter('limit', MAX_PAGE_SIZE), 1, MAX_PAGE_SIZE);
	return requestOptions;
}

type TransactionalPage = { pagination?: { nextCursor?: unknown }; data?: unknown };

/**
 * Loops answers `{ pagination, data }`: one item per email of `data`. Return All asks for pages of 50 and
 * follows `pagination.nextCursor` until Loops gives none; otherwise one page of at least 10 (Loops'
 * minimum), cut to Limit.
 */
export async function pageThroughTransactionalEmails(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', false) === true;
	const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', MAX_PAGE_SIZE));
	const perPage = returnAll ? TRANSACTIONAL_PAGE_SIZE : Math.max(MIN_PER_PAGE, limit);
	const emails: INodeExecutionData[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	do {
		const qs: IDataObject = { ...(requestData.options.qs ?? {}), perPage };
		if (cursor) qs.cursor = cursor;
		const [page] = await sendPaced(this, {
			...requestData,
			options: { ...requestData.options, qs },
		});
		const answer = (page?.json ?? {}) as TransactionalPage;
		const data = Array.isArray(answer.data) ? (answer.data as IDataObject[]) : [];
		emails.push(...data.map((json) => ({ json })));
		const next = answer.pagination?.nextCursor;
		cursor = typeof next === 'string' && next !== '' && !seenCursors.has(next) ? next : undefined;
		if (cursor) seenCursors.add(cursor);
	} while (returnAll && cursor);
	return emails.slice(0, limit);
}
