import { randomBytes } from 'node:crypto';

import { addCampaign, type MetricsKind } from './contentState';
import {
	DEFAULT_CONTACT_PROPERTIES,
	DEFAULT_SUPPRESSION_REMOVAL_QUOTA,
	SEED_AUDIENCE_SEGMENTS,
	SEED_CAMPAIGN_GROUPS,
	SEED_CUSTOM_PROPERTIES,
	SEED_DEDICATED_SENDING_IPS,
	SEED_EVENT_PATTERNS,
	SEED_MAILING_LISTS,
	SEED_TRANSACTIONAL_EMAILS,
	SEED_TRANSACTIONAL_GROUPS,
} from './seed';
import type {
	AccountSeed,
	AppliedEvent,
	AppliedTransactional,
	AudienceSegment,
	Campaign,
	CampaignSeed,
	ContactProperty,
	ContactSeed,
	ContentGroup,
	EmailMessage,
	EmailMetrics,
	EmailPreview,
	EventPattern,
	LoopsContact,
	MailingList,
	TransactionalEmail,
} from './types';

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A random-looking Loops-style id: prefix + base36, 25 characters in all (like 'cll42l54f20i1la0lfooe3z12'). */
export function newId(prefix = 'cl'): string {
	const bytes = randomBytes(25 - prefix.length);
	let id = prefix;
	for (const byte of bytes) id += ID_ALPHABET[byte % 36];
	return id;
}

/** 24 hours, how long Loops remembers an Idempotency-Key. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const RATE_WINDOW_MS = 1000;

function clone<T>(value: T): T {
	return structuredClone(value);
}

/** Normalises a rate-limit setting: undefined/Infinity/≤0/NaN → unlimited (undefined). */
export function normaliseRateLimit(perSecond: number | undefined): number | undefined {
	if (perSecond === undefined || !Number.isFinite(perSecond) || perSecond <= 0) return undefined;
	return Math.floor(perSecond);
}

export function emptyContact(email: string, id = newId('cll')): LoopsContact {
	return {
		id,
		email,
		firstName: null,
		lastName: null,
		source: 'API',
		subscribed: true,
		userGroup: '',
		userId: null,
		mailingLists: {},
		optInStatus: null,
	};
}

function contactFromSeed(seed: ContactSeed): LoopsContact {
	const contact = emptyContact(seed.email, seed.id ?? undefined);
	for (const [key, value] of Object.entries(clone(seed)))
		if (value !== undefined) contact[key] = value;
	contact.mailingLists = { ...(seed.mailingLists ?? {}) };
	return contact;
}

export interface RateDecision {
	allowed: boolean;
	/** undefined when the account is unlimited. */
	limit?: number;
	remaining?: number;
}

/**
 * The live state of one Loops account (one API key). Public fields are meant for assertions; the emulator's
 * handlers change it through the methods below.
 */
export class AccountState {
	readonly apiKey: string;
	teamName!: string;
	attachmentsEnabled!: boolean;
	listContactsEnabled!: boolean;
	/** GET /v1/contacts answers the first page whatever the offset, as a Loops that does not page the list would. */
	listContactsIgnoresOffset!: boolean;
	/** Whether the content API is on (see AccountSeed.contentApiEnabled); a test may switch it. */
	contentApiEnabled!: boolean;
	/** Whether the team has a sending domain (AccountSeed.sendingDomainConfigured); a test may switch it. */
	sendingDomainConfigured!: boolean;
	ccBccEnabled!: boolean;
	/** Whether the metrics API (Loops 1.22) is on (AccountSeed.metricsApiEnabled); a test may switch it. */
	metricsApiEnabled!: boolean;
	/** Requests per second (sliding 1000 ms window); undefined = unlimited. */
	rateLimit: number | undefined;
	/** Contacts in creation order. */
	contacts!: LoopsContact[];
	/** Every applied event, in order. */
	events!: AppliedEvent[];
	/** Every applied transactional send, in order. */
	transactionalSent!: AppliedTransactional[];
	mailingLists!: MailingList[];
	/** Default properties followed by the custom ones (GET /v1/contacts/properties?list=all). */
	contactProperties!: ContactProperty[];
	transactionalEmails!: TransactionalEmail[];
	audienceSegments!: AudienceSegment[];
	/** The event names the account knows, in the order Loops learnt them. */
	eventPatterns!: EventPattern[];
	dedicatedSendingIps!: string[];
	/** Campaigns in creation order (lists show the most recent first); contentState.ts changes them. */
	campaigns!: Campaign[];
	/**
	 * The email messages of campaigns and transactional emails, in creation order. A seeded transactional
	 * email's message is added on first use (contentState.ts `findEmailMessage`).
	 */
	emailMessages!: EmailMessage[];
	/** Every preview sent, in order. */
	previews!: EmailPreview[];
	campaignGroups!: ContentGroup[];
	transactionalGroups!: ContentGroup[];
	/** Counters set by `setMetrics`: `<kind> <id>` → the counters that replace the computed ones. */
	readonly metricsOverrides = new Map<string, Partial<EmailMetrics>>();
	/** Suppressed email addresses. */
	suppressed!: string[];
	removalQuota!: { limit: number; remaining: number };
	/** 429s caused by the real rate limit. */
	rateLimited = 0;
	/** Requests answered by an injected fault (429, 500 or dropped). */
	faultsInjected = 0;
	/** Authenticated requests received (all outcomes). */
	requestCount = 0;
	/** Idempotency keys of applied requests: `<endpoint> <key>` → applied at (emulator clock, ms). */
	readonly idempotencyKeys = new Map<string, number>();

