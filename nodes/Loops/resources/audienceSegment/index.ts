import type { INodeProperties } from 'n8n-workflow';

import { checkLimit } from '../../shared/cursorPages';
import { sendPathParameter } from '../../shared/preSend';
import { contentApiRequest, contentApiPages } from '../../shared/contentApiRequests';
import { operationsOf } from '../../shared/fields';
import { loopsRoute } from '../../shared/transport';
import { audienceSegmentGetDescription } from './get';
import { audienceSegmentGetManyDescription } from './getAll';

export const audienceSegmentOperations = operationsOf('audienceSegment', 'getAll', [
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
				execute: contentApiRequest('Audience segments'),
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
			{ preSend: [checkLimit], execute: contentApiPages('Audience segments') },
		),
	},
]);

export const audienceSegmentFields: INodeProperties[] = [
	...audienceSegmentGetDescription,
	...audienceSegmentGetManyDescription,
];
