import type { INodeProperties } from 'n8n-workflow';

import { sendIdempotencyKey, sendIdentifier } from '../../shared/hooks';
import { loopsRoute } from '../../shared/transport';
import { checkLimit, getAllDescription, pageThroughTransactionalEmails } from './getAll';
import {
	checkAttachments,
	checkRequiredDataVariables,
	checkTransactionalId,
	sendDataVariables,
	sendDescription,
	sendTransactionalEmail,
} from './send';

export const transactionalEmailOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['transactionalEmail'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many transactional emails',
			description:
				'List the published transactional emails of the account with their ID, name, last update and data variables',
			routing: loopsRoute(
				{ method: 'GET', url: '/v1/transactional' },
				{ preSend: [checkLimit], execute: pageThroughTransactionalEmails },
			),
		},
		{
			name: 'Send',
			value: 'send',
			action: 'Send a transactional email',
			description:
				'Send a transactional email (password reset, receipt, …) to one address, filling its data variables; sent once per Idempotency-Key',
			routing: loopsRoute(
				{ method: 'POST', url: '/v1/transactional' },
				{
					preSend: [
						sendIdentifier('body'),
						checkTransactionalId,
						sendDataVariables,
						checkAttachments,
						sendIdempotencyKey('additionalFields.idempotencyKey'),
						// last: waits for the run's one read of the account's transactional emails
						checkRequiredDataVariables,
					],
					execute: sendTransactionalEmail,
				},
			),
		},
	],
	default: 'send',
};

export const transactionalEmailFields: INodeProperties[] = [
	...sendDescription,
	...getAllDescription,
];