	/**
	 * Header values sent instead of the real `x-ratelimit-limit` / `x-ratelimit-remaining` (the real limit
	 * still applies): an odd Loops or proxy, e.g. `{ limit: '300000' }`. Undefined: the truth.
	 */
	reportedRateLimit: { limit?: string; remaining?: string } | undefined;

	/** Whether rateLimit came from the seed or setRateLimit (else it follows the emulator's default). */
	rateLimitExplicit: boolean;

	private readonly seed: AccountSeed;
	private readonly seedContacts: LoopsContact[];
	private hits: number[] = [];
	private hitsHead = 0;
	private emailIndex = new Map<string, LoopsContact>();
	private userIdIndex = new Map<string, LoopsContact>();
	private indexedArray: LoopsContact[] | undefined;
	private indexedLength = -1;

	constructor(seed: AccountSeed, defaultRateLimit: number | undefined) {
		this.apiKey = seed.apiKey;
		this.seed = clone(seed);
		this.seedContacts = (seed.contacts ?? []).map(contactFromSeed);
		this.rateLimitExplicit = seed.rateLimit !== undefined;
		this.rateLimit = this.rateLimitExplicit ? normaliseRateLimit(seed.rateLimit) : defaultRateLimit;
		this.reset(defaultRateLimit);
	}

	/** Back to the seed: data, counters, idempotency keys, rate window and rate limit. */
	reset(defaultRateLimit: number | undefined): void {
		const seed = this.seed;
		this.teamName = seed.teamName;
		this.attachmentsEnabled = seed.attachmentsEnabled ?? false;
		this.listContactsEnabled = seed.listContactsEnabled ?? true;
		this.listContactsIgnoresOffset = false;
		this.contentApiEnabled = seed.contentApiEnabled ?? true;
		this.sendingDomainConfigured = seed.sendingDomainConfigured ?? true;
		this.ccBccEnabled = seed.ccBccEnabled ?? false;
		this.metricsApiEnabled = seed.metricsApiEnabled ?? true;
		this.rateLimitExplicit = seed.rateLimit !== undefined;
		this.rateLimit = this.rateLimitExplicit ? normaliseRateLimit(seed.rateLimit) : defaultRateLimit;
		this.contacts = clone(this.seedContacts);
		this.events = [];
		this.transactionalSent = [];
		this.mailingLists = clone(seed.mailingLists ?? [...SEED_MAILING_LISTS]);
		this.contactProperties = [
			...clone([...DEFAULT_CONTACT_PROPERTIES]),
			...clone(seed.customProperties ?? [...SEED_CUSTOM_PROPERTIES]),
		];
		this.transactionalEmails = clone(seed.transactionalEmails ?? [...SEED_TRANSACTIONAL_EMAILS]);
		this.audienceSegments = clone(seed.audienceSegments ?? [...SEED_AUDIENCE_SEGMENTS]);
		this.eventPatterns = clone(seed.eventPatterns ?? [...SEED_EVENT_PATTERNS]);
		this.dedicatedSendingIps = [...(seed.dedicatedSendingIps ?? SEED_DEDICATED_SENDING_IPS)];
		this.campaignGroups = clone(seed.campaignGroups ?? [...SEED_CAMPAIGN_GROUPS]);
		this.transactionalGroups = clone(seed.transactionalGroups ?? [...SEED_TRANSACTIONAL_GROUPS]);
		this.emailMessages = [];
		this.previews = [];
		this.campaigns = [];
		this.metricsOverrides.clear();
		for (const campaign of seed.campaigns ?? []) addCampaign(this, campaign, Date.now());
		this.suppressed = [...(seed.suppressed ?? [])];
		const quota = seed.suppressionRemovalQuota ?? DEFAULT_SUPPRESSION_REMOVAL_QUOTA;
		this.removalQuota = { limit: quota, remaining: quota };
		this.rateLimited = 0;
		this.reportedRateLimit = undefined;
		this.faultsInjected = 0;
		this.requestCount = 0;
		this.idempotencyKeys.clear();
		this.hits = [];
		this.hitsHead = 0;
		this.indexedArray = undefined;
	}

