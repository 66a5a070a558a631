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

/**
 * A "From List" method: the things `fetch` reads from the account, as `toItem` names them. `what` names them in
 * an error ("the mailing lists"); `contentApi`: a 401 says whether the key or Loops' content API is missing.
 */
function listSearch<T>(
	what: string,
	fetch: (context: ILoadOptionsFunctions) => Promise<T[]>,
	toItem: (thing: T) => INodeListSearchItems,
	options: { contentApi?: boolean } = {},
) {
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		try {
			return matching((await fetch(this)).map(toItem), filter);
		} catch (error) {
			const subject = what.charAt(0).toUpperCase() + what.slice(1);
			const cause = options.contentApi
				? await explainContentApiRefusal(this, error, subject)
				: error;
			throw lookupError(this, `the ${what}`, cause);
		}
	};
}

/** Transactional emails (GET /v1/transactional-emails, or the deprecated GET /v1/transactional where it cannot serve). */
export const searchTransactionalEmails = listSearch(
	'transactional emails',
	fetchTransactionalEmails,
	// only the current list shows drafts (no published version), which cannot be sent yet
	(email) => ({
		name: email.publishedEmailMessageId === null ? `${email.name} (draft)` : email.name,
		value: email.id,
	}),
);

/** Audience segments (GET /v1/audience-segments). */
export const searchAudienceSegments = listSearch(
	'audience segments',
	fetchAudienceSegments,
	(segment) => ({ name: segment.name, value: segment.id }),
	{ contentApi: true },
);

/** Campaigns (GET /v1/campaigns), each with its status. */
export const searchCampaigns = listSearch(
	'campaigns',
	async (context) => await fetchCampaigns(context),
	(campaign) => ({ name: `${campaign.name} (${campaign.status})`, value: campaign.id }),
	{ contentApi: true },
);

/** Campaign groups (GET /v1/campaign-groups). */
export const searchCampaignGroups = listSearch(
	'campaign groups',
	async (context) => await fetchGroups(context, 'campaign'),
	(group) => ({ name: group.name, value: group.id }),
	{ contentApi: true },
);

/** Transactional email groups (GET /v1/transactional-groups). */
export const searchTransactionalGroups = listSearch(
	'transactional groups',
	async (context) => await fetchGroups(context, 'transactional'),
	(group) => ({ name: group.name, value: group.id }),
	{ contentApi: true },
);

/** The event names the account knows (GET /v1/event-patterns); any other name can be typed "By Name". */
export const searchEventNames = listSearch('event names', fetchEventPatterns, (pattern) => ({
	name: pattern.incomingWebhookPlatform
		? `${pattern.eventName} (${pattern.incomingWebhookPlatform})`
		: pattern.eventName,
	value: pattern.eventName,
}));

/** Mailing lists (GET /v1/lists), for each mailing list row. */
export const searchMailingLists = listSearch('mailing lists', fetchMailingLists, (list) => ({
	name: list.isPublic ? list.name : `${list.name} (private)`,
	value: list.id,
}));
