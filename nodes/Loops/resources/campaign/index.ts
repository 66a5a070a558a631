import type { INodeProperties } from 'n8n-workflow';

import { contentApiPages, contentApiRequest, inContentApi } from '../../shared/contentApiRequests';
import { checkLimit } from '../../shared/cursorPages';
import { prepareEmailMessageBody } from '../../shared/emailContent';
import { operationsOf } from '../../shared/fields';
import { metricsOf } from '../../shared/postReceive';
import { sendPathParameter } from '../../shared/preSend';
import { loopsRoute } from '../../shared/transport';
import { campaignCreateDescription, createCampaign } from './create';
import { sendCampaignFields } from './fields';
import { campaignIdField } from './get';
import { campaignGetManyDescription } from './getAll';
import { campaignSendDescription, sendCampaign, sendScheduling } from './send';

const campaignPath = sendPathParameter('campaignId', 'Campaign');

export const campaignOperations = operationsOf('campaign', 'create', [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a draft campaign',
		description:
			"Create a draft campaign for a mailing list or segment, with its subject, sender and body if given (Markdown is turned into Loops' LMX). Nothing is sent: Send or Schedule sends it. Outputs the campaign's ID (for the other Campaign operations) and its emailMessageId (for Email Message → Send Preview, Check Content and Update). Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/campaigns' },
			{
				preSend: [
					sendCampaignFields('additionalFields'),
					prepareEmailMessageBody('additionalFields'),
				],
				execute: inContentApi('Campaigns', createCampaign),
			},
		),
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get a campaign',
		description:
			"Get one campaign by ID: its name, status (Draft, Scheduled, Sending, Sent), audience, schedule and emailMessageId (the ID the Email Message operations take). Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/campaigns/{campaignId}' },
			{ preSend: [campaignPath], execute: contentApiRequest('Campaigns') },
		),
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many campaigns',
		description:
			"List the campaigns of the account, most recently created first, each with its ID, status, audience and emailMessageId. Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/campaigns' },
			{ preSend: [checkLimit], execute: contentApiPages('Campaigns') },
		),
	},
	{
		name: 'Get Metrics',
		value: 'getMetrics',
		action: 'Get the metrics of a campaign',
		description:
			"Get a campaign's all-time counts (sends, opens, clicks, unsubscribes, spam reports, bounces) and its open, click and unsubscribe rates (shares of the sends, 0 to 1). Sends nothing. Needs Loops' metrics API.",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/campaigns/{campaignId}/metrics' },
			{
				preSend: [campaignPath],
				postReceive: [metricsOf('campaignId')],
				execute: contentApiRequest('Campaign metrics', 'metrics'),
			},
		),
	},
	{
		name: 'Send or Schedule',
		value: 'send',
		action: 'Send or schedule a campaign',
		description:
			'Send a draft campaign to every contact of its audience, now or at a time in the future: real people receive it. Only a draft is sent (a campaign sent or scheduled before stays an error), and Loops refuses one without an audience, subject, sender or body, or whose content has errors. Try it first with Email Message → Send Preview and Check Content.',
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/campaigns/{campaignId}' },
			{ preSend: [campaignPath, sendScheduling], execute: inContentApi('Campaigns', sendCampaign) },
		),
	},
	{
		name: 'Update',
		value: 'update',
		action: 'Update a campaign',
		description:
			"Rename a campaign, or change its group, mailing list or segment (the audience only while it is a draft). Nothing is sent. Its email (subject, sender, body) is changed with Email Message → Update, given the campaign's emailMessageId. Needs Loops' content API.",
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/campaigns/{campaignId}' },
			{
				preSend: [campaignPath, sendCampaignFields('updateFields')],
				execute: contentApiRequest('Campaigns'),
			},
		),
	},
]);

export const campaignFields: INodeProperties[] = [
	...campaignCreateDescription,
	campaignIdField,
	...campaignGetManyDescription,
	...campaignSendDescription,
];
