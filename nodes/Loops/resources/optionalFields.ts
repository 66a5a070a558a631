import type { INodeProperties } from 'n8n-workflow';

import { campaignCreateAdditionalFields } from './campaign/create';
import { campaignUpdateFields } from './campaign/fields';
import { contactCreateAdditionalFields } from './contact/create';
import { emailMessageSendPreviewAdditionalFields } from './emailMessage/sendPreview';
import { emailMessageUpdateFields } from './emailMessage/update';
import {
	transactionalEmailCreateAdditionalFields,
	transactionalEmailUpdateFields,
} from './transactionalEmail/create';
import { contactUpdateFields } from './contact/update';
import { sendEventAdditionalFields } from './event/send';
import { sendTransactionalAdditionalFields } from './transactionalEmail/send';

/**
 * One Additional Fields collection, and one Update Fields collection, for every operation that has one, each
 * option shown for its own operations (`/resource`, `/operation`: the node's top-level parameters). One
 * declaration each, not one per operation, because n8n's routing engine evaluates every declaration of a
 * parameter name for every item: with three, each expression in Additional Fields was evaluated six times an
 * item before any request left. Listed last in the node, so they still come after each operation's own fields.
 */

type PerOperation = Array<{ resource: string; operation: string; options: INodeProperties[] }>;

const additionalFieldsPerOperation: PerOperation = [
	{ resource: 'contact', operation: 'create', options: contactCreateAdditionalFields },
	{ resource: 'event', operation: 'send', options: sendEventAdditionalFields },
	{ resource: 'transactionalEmail', operation: 'send', options: sendTransactionalAdditionalFields },
	{ resource: 'campaign', operation: 'create', options: campaignCreateAdditionalFields },
	{
		resource: 'emailMessage',
		operation: 'sendPreview',
		options: emailMessageSendPreviewAdditionalFields,
	},
	{
		resource: 'transactionalEmail',
		operation: 'create',
		options: transactionalEmailCreateAdditionalFields,
	},
];

const updateFieldsPerOperation: PerOperation = [
	{ resource: 'contact', operation: 'update', options: contactUpdateFields },
	{ resource: 'campaign', operation: 'update', options: campaignUpdateFields },
	{ resource: 'emailMessage', operation: 'update', options: emailMessageUpdateFields },
	{ resource: 'transactionalEmail', operation: 'update', options: transactionalEmailUpdateFields },
];

function mergedOptions(perOperation: PerOperation): INodeProperties[] {
	const byName = new Map<
		string,
		{ option: INodeProperties; resources: string[]; operations: string[] }
	>();
	for (const { resource, operation, options } of perOperation) {
		for (const option of options) {
			const entry = byName.get(option.name) ?? { option, resources: [], operations: [] };
			if (!entry.resources.includes(resource)) entry.resources.push(resource);
			if (!entry.operations.includes(operation)) entry.operations.push(operation);
			byName.set(option.name, entry);
		}
	}
	// An option shared by several operations (Mailing Lists, Idempotency Key) is one declaration: its
	// resources × operations pairs name no operation that lacks it, as no other such pair exists.
	return [...byName.values()]
		.map(({ option, resources, operations }) => ({
			...option,
			displayOptions: { show: { '/resource': resources, '/operation': operations } },
		}))
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

function collection(
	field: Pick<INodeProperties, 'displayName' | 'name' | 'description'>,
	perOperation: PerOperation,
): INodeProperties {
	return {
		...field,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: {
			show: {
				resource: perOperation.map(({ resource }) => resource),
				operation: perOperation.map(({ operation }) => operation),
			},
		},
		options: mergedOptions(perOperation),
	};
}

export const additionalFields = collection(
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		description: 'Optional fields of this operation',
	},
	additionalFieldsPerOperation,
);

export const updateFields = collection(
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		description: 'The fields to change; fields not added here are left as they are',
	},
	updateFieldsPerOperation,
);
