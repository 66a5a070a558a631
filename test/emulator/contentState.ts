/**
 * The content API's data over an AccountState: campaigns and their lives (Draft → Scheduled / Sending →
 * Sent), email messages and their revisions, transactional emails' drafts and published versions, and the
 * metrics a campaign or transactional email has. content.ts validates requests and answers them; the state
 * changes happen here, so that tests can seed the same way.
 */
import { contentVariables } from './guardian';
import { DEFAULT_CAMPAIGN_GROUP_ID, SEED_FROM_EMAIL } from './seed';
import { newId, type AccountState } from './state';
import type {
	Campaign,
	CampaignSeed,
	EmailMessage,
	EmailMessageContent,
	EmailMetrics,
	TransactionalEmail,
} from './types';

export type MetricsKind = 'campaign' | 'transactional';

export const isPublished = (email: TransactionalEmail): boolean => email.published !== false;

export const isoAt = (ms: number): string => new Date(ms).toISOString();

/** The one email message of a transactional email seeded without message ids. */
function seedMessageId(email: TransactionalEmail): string {
	return `cle${email.id}`.slice(0, 25);
}

/** A transactional email's draft and published email message ids (null where it has none). */
export function transactionalMessageIds(email: TransactionalEmail): {
	draft: string | null;
	published: string | null;
} {
	const published = isPublished(email);
	return {
		draft:
			email.draftEmailMessageId !== undefined
				? email.draftEmailMessageId
				: published
					? null
					: seedMessageId(email),
		published:
			email.publishedEmailMessageId !== undefined
				? email.publishedEmailMessageId
				: published
					? seedMessageId(email)
					: null,
	};
}

/** Writes a seed's derived message ids into it, before they change. */
function pinMessageIds(email: TransactionalEmail): void {
	const ids = transactionalMessageIds(email);
	email.draftEmailMessageId = ids.draft;
	email.publishedEmailMessageId = ids.published;
}

/** What a new email message holds: nothing, styled. */
export function emptyContent(): EmailMessageContent {
	return {
		subject: '',
		previewText: '',
		fromName: '',
		fromEmail: '',
		replyToEmail: '',
		emailFormat: 'styled',
		lmx: '',
		contactPropertiesFallbacks: {},
		eventPropertiesFallbacks: {},
		dataVariablesFallbacks: {},
	};
}

/** The content fields of a message, copied. */
export function contentOf(message: EmailMessage): EmailMessageContent {
	const content: Partial<EmailMessage> = structuredClone(message);
	for (const key of [
		'id',
		'campaignId',
		'transactionalId',
		'contentRevisionId',
		'updatedAt',
	] as const)
		delete content[key];
	return content as EmailMessageContent;
}

export const newRevisionId = (): string => newId('clrev');

/** Creates and stores an email message of a campaign or a transactional email. */
export function addEmailMessage(
	account: AccountState,
	options: {
		id?: string;
		owner: { campaignId: string } | { transactionalId: string };
		content?: Partial<EmailMessageContent>;
		at: number;
	},
): EmailMessage {
	const message: EmailMessage = {
		...emptyContent(),
		...structuredClone(options.content ?? {}),
		id: options.id ?? newId('cle'),
		...options.owner,
		contentRevisionId: newRevisionId(),
		updatedAt: isoAt(options.at),
	};
	account.emailMessages.push(message);
	return message;
}

function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** A seeded transactional email's message: its name as the subject, a paragraph per data variable. */
function seedContent(account: AccountState, email: TransactionalEmail): EmailMessageContent {
	return {
		...emptyContent(),
		subject: email.name,
		fromName: account.teamName,
		fromEmail: SEED_FROM_EMAIL,
		lmx: [
			`<H1>${escapeText(email.name)}</H1>`,
			...email.dataVariables.map((name) => `<Paragraph>{data.${name}}</Paragraph>`),
		].join(''),
	};
}

/**
 * The email message with `id`. The message of a transactional email seeded without message ids (and not
 * changed since) is made on first use, from the seed.
 */
export function findEmailMessage(account: AccountState, id: string): EmailMessage | undefined {
	const found = account.emailMessages.find((message) => message.id === id);
	if (found) return found;
	const email = account.transactionalEmails.find((candidate) => {
		if (seedMessageId(candidate) !== id) return false;
		const ids = transactionalMessageIds(candidate);
		return ids.draft === id || ids.published === id;
	});
	if (!email) return undefined;
	return addEmailMessage(account, {
		id,
		owner: { transactionalId: email.id },
		content: seedContent(account, email),
		at: Date.parse(email.lastUpdated),
	});
}

/** How many contacts a campaign reaches: the subscribed ones, on its mailing list if it has one. */
export function audienceSize(account: AccountState, campaign: Campaign): number {
	const listId = campaign.mailingListId;
	return account.contacts.filter(
		(contact) => contact.subscribed && (listId === null || contact.mailingLists[listId] === true),
	).length;
}

