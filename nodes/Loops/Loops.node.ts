import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import { accountFields, accountOperations } from './resources/account';
import { additionalFields, updateFields } from './resources/optionalFields';
import { audienceSegmentFields, audienceSegmentOperations } from './resources/audienceSegment';
import { campaignFields, campaignOperations } from './resources/campaign';
import { contactFields, contactOperations } from './resources/contact';
import { contactPropertyFields, contactPropertyOperations } from './resources/contactProperty';
import { emailMessageFields, emailMessageOperations } from './resources/emailMessage';
import { eventFields, eventOperations } from './resources/event';
import { mailingListFields, mailingListOperations } from './resources/mailingList';
import {
	transactionalEmailFields,
	transactionalEmailOperations,
} from './resources/transactionalEmail';
import { identificationFields } from './shared/fields';
import { subtitleExpression } from './shared/subtitle';
import { sendPacedRequests } from './shared/transport';

/** The panel's parameters, top to bottom (the subtitle is built from them). */
const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		description: 'The kind of Loops object to work with',
		options: [
			{
				name: 'Account',
				value: 'account',
				description: 'The Loops account (team) the API key belongs to',
			},
			{
				name: 'Audience Segment',
				value: 'audienceSegment',
				description: 'A saved filter of the audience, e.g. contacts on the pro plan',
			},
			{
				name: 'Campaign',
				value: 'campaign',
				description: 'An email sent once to a mailing list or segment, e.g. a newsletter',
			},
			{ name: 'Contact', value: 'contact', description: 'A person in the Loops audience' },
			{
				name: 'Contact Property',
				value: 'contactProperty',
				description: 'A field contacts can hold (default or custom)',
			},
			{
				name: 'Email Message',
				value: 'emailMessage',
				description:
					"The email of a campaign or of a transactional email's draft: its subject, sender and body",
			},
			{ name: 'Event', value: 'event', description: 'Something a contact did, which starts loops' },
			{ name: 'Mailing List', value: 'mailingList', description: 'A list contacts subscribe to' },
			{
				name: 'Transactional Email',
				value: 'transactionalEmail',
				description: 'A one-to-one email such as a password reset or a receipt',
			},
		],
		default: 'contact',
	},
	accountOperations,
	audienceSegmentOperations,
	campaignOperations,
	contactOperations,
	contactPropertyOperations,
	emailMessageOperations,
	eventOperations,
	mailingListOperations,
	transactionalEmailOperations,
	...identificationFields,
	...accountFields,
	...audienceSegmentFields,
	...campaignFields,
	...contactFields,
	...contactPropertyFields,
	...emailMessageFields,
	...eventFields,
	...mailingListFields,
	...transactionalEmailFields,
	additionalFields,
	updateFields,
];

export class Loops implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Loops',
		name: 'loops',
		icon: { light: 'file:../../icons/loops.svg', dark: 'file:../../icons/loops.dark.svg' },
		group: ['output'],
		version: 1,
		// "Contact: Get Many" on the canvas, named from the resources and operations declared above
		subtitle: subtitleExpression(properties),
		description:
			'Manage Loops contacts, lists and properties, send the events that start your Loops automations, send transactional emails, and read transactional emails, audience segments and sending IPs',
		defaults: { name: 'Loops' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'loopsApi', required: true }],
		// The base URL comes from the credential, set per request by the executor (shared/transport.ts).
		requestDefaults: {
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
		},
		// Every request goes through one executor that paces it to the account's rate limit and retries
		// what Loops could not take (see shared/transport.ts); operations that page override it.
		requestOperations: { pagination: sendPacedRequests },
		properties,
	};

	/**
	 * Filled from the account: the lists of the resource locators (transactional emails, audience
	 * segments, event names, mailing lists) and the dropdowns (custom properties, data variables).
	 */
	methods = { listSearch: { ...listSearch }, loadOptions: { ...loadOptions } };
}
