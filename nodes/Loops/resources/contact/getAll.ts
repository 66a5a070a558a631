import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { returnAllAndLimit, simplifyField } from '../../shared/fields';
import type { LoopsFailure } from '../../shared/errors';
import { sendPaced } from '../../shared/transport';
import { checkWholeNumber, MAX_PAGE_SIZE } from '../../shared/validation';

const show = { resource: ['contact'], operation: ['getAll'] };

export const getAllDescription: INodeProperties[] = [
	...returnAllAndLimit(show, { send: { type: 'query', property: 'limit' } }),
	{
		displayName: 'Offset',
		name: 'offset',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'How many contacts to skip (Return All always starts at the first contact)',
		displayOptions: { show: { ...show, returnAll: [false] } },
		routing: { send: { type: 'query', property: 'offset' } },
	},
	simplifyField(show),
];

const notListable = (failure: LoopsFailure) =>
	failure.status === 404 || failure.status === 405
		? `This Loops account does not offer listing contacts (GET /v1/contacts answered ${failure.status}); find contacts one at a time with Get instead`
		: undefined;

export async function checkPage(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	if (this.getNodeParameter('returnAll', false) === true) return requestOptions;
	const qs = (requestOptions.qs ?? {}) as IDataObject;
	qs.limit = checkWholeNumber(this, 'Limit', qs.limit ?? MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
	qs.offset = checkWholeNumber(this, 'Offset', qs.offset ?? 0, 0);
	requestOptions.qs = qs;
	return requestOptions;
}

/** Return All pages by 50 from the first contact until Loops answers a short page. */
export async function pageThroughContacts(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	if (this.getNodeParameter('returnAll', false) !== true) {
		return await sendPaced(this, requestData, { explain: notListable });
	}
	const contacts: INodeExecutionData[] = [];
	for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
		const page = await sendPaced(
			this,
			{
				...requestData,
				options: {
					...requestData.options,
					qs: { ...requestData.options.qs, limit: MAX_PAGE_SIZE, offset },
				},
			},
			{ explain: notListable },
		);
		contacts.push(...page);
		if (page.length < MAX_PAGE_SIZE) return contacts;
	}
}
