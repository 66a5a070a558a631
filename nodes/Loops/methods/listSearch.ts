import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import {
	explainContentApiRefusal,
	fetchAudienceSegments,
	fetchEventPatterns,
	fetchMailingLists,
	fetchTransactionalEmails,
} from '../shared/accountData';
import { lookupError } from '../shared/errors';

/**
 * The "From List" mode of the node's resource locators (shared/fields.ts): what the account holds, every
 * page of it, narrowed to what the search box holds (in the name or the ID, any case) and sorted by name.
 * The value is the ID or name Loops expects, so "By ID" and an expression give the same.
 */

function matching(items: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	const results = items
		.filter(
			(item) =>
				needle === '' ||
				item.name.toLowerCase().includes(needle) ||
				String(item.value).toLowerCase().includes(needle),
		)
		.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
	return { results };
}

/** Transactional emails (GET /v1/transactional-emails, or the deprecated GET /v1/transactional where it cannot serve). */
export async function searchTransactionalEmails(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	try {
		const emails = await fetchTransactionalEmails(this);
		return matching(
			emails.map((email) => ({
				// only the current list shows drafts (no published version), which cannot be sent yet
				name: email.publishedEmailMessageId === null ? `${email.name} (draft)` : email.name,
				value: email.id,
			})),
			filter,
		);
	} catch (error) {
		throw lookupError(this, 'the transactional emails', error);
	}
}

/** Audience segments (GET /v1/audience-segments). */
export async function searchAudienceSegments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	try {
		const segments = await fetchAudienceSegments(this);
		return matching(
			segments.map((segment) => ({ name: segment.name, value: segment.id })),
			filter,
		);
	} catch (error) {
		throw lookupError(
			this,
			'the audience segments',
			await explainContentApiRefusal(this, error, 'Audience segments'),
		);
	}
}

/** The event names the account knows (GET /v1/event-patterns); any other name can be typed "By Name". */
export async function searchEventNames(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	try {
		const patterns = await fetchEventPatterns(this);
		return matching(
			patterns.map((pattern) => ({
				name: pattern.incomingWebhookPlatform
					? `${pattern.eventName} (${pattern.incomingWebhookPlatform})`
					: pattern.eventName,
				value: pattern.eventName,
			})),
			filter,
		);
	} catch (error) {
		throw lookupError(this, 'the event names', error);
	}
}

/** Mailing lists (GET /v1/lists), for each mailing list row. */
export async function searchMailingLists(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	try {
		const lists = await fetchMailingLists(this);
		return matching(
			lists.map((list) => ({
				name: list.isPublic ? list.name : `${list.name} (private)`,
				value: list.id,
			})),
			filter,
		);
	} catch (error) {
		throw lookupError(this, 'the mailing lists', error);
	}
}
