/**
 * Loops' content API, endpoint by endpoint (no HTTP here): campaigns, campaign and transactional groups,
 * email messages (content, previews, Guardian), transactional emails' drafts and publishing, and the metrics
 * of Loops 1.22. Requests are checked as strictly as the spec 1.21.6 describes them; the state changes are in
 * contentState.ts. api.ts routes here.
 */
import {
	addCampaign,
	addTransactionalEmail,
	ensureDraft,
	findEmailMessage,
	isoAt,
	isPublished,
	markSent,
	metricsOf,
	newRevisionId,
	publishDraft,
	settleCampaign,
	transactionalMessageIds,
	type MetricsKind,
} from './contentState';
import {
	CONTENT_API_UNAUTHORIZED,
	contentApi,
	cursorPage,
	fail,
	isPlainObject,
	looksLikeEmail,
	newestFirst,
	ok,
	type ApiResult,
	type Handler,
	type JsonObject,
	type RouteDef,
} from './endpoint';
import { guardianReport, type MessageOwner } from './guardian';
import { lmxErrors } from './lmx';
import { DEFAULT_TRANSACTIONAL_GROUP_ID } from './seed';
import type { AccountState } from './state';
import type {
	AudienceFilter,
	Campaign,
	CampaignScheduling,
	ContentGroup,
	EmailMessage,
	EmailMessageContent,
	TransactionalEmail,
} from './types';

/**
 * What the metrics endpoints (Loops 1.22) answer (401) to a team without the metrics API. Loops' reference
 * says only "The metrics API must be enabled for your team"; the answer is modelled on the content API's.
 */
export const METRICS_API_UNAUTHORIZED = 'Invalid API key or metrics API not enabled for this team.';
/** Loops' limit on an email message's LMX, in UTF-8 bytes ("the 100KB limit"): over it, 413. */
export const MAX_LMX_BYTES = 100 * 1024;
/** Preview emails a team may send in 24 hours ("Each team can send up to 100 preview emails per day"). */
export const DAILY_PREVIEW_LIMIT = 100;

const DAY_MS = 24 * 60 * 60 * 1000;
const NOT_A_DRAFT = 'Campaign is not in draft status.';
const NO_SENDING_DOMAIN =
	'No sending domain configured. Add a sending domain in your Loops settings first.';
/** RFC 3339 date-time, as the spec's `format: date-time`. */
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
/** ISO 639-1: two lower-case letters. */
const LANGUAGE_CODE_RE = /^[a-z]{2}$/;
/** The local part of the sender's address (Loops appends the team's sending domain). */
const FROM_EMAIL_RE = /^[A-Za-z0-9._+-]+$/;

// ==================================================================== answers

/** A campaign as Loops answers it (the spec's CampaignResponse); `status` as the answer shows it. */
export function campaignResource(
	campaign: Campaign,
	status = campaign.status,
): Record<string, unknown> {
	return {
		id: campaign.id,
		name: campaign.name,
		status,
		createdAt: campaign.createdAt,
		updatedAt: campaign.updatedAt,
		emailMessageId: campaign.emailMessageId,
		campaignGroupId: campaign.campaignGroupId,
		mailingListId: campaign.mailingListId,
		audienceSegmentId: campaign.audienceSegmentId,
		audienceFilter: structuredClone(campaign.audienceFilter),
		scheduling: { ...campaign.scheduling },
	};
}

/** An email message as Loops answers it: CC, BCC, language and fallbacks only when set. */
export function emailMessageResource(message: EmailMessage): Record<string, unknown> {
	const answer: Record<string, unknown> = {
		id: message.id,
		...(message.campaignId !== undefined ? { campaignId: message.campaignId } : {}),
		...(message.transactionalId !== undefined ? { transactionalId: message.transactionalId } : {}),
		subject: message.subject,
		previewText: message.previewText,
		fromName: message.fromName,
		fromEmail: message.fromEmail,
		replyToEmail: message.replyToEmail,
		emailFormat: message.emailFormat,
		lmx: message.lmx,
		contentRevisionId: message.contentRevisionId,
		updatedAt: message.updatedAt,
	};
	for (const key of ['ccEmail', 'bccEmail', 'languageCode'] as const) {
		if (message[key] !== undefined) answer[key] = message[key];
	}
	for (const key of [
		'contactPropertiesFallbacks',
		'eventPropertiesFallbacks',
		'dataVariablesFallbacks',
	] as const) {
		if (Object.keys(message[key]).length > 0) answer[key] = { ...message[key] };
	}
	return answer;
}

