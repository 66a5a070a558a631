import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { explainContentApiRefusal } from '../../shared/accountData';
import { limitOf, routedPages, walkCursorPages } from '../../shared/cursorPages';
import { returnAllAndLimit } from '../../shared/fields';

const show = { resource: ['audienceSegment'], operation: ['getAll'] };

export const getAllDescription: INodeProperties[] = [...returnAllAndLimit(show)];

/**
 * GET /v1/audience-segments, one item per segment, most recently created first. Return All follows the
 * cursor by pages of 50; otherwise one page of at least 10, cut to Limit.
 */
export async function pageThroughAudienceSegments(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const path = requestData.options.url as string;
	try {
		const segments = await walkCursorPages((query) => routedPages(this, requestData)(path, query), {
			limit: limitOf(this),
		});
		return segments.map((json) => ({ json }));
	} catch (error) {
		throw await explainContentApiRefusal(this, error, 'Audience segments');
	}
}
