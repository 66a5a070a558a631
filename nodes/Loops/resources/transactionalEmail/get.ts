import { NodeOperationError } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { findTransactionalEmail } from '../../shared/accountData';
import { routedPages } from '../../shared/cursorPages';
import { resourceLocator } from '../../shared/fields';
import { sendPaced, type ItemExecutor } from '../../shared/transport';

/**
 * The transactional email of Send, Get, Update, Publish and Get Metrics: one declaration for all (n8n evaluates every declaration of a
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
	displayOptions: {
		show: {
			resource: ['transactionalEmail'],
			operation: ['send', 'get', 'update', 'publish', 'getMetrics'],
		},
	},
};

/**
 * GET /v1/transactional-emails/{transactionalId}: Loops' object; for a team without the content API, the email
 * as the deprecated list gives it (id, name, lastUpdated, dataVariables): the one look-up and its rule are
 * accountData.ts `findTransactionalEmail`'s, fetched here through the routing engine.
 */
export const getTransactionalEmail: ItemExecutor = async function (requestData) {
	const transactionalId = String(
		this.getNodeParameter('transactionalId', '', { extractValue: true }),
	).trim();
	const email = await findTransactionalEmail(this, transactionalId, {
		fetchOne: async () => (await sendPaced(this, requestData))[0]?.json,
		fetchPage: routedPages(this, requestData),
	});
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
};
