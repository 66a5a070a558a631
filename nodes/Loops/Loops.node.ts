import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { accountDescription } from './resources/account';
import { contactDescription } from './resources/contact';
import { eventDescription } from './resources/event';
import { sendPacedRequests } from './shared/transport';

export class Loops implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Loops',
		name: 'loops',
		icon: { light: 'file:../../icons/loops.svg', dark: 'file:../../icons/loops.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage Loops contacts and send the events that start your Loops automations',
		defaults: { name: 'Loops' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'loopsApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
		},
		// Every request goes through one executor that paces it to the account's rate limit and retries
		// what Loops could not take (see shared/transport.ts); operations that page override it.
		requestOperations: { pagination: sendPacedRequests },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Event', value: 'event' },
				],
				default: 'contact',
			},
			...accountDescription,
			...contactDescription,
			...eventDescription,
		],
	};
}