/** A transactional email as the content API shows it (the spec's TransactionalResource). */
export function transactionalResource(email: TransactionalEmail): Record<string, unknown> {
	const published = isPublished(email);
	const ids = transactionalMessageIds(email);
	return {
		id: email.id,
		name: email.name,
		draftEmailMessageId: ids.draft,
		publishedEmailMessageId: ids.published,
		transactionalGroupId:
			email.transactionalGroupId !== undefined
				? email.transactionalGroupId
				: DEFAULT_TRANSACTIONAL_GROUP_ID,
		createdAt: email.createdAt ?? email.lastUpdated,
		updatedAt: email.lastUpdated,
		dataVariables: published ? [...email.dataVariables] : [],
	};
}

/** The spec's TransactionalDraftResponse: the resource and its draft's revision. */
function transactionalDraftResource(
	email: TransactionalEmail,
	draft: EmailMessage | undefined,
): Record<string, unknown> {
	return {
		...transactionalResource(email),
		draftEmailMessageContentRevisionId: draft?.contentRevisionId ?? null,
	};
}

// ==================================================================== request checks

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

/** A key the body may not have (the spec's `additionalProperties: false`). */
function unknownKey(body: JsonObject, allowed: readonly string[]): string | undefined {
	const extra = Object.keys(body).find((key) => !allowed.includes(key));
	return extra === undefined ? undefined : `Unknown field "${extra}".`;
}

function checkString(body: JsonObject, key: string, options: { nullable?: boolean } = {}) {
	const value = body[key];
	if (value === undefined || typeof value === 'string') return undefined;
	if (value === null && options.nullable) return undefined;
	return `${key} must be a string${options.nullable ? ' or null' : ''} (got ${typeName(value)}).`;
}

function checkName(body: JsonObject, required: boolean): string | undefined {
	if (body.name === undefined) return required ? 'name is required.' : undefined;
	if (typeof body.name !== 'string') return `name must be a string (got ${typeName(body.name)}).`;
	return body.name.trim() === '' ? 'name cannot be empty.' : undefined;
}

const PROPERTY_OPERATORS = new Set([
	'any',
	'contains',
	'notContains',
	'equals',
	'notEquals',
	'greaterThan',
	'lessThan',
	'isTrue',
	'isFalse',
	'empty',
	'notEmpty',
	'dateEmpty',
	'dateNotEmpty',
	'after',
	'before',
	'between',
]);

function isDateTime(value: unknown): value is string {
	return typeof value === 'string' && DATE_TIME_RE.test(value) && !Number.isNaN(Date.parse(value));
}

/** One condition of an audience filter, as the spec's AudienceFilterCondition. */
function conditionError(
	account: AccountState,
	condition: unknown,
	where: string,
): string | undefined {
	if (!isPlainObject(condition)) return `${where} must be an object.`;
	switch (condition.type) {
		case 'property': {
			if (typeof condition.key !== 'string') return `${where}.key must be a string.`;
			if (!account.findProperty(condition.key))
				return `${where}.key: contact property "${condition.key}" does not exist.`;
			if (typeof condition.operator !== 'string' || !PROPERTY_OPERATORS.has(condition.operator))
				return `${where}.operator is not a known operator.`;
			const value = condition.value;
			const between = isPlainObject(value) && isDateTime(value.from) && isDateTime(value.to);
			if (value !== undefined && typeof value !== 'string' && typeof value !== 'number' && !between)
				return `${where}.value must be a string, a number or { from, to } dates.`;
			return undefined;
		}
		case 'optIn':
			return [null, 'accepted', 'pending', 'rejected'].includes(condition.status as string | null)
				? undefined
				: `${where}.status must be accepted, pending, rejected or null.`;
		case 'activity':
			if (!['sent', 'opened', 'clicked'].includes(condition.action as string))
				return `${where}.action must be sent, opened or clicked.`;
			if (typeof condition.negate !== 'boolean') return `${where}.negate must be a boolean.`;
			if (!['campaign', 'workflow', 'workflowEmail'].includes(condition.target as string))
				return `${where}.target must be campaign, workflow or workflowEmail.`;
			return typeof condition.id === 'string' ? undefined : `${where}.id must be a string.`;
		default:
			return `${where}.type must be property, optIn or activity.`;
	}
}

function audienceFilterError(account: AccountState, filter: unknown): string | undefined {
	if (filter === undefined || filter === null) return undefined;
	if (!isPlainObject(filter)) return 'audienceFilter must be an object or null.';
	const extra = unknownKey(filter, ['match', 'conditions']);
	if (extra) return `audienceFilter: ${extra}`;
	if (filter.match !== 'all' && filter.match !== 'any')
		return 'audienceFilter.match must be "all" or "any".';
	if (!Array.isArray(filter.conditions) || filter.conditions.length === 0)
		return 'audienceFilter.conditions must be an array of at least one condition.';
	for (const [index, condition] of filter.conditions.entries()) {
		const error = conditionError(account, condition, `audienceFilter.conditions[${index}]`);
		if (error) return error;
	}
	return undefined;
}

