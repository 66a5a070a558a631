/**
 * Public types of the in-memory Loops API emulator (test double; never shipped in the package).
 */

export type PropertyType = 'string' | 'number' | 'boolean' | 'date';

/** A contact as Loops returns it: standard fields (null where unset) plus the custom properties set on it. */
export interface LoopsContact {
	id: string;
	email: string;
	firstName: string | null;
	lastName: string | null;
	source: string | null;
	subscribed: boolean;
	userGroup: string | null;
	userId: string | null;
	mailingLists: Record<string, boolean>;
	optInStatus: 'accepted' | 'pending' | 'rejected' | null;
	[customProperty: string]: unknown;
}

/** Seed of a contact: `email` is required, everything else defaults (id generated, subscribed true, source 'API'). */
export type ContactSeed = Partial<LoopsContact> & { email: string };

export interface MailingList {
	id: string;
	name: string;
	description: string | null;
	isPublic: boolean;
}

export interface ContactProperty {
	key: string;
	label: string;
	type: PropertyType;
}

/**
 * A transactional email of the account. GET /v1/transactional (deprecated) lists the published ones as
 * `{ id, name, lastUpdated, dataVariables }`; GET /v1/transactional-emails lists all of them as Loops'
 * transactional resource (see `transactionalResource` in api.ts), most recently created first.
 */
export interface TransactionalEmail {
	id: string;
	name: string;
	lastUpdated: string;
	dataVariables: string[];
	/** Default: `lastUpdated`. */
	createdAt?: string;
	/** A draft never published: not in the deprecated list, no data variables, cannot be sent. Default true. */
	published?: boolean;
	/**
	 * Its email messages, as the content API names them. Undefined for a seed: one message, `cle` + id
	 * (25 characters at most), the draft of an unpublished email or the published version of a published one.
	 */
	draftEmailMessageId?: string | null;
	publishedEmailMessageId?: string | null;
	/** Default: DEFAULT_TRANSACTIONAL_GROUP_ID. */
	transactionalGroupId?: string | null;
}

/** The filter of an audience segment (the spec's AudienceFilter; conditions kept as given). */
export interface AudienceFilter {
	match: 'all' | 'any';
	conditions: Array<Record<string, unknown>>;
}

/** An audience segment as GET /v1/audience-segments answers it. */
export interface AudienceSegment {
	id: string;
	name: string;
	description: string | null;
	createdAt: string;
	updatedAt: string;
	filter: AudienceFilter | null;
}

/** An event name the account knows (GET /v1/event-patterns). */
export interface EventPattern {
	id: string;
	eventName: string;
	/** The platform of an incoming-webhook event; null for custom events. */
	incomingWebhookPlatform: 'clerk' | 'polar' | 'stripe' | 'supabase' | null;
}

/** A campaign group or a transactional group (the spec's GroupResponse). */
export interface ContentGroup {
	id: string;
	name: string;
	description: string;
	createdAt: string;
	updatedAt: string;
}

export type CampaignStatus = 'Draft' | 'Scheduled' | 'Sending' | 'Sent';

/** When a campaign sends (the spec's CampaignScheduling); a draft shows `{ method: 'now', timestamp: null }`. */
export interface CampaignScheduling {
	method: 'now' | 'schedule';
	timestamp: string | null;
}

/** A campaign: the spec's CampaignResponse, plus what the emulator keeps to count its sends. */
export interface Campaign {
	id: string;
	name: string;
	status: CampaignStatus;
	createdAt: string;
	updatedAt: string;
	emailMessageId: string;
	campaignGroupId: string | null;
	mailingListId: string | null;
	audienceSegmentId: string | null;
	audienceFilter: AudienceFilter | null;
	scheduling: CampaignScheduling;
	/** Contacts it went to, counted when it was sent (the metrics' `sends`); null before. Not in Loops' answer. */
	recipients: number | null;
}

