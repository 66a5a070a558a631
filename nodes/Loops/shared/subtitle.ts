import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The node's subtitle on the canvas, e.g. "Contact: Get Many": the resource and operation as the panel names
 * them. n8n's usual `operation: resource` shows the stored values instead ("getAll: contact",
 * "send: transactionalEmail"). Built from the declared options, so an operation added later is named too; any
 * other value (n8n's Custom API Call) falls back to the stored values.
 */
export function subtitleExpression(declared: INodeProperties[]): string {
	const resources = (declared.find((property) => property.name === 'resource')?.options ??
		[]) as INodePropertyOptions[];
	const labels: Record<string, string> = {};
	for (const operations of declared.filter((property) => property.name === 'operation')) {
		for (const resource of operations.displayOptions?.show?.resource ?? []) {
			const resourceName =
				resources.find((option) => option.value === resource)?.name ?? String(resource);
			for (const operation of (operations.options ?? []) as INodePropertyOptions[]) {
				labels[`${String(resource)}:${String(operation.value)}`] =
					`${resourceName}: ${operation.name}`;
			}
		}
	}
	const key = '$parameter["resource"] + ":" + $parameter["operation"]';
	return `={{ ${JSON.stringify(labels)}[${key}] || $parameter["operation"] + ": " + $parameter["resource"] }}`;
}