/** The shape of `scheduling` (CampaignSchedulingRequest); whether its time is to come is checked later. */
function schedulingError(scheduling: unknown): string | undefined {
	if (scheduling === undefined) return undefined;
	if (!isPlainObject(scheduling)) return 'scheduling must be an object.';
	const extra = unknownKey(scheduling, ['method', 'timestamp']);
	if (extra) return `scheduling: ${extra}`;
	if (scheduling.method === 'now') {
		return scheduling.timestamp === undefined
			? undefined
			: 'scheduling.timestamp must be omitted when method is "now".';
	}
	if (scheduling.method !== 'schedule') return 'scheduling.method must be "now" or "schedule".';
	if (scheduling.timestamp === undefined)
		return 'scheduling.timestamp is required when method is "schedule".';
	return isDateTime(scheduling.timestamp)
		? undefined
		: 'scheduling.timestamp must be an ISO 8601 date-time, e.g. 2025-07-15T14:00:00.000Z.';
}

const CAMPAIGN_FIELDS = [
	'name',
	'campaignGroupId',
	'mailingListId',
	'audienceSegmentId',
	'audienceFilter',
	'scheduling',
] as const;
/** What may still change once a campaign is scheduled or sent. */
const FIELDS_AFTER_DRAFT = new Set(['name', 'campaignGroupId']);

/** The body of a campaign create or update: keys and types (400). */
function campaignBodyError(
	account: AccountState,
	body: JsonObject,
	nameRequired: boolean,
): string | undefined {
	return (
		unknownKey(body, CAMPAIGN_FIELDS) ??
		checkName(body, nameRequired) ??
		checkString(body, 'campaignGroupId') ??
		checkString(body, 'mailingListId', { nullable: true }) ??
		checkString(body, 'audienceSegmentId', { nullable: true }) ??
		audienceFilterError(account, body.audienceFilter) ??
		schedulingError(body.scheduling)
	);
}

/** The group, list and segment a campaign body names: an unknown group is 400, a list or segment 404. */
function campaignReferencesError(account: AccountState, body: JsonObject): ApiResult | undefined {
	const groupId = body.campaignGroupId;
	if (groupId !== undefined && !account.campaignGroups.some((group) => group.id === groupId))
		return fail(400, 'Campaign group not found.');
	const listId = body.mailingListId;
	if (typeof listId === 'string' && !account.hasMailingList(listId))
		return fail(404, 'Mailing list not found.');
	const segmentId = body.audienceSegmentId;
	if (
		typeof segmentId === 'string' &&
		!account.audienceSegments.some((segment) => segment.id === segmentId)
	)
		return fail(404, 'Audience segment not found.');
	return undefined;
}

/** The scheduling a request asks for, stored as Loops shows it; a schedule must be in the future. */
function requestedScheduling(
	scheduling: unknown,
	now: number,
): CampaignScheduling | { error: string } | undefined {
	if (!isPlainObject(scheduling)) return undefined;
	if (scheduling.method === 'now') return { method: 'now', timestamp: null };
	const timestamp = scheduling.timestamp as string;
	if (Date.parse(timestamp) <= now) return { error: 'scheduling.timestamp must be in the future.' };
	return { method: 'schedule', timestamp };
}

/** The audience fields of a campaign after `body`: a segment without a filter clears the filter, and back. */
function audienceAfter(
	campaign: Campaign,
	body: JsonObject,
): Pick<Campaign, 'mailingListId' | 'audienceSegmentId' | 'audienceFilter'> {
	const next = {
		mailingListId: campaign.mailingListId,
		audienceSegmentId: campaign.audienceSegmentId,
		audienceFilter: campaign.audienceFilter,
	};
	if (body.mailingListId !== undefined) next.mailingListId = body.mailingListId as string | null;
	if (body.audienceSegmentId !== undefined) {
		next.audienceSegmentId = body.audienceSegmentId as string | null;
		if (body.audienceFilter === undefined) next.audienceFilter = null;
	}
	if (body.audienceFilter !== undefined) {
		next.audienceFilter = structuredClone(body.audienceFilter as AudienceFilter | null);
		if (body.audienceSegmentId === undefined) next.audienceSegmentId = null;
	}
	return next;
}

