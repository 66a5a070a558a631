import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

/** A postReceive hook of the routing: the items of one answer in, the items to output out. */
export type PostReceiveHook = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
) => Promise<INodeExecutionData[]>;

/** Loops answers lists as a bare JSON array: one n8n item per element. */
export const splitArrayResponse: PostReceiveHook = async function (items) {
	return items.flatMap((item) =>
		Array.isArray(item.json)
			? (item.json as unknown[]).map((json) => ({ json: json as INodeExecutionData['json'] }))
			: [item],
	);
};

/** The contact fields kept by Simplify. */
export const SIMPLIFIED_CONTACT_FIELDS = [
	'id',
	'email',
	'firstName',
	'lastName',
	'userId',
	'subscribed',
	'mailingLists',
] as const;

/** With `simplify` on (the default), each contact item keeps only SIMPLIFIED_CONTACT_FIELDS. */
export const simplifyContacts: PostReceiveHook = async function (items) {
	if (this.getNodeParameter('simplify', true) === false) return items;
	return items.map((item) => {
		const contact = item.json;
		const simplified: IDataObject = {};
		for (const field of SIMPLIFIED_CONTACT_FIELDS) {
			if (field in contact) simplified[field] = contact[field];
		}
		return { ...item, json: simplified };
	});
};

/** A share of the sends, to four decimals (0 without sends). */
function rate(count: unknown, sends: number): number {
	return sends > 0 && typeof count === 'number' ? Math.round((count / sends) * 10_000) / 10_000 : 0;
}

/**
 * Metrics (Loops' all-time counters) as the item: the id they are of first, under `idField` (from the node's
 * parameter of that name), then Loops' counters, then the open, click and unsubscribe rates per send.
 */
export function metricsOf(idField: 'campaignId' | 'transactionalId') {
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
	): Promise<INodeExecutionData[]> {
		const id = this.getNodeParameter(idField, '', { extractValue: true });
		return items.map((item) => {
			const sends = typeof item.json.sends === 'number' ? item.json.sends : 0;
			return {
				json: {
					[idField]: id,
					...item.json,
					openRate: rate(item.json.opens, sends),
					clickRate: rate(item.json.clicks, sends),
					unsubscribeRate: rate(item.json.unsubscribes, sends),
				},
			};
		});
	};
}
