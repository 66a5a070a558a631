import type { INodeExecutionData } from 'n8n-workflow';

/**
 * Send Event as the pacing tests and the benchmark run it: one "purchase" per item, the item's order id as an
 * event property, so that what Loops applied can be counted per order.
 */
export const sendEvent = {
	resource: 'event',
	operation: 'send',
	email: '={{ $json.email }}',
	eventName: 'purchase',
	additionalFields: {
		eventProperties: { property: [{ key: 'orderId', value: '={{ $json.orderId }}' }] },
	},
};

/** `count` buyers, `<prefix><n>@example.com` with order id `<prefix><n>`: a prefix per run keeps runs apart. */
export function orders(count: number, prefix: string): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({
		json: { email: `${prefix}${index}@example.com`, orderId: `${prefix}${index}` },
	}));
}