/** What a message lacks to be sent or published: subject, sender and body. */
function missingContent(message: EmailMessageContent): string[] {
	return (['subject', 'fromName', 'fromEmail', 'lmx'] as const).filter(
		(key) => message[key].trim() === '',
	);
}

function ownerOf(message: EmailMessage): MessageOwner {
	return message.campaignId !== undefined ? 'campaign' : 'transactional';
}

function guardianOf(account: AccountState, message: EmailMessage) {
	const keys = new Set(account.contactProperties.map((property) => property.key));
	return guardianReport(message, ownerOf(message), keys);
}

/** Why a campaign cannot be sent as it would be after `body` (400), if it cannot. */
function unsendable(
	account: AccountState,
	campaign: Campaign,
	audience: ReturnType<typeof audienceAfter>,
): string | undefined {
	if (
		audience.mailingListId === null &&
		audience.audienceSegmentId === null &&
		audience.audienceFilter === null
	) {
		return 'Campaign has no audience: set mailingListId, audienceSegmentId or audienceFilter before sending.';
	}
	const message = findEmailMessage(account, campaign.emailMessageId);
	if (!message) return 'Campaign has no email message.';
	const missing = missingContent(message);
	if (missing.length > 0)
		return `Campaign email message is incomplete: ${missing.join(', ')} must be set before sending.`;
	const { errors } = guardianOf(account, message);
	if (errors.length > 0)
		return `Campaign email message has content errors (${errors.map((e) => e.rule).join(', ')}): see GET /v1/email-messages/${message.id}/guardian.`;
	return undefined;
}

// ==================================================================== campaigns

function findCampaign(account: AccountState, id: string, now: number): Campaign | undefined {
	const campaign = account.campaigns.find((candidate) => candidate.id === id);
	return campaign && settleCampaign(account, campaign, now);
}

const listCampaigns: Handler = ({ account, query, baseUrl, now }) => {
	for (const campaign of account.campaigns) settleCampaign(account, campaign, now);
	return cursorPage(
		newestFirst(account.campaigns, (campaign) => campaign.createdAt),
		query,
		`${baseUrl}/v1/campaigns`,
		(campaign) => campaignResource(campaign),
	);
};

const getCampaign: Handler = ({ account, params, now }) => {
	const campaign = findCampaign(account, params.campaignId, now);
	return campaign ? ok(campaignResource(campaign)) : fail(404, 'Campaign not found.');
};

/**
 * Creates a draft and its empty email message (201). A `scheduling` given here is kept as the campaign's
 * plan, but the campaign stays a draft: its message is empty, so it is sent by a later update.
 */
const createCampaign: Handler = ({ account, body, now }) => {
	const error = campaignBodyError(account, body, true);
	if (error) return fail(400, error);
	if (!account.sendingDomainConfigured) return fail(400, NO_SENDING_DOMAIN);
	const referenceError = campaignReferencesError(account, body);
	if (referenceError) return referenceError;
	const scheduling = requestedScheduling(body.scheduling, now);
	if (scheduling && 'error' in scheduling) return fail(400, scheduling.error);
	const audienceFilter = (body.audienceFilter as AudienceFilter | null | undefined) ?? null;
	const campaign = addCampaign(
		account,
		{
			name: body.name as string,
			...(body.campaignGroupId !== undefined
				? { campaignGroupId: body.campaignGroupId as string }
				: {}),
			mailingListId: (body.mailingListId as string | null | undefined) ?? null,
			audienceSegmentId: (body.audienceSegmentId as string | null | undefined) ?? null,
			audienceFilter,
			...(scheduling ? { scheduling } : {}),
		},
		now,
	);
	const message = findEmailMessage(account, campaign.emailMessageId) as EmailMessage;
	return ok(
		{
			...campaignResource(campaign),
			emailMessageContentRevisionId: message.contentRevisionId,
		},
		201,
	);
};

/**
 * Updates a campaign; `scheduling` sends it (`now`: the answer says Sending, and it is Sent from the next
 * read on) or schedules it (Scheduled until the emulator clock reaches the time, then Sent). Once it is not
 * a draft, only `name` and `campaignGroupId` may change (409).
 */
