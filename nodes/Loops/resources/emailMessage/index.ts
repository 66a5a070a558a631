import type { INodeProperties } from 'n8n-workflow';

import { contentApiRequest, inContentApi } from '../../shared/contentApiRequests';
import { prepareEmailMessageBody } from '../../shared/emailContent';
import { operationsOf } from '../../shared/fields';
import { sendPathParameter } from '../../shared/preSend';
import { loopsRoute } from '../../shared/transport';
import { emailMessageCheckDescription, failOnGuardianErrors } from './check';
import { emailMessageIdField } from './get';
import {
	emailMessageSendPreviewDescription,
	sendPreview,
	sendPreviewRecipients,
} from './sendPreview';
import { requireSomeContent, updateEmailMessage } from './update';

const messagePath = sendPathParameter('emailMessageId', 'Email Message ID');

export const emailMessageOperations = operationsOf('emailMessage', 'get', [
	{
		name: 'Check Content',
		value: 'check',
		action: 'Check the content of an email message',
		description:
			"Run Loops' content check (Guardian) on an email message: errors (e.g. a button or link without a URL, a contact property the account lacks), which Loops will not send or publish, and warnings (e.g. a variable without a fallback). Sends nothing. With Fail on Errors, a message with errors fails its item: a gate before Send or Schedule or Publish. Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/email-messages/{emailMessageId}/guardian' },
			{
				preSend: [messagePath],
				postReceive: [failOnGuardianErrors],
				execute: contentApiRequest('Email messages'),
			},
		),
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get an email message',
		description:
			"Get an email message: its subject, sender, preview text, LMX body and current contentRevisionId (what Update's Expected Revision ID takes). Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/email-messages/{emailMessageId}' },
			{ preSend: [messagePath], execute: contentApiRequest('Email messages') },
		),
	},
	{
		name: 'Send Preview',
		value: 'sendPreview',
		action: 'Send a preview of an email message',
		description:
			"Send a test of an email message to the addresses given (e.g. the team reviewing it), with sample property and variable values. Only those addresses receive it, never the campaign's audience. Loops allows a team 100 previews a day. Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/email-messages/{emailMessageId}/preview' },
			{
				preSend: [messagePath, sendPreviewRecipients],
				execute: inContentApi('Email messages', sendPreview),
			},
		),
	},
	{
		name: 'Update',
		value: 'update',
		action: 'Update an email message',
		description:
			"Change the subject, sender, preview text or body (LMX, or Markdown the node turns into LMX) of a draft campaign's message or of a transactional email's draft (Publish makes the draft what Send sends). Nothing is sent. Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/email-messages/{emailMessageId}' },
			{
				preSend: [messagePath, requireSomeContent, prepareEmailMessageBody('updateFields')],
				execute: inContentApi('Email messages', updateEmailMessage),
			},
		),
	},
]);

export const emailMessageFields: INodeProperties[] = [
	emailMessageIdField,
	...emailMessageSendPreviewDescription,
	...emailMessageCheckDescription,
];