/** Creates and stores a campaign and its email message (a draft with an empty message unless seeded). */
export function addCampaign(account: AccountState, seed: CampaignSeed, now: number): Campaign {
	const id = seed.id ?? newId('clc');
	const createdAt = seed.createdAt ?? isoAt(now);
	const message = addEmailMessage(account, {
		owner: { campaignId: id },
		content: seed.emailMessage,
		at: Date.parse(createdAt),
	});
	const campaign: Campaign = {
		id,
		name: seed.name,
		status: seed.status ?? 'Draft',
		createdAt,
		updatedAt: seed.updatedAt ?? createdAt,
		emailMessageId: message.id,
		campaignGroupId:
			seed.campaignGroupId !== undefined ? seed.campaignGroupId : DEFAULT_CAMPAIGN_GROUP_ID,
		mailingListId: seed.mailingListId ?? null,
		audienceSegmentId: seed.audienceSegmentId ?? null,
		audienceFilter: structuredClone(seed.audienceFilter ?? null),
		scheduling: structuredClone(seed.scheduling ?? { method: 'now', timestamp: null }),
		recipients: seed.recipients ?? null,
	};
	if (campaign.status === 'Sent' && campaign.recipients === null)
		campaign.recipients = audienceSize(account, campaign);
	account.campaigns.push(campaign);
	return campaign;
}

/** Sends a campaign: Sent at once (its sender is told Sending), counting its recipients now. */
export function markSent(account: AccountState, campaign: Campaign, now: number): void {
	campaign.status = 'Sent';
	campaign.recipients = audienceSize(account, campaign);
	campaign.updatedAt = isoAt(now);
}

/** A scheduled campaign whose time has come (on the emulator clock) is sent. */
export function settleCampaign(account: AccountState, campaign: Campaign, now: number): Campaign {
	const at = campaign.scheduling.timestamp;
	if (campaign.status === 'Scheduled' && at !== null && Date.parse(at) <= now)
		markSent(account, campaign, now);
	return campaign;
}

/** A new transactional email with an empty draft, in `groupId`. */
export function addTransactionalEmail(
	account: AccountState,
	name: string,
	groupId: string,
	now: number,
): TransactionalEmail {
	const id = newId('cll');
	const draft = addEmailMessage(account, { owner: { transactionalId: id }, at: now });
	const email: TransactionalEmail = {
		id,
		name,
		lastUpdated: isoAt(now),
		createdAt: isoAt(now),
		dataVariables: [],
		published: false,
		draftEmailMessageId: draft.id,
		publishedEmailMessageId: null,
		transactionalGroupId: groupId,
	};
	account.transactionalEmails.push(email);
	return email;
}

/**
 * The transactional email's draft: the one it has, else a new one holding a copy of the published version
 * (with a new id and revision).
 */
export function ensureDraft(
	account: AccountState,
	email: TransactionalEmail,
	now: number,
): EmailMessage {
	pinMessageIds(email);
	const existing = email.draftEmailMessageId
		? findEmailMessage(account, email.draftEmailMessageId)
		: undefined;
	if (existing) return existing;
	const published = email.publishedEmailMessageId
		? findEmailMessage(account, email.publishedEmailMessageId)
		: undefined;
	const draft = addEmailMessage(account, {
		owner: { transactionalId: email.id },
		content: published ? contentOf(published) : undefined,
		at: now,
	});
	email.draftEmailMessageId = draft.id;
	email.lastUpdated = isoAt(now);
	return draft;
}

/**
 * Publishes the draft: it becomes the published version (sendable with POST /v1/transactional, listed by the
 * deprecated GET /v1/transactional with the data variables it uses) and the draft is cleared.
 */
export function publishDraft(email: TransactionalEmail, draft: EmailMessage, now: number): void {
	pinMessageIds(email);
	email.published = true;
	email.publishedEmailMessageId = draft.id;
	email.draftEmailMessageId = null;
	email.dataVariables = contentVariables(draft).data;
	email.lastUpdated = isoAt(now);
}

/** The all-time counters of a campaign or transactional email, with what a test set (`setMetrics`) on top. */
export function metricsOf(account: AccountState, kind: MetricsKind, id: string): EmailMetrics {
	const sends =
		kind === 'campaign'
			? (account.campaigns.find((campaign) => campaign.id === id)?.recipients ?? 0)
			: account.transactionalSent.filter((sent) => sent.transactionalId === id).length;
	return {
		sends,
		opens: 0,
		clicks: 0,
		unsubscribes: 0,
		spamReports: 0,
		hardBounces: 0,
		softBounces: 0,
		...account.metricsOverrides.get(`${kind} ${id}`),
	};
}
