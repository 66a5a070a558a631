import type { ContactProperty, MailingList, TransactionalEmail } from './types';

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
	{ id: 'welcome', name: 'Welcome', lastUpdated: '2025-01-02T10:00:00.000Z', dataVariables: ['name'] },
	{
		id: PASSWORD_RESET_TRANSACTIONAL_ID,
		name: 'Password reset',
		lastUpdated: '2025-01-03T10:00:00.000Z',
		dataVariables: ['name', 'resetUrl'],
	},
	{ id: 'magic-link', name: 'Magic link sign-in', lastUpdated: '2025-01-04T10:00:00.000Z', dataVariables: ['loginUrl'] },
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
	{ id: 'invoice-ready', name: 'Invoice ready', lastUpdated: '2025-01-07T10:00:00.000Z', dataVariables: ['invoiceUrl'] },
	{ id: 'trial-ending', name: 'Trial ending soon', lastUpdated: '2025-01-08T10:00:00.000Z', dataVariables: ['daysLeft'] },
	{ id: 'team-invite', name: 'Team invitation', lastUpdated: '2025-01-09T10:00:00.000Z', dataVariables: ['inviterName', 'inviteUrl'] },
	{ id: 'payment-failed', name: 'Payment failed', lastUpdated: '2025-01-10T10:00:00.000Z', dataVariables: [] },
	{ id: 'account-deleted', name: 'Account deleted', lastUpdated: '2025-01-11T10:00:00.000Z', dataVariables: [] },
	{ id: 'weekly-digest', name: 'Weekly digest', lastUpdated: '2025-01-12T10:00:00.000Z', dataVariables: ['summary'] },
	{ id: 'login-alert', name: 'New sign-in alert', lastUpdated: '2025-01-13T10:00:00.000Z', dataVariables: ['device', 'location'] },
]);

/** Property names Loops reserves (cannot be created or set). */
export const RESERVED_PROPERTY_NAMES: readonly string[] = Object.freeze([
	'id',
	'listId',
	'softDeleteAt',
	'teamId',
	'updatedAt',
]);
