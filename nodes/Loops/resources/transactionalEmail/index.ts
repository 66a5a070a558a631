import type { INodeProperties } from 'n8n-workflow';

import { contentApiRequest, inContentApi } from '../../shared/contentApiRequests';
import { checkLimit } from '../../shared/cursorPages';
import { prepareEmailMessageBody } from '../../shared/emailContent';
import { metricsOf } from '../../shared/postReceive';
import { sendIdempotencyKey } from '../../shared/idempotency';
import { sendIdentifier, sendPathParameter } from '../../shared/preSend';
import { operationsOf } from '../../shared/fields';
import { loopsRoute } from '../../shared/transport';
import {
	createTransactionalEmail,
	sendTransactionalFields,
	transactionalEmailCreateDescription,
	updateTransactionalEmail,
} from './create';
import { getTransactionalEmail, transactionalIdField } from './get';
import { transactionalEmailGetManyDescription, pageThroughTransactionalEmails } from './getAll';
import {
	checkAttachments,
	checkRequiredDataVariables,
	checkTransactionalId,
	sendDataVariables,
	sendTransactionalEmail,
} from './send';

const emailPath = sendPathParameter('transactionalId', 'Transactional Email');

export const transactionalEmailOperations = operationsOf('transactionalEmail', 'send', [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a draft transactional email',
		description:
			"Create a transactional email template as a draft, with its subject, sender and body if given (Markdown is turned into Loops' LMX). Nothing is sent, and Send cannot send it until Publish. Outputs its ID (for Publish, Update and Send) and its draftEmailMessageId (for Email Message → Send Preview and Check Content). Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/transactional-emails' },
			{
				preSend: [
					sendTransactionalFields('additionalFields'),
					prepareEmailMessageBody('additionalFields'),
				],
				execute: inContentApi('Transactional emails', createTransactionalEmail),
			},
		),
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get a transactional email',
		description:
			"Get one transactional email by ID: its name, data variables, publish state and dates (accounts without Loops' content API get the published email's ID, name, data variables and last update)",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/transactional-emails/{transactionalId}' },
			{
				preSend: [emailPath],
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
		name: 'Get Metrics',
		value: 'getMetrics',
		action: 'Get the metrics of a transactional email',
		description:
			"Get a transactional email's all-time counts (sends, opens, clicks, unsubscribes, spam reports, bounces) and its open, click and unsubscribe rates (shares of the sends, 0 to 1). Sends nothing. Needs Loops' metrics API.",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/transactional-emails/{transactionalId}/metrics' },
			{
				preSend: [emailPath],
				postReceive: [metricsOf('transactionalId')],
				execute: contentApiRequest('Transactional email metrics', 'metrics'),
			},
		),
	},
	{
		name: 'Publish',
		value: 'publish',
		action: 'Publish a transactional email',
		description:
			"Publish the draft of a transactional email: from then on, Send sends this version. Publishing sends no email itself. Loops refuses a draft without a subject, sender or body, or whose content has errors (Email Message → Check Content). Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/transactional-emails/{transactionalId}/publish' },
			{ preSend: [emailPath], execute: contentApiRequest('Transactional emails') },
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
	{
		name: 'Update',
		value: 'update',
		action: 'Update a transactional email',
		description:
			"Rename or regroup a transactional email, or change its content: the content goes to its draft (made if it has none), and Send keeps sending the published version until Publish. Nothing is sent. Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/transactional-emails/{transactionalId}' },
			{
				preSend: [
					emailPath,
					sendTransactionalFields('updateFields'),
					prepareEmailMessageBody('updateFields'),
				],
				execute: inContentApi('Transactional emails', updateTransactionalEmail),
			},
		),
	},
]);

export const transactionalEmailFields: INodeProperties[] = [
	...transactionalEmailCreateDescription,
	transactionalIdField,
	...transactionalEmailGetManyDescription,
];
