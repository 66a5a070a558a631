import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * The 17 events Loops can deliver to its webhook endpoint (Loops' OpenAPI `webhooks` block). `value` is the
 * payload's `eventName` and what saved workflows store in the `events` parameter: never rename one.
 * Sorted by display name, as n8n lists options.
 */
export const LOOPS_WEBHOOK_EVENTS: readonly INodePropertyOptions[] = [
	{
		name: 'Campaign Email Sent',
		value: 'campaign.email.sent',
		description: 'A campaign email was sent to a contact (one event per recipient)',
	},
	{
		name: 'Contact Created',
		value: 'contact.created',
		description: 'A contact was added to the audience; the payload holds the whole contact',
	},
	{
		name: 'Contact Deleted',
		value: 'contact.deleted',
		description: 'A contact was deleted from the audience',
	},
	{
		name: 'Contact Mailing List Subscribed',
		value: 'contact.mailingList.subscribed',
		description: 'A contact joined a mailing list',
	},
	{
		name: 'Contact Mailing List Unsubscribed',
		value: 'contact.mailingList.unsubscribed',
		description: 'A contact left a mailing list',
	},
	{
		name: 'Contact Unsubscribed',
		value: 'contact.unsubscribed',
		description: 'A contact unsubscribed from all email',
	},
	{
		name: 'Email Clicked',
		value: 'email.clicked',
		description: 'A contact clicked a link in an email',
	},
	{
		name: 'Email Delivered',
		value: 'email.delivered',
		description: "An email reached the recipient's mail server",
	},
	{
		name: 'Email Hard Bounced',
		value: 'email.hardBounced',
		description: 'An email bounced permanently',
	},
	{
		name: 'Email Opened',
		value: 'email.opened',
		description: 'A contact opened an email',
	},
	{
		name: 'Email Resubscribed',
		value: 'email.resubscribed',
		description: 'A contact resubscribed from an email',
	},
	{
		name: 'Email Soft Bounced',
		value: 'email.softBounced',
		description: 'An email bounced temporarily',
	},
	{
		name: 'Email Spam Reported',
		value: 'email.spamReported',
		description: 'A contact marked an email as spam',
	},
	{
		name: 'Email Unsubscribed',
		value: 'email.unsubscribed',
		description: 'A contact unsubscribed through an email',
	},
	{
		name: 'Loop Email Sent',
		value: 'loop.email.sent',
		description:
			'A workflow (formerly "loop") email was sent to a contact (one event per recipient)',
	},
	{
		name: 'Test Event',
		value: 'testing.testEvent',
		description: 'The test event sent from Loops → Settings → Webhooks',
	},
	{
		name: 'Transactional Email Sent',
		value: 'transactional.email.sent',
		description: 'A transactional email was sent to a contact',
	},
];

/** Just the event names (`eventName` values). */
export const LOOPS_WEBHOOK_EVENT_NAMES: readonly string[] = LOOPS_WEBHOOK_EVENTS.map((event) =>
	String(event.value),
);