const updateCampaign: Handler = ({ account, params, body, now }) => {
	const campaign = findCampaign(account, params.campaignId, now);
	if (!campaign) return fail(404, 'Campaign not found.');
	if (Object.keys(body).length === 0) return fail(400, 'At least one field must be provided.');
	const error = campaignBodyError(account, body, false);
	if (error) return fail(400, error);
	if (
		campaign.status !== 'Draft' &&
		Object.keys(body).some((key) => !FIELDS_AFTER_DRAFT.has(key))
	) {
		return fail(409, NOT_A_DRAFT);
	}
	const referenceError = campaignReferencesError(account, body);
	if (referenceError) return referenceError;
	const scheduling = requestedScheduling(body.scheduling, now);
	if (scheduling && 'error' in scheduling) return fail(400, scheduling.error);
	const audience = audienceAfter(campaign, body);
	if (scheduling) {
		const why = unsendable(account, campaign, audience);
		if (why) return fail(400, why);
	}

	if (body.name !== undefined) campaign.name = body.name as string;
	if (body.campaignGroupId !== undefined) campaign.campaignGroupId = body.campaignGroupId as string;
	Object.assign(campaign, audience);
	campaign.updatedAt = isoAt(now);
	if (!scheduling) return ok(campaignResource(campaign));
	campaign.scheduling = scheduling;
	if (scheduling.method === 'schedule') {
		campaign.status = 'Scheduled';
		return ok(campaignResource(campaign));
	}
	markSent(account, campaign, now);
	return ok(campaignResource(campaign, 'Sending'));
};

// ==================================================================== groups

function groupRoutes(
	groups: (account: AccountState) => ContentGroup[],
	path: string,
	param: string,
	notFound: string,
): { list: Handler; get: Handler } {
	return {
		list: ({ account, query, baseUrl }) =>
			cursorPage(
				newestFirst(groups(account), (group) => group.createdAt),
				query,
				`${baseUrl}${path}`,
				(group) => ({ ...group }),
			),
		get: ({ account, params }) => {
			const group = groups(account).find((candidate) => candidate.id === params[param]);
			return group ? ok({ ...group }) : fail(404, notFound);
		},
	};
}

const campaignGroups = groupRoutes(
	(account) => account.campaignGroups,
	'/v1/campaign-groups',
	'campaignGroupId',
	'Campaign group not found.',
);
const transactionalGroups = groupRoutes(
	(account) => account.transactionalGroups,
	'/v1/transactional-groups',
	'transactionalGroupId',
	'Transactional group not found.',
);

// ==================================================================== email messages

const MESSAGE_STRING_FIELDS = [
	'subject',
	'previewText',
	'fromName',
	'fromEmail',
	'replyToEmail',
	'ccEmail',
	'bccEmail',
	'languageCode',
	'lmx',
] as const;
const FALLBACK_FIELDS = [
	'contactPropertiesFallbacks',
	'eventPropertiesFallbacks',
	'dataVariablesFallbacks',
] as const;
const MESSAGE_FIELDS = [
	'expectedRevisionId',
	...MESSAGE_STRING_FIELDS,
	'emailFormat',
	...FALLBACK_FIELDS,
] as const;

/** Keys, types and the values Loops checks of an email-message update (400). */
function messageBodyError(account: AccountState, body: JsonObject): string | undefined {
	const extra = unknownKey(body, MESSAGE_FIELDS);
	if (extra) return extra;
	if (!Object.keys(body).some((key) => key !== 'expectedRevisionId'))
		return 'At least one field must be provided.';
	for (const key of ['expectedRevisionId', ...MESSAGE_STRING_FIELDS]) {
		const error = checkString(body, key);
		if (error) return error;
	}
	if (
		body.emailFormat !== undefined &&
		body.emailFormat !== 'styled' &&
		body.emailFormat !== 'plain'
	)
		return 'emailFormat must be "styled" or "plain".';
	for (const key of FALLBACK_FIELDS) {
		const fallbacks = body[key];
		if (fallbacks === undefined) continue;
		if (!isPlainObject(fallbacks)) return `${key} must be an object.`;
		for (const [name, value] of Object.entries(fallbacks)) {
			if (value !== null && typeof value !== 'string')
				return `${key}["${name}"] must be a string or null.`;
		}
	}
	const fromEmail = body.fromEmail as string | undefined;
	if (fromEmail !== undefined && fromEmail !== '' && !FROM_EMAIL_RE.test(fromEmail))
		return 'fromEmail is the sender name before the @, without the sending domain (e.g. "hello").';
	const replyTo = body.replyToEmail as string | undefined;
	if (replyTo !== undefined && replyTo !== '' && !looksLikeEmail(replyTo))
		return 'replyToEmail must be empty or a valid email address.';
	for (const key of ['ccEmail', 'bccEmail'] as const) {
		const value = body[key] as string | undefined;
		if (value === undefined || value === '') continue;
		if (!account.ccBccEnabled) return 'CC and BCC are not enabled for this team.';
		if (!looksLikeEmail(value)) return `${key} must be a valid email address.`;
	}
	const language = body.languageCode as string | undefined;
	if (language !== undefined && language !== '' && !LANGUAGE_CODE_RE.test(language))
		return 'languageCode must be an ISO 639-1 code such as "en" or "fr".';
	return undefined;
}

