import type { INodeProperties } from 'n8n-workflow';

import { listTransactionalEmails } from '../../shared/accountData';
import { limitOf, routedPages } from '../../shared/cursorPages';
import { returnAllAndLimit } from '../../shared/fields';
import type { ItemExecutor } from '../../shared/transport';

const show = { resource: ['transactionalEmail'], operation: ['getAll'] };

export const transactionalEmailGetManyDescription: INodeProperties[] = [...returnAllAndLimit(show)];

/**
 * One item per email, Loops' object as it comes: GET /v1/transactional-emails, or the deprecated
 * GET /v1/transactional where the account has no content API (401) or Loops no such endpoint (404).
 * Return All follows the cursor by pages of 50; otherwise one page of at least 10, cut to Limit.
 */
export const pageThroughTransactionalEmails: ItemExecutor = async function (requestData) {
	const emails = await listTransactionalEmails(this, routedPages(this, requestData), {
		limit: limitOf(this),
	});
	return emails.map((json) => ({ json }));
};
