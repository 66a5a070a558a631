import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeProperties, PreSendAction } from 'n8n-workflow';

import { returnAllAndLimit, simplifyField } from '../../shared/fields';
import type { LoopsFailure } from '../../shared/errors';
import { sendPaced, type ItemExecutor } from '../../shared/transport';
import { checkWholeNumber, MAX_PAGE_SIZE } from '../../shared/validation';

const show = { resource: ['contact'], operation: ['getAll'] };

export const contactGetManyDescription: INodeProperties[] = [
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

export const checkPage: PreSendAction = async function (requestOptions) {
	if (this.getNodeParameter('returnAll', false) === true) return requestOptions;
	const qs = (requestOptions.qs ?? {}) as IDataObject;
	qs.limit = checkWholeNumber(this, 'Limit', qs.limit ?? MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
	qs.offset = checkWholeNumber(this, 'Offset', qs.offset ?? 0, 0);
	requestOptions.qs = qs;
	return requestOptions;
};

/** Return All stops here whatever Loops answers: 20,000 pages of 50, a million contacts (28 hours at 10/s). */
const MAX_PAGES = 20_000;

/**
 * Return All pages by 50 from the first contact until Loops answers a short page. A page holding only contacts
 * already read means Loops is not paging this list (it ignored the offset): the item fails, saying so, instead
 * of reading the same page until n8n runs out of memory.
 */
export const pageThroughContacts: ItemExecutor = async function (requestData) {
	if (this.getNodeParameter('returnAll', false) !== true) {
		return await sendPaced(this, requestData, { explain: notListable });
	}
	const contacts: INodeExecutionData[] = [];
	const seen = new Set<unknown>();
	for (let page = 0; page < MAX_PAGES; page++) {
		const offset = page * MAX_PAGE_SIZE;
		const answer = await sendPaced(
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
		const ids = answer.map((item) => item.json.id);
		if (answer.length > 0 && ids.every((id) => seen.has(id))) {
			throw new NodeOperationError(
				this.getNode(),
				`Loops answered the contacts of an earlier page again at offset ${offset}: it does not page this list, so Return All stopped after ${contacts.length} contacts [item ${this.getItemIndex()}]`,
				{
					itemIndex: this.getItemIndex(),
					description:
						'Turn Return All off and read the contacts a page at a time with Limit and Offset.',
				},
			);
		}
		for (const id of ids) seen.add(id);
		contacts.push(...answer);
		if (answer.length < MAX_PAGE_SIZE) return contacts;
	}
	throw new NodeOperationError(
		this.getNode(),
		`Return All stopped after ${MAX_PAGES} pages (${contacts.length} contacts) [item ${this.getItemIndex()}]`,
		{
			itemIndex: this.getItemIndex(),
			description: 'Read the contacts a page at a time with Limit and Offset.',
		},
	);
};
