import { NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	LEGACY_TRANSACTIONAL_EMAILS_PATH,
	type TransactionalEmail,
} from '../../shared/accountData';
import { routedPages, walkCursorPages } from '../../shared/cursorPages';
import { asNodeError, httpStatusOf } from '../../shared/errors';
import { resourceLocator } from '../../shared/fields';
import { sendPaced } from '../../shared/transport';

/**
 * The transactional email of Send and Get: one declaration for both (n8n evaluates every declaration of a
 * name for every item). A resource locator: see the decision in shared/fields.ts. Each operation's hook puts
 * the ID where its request wants it (Send: the body; Get: the path).
 */
export const transactionalIdField: INodeProperties = {
	...resourceLocator({
		displayName: 'Transactional Email',
		name: 'transactionalId',
		description:
			'The transactional email (Loops → Transactional): choose it from the list, or give its ID, e.g. clfq6dinn000yl70fgwwyp82l',
		searchListMethod: 'searchTransactionalEmails',
		placeholder: 'Select a transactional email...',
		typed: { name: 'id', displayName: 'By ID', placeholder: 'e.g. clfq6dinn000yl70fgwwyp82l' },
	}),
	displayOptions: { show: { resource: ['transactionalEmail'], operation: ['send', 'get'] } },
};

/**
 * GET /v1/transactional-emails/{transactionalId}: Loops' object. A team without the content API gets 401
 * there (in the words a bad key gets): the email is then looked up in the deprecated list, which answers
 * that team (its shape: id, name, lastUpdated, dataVariables) and refuses a bad key with 401 of its own.
 */
export async function getTransactionalEmail(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	try {
		return await sendPaced(this, requestData);
	} catch (error) {
		if (httpStatusOf(error) !== 401) throw asNodeError(this, error);
	}
	const transactionalId = String(
		this.getNodeParameter('transactionalId', '', { extractValue: true }),
	).trim();
	const isIt = (email: TransactionalEmail) => email.id === transactionalId;
	const emails = await walkCursorPages<TransactionalEmail>(
		(query) => routedPages(this, requestData)(LEGACY_TRANSACTIONAL_EMAILS_PATH, query),
		{ until: isIt },
	);
	const email = emails.find(isIt);
	if (!email) {
		throw new NodeOperationError(
			this.getNode(),
			`Transactional Email: Loops has no published transactional email with ID "${transactionalId}" [item ${this.getItemIndex()}]`,
			{
				itemIndex: this.getItemIndex(),
				description:
					'This account has no content API, so only published emails can be read (GET /v1/transactional). Check the ID in Loops → Transactional.',
			},
		);
	}
	return [{ json: email }];
}
