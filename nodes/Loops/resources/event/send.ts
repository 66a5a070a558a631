import type { INodeProperties, PreSendAction } from 'n8n-workflow';

import {
	contactPropertiesField,
	eventPropertiesField,
	idempotencyKeyField,
	mailingListsField,
	resourceLocator,
} from '../../shared/fields';
import { bodyOf } from '../../shared/preSend';
import { requireText } from '../../shared/validation';

const show = { resource: ['event'], operation: ['send'] };

export const eventSendDescription: INodeProperties[] = [
	{
		// a resource locator: see the decision in shared/fields.ts; the routing engine sends its value
		...resourceLocator({
			displayName: 'Event Name',
			name: 'eventName',
			description:
				'The event that starts your loops: choose one the account knows (Loops → Events), or type any name, e.g. purchase. Loops creates an event the first time it receives its name; names are case-sensitive.',
			searchListMethod: 'searchEventNames',
			placeholder: 'Select an event...',
			typed: { name: 'name', displayName: 'By Name', placeholder: 'e.g. purchase' },
		}),
		displayOptions: { show },
		routing: { send: { type: 'body', property: 'eventName' } },
	},
];

export const checkEventName: PreSendAction = async function (requestOptions) {
	const body = bodyOf(requestOptions);
	body.eventName = requireText(this, 'Event Name', body.eventName);
	return requestOptions;
};

/** This operation's options in the node's one Additional Fields collection (resources/optionalFields.ts). */
export const sendEventAdditionalFields: INodeProperties[] = [
	eventPropertiesField,
	contactPropertiesField,
	mailingListsField,
	idempotencyKeyField,
];
