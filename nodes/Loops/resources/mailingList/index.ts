import type { INodeProperties } from 'n8n-workflow';

import { splitArrayResponse } from '../../shared/postReceive';
import { operationsOf } from '../../shared/fields';
import { loopsRoute } from '../../shared/transport';
import { mailingListGetManyDescription } from './getAll';

export const mailingListOperations = operationsOf('mailingList', 'getAll', [
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many mailing lists',
		description:
			'List every mailing list of the account with its ID, name, description and whether it is public',
		routing: loopsRoute({ method: 'GET', url: '/v1/lists' }, { postReceive: [splitArrayResponse] }),
	},
]);

export const mailingListFields: INodeProperties[] = [...mailingListGetManyDescription];