	// ---------------------------------------------------------------- contacts

	private rebuildIndex(): void {
		this.emailIndex = new Map();
		this.userIdIndex = new Map();
		for (const contact of this.contacts) {
			this.emailIndex.set(contact.email.toLowerCase(), contact);
			if (contact.userId) this.userIdIndex.set(contact.userId, contact);
		}
		this.indexedArray = this.contacts;
		this.indexedLength = this.contacts.length;
	}

	private ensureIndex(): void {
		if (this.indexedArray !== this.contacts || this.indexedLength !== this.contacts.length)
			this.rebuildIndex();
	}

	findByEmail(email: string): LoopsContact | undefined {
		const key = email.toLowerCase();
		this.ensureIndex();
		let hit = this.emailIndex.get(key);
		if (hit && hit.email.toLowerCase() !== key) {
			this.rebuildIndex(); // a test edited a contact's email in place
			hit = this.emailIndex.get(key);
		}
		return hit;
	}

	findByUserId(userId: string): LoopsContact | undefined {
		this.ensureIndex();
		let hit = this.userIdIndex.get(userId);
		if (hit && hit.userId !== userId) {
			this.rebuildIndex();
			hit = this.userIdIndex.get(userId);
		}
		return hit;
	}

	/** Adds a contact (no validation) and returns it. */
	addContact(contact: LoopsContact): LoopsContact {
		this.ensureIndex();
		this.contacts.push(contact);
		this.emailIndex.set(contact.email.toLowerCase(), contact);
		if (contact.userId) this.userIdIndex.set(contact.userId, contact);
		this.indexedLength = this.contacts.length;
		return contact;
	}

	/** Seeds a contact the way Loops would store it (for test setup; no validation). */
	seedContact(seed: ContactSeed): LoopsContact {
		return this.addContact(contactFromSeed(seed));
	}

	/** Changes a contact's email (keeps the index right). */
	setContactEmail(contact: LoopsContact, email: string): void {
		this.ensureIndex();
		this.emailIndex.delete(contact.email.toLowerCase());
		contact.email = email;
		this.emailIndex.set(email.toLowerCase(), contact);
	}

	/** Changes a contact's userId (keeps the index right). */
	setContactUserId(contact: LoopsContact, userId: string | null): void {
		this.ensureIndex();
		if (contact.userId) this.userIdIndex.delete(contact.userId);
		contact.userId = userId;
		if (userId) this.userIdIndex.set(userId, contact);
	}

	removeContact(contact: LoopsContact): void {
		const at = this.contacts.indexOf(contact);
		if (at >= 0) this.contacts.splice(at, 1);
		this.rebuildIndex();
	}

	// ---------------------------------------------------------------- properties, lists, suppression

	/** Custom properties only (GET /v1/contacts/properties?list=custom). */
	get customProperties(): ContactProperty[] {
		const defaults = new Set(DEFAULT_CONTACT_PROPERTIES.map((p) => p.key));
		return this.contactProperties.filter((p) => !defaults.has(p.key));
	}

	findProperty(key: string): ContactProperty | undefined {
		return this.contactProperties.find((p) => p.key === key);
	}

	hasMailingList(id: string): boolean {
		return this.mailingLists.some((list) => list.id === id);
	}

