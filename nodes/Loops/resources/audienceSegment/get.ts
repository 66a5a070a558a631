import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { explainContentApiRefusal } from '../../shared/accountData';
import { resourceLocator } from '../../shared/fields';
import { sendPaced } from '../../shared/transport';

export const getDescription: INodeProperties[] = [
	{
		// a resource locator: see the decision in shared/fields.ts
		...resourceLocator({
			displayName: 'Audience Segment',
			name: 'audienceSegmentId',
			description:
				'The audience segment (Loops → Audience → Segments): choose it from the list, or give its ID, e.g. cls6e8g0i2k4m6o8q0s2u4w6',
			searchListMethod: 'searchAudienceSegments',
			placeholder: 'Select an audience segment...',
			typed: { name: 'id', displayName: 'By ID', placeholder: 'e.g. cls6e8g0i2k4m6o8q0s2u4w6' },
		}),
		displayOptions: { show: { resource: ['audienceSegment'], operation: ['get'] } },
	},
];

/** GET /v1/audience-segments/{audienceSegmentId}: the segment; a 401 says whether the key or the content API is missing. */
export async function getAudienceSegment(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	try {
		return await sendPaced(this, requestData);
	} catch (error) {
		throw await explainContentApiRefusal(this, error, 'Audience segments');
	}
}