/** What an email message holds (the fields of the spec's UpdateEmailMessageRequest). */
export interface EmailMessageContent {
	subject: string;
	previewText: string;
	fromName: string;
	/** The sender's name before the @: Loops appends the team's sending domain. */
	fromEmail: string;
	replyToEmail: string;
	ccEmail?: string;
	bccEmail?: string;
	languageCode?: string;
	emailFormat: 'styled' | 'plain';
	lmx: string;
	contactPropertiesFallbacks: Record<string, string>;
	eventPropertiesFallbacks: Record<string, string>;
	dataVariablesFallbacks: Record<string, string>;
}

/** An email message of a campaign or of a transactional email (the spec's EmailMessageResponse). */
export interface EmailMessage extends EmailMessageContent {
	id: string;
	/** The owner: exactly one of campaignId and transactionalId. */
	campaignId?: string;
	transactionalId?: string;
	/** A new one on every update; an update naming another (`expectedRevisionId`) is refused with 409. */
	contentRevisionId: string;
	updatedAt: string;
}

/** A preview sent with POST /v1/email-messages/{id}/preview. */
export interface EmailPreview {
	emailMessageId: string;
	/** The revision the preview showed. */
	contentRevisionId: string;
	emails: string[];
	contactProperties: Record<string, string>;
	eventProperties: Record<string, string>;
	dataVariables: Record<string, string>;
	/** Emulator clock, ms. */
	sentAt: number;
}

/** All-time counters of a campaign or transactional email (Loops 1.22's metrics endpoints). */
export interface EmailMetrics {
	sends: number;
	opens: number;
	clicks: number;
	unsubscribes: number;
	spamReports: number;
	hardBounces: number;
	softBounces: number;
}

/** Seed of a campaign: `name` is required; status Draft, the default group and an empty message unless given. */
export type CampaignSeed = Partial<Omit<Campaign, 'emailMessageId'>> & {
	name: string;
	/** Its email message's content (the rest empty). */
	emailMessage?: Partial<EmailMessageContent>;
};

export interface AccountSeed {
	apiKey: string;
	teamName: string;
	/** Requests per second (sliding 1000 ms window). Default: EmulatorOptions.rateLimit (10). `Infinity` or 0 = unlimited. */
	rateLimit?: number;
	/** Whether Loops enabled attachments on POST /v1/transactional for this account. Default false. */
	attachmentsEnabled?: boolean;
	/** Whether GET /v1/contacts (list contacts) exists for this account. Default true; false answers 404 like Loops' public API. */
	listContactsEnabled?: boolean;
	/**
	 * Whether Loops enabled its content API for this team. Default true. Without it the endpoints of that API
	 * (GET /v1/transactional-emails, /v1/audience-segments, each with /{id}) answer 401 "Invalid API key or
	 * content API not enabled for this team." — the words they also answer a bad key with.
	 */
	contentApiEnabled?: boolean;
	/**
	 * Whether the team has a sending domain. Default true. Without one, creating a campaign or a transactional
	 * email, ensuring a draft and reading or updating an email message answer 400, as Loops does.
	 */
	sendingDomainConfigured?: boolean;
	/** Whether Loops enabled CC and BCC on email messages for this team. Default false (ccEmail/bccEmail: 400). */
	ccBccEnabled?: boolean;
	/** Whether Loops enabled its metrics API (1.22) for this team. Default true; see METRICS_API_UNAUTHORIZED. */
	metricsApiEnabled?: boolean;
	/** Campaigns at start (most recently created first in lists). Default none. */
	campaigns?: CampaignSeed[];
	/** Override the seeded campaign groups / transactional groups. */
	campaignGroups?: ContentGroup[];
	transactionalGroups?: ContentGroup[];
	/** Contacts present at start (and after reset()). Default none. */
	contacts?: ContactSeed[];
	/** Suppressed emails at start. Default none. */
	suppressed?: string[];
	/** Override the seeded mailing lists / custom properties / transactional emails. */
	mailingLists?: MailingList[];
	customProperties?: ContactProperty[];
	transactionalEmails?: TransactionalEmail[];
	/** Override the seeded audience segments / event names / dedicated sending IPs. */
	audienceSegments?: AudienceSegment[];
	eventPatterns?: EventPattern[];
	dedicatedSendingIps?: string[];
	/** Suppression removal quota (DELETE /v1/contacts/suppression). Default 10. */
	suppressionRemovalQuota?: number;
}

