import type { INodeProperties } from 'n8n-workflow';

import { sendIdempotencyKey, sendOnce } from '../../shared/idempotency';
import { sendIdentifier, sendMailingLists, sendProperties } from '../../shared/preSend';
import { operationsOf } from '../../shared/fields';
import { loopsRoute } from '../../shared/transport';
import { checkEventName, eventSendDescription } from './send';

export const eventOperations = operationsOf('event', 'send', [
	{
		name: 'Send',
		value: 'send',
		action: 'Send an event',
		description: 'Send an event that starts the loops waiting for it',
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/events/send' },
			{
				preSend: [
					sendIdentifier('body', 'identifyBy'),
					checkEventName,
					sendProperties('additionalFields.eventProperties', 'Event Properties', {
						objectName: 'eventProperties',
					}),
					sendProperties('additionalFields.contactProperties', 'Contact Properties', {
						topLevel: true,
					}),
					sendMailingLists('additionalFields.mailingLists'),
					sendIdempotencyKey('additionalFields.idempotencyKey'),
				],
				execute: sendOnce,
			},
		),
	},
]);

export const eventFields: INodeProperties[] = [...eventSendDescription];