	isSuppressed(email: string): boolean {
		const key = email.toLowerCase();
		return this.suppressed.some((e) => e.toLowerCase() === key);
	}

	/** Puts an email on the suppression list (as a hard bounce or spam report would). */
	suppress(email: string): void {
		if (!this.isSuppressed(email)) this.suppressed.push(email);
	}

	unsuppress(email: string): void {
		const key = email.toLowerCase();
		this.suppressed = this.suppressed.filter((e) => e.toLowerCase() !== key);
	}

	/** Learns an event name on its first use (names are case-sensitive), as Loops does. */
	registerEventName(eventName: string): void {
		if (this.eventPatterns.some((pattern) => pattern.eventName === eventName)) return;
		this.eventPatterns.push({ id: newId('clev'), eventName, incomingWebhookPlatform: null });
	}

	// ---------------------------------------------------------------- content API

	/** Seeds a campaign and its email message (for test setup; no validation): see CampaignSeed. */
	seedCampaign(seed: CampaignSeed): Campaign {
		return addCampaign(this, seed, Date.now());
	}

	/**
	 * Sets counters of a campaign or transactional email, answered by its metrics endpoint from now on (the
	 * others stay computed: `sends` counts a campaign's recipients or a transactional email's sends).
	 */
	setMetrics(kind: MetricsKind, id: string, metrics: Partial<EmailMetrics>): void {
		const key = `${kind} ${id}`;
		this.metricsOverrides.set(key, { ...this.metricsOverrides.get(key), ...metrics });
	}

	// ---------------------------------------------------------------- rate limit

	/**
	 * Counts one authenticated request arriving at `now` (performance.now()) in the sliding 1000 ms window and
	 * says whether it is within the limit. Every authenticated request counts, rejected ones included.
	 */
	hit(now: number): RateDecision {
		const hits = this.hits;
		let head = this.hitsHead;
		while (head < hits.length && (hits[head] as number) <= now - RATE_WINDOW_MS) head++;
		if (head > 1024 && head * 2 > hits.length) {
			this.hits = hits.slice(head);
			head = 0;
		}
		this.hitsHead = head;
		const inWindow = this.hits.length - head;
		this.hits.push(now);
		const limit = this.rateLimit;
		if (limit === undefined) return { allowed: true };
		if (inWindow >= limit) return { allowed: false, limit, remaining: 0 };
		return { allowed: true, limit, remaining: limit - inWindow - 1 };
	}

	// ---------------------------------------------------------------- idempotency

	idempotencyUsed(scope: string, key: string, now: number): boolean {
		const at = this.idempotencyKeys.get(`${scope} ${key}`);
		return at !== undefined && now - at < IDEMPOTENCY_TTL_MS;
	}

	rememberIdempotencyKey(scope: string, key: string, now: number): void {
		this.idempotencyKeys.set(`${scope} ${key}`, now);
	}

	// ---------------------------------------------------------------- assertions helpers

	/**
	 * Events applied more than once under the same idempotency key (extra applications counted). Events without a
	 * key count nothing. With the emulator honouring keys this is 0 unless a key expired (advanceClock).
	 */
	appliedMoreThanOnce(): number {
		const seen = new Map<string, number>();
		let extra = 0;
		for (const event of this.events) {
			if (event.idempotencyKey === null) continue;
			const n = (seen.get(event.idempotencyKey) ?? 0) + 1;
			seen.set(event.idempotencyKey, n);
			if (n > 1) extra++;
		}
		return extra;
	}

	/**
	 * Extra applications of "the same" event, grouped by `identity` (default: eventName, contact and
	 * eventProperties). Useful when the client under test sends a unique id inside eventProperties.
	 */
	duplicateEvents(identity: (event: AppliedEvent) => string = defaultEventIdentity): number {
		const seen = new Set<string>();
		let extra = 0;
		for (const event of this.events) {
			const id = identity(event);
			if (seen.has(id)) extra++;
			else seen.add(id);
		}
		return extra;
	}

	/** The applied events named `eventName`. */
	eventsNamed(eventName: string): AppliedEvent[] {
		return this.events.filter((e) => e.eventName === eventName);
	}
}

function defaultEventIdentity(event: AppliedEvent): string {
	return JSON.stringify([event.eventName, event.contactId, event.eventProperties]);
}
