import type { INodeProperties } from 'n8n-workflow';

import { checkLimit } from '../../shared/cursorPages';
import { sendIdempotencyKey } from '../../shared/idempotency';
import { sendIdentifier, sendPathParameter } from '../../shared/preSend';
import { operationsOf } from '../../shared/fields';
import { loopsRoute } from '../../shared/transport';
import { getTransactionalEmail, transactionalIdField } from './get';
import { transactionalEmailGetManyDescription, pageThroughTransactionalEmails } from './getAll';
import {
	checkAttachments,
	checkRequiredDataVariables,
	checkTransactionalId,
	sendDataVariables,
	sendTransactionalEmail,
} from './send';

export const transactionalEmailOperations = operationsOf('transactionalEmail', 'send', [
	{
		name: 'Get',
		value: 'get',
		action: 'Get a transactional email',
		description:
			"Get one transactional email by ID: its name, data variables, publish state and dates (accounts without Loops' content API get the published email's ID, name, data variables and last update)",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/transactional-emails/{transactionalId}' },
			{
				preSend: [sendPathParameter('transactionalId', 'Transactional Email')],
				execute: getTransactionalEmail,
			},
		),
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many transactional emails',
		description:
			"List the transactional emails of the account with their ID, name and data variables (drafts too where the account has Loops' content API; otherwise the published ones)",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/transactional-emails' },
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
					// last: waits for the run's look-up of the emails being sent (see send.ts)
					checkRequiredDataVariables,
				],
				execute: sendTransactionalEmail,
			},
		),
	},
]);

export const transactionalEmailFields: INodeProperties[] = [
	transactionalIdField,
	...transactionalEmailGetManyDescription,
];