/** Why `message` cannot be edited now (409): its campaign is not a draft, or it is no transactional draft. */
function notEditable(
	account: AccountState,
	message: EmailMessage,
	now: number,
): string | undefined {
	if (message.campaignId !== undefined) {
		const campaign = findCampaign(account, message.campaignId, now);
		return campaign && campaign.status !== 'Draft' ? NOT_A_DRAFT : undefined;
	}
	const email = account.transactionalEmails.find((t) => t.id === message.transactionalId);
	if (email && transactionalMessageIds(email).draft !== message.id) {
		return `This email message is not the draft of transactional email ${email.id}: create a draft with POST /v1/transactional-emails/${email.id}/draft and edit that.`;
	}
	return undefined;
}

function applyMessageUpdate(message: EmailMessage, body: JsonObject): void {
	for (const key of [
		'subject',
		'previewText',
		'fromName',
		'fromEmail',
		'replyToEmail',
		'lmx',
	] as const) {
		if (body[key] !== undefined) message[key] = body[key] as string;
	}
	for (const key of ['ccEmail', 'bccEmail', 'languageCode'] as const) {
		const value = body[key] as string | undefined;
		if (value === '') delete message[key];
		else if (value !== undefined) message[key] = value;
	}
	if (body.emailFormat !== undefined) message.emailFormat = body.emailFormat as 'styled' | 'plain';
	for (const key of FALLBACK_FIELDS) {
		const changes = body[key] as Record<string, string | null> | undefined;
		for (const [name, value] of Object.entries(changes ?? {})) {
			if (value === null) delete message[key][name];
			else message[key][name] = value;
		}
	}
}

const getEmailMessage: Handler = ({ account, params }) => {
	if (!account.sendingDomainConfigured) return fail(400, NO_SENDING_DOMAIN);
	const message = findEmailMessage(account, params.emailMessageId);
	return message ? ok(emailMessageResource(message)) : fail(404, 'Email message not found.');
};

/**
 * Sets content fields. Refused: 413 over 100 KB of LMX; 409 when its campaign is not a draft, when it is not
 * its transactional email's draft, or when `expectedRevisionId` is not the current revision; 422 quoting
 * the compiler when the LMX does not compile. Each update makes a new `contentRevisionId`.
 */
const updateEmailMessage: Handler = ({ account, params, body, now }) => {
	const message = findEmailMessage(account, params.emailMessageId);
	if (!message) return fail(404, 'Email message not found.');
	if (!account.sendingDomainConfigured) return fail(400, NO_SENDING_DOMAIN);
	const error = messageBodyError(account, body);
	if (error) return fail(400, error);
	const lmx = body.lmx as string | undefined;
	if (lmx !== undefined && Buffer.byteLength(lmx, 'utf8') > MAX_LMX_BYTES)
		return fail(413, 'LMX payload exceeds the 100KB limit.');
	const locked = notEditable(account, message, now);
	if (locked) return fail(409, locked);
	const expected = body.expectedRevisionId as string | undefined;
	if (expected !== undefined && expected !== message.contentRevisionId) {
		return fail(
			409,
			`Revision mismatch: expectedRevisionId ${expected} is not the current contentRevisionId. Get the email message and apply your changes to its current revision.`,
		);
	}
	if (lmx !== undefined) {
		const errors = lmxErrors(lmx);
		if (errors.length > 0) return fail(422, `LMX failed to compile: ${errors.join('; ')}`);
	}
	applyMessageUpdate(message, body);
	message.contentRevisionId = newRevisionId();
	message.updatedAt = isoAt(now);
	const campaign = account.campaigns.find((candidate) => candidate.id === message.campaignId);
	if (campaign) campaign.updatedAt = message.updatedAt;
	const email = account.transactionalEmails.find((t) => t.id === message.transactionalId);
	if (email) email.lastUpdated = message.updatedAt;
	return ok(emailMessageResource(message));
};

const PREVIEW_VARIABLES: Record<MessageOwner, string> = {
	campaign: 'contactProperties',
	transactional: 'dataVariables',
};

/**
 * Sends a test email of the message to `emails` and records it (account.previews). A campaign's preview takes
 * contactProperties, a transactional email's dataVariables (eventProperties belong to workflows): another is
 * 400. More than DAILY_PREVIEW_LIMIT preview emails in 24 hours: 429.
 */
