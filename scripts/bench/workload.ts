/**
 * What the benchmark sends, shared by its main process and its child processes (scripts/bench/worker.ts):
 * Send Event items through n8n's own engine (WorkflowExecute → RoutingNode), with the node as shipped or
 * with its executor removed (n8n's default behaviour).
 */
import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { Loops } from '../../nodes/Loops/Loops.node';
import { runLoopsNode } from '../../test/helpers/n8n';
import { orders, sendEvent } from '../../test/helpers/orders';

/** The node as n8n would run it without our executor: routing sends each item's request directly. */
export function withoutPacing(node: INodeType): INodeType {
	const strip = (
		property: INodeProperties | INodePropertyOptions,
	): INodeProperties | INodePropertyOptions => {
		const copy = { ...property } as INodeProperties & INodePropertyOptions;
		if (copy.routing) {
			copy.routing = {
				...copy.routing,
				operations: undefined,
				send: { ...copy.routing.send, paginate: false },
			};
		}
		if (Array.isArray(copy.options)) {
			copy.options = (copy.options as Array<INodeProperties | INodePropertyOptions>).map(
				strip,
			) as never;
		}
		return copy;
	};
	const description = node.description;
	return {
		description: {
			...description,
			requestOperations: undefined,
			// n8n's usual way: the base URL as an expression over the credential (our executor sets it otherwise)
			requestDefaults: { ...description.requestDefaults, baseURL: '={{$credentials.baseUrl}}' },
			properties: description.properties.map((property) => strip(property) as INodeProperties),
		},
	};
}

/** Milliseconds on a clock every process of the benchmark shares (the emulator's log is converted to it). */
export function sharedNow(): number {
	return performance.timeOrigin + performance.now();
}

export interface WorkloadResult {
	startedAt: number;
	finishedAt: number;
	ok: number;
	failed: number;
}

/** Runs `count` Send Event items as one n8n execution against the account of `apiKey`. */
export async function runWorkload(options: {
	url: string;
	apiKey: string;
	count: number;
	prefix: string;
	paced: boolean;
	signal?: AbortSignal;
}): Promise<WorkloadResult> {
	const startedAt = sharedNow();
	const { items } = await runLoopsNode(
		{ parameters: sendEvent, continueOnFail: true },
		{
			credentials: { main: { apiKey: options.apiKey, baseUrl: options.url } },
			items: orders(options.count, options.prefix),
			nodeType: options.paced ? new Loops() : withoutPacing(new Loops()),
			signal: options.signal,
		},
	);
	const finishedAt = sharedNow();
	const failed = items.filter(
		(item) => item.error !== undefined || item.json.error !== undefined,
	).length;
	return { startedAt, finishedAt, ok: items.length - failed, failed };
}
