import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { explainContentApiRefusal, type LoopsApiPart } from './accountData';
import { limitOf, routedPages, walkCursorPages } from './cursorPages';
import { type ItemExecutor, sendPaced } from './transport';

/**
 * The executors of reads from the parts of Loops' API a team has only once Loops enables them (the content API:
 * audience segments, campaigns, email messages; the metrics API): a 401 then says whether the key or that part
 * of the API is missing. `what` names the things read, as the error's subject ("Campaigns").
 */

/** One object: the operation's own request. */
export function readOne(what: string, part: LoopsApiPart = 'content'): ItemExecutor {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		try {
			return await sendPaced(this, requestData);
		} catch (error) {
			throw await explainContentApiRefusal(this, error, what, part);
		}
	};
}

/**
 * A cursor-paged list, one item per object in Loops' order. Return All follows the cursor by pages of 50;
 * otherwise one page of at least 10 (Loops' smallest), cut to Limit.
 */
export function readPages(what: string): ItemExecutor {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const path = requestData.options.url as string;
		try {
			const objects = await walkCursorPages(
				(query) => routedPages(this, requestData)(path, query),
				{ limit: limitOf(this) },
			);
			return objects.map((json) => ({ json }));
		} catch (error) {
			throw await explainContentApiRefusal(this, error, what);
		}
	};
}
