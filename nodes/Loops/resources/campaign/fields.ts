import type { INodeProperties, PreSendAction } from 'n8n-workflow';

import { resourceLocator } from '../../shared/fields';
import { sendNameAndIds } from '../../shared/preSend';

/** A campaign's own fields that Create and Update share: its name, group and audience. */

/** A resource locator as an optional field of a collection. */
function optionalLocator(field: Parameters<typeof resourceLocator>[0]): INodeProperties {
	return resourceLocator({ ...field, required: false });
}

export const campaignNameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	placeholder: 'e.g. Weekly digest, June 12',
	description: 'The name in Loops (your recipients do not see it)',
};

/** The audience and group of a campaign, as Loops lists them. */
export const campaignAudienceFields: INodeProperties[] = [
	optionalLocator({
		displayName: 'Mailing List',
		name: 'mailingListId',
		description:
			'Who receives the campaign: the subscribers of this mailing list. Choose it from the list, or give its ID (Mailing List → Get Many lists them).',
		searchListMethod: 'searchMailingLists',
		placeholder: 'Select a mailing list...',
		typed: { name: 'id', displayName: 'By ID', placeholder: 'e.g. cm06f5v0e45nf0ml5754o9cix' },
	}),
	optionalLocator({
		displayName: 'Audience Segment',
		name: 'audienceSegmentId',
		description:
			'Who receives the campaign: the contacts of this audience segment. Choose it from the list, or give its ID (Audience Segment → Get Many lists them).',
		searchListMethod: 'searchAudienceSegments',
		placeholder: 'Select an audience segment...',
		typed: { name: 'id', displayName: 'By ID', placeholder: 'e.g. cls6e8g0i2k4m6o8q0s2u4w6' },
	}),
	optionalLocator({
		displayName: 'Campaign Group',
		name: 'campaignGroupId',
		description:
			"The group the campaign is filed under in Loops (the team's default group when none is given); it does not change who receives it",
		searchListMethod: 'searchCampaignGroups',
		placeholder: 'Select a campaign group...',
		typed: { name: 'id', displayName: 'By ID', placeholder: 'e.g. clg1h3j5k7m9n1p3q5r7s9t1' },
	}),
];

/** Campaign → Update's options in the node's one Update Fields collection (resources/optionalFields.ts). */
export const campaignUpdateFields: INodeProperties[] = [
	campaignNameField,
	...campaignAudienceFields,
];

const ID_FIELDS = [
	['mailingListId', 'Mailing List'],
	['audienceSegmentId', 'Audience Segment'],
	['campaignGroupId', 'Campaign Group'],
] as const;

/** preSend: the campaign's name, group and audience from `collection` into the body, checked. */
export function sendCampaignFields(collection: 'additionalFields' | 'updateFields'): PreSendAction {
	return sendNameAndIds(collection, ID_FIELDS);
}
