import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

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
