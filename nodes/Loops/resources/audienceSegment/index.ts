import type { INodeProperties } from 'n8n-workflow';

import { checkLimit } from '../../shared/cursorPages';
import { sendPathParameter } from '../../shared/preSend';
import { loopsRoute } from '../../shared/transport';
import { getAudienceSegment, getDescription } from './get';
import { getAllDescription, pageThroughAudienceSegments } from './getAll';

export const audienceSegmentOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['audienceSegment'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get an audience segment',
			description:
				"Get one audience segment by ID: its name, description, dates and the filter that picks its contacts (needs Loops' content API)",
			routing: loopsRoute(
				{ method: 'GET', url: '/v1/audience-segments/{audienceSegmentId}' },
				{
					preSend: [sendPathParameter('audienceSegmentId', 'Audience Segment')],
					execute: getAudienceSegment,
				},
			),
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many audience segments',
			description:
				"List the audience segments of the account, most recently created first, with their ID, name, description and filter (needs Loops' content API)",
			routing: loopsRoute(
				{ method: 'GET', url: '/v1/audience-segments' },
				{ preSend: [checkLimit], execute: pageThroughAudienceSegments },
			),
		},
	],
	default: 'getAll',
};

export const audienceSegmentFields: INodeProperties[] = [...getDescription, ...getAllDescription];
