import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/fields';

const show = { resource: ['audienceSegment'], operation: ['getAll'] };

export const audienceSegmentGetManyDescription: INodeProperties[] = [...returnAllAndLimit(show)];
