import type {
	AudienceSegment,
	ContactProperty,
	ContentGroup,
	EventPattern,
	MailingList,
	TransactionalEmail,
} from './types';

/** Default API key and team of an emulator started without `accounts`. */
export const DEFAULT_API_KEY = 'test-api-key';
export const DEFAULT_TEAM_NAME = 'Test Team';
export const DEFAULT_RATE_LIMIT = 10;
export const DEFAULT_SUPPRESSION_REMOVAL_QUOTA = 10;

/** Mailing lists every account starts with (unless its seed overrides them). */
export const SEED_MAILING_LISTS: readonly MailingList[] = Object.freeze([
	{
		id: 'cm06f5v0e45nf0ml5754o9cix',
		name: 'Newsletter',
		description: 'Monthly product newsletter',
		isPublic: true,
	},
	{
		id: 'cm06f5v0e45nf0ml5754o9ciy',
		name: 'Product updates',
		description: null,
		isPublic: true,
	},
	{
		id: 'cm06f5v0e45nf0ml5754o9ciz',
		name: 'Beta testers',
		description: 'Private list for early access',
		isPublic: false,
	},
]);

/** Loops' default contact properties (listed by GET /v1/contacts/properties?list=all before the custom ones). */
export const DEFAULT_CONTACT_PROPERTIES: readonly ContactProperty[] = Object.freeze([
	{ key: 'firstName', label: 'First Name', type: 'string' },
	{ key: 'lastName', label: 'Last Name', type: 'string' },
	{ key: 'email', label: 'Email', type: 'string' },
	{ key: 'notes', label: 'Notes', type: 'string' },
	{ key: 'source', label: 'Source', type: 'string' },
	{ key: 'userGroup', label: 'User Group', type: 'string' },
	{ key: 'userId', label: 'User Id', type: 'string' },
	{ key: 'subscribed', label: 'Subscribed', type: 'boolean' },
	{ key: 'createdAt', label: 'Created At', type: 'date' },
]);

/** Custom contact properties every account starts with. */
export const SEED_CUSTOM_PROPERTIES: readonly ContactProperty[] = Object.freeze([
	{ key: 'plan', label: 'Plan', type: 'string' },
	{ key: 'score', label: 'Score', type: 'number' },
	{ key: 'vip', label: 'Vip', type: 'boolean' },
	{ key: 'trialEndsAt', label: 'Trial Ends At', type: 'date' },
]);

/** Id of the seeded transactional email that needs the data variables `name` and `resetUrl`. */
export const PASSWORD_RESET_TRANSACTIONAL_ID = 'password-reset';

/** 12 published transactional emails (GET /v1/transactional?perPage=10 has two pages). */
export const SEED_TRANSACTIONAL_EMAILS: readonly TransactionalEmail[] = Object.freeze([
	{
		id: 'welcome',
		name: 'Welcome',
		lastUpdated: '2025-01-02T10:00:00.000Z',
		dataVariables: ['name'],
	},
	{
		id: PASSWORD_RESET_TRANSACTIONAL_ID,
		name: 'Password reset',
		lastUpdated: '2025-01-03T10:00:00.000Z',
		dataVariables: ['name', 'resetUrl'],
	},
	{
		id: 'magic-link',
		name: 'Magic link sign-in',
		lastUpdated: '2025-01-04T10:00:00.000Z',
		dataVariables: ['loginUrl'],
	},
	{
		id: 'email-confirmation',
		name: 'Confirm your email',
		lastUpdated: '2025-01-05T10:00:00.000Z',
		dataVariables: ['confirmationUrl'],
	},
	{
		id: 'order-receipt',
		name: 'Order receipt',
		lastUpdated: '2025-01-06T10:00:00.000Z',
		dataVariables: ['orderNumber', 'total', 'items'],
	},
	{
		id: 'invoice-ready',
		name: 'Invoice ready',
		lastUpdated: '2025-01-07T10:00:00.000Z',
		dataVariables: ['invoiceUrl'],
	},
	{
		id: 'trial-ending',
		name: 'Trial ending soon',
		lastUpdated: '2025-01-08T10:00:00.000Z',
		dataVariables: ['daysLeft'],
	},
	{
		id: 'team-invite',
		name: 'Team invitation',
		lastUpdated: '2025-01-09T10:00:00.000Z',
		dataVariables: ['inviterName', 'inviteUrl'],
	},
	{
		id: 'payment-failed',
		name: 'Payment failed',
		lastUpdated: '2025-01-10T10:00:00.000Z',
		dataVariables: [],
	},
	{
		id: 'account-deleted',
		name: 'Account deleted',
		lastUpdated: '2025-01-11T10:00:00.000Z',
		dataVariables: [],
	},
	{
		id: 'weekly-digest',
		name: 'Weekly digest',
		lastUpdated: '2025-01-12T10:00:00.000Z',
		dataVariables: ['summary'],
	},
	{
		id: 'login-alert',
		name: 'New sign-in alert',
		lastUpdated: '2025-01-13T10:00:00.000Z',
		dataVariables: ['device', 'location'],
	},
]);

