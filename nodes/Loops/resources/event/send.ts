import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { identifierFields, identifyByField, keyValueRows, mailingListsField } from '../../shared/fields';
import { sendPaced } from '../../shared/transport';
import { MAX_IDEMPOTENCY_KEY_LENGTH, requireText } from '../../shared/validation';

const show = { resource: ['event'], operation: ['send'] };

export const sendDescription: INodeProperties[] = [
	identifyByField(show, 'email'),
	...identifierFields(show, 'identifyBy', { type: 'body' }),
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
		displayOptions: { show },
		options: [
			keyValueRows(
				'Event Properties',
				'eventProperties',
				'Data for the emails this event sends, available as event properties in Loops',
				'The event property name, e.g. amount',
			),
			keyValueRows(
				'Contact Properties',
				'contactProperties',
				'Contact properties to update with the event (they must exist in your Loops account)',
				'The contact property key, e.g. plan',
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

/**
 * A 409 means Loops already applied this Idempotency-Key (an earlier attempt whose answer was lost, or
 * a re-run): the event went out once, so the item succeeds and says so.
 */
export async function sendEventOnce(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const idempotencyKey = requestData.options.headers?.['Idempotency-Key'];
	return await sendPaced(this, requestData, {
		alreadyDone: {
			statuses: [409],
			resolve: () => [{ json: { success: true, duplicate: true, idempotencyKey } }],
		},
	});
}
