import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import {
	explainContentApiRefusal,
	fetchAudienceSegments,
	fetchCampaigns,
	fetchGroups,
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

/**
 * A list from Loops' content API: a 401 says whether the key or the content API is missing. `what` names the
 * things listed ("audience segments").
 */
async function searchContentApi<T>(
	context: ILoadOptionsFunctions,
	filter: string | undefined,
	what: string,
	fetch: () => Promise<T[]>,
	toItem: (thing: T) => INodeListSearchItems,
): Promise<INodeListSearchResult> {
	try {
		return matching((await fetch()).map(toItem), filter);
	} catch (error) {
		const subject = what.charAt(0).toUpperCase() + what.slice(1);
		throw lookupError(
			context,
			`the ${what}`,
			await explainContentApiRefusal(context, error, subject),
		);
	}
}

/** Audience segments (GET /v1/audience-segments). */
export async function searchAudienceSegments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchContentApi(
		this,
		filter,
		'audience segments',
		async () => await fetchAudienceSegments(this),
		(segment) => ({ name: segment.name, value: segment.id }),
	);
}

/** Campaigns (GET /v1/campaigns), each with its status. */
export async function searchCampaigns(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchContentApi(
		this,
		filter,
		'campaigns',
		async () => await fetchCampaigns(this),
		(campaign) => ({ name: `${campaign.name} (${campaign.status})`, value: campaign.id }),
	);
}

/** Campaign groups (GET /v1/campaign-groups). */
export async function searchCampaignGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchContentApi(
		this,
		filter,
		'campaign groups',
		async () => await fetchGroups(this, 'campaign'),
		(group) => ({ name: group.name, value: group.id }),
	);
}

/** Transactional email groups (GET /v1/transactional-groups). */
export async function searchTransactionalGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchContentApi(
		this,
		filter,
		'transactional groups',
		async () => await fetchGroups(this, 'transactional'),
		(group) => ({ name: group.name, value: group.id }),
	);
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
