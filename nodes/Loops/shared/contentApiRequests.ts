import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { explainContentApiRefusal, type LoopsApiPart } from './accountData';
import { limitOf, routedPages, walkCursorPages } from './cursorPages';
import { type ItemExecutor, sendPaced } from './transport';

/**
 * The executors of the operations on the parts of Loops' API a team has only once Loops enables them (the content
 * API: audience segments, campaigns, email messages, transactional templates; the metrics API): a 401 then says
 * whether the key or that part of the API is missing. `what` names the things asked for, as the error's subject
 * ("Campaigns").
 */

/** `execute`, with a 401 said in those words. */
export function inContentApi(
	what: string,
	execute: ItemExecutor,
	part: LoopsApiPart = 'content',
): ItemExecutor {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		try {
			return await execute.call(this, requestData);
		} catch (error) {
			throw await explainContentApiRefusal(this, error, what, part);
		}
	};
}

/** The operation's own request, one answer. */
export function contentApiRequest(what: string, part: LoopsApiPart = 'content'): ItemExecutor {
	return inContentApi(
		what,
		async function (this: IExecutePaginationFunctions, requestData) {
			return await sendPaced(this, requestData);
		},
		part,
	);
}

/**
 * A cursor-paged list, one item per object in Loops' order. Return All follows the cursor by pages of 50;
 * otherwise one page of at least 10 (Loops' smallest), cut to Limit.
 */
export function contentApiPages(what: string): ItemExecutor {
	return inContentApi(what, async function (this: IExecutePaginationFunctions, requestData) {
		const path = requestData.options.url as string;
		const objects = await walkCursorPages((query) => routedPages(this, requestData)(path, query), {
			limit: limitOf(this),
		});
		return objects.map((json) => ({ json }));
	});
}
