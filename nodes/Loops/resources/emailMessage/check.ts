import { NodeOperationError } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import type { PostReceiveHook } from '../../shared/postReceive';

export const emailMessageCheckDescription: INodeProperties[] = [
	{
		displayName: 'Fail on Errors',
		name: 'failOnErrors',
		type: 'boolean',
		default: false,
		description:
			"Whether an item whose message has errors in Loops' check (e.g. a button or link without a URL, a contact property the account lacks) fails, naming them: a gate before Send or Schedule",
		displayOptions: { show: { resource: ['emailMessage'], operation: ['check'] } },
	},
];

/** A rule of Loops' check that fired (the spec's GuardianRule), with the elements that fired it. */
type GuardianRule = { rule?: unknown; title?: unknown; items?: Array<{ label?: unknown }> };

/** postReceive: with Fail on Errors, a message Loops' check found errors in fails its item, naming them. */
export const failOnGuardianErrors: PostReceiveHook = async function (items) {
	if (this.getNodeParameter('failOnErrors', false) !== true) return items;
	const errors = items.flatMap((item) =>
		Array.isArray(item.json.errors) ? (item.json.errors as GuardianRule[]) : [],
	);
	if (errors.length === 0) return items;
	const named = errors.map((error) => {
		const title = typeof error.title === 'string' ? error.title : String(error.rule ?? 'an error');
		const labels = (error.items ?? []).map((item) => String(item.label)).filter(Boolean);
		return labels.length > 0 ? `${title} (${labels.join(', ')})` : title;
	});
	throw new NodeOperationError(
		this.getNode(),
		`Loops' check found ${errors.length} error${errors.length === 1 ? '' : 's'} in the email message: ${named.join('; ')} [item ${this.getItemIndex()}]`,
		{
			itemIndex: this.getItemIndex(),
			description: 'Fix the message (Email Message → Update), then check it again.',
		},
	);
};