export interface FaultOptions {
	/** Share (0..1) of authenticated requests answered 429 (not applied). */
	rate429?: number;
	/** Share (0..1) of authenticated requests answered 500 (not applied). */
	rate500?: number;
	/** Share (0..1) of authenticated requests processed and applied, then dropped without any response. */
	dropRate?: number;
	/** Seed of the deterministic PRNG (default: random). */
	seed?: number;
}

/**
 * The network between the client and Loops (all 0 by default: loopback). Loops counts a request against
 * the rate limit when it arrives, after `requestDelayMs` + a uniform draw in [0, `requestJitterMs`]; its
 * answer then travels `responseDelayMs` + a draw in [0, `responseJitterMs`].
 */
export interface NetworkOptions {
	requestDelayMs?: number;
	requestJitterMs?: number;
	responseDelayMs?: number;
	responseJitterMs?: number;
	/** Seed of the jitter PRNG (default: random). */
	seed?: number;
}

/** How a wrong API key is answered (see LoopsEmulator.setUnauthorizedShape). */
export type UnauthorizedShape = 'current' | 'legacy';

export interface EmulatorOptions {
	port?: number;
	host?: string;
	/** Default requests per second per API key (default 10). `Infinity` or 0 = unlimited. */
	rateLimit?: number;
	accounts?: AccountSeed[];
	faults?: FaultOptions;
	network?: NetworkOptions;
	/** 'legacy' answers a wrong API key with the older `{ error }` body. Default 'current'. */
	unauthorizedShape?: UnauthorizedShape;
}

export type FaultKind = '429' | '500' | 'drop';

export interface RecordedRequest {
	method: string;
	/** e.g. '/api/v1/contacts/create', without the query string. */
	path: string;
	query: Record<string, string>;
	/** Lower-case names; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** Parsed JSON body, or undefined (no body or invalid JSON). */
	body: unknown;
	rawBody: string;
	apiKey?: string;
	/** Status sent. For a dropped request: the status it would have had (nothing was sent; see `fault`). */
	status: number;
	responseBody: unknown;
	/**
	 * An injected fault, a one-off failure set with `failNext`, or a request applied whose answer was replaced
	 * by a gateway's 5xx (`failAfterApplyingNext`).
	 */
	fault?: FaultKind | 'injected' | 'appliedThenFailed';
	/** performance.now() when the request reached the emulator's socket. */
	receivedAt: number;
	/**
	 * performance.now() when Loops counted it: its arrival after the network model's delay (equal to
	 * `receivedAt` without one). The rate-limit window sees this moment.
	 */
	countedAt: number;
	/** performance.now() when the answer left, after the way back; undefined until then, and for a drop. */
	answeredAt?: number;
}

export interface AppliedEvent {
	eventName: string;
	/** Email / userId of the contact the event was applied to (after lookup). */
	email: string;
	userId: string | null;
	contactId: string;
	eventProperties: Record<string, unknown>;
	/** Top-level contact properties sent with the event. */
	contactProperties: Record<string, unknown>;
	mailingLists: Record<string, boolean>;
	idempotencyKey: string | null;
	/** Date.now() (plus advanceClock offset) when applied. */
	appliedAt: number;
}

export interface Attachment {
	filename: string;
	contentType: string;
	data: string;
}

export interface AppliedTransactional {
	transactionalId: string;
	email: string;
	addToAudience: boolean;
	dataVariables: Record<string, unknown>;
	attachments: Attachment[];
	idempotencyKey: string | null;
	appliedAt: number;
}
