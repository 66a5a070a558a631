import type { INodeProperties } from 'n8n-workflow';

/**
 * The email message of every Email Message operation: one declaration for all (n8n evaluates every declaration
 * of a name for every item). Loops cannot list email messages, so it is an ID: a campaign's `emailMessageId`, a
 * transactional email's `draftEmailMessageId`.
 */
export const emailMessageIdField: INodeProperties = {
	displayName: 'Email Message ID',
	name: 'emailMessageId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. cle5f7g9h1i3j5k7l9m1n3p5',
	description:
		"The email message's ID: a campaign's emailMessageId, or a transactional email's draftEmailMessageId, as Campaign → Create or Get and Transactional Email → Create, Update or Get output them (Loops cannot list email messages)",
	displayOptions: { show: { resource: ['emailMessage'] } },
};
