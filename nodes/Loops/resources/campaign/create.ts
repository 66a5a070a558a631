import type { INodeProperties } from 'n8n-workflow';

import { type Campaign, fetchCampaigns } from '../../shared/accountData';
import {
	contentFields,
	preparedEmailMessageBody,
	withEmailMessage,
	writeEmailMessage,
} from '../../shared/emailContent';
import { createOnce } from '../../shared/createOnce';
import { campaignAudienceFields, campaignNameField } from './fields';
import type { ItemExecutor } from '../../shared/transport';

export const campaignCreateDescription: INodeProperties[] = [
	{
		...campaignNameField,
		required: true,
		displayOptions: { show: { resource: ['campaign'], operation: ['create'] } },
	},
];

/** This operation's options in the node's one Additional Fields collection (resources/optionalFields.ts). */
export const campaignCreateAdditionalFields: INodeProperties[] = [
	...campaignAudienceFields,
	...contentFields,
];

/**
 * Creates the campaign, a draft (nothing is sent), exactly once (createOnce.ts), then, when the item sets content,
 * writes its email message with the revision the create answered (read anew after a create that was recovered).
 */
export const createCampaign: ItemExecutor = async function (requestData) {
	const created = await createOnce<Campaign>(this, requestData, {
		step: 'campaign.create',
		list: async (until) => await fetchCampaigns(this, until),
		isDraft: (campaign) => campaign.status === 'Draft',
	});
	const content = preparedEmailMessageBody(this);
	if (!content) return [{ json: created }];
	const { emailMessageContentRevisionId: revision, ...campaign } = created;
	const message = await writeEmailMessage(
		this,
		requestData,
		String(created.emailMessageId),
		content,
		typeof revision === 'string' ? revision : undefined,
	);
	return withEmailMessage(campaign, message);
};
