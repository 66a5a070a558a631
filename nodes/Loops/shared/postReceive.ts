import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

/** Loops answers lists as a bare JSON array: one n8n item per element. */
export async function splitArrayResponse(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.flatMap((item) =>
		Array.isArray(item.json)
			? (item.json as unknown[]).map((json) => ({ json: json as INodeExecutionData['json'] }))
			: [item],
	);
}

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
export async function simplifyContacts(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (this.getNodeParameter('simplify', true) === false) return items;
	return items.map((item) => {
		const contact = item.json;
		const simplified: IDataObject = {};
		for (const field of SIMPLIFIED_CONTACT_FIELDS) {
			if (field in contact) simplified[field] = contact[field];
		}
		return { ...item, json: simplified };
	});
}
