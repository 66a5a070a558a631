import type { INodeProperties } from 'n8n-workflow';

import { resourceLocator } from '../../shared/fields';

export const audienceSegmentGetDescription: INodeProperties[] = [
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