/** The group every seeded transactional email belongs to (`transactionalGroupId`): the team's default group. */
export const DEFAULT_TRANSACTIONAL_GROUP_ID = 'clg7n5p3q1r9s7t5u3v1w9y7';

/** Transactional groups every account starts with (GET /v1/transactional-groups, most recently created first). */
export const SEED_TRANSACTIONAL_GROUPS: readonly ContentGroup[] = Object.freeze([
	{
		id: DEFAULT_TRANSACTIONAL_GROUP_ID,
		name: 'Unsorted',
		description: '',
		createdAt: '2025-01-01T10:00:00.000Z',
		updatedAt: '2025-01-01T10:00:00.000Z',
	},
	{
		id: 'clg7n5p3q1r9s7t5u3v1w9y8',
		name: 'Account',
		description: 'Sign-in and account emails',
		createdAt: '2025-01-02T10:00:00.000Z',
		updatedAt: '2025-01-02T10:00:00.000Z',
	},
]);

/** The team's default campaign group ("Unsorted"): where a campaign created without `campaignGroupId` goes. */
export const DEFAULT_CAMPAIGN_GROUP_ID = 'clg8m4n6p8q0r2s4t6u8v0w2';

/** Campaign groups every account starts with (GET /v1/campaign-groups, most recently created first). */
export const SEED_CAMPAIGN_GROUPS: readonly ContentGroup[] = Object.freeze([
	{
		id: DEFAULT_CAMPAIGN_GROUP_ID,
		name: 'Unsorted',
		description: '',
		createdAt: '2025-01-01T10:00:00.000Z',
		updatedAt: '2025-01-01T10:00:00.000Z',
	},
	{
		id: 'clg8m4n6p8q0r2s4t6u8v0w3',
		name: 'Newsletters',
		description: 'Monthly newsletter campaigns',
		createdAt: '2025-02-01T10:00:00.000Z',
		updatedAt: '2025-02-01T10:00:00.000Z',
	},
	{
		id: 'clg8m4n6p8q0r2s4t6u8v0w4',
		name: 'Product launches',
		description: 'One-off announcements',
		createdAt: '2025-03-01T10:00:00.000Z',
		updatedAt: '2025-03-01T10:00:00.000Z',
	},
]);

/** The sender a seeded transactional email's message shows (`fromEmail` + the team's sending domain). */
export const SEED_FROM_EMAIL = 'hello';

/** Audience segments every account starts with (GET /v1/audience-segments, most recently created first). */
export const SEED_AUDIENCE_SEGMENTS: readonly AudienceSegment[] = Object.freeze([
	{
		id: 'cls6e8g0i2k4m6o8q0s2u4w6',
		name: 'Pro plan',
		description: 'Contacts on the pro plan',
		createdAt: '2025-03-01T10:00:00.000Z',
		updatedAt: '2025-03-01T10:00:00.000Z',
		filter: {
			match: 'all',
			conditions: [{ type: 'property', key: 'plan', operator: 'equals', value: 'pro' }],
		},
	},
	{
		id: 'cls6e8g0i2k4m6o8q0s2u4w7',
		name: 'VIPs',
		description: null,
		createdAt: '2025-03-02T10:00:00.000Z',
		updatedAt: '2025-03-05T10:00:00.000Z',
		filter: { match: 'all', conditions: [{ type: 'property', key: 'vip', operator: 'isTrue' }] },
	},
	{
		id: 'cls6e8g0i2k4m6o8q0s2u4w8',
		name: 'Everyone',
		description: 'No filter',
		createdAt: '2025-03-03T10:00:00.000Z',
		updatedAt: '2025-03-03T10:00:00.000Z',
		filter: null,
	},
]);

/**
 * Event names every account knows (GET /v1/event-patterns). Sending an event with a new name adds it, as
 * Loops does ("You can create an event by sending an event with a new event name", loops.so/docs/events).
 */
export const SEED_EVENT_PATTERNS: readonly EventPattern[] = Object.freeze([
	{ id: 'clev1signup0000000000000a', eventName: 'signup', incomingWebhookPlatform: null },
	{ id: 'clev1purchase00000000000b', eventName: 'purchase', incomingWebhookPlatform: null },
	{ id: 'clev1planupgraded0000000c', eventName: 'planUpgraded', incomingWebhookPlatform: null },
	{ id: 'clev1stripepaid000000000d', eventName: 'invoicePaid', incomingWebhookPlatform: 'stripe' },
]);

/** Loops' dedicated sending IP addresses (GET /v1/dedicated-sending-ips), as the spec's example. */
export const SEED_DEDICATED_SENDING_IPS: readonly string[] = Object.freeze([
	'52.21.45.123',
	'52.21.45.124',
	'52.21.45.125',
]);

/** Property names Loops reserves (cannot be created or set). */
export const RESERVED_PROPERTY_NAMES: readonly string[] = Object.freeze([
	'id',
	'listId',
	'softDeleteAt',
	'teamId',
	'updatedAt',
]);
