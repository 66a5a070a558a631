import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { keyValueRows, mailingListsField } from '../../shared/fields';
import { MAX_IDEMPOTENCY_KEY_LENGTH, requireText } from '../../shared/validation';

const show = { resource: ['event'], operation: ['send'] };

export const sendDescription: INodeProperties[] = [
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. purchase',
		description: 'The event that starts your loops, as named in Loops (Loops → Events)',
		displayOptions: { show },
		routing: { send: { type: 'body', property: 'eventName' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Optional event data, contact changes, mailing lists and Idempotency-Key',
		displayOptions: { show },
		options: [
			keyValueRows(
				'Event Properties',
				'eventProperties',
				'Data for the emails this event sends, available as event properties in Loops',
				{ keyDescription: 'The event property name, e.g. amount' },
			),
			keyValueRows(
				'Contact Properties',
				'contactProperties',
				'Custom contact properties to update with the event, sent as top-level fields. Each must exist in your Loops account (Audience → Properties).',
				{ customProperties: true },
			),
			mailingListsField,
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. order_1234',
				description: `Loops delivers an event once per key (up to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters, remembered 24 hours). Leave empty to use a key made from the execution, node, run and item, so retries never send twice.`,
			},
		],
	},
];

export async function checkEventName(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = (requestOptions.body ?? {}) as { eventName?: unknown };
	body.eventName = requireText(this, 'Event Name', body.eventName);
	return requestOptions;
}
