import type { INodeProperties } from 'n8n-workflow';

import { resourceLocator } from '../../shared/fields';

/**
 * The campaign of Get, Update, Send or Schedule and Get Metrics: one declaration for all (n8n evaluates every
 * declaration of a name for every item); each operation's hook puts the ID in its path.
 */
export const campaignIdField: INodeProperties = {
	...resourceLocator({
		displayName: 'Campaign',
		name: 'campaignId',
		description:
			'The campaign (Loops → Campaigns): choose it from the list, or give its ID, the ID Campaign → Create or Get Many outputs, e.g. clc4m6n8p0q2r4s6t8u0v2x4',
		searchListMethod: 'searchCampaigns',
		placeholder: 'Select a campaign...',
		typed: { name: 'id', displayName: 'By ID', placeholder: 'e.g. clc4m6n8p0q2r4s6t8u0v2x4' },
	}),
	displayOptions: {
		show: { resource: ['campaign'], operation: ['get', 'update', 'send', 'getMetrics'] },
	},
};