const previewEmailMessage: Handler = ({ account, params, body, now }) => {
	const message = findEmailMessage(account, params.emailMessageId);
	if (!message) return fail(404, 'Email message not found.');
	const extra = unknownKey(body, [
		'emails',
		'contactProperties',
		'eventProperties',
		'dataVariables',
	]);
	if (extra) return fail(400, extra);
	const emails = body.emails;
	if (!Array.isArray(emails) || emails.length === 0)
		return fail(400, 'emails must be an array of at least one email address.');
	for (const email of emails) {
		if (typeof email !== 'string' || !looksLikeEmail(email))
			return fail(400, `Invalid email address: ${JSON.stringify(email)}.`);
	}
	const accepted = PREVIEW_VARIABLES[ownerOf(message)];
	for (const key of ['contactProperties', 'eventProperties', 'dataVariables']) {
		const values = body[key];
		if (values === undefined) continue;
		if (!isPlainObject(values) || Object.values(values).some((value) => typeof value !== 'string'))
			return fail(400, `${key} must be an object of strings.`);
		if (key !== accepted)
			return fail(
				400,
				`${key} cannot be used in a preview of a ${ownerOf(message)} email message (it takes ${accepted}).`,
			);
	}
	const sentToday = account.previews
		.filter((preview) => preview.sentAt > now - DAY_MS)
		.reduce((count, preview) => count + preview.emails.length, 0);
	if (sentToday + emails.length > DAILY_PREVIEW_LIMIT)
		return fail(
			429,
			`Daily preview limit reached (${DAILY_PREVIEW_LIMIT} preview emails per day).`,
		);
	account.previews.push({
		emailMessageId: message.id,
		contentRevisionId: message.contentRevisionId,
		emails: [...(emails as string[])],
		contactProperties: { ...((body.contactProperties as Record<string, string>) ?? {}) },
		eventProperties: { ...((body.eventProperties as Record<string, string>) ?? {}) },
		dataVariables: { ...((body.dataVariables as Record<string, string>) ?? {}) },
		sentAt: now,
	});
	return ok({ id: message.id });
};

const emailMessageGuardian: Handler = ({ account, params }) => {
	const message = findEmailMessage(account, params.emailMessageId);
	return message ? ok(guardianOf(account, message)) : fail(404, 'Email message not found.');
};

// ==================================================================== transactional emails

function findTransactional(account: AccountState, id: string): TransactionalEmail | undefined {
	return account.transactionalEmails.find((email) => email.id === id);
}

/** The transactional group a body names (400 when the account has no such group). */
function transactionalGroupError(account: AccountState, body: JsonObject): string | undefined {
	const groupId = body.transactionalGroupId;
	if (groupId === undefined) return undefined;
	if (typeof groupId !== 'string')
		return `transactionalGroupId must be a string (got ${typeName(groupId)}).`;
	return account.transactionalGroups.some((group) => group.id === groupId)
		? undefined
		: 'Transactional group not found.';
}

const listTransactionalEmails: Handler = ({ account, query, baseUrl }) =>
	cursorPage(
		newestFirst(account.transactionalEmails, (t) => t.createdAt ?? t.lastUpdated),
		query,
		`${baseUrl}/v1/transactional-emails`,
		transactionalResource,
	);

const getTransactionalEmail: Handler = ({ account, params }) => {
	const email = findTransactional(account, params.transactionalId);
	return email ? ok(transactionalResource(email)) : fail(404, 'Transactional email not found.');
};

/** A new transactional email with an empty draft (201), in the default group unless named. */
const createTransactionalEmail: Handler = ({ account, body, now }) => {
	const error =
		unknownKey(body, ['name', 'transactionalGroupId']) ??
		checkName(body, true) ??
		transactionalGroupError(account, body);
	if (error) return fail(400, error);
	if (!account.sendingDomainConfigured) return fail(400, NO_SENDING_DOMAIN);
	const groupId =
		(body.transactionalGroupId as string | undefined) ?? DEFAULT_TRANSACTIONAL_GROUP_ID;
	const email = addTransactionalEmail(account, body.name as string, groupId, now);
	const draft = findEmailMessage(account, email.draftEmailMessageId as string);
	return ok(transactionalDraftResource(email, draft), 201);
};

/** Renames or regroups (at least one field). */
const updateTransactionalEmail: Handler = ({ account, params, body, now }) => {
	const email = findTransactional(account, params.transactionalId);
	if (!email) return fail(404, 'Transactional email not found.');
	if (Object.keys(body).length === 0) return fail(400, 'At least one field must be provided.');
	const error =
		unknownKey(body, ['name', 'transactionalGroupId']) ??
		checkName(body, false) ??
		transactionalGroupError(account, body);
	if (error) return fail(400, error);
	if (body.name !== undefined) email.name = body.name as string;
	if (body.transactionalGroupId !== undefined)
		email.transactionalGroupId = body.transactionalGroupId as string;
	email.lastUpdated = isoAt(now);
	return ok(transactionalResource(email));
};

