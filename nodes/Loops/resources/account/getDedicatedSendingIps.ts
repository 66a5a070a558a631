import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

/** Loops answers an array of IP address strings: one item `{ ip }` per address. */
export async function splitIpAddresses(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.flatMap((item) =>
		Array.isArray(item.json)
			? (item.json as unknown[]).map((ip) => ({ json: { ip: String(ip) } }))
			: [],
	);
}