/** The draft it has, or a new one seeded from the published version (200 either way). */
const ensureTransactionalDraft: Handler = ({ account, params, now }) => {
	const email = findTransactional(account, params.transactionalId);
	if (!email) return fail(404, 'Transactional email not found.');
	if (!account.sendingDomainConfigured) return fail(400, NO_SENDING_DOMAIN);
	const draft = ensureDraft(account, email, now);
	return ok(transactionalDraftResource(email, draft));
};

/**
 * Publishes the draft: 409 without one; 422 when it lacks a subject, sender or LMX, has Guardian errors, or
 * the team has no sending domain.
 */
const publishTransactionalEmail: Handler = ({ account, params, now }) => {
	const email = findTransactional(account, params.transactionalId);
	if (!email) return fail(404, 'Transactional email not found.');
	const draftId = transactionalMessageIds(email).draft;
	const draft = draftId === null ? undefined : findEmailMessage(account, draftId);
	if (!draft) return fail(409, 'No draft to publish.');
	if (!account.sendingDomainConfigured)
		return fail(422, 'Cannot publish: the team has no verified sending domain.');
	const missing = missingContent(draft);
	if (missing.length > 0)
		return fail(422, `Draft failed validation: ${missing.join(', ')} must be set.`);
	const { errors } = guardianOf(account, draft);
	if (errors.length > 0)
		return fail(
			422,
			`Draft failed validation: content errors (${errors.map((e) => e.rule).join(', ')}); see GET /v1/email-messages/${draft.id}/guardian.`,
		);
	publishDraft(email, draft, now);
	return ok(transactionalResource(email));
};

// ==================================================================== metrics (Loops 1.22)

function metricsHandler(kind: MetricsKind, param: string, notFound: string): Handler {
	return ({ account, params, now }) => {
		if (!account.metricsApiEnabled) return fail(401, METRICS_API_UNAUTHORIZED);
		const id = params[param];
		const found =
			kind === 'campaign' ? findCampaign(account, id, now) : findTransactional(account, id);
		return found ? ok(metricsOf(account, kind, id)) : fail(404, notFound);
	};
}

// ==================================================================== routes

/** An endpoint of the content API: 401 to a bad key and to a team without it alike. */
const content = (handler: Handler): RouteDef => ({
	handler: contentApi(handler),
	unauthorizedMessage: CONTENT_API_UNAUTHORIZED,
});

/** The content API's endpoints: path (after '/api') → method → route. */
export const CONTENT_ROUTES: Readonly<Record<string, Readonly<Record<string, RouteDef>>>> = {
	'/v1/campaigns': { GET: content(listCampaigns), POST: content(createCampaign) },
	'/v1/campaigns/{campaignId}': { GET: content(getCampaign), POST: content(updateCampaign) },
	'/v1/campaigns/{campaignId}/metrics': {
		GET: content(metricsHandler('campaign', 'campaignId', 'Campaign not found.')),
	},
	'/v1/campaign-groups': { GET: content(campaignGroups.list) },
	'/v1/campaign-groups/{campaignGroupId}': { GET: content(campaignGroups.get) },
	'/v1/email-messages/{emailMessageId}': {
		GET: content(getEmailMessage),
		POST: content(updateEmailMessage),
	},
	'/v1/email-messages/{emailMessageId}/preview': { POST: content(previewEmailMessage) },
	'/v1/email-messages/{emailMessageId}/guardian': { GET: content(emailMessageGuardian) },
	'/v1/transactional-emails': {
		GET: content(listTransactionalEmails),
		POST: content(createTransactionalEmail),
	},
	'/v1/transactional-emails/{transactionalId}': {
		GET: content(getTransactionalEmail),
		POST: content(updateTransactionalEmail),
	},
	'/v1/transactional-emails/{transactionalId}/draft': {
		POST: content(ensureTransactionalDraft),
	},
	'/v1/transactional-emails/{transactionalId}/publish': {
		POST: content(publishTransactionalEmail),
	},
	'/v1/transactional-emails/{transactionalId}/metrics': {
		GET: content(
			metricsHandler('transactional', 'transactionalId', 'Transactional email not found.'),
		),
	},
	'/v1/transactional-groups': { GET: content(transactionalGroups.list) },
	'/v1/transactional-groups/{transactionalGroupId}': { GET: content(transactionalGroups.get) },
};
