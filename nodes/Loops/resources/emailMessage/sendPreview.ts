import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { invalidInput, type LoopsFailure } from '../../shared/errors';
import {
	contactPropertiesField,
	dataVariablesField,
	eventPropertiesField,
} from '../../shared/fields';
import { bodyOf } from '../../shared/preSend';
import { sendPaced, type ItemExecutor } from '../../shared/transport';
import { requireEmail } from '../../shared/validation';

export const emailMessageSendPreviewDescription: INodeProperties[] = [
	{
		displayName: 'Emails',
		name: 'emails',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. editor@example.com, reviewer@example.com',
		description:
			'Who receives the test email, and no one else: addresses separated by commas, or an expression giving a list of them',
		displayOptions: { show: { resource: ['emailMessage'], operation: ['sendPreview'] } },
	},
];

/** Email Message → Send Preview's options in the node's one Additional Fields collection (resources/optionalFields.ts). */
export const emailMessageSendPreviewAdditionalFields: INodeProperties[] = [
	contactPropertiesField,
	eventPropertiesField,
	dataVariablesField,
];

const ROW_FIELDS = [
	['contactProperties', 'property', 'Contact Properties'],
	['eventProperties', 'property', 'Event Properties'],
	['dataVariables', 'variable', 'Data Variables'],
] as const;

function recipientsOf(context: IExecuteSingleFunctions): string[] {
	const value = context.getNodeParameter('emails', '') as unknown;
	const listed = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',').filter((email) => email.trim() !== '')
			: [value];
	if (listed.length === 0)
		throw invalidInput(context, 'Emails', 'at least one address is required');
	return listed.map((email) =>
		requireEmail(context, 'Emails', typeof email === 'string' ? email.trim() : email),
	);
}

/** A preview's values are text: numbers and booleans as they read, nothing that would not read. */
function previewValue(
	context: IExecuteSingleFunctions,
	field: string,
	key: string,
	value: unknown,
) {
	if (typeof value === 'string') return value;
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
		return String(value);
	}
	throw invalidInput(
		context,
		field,
		`the value of "${key}" is ${value === undefined || value === null ? String(value) : typeof value === 'number' ? String(value) : 'not text'}; a preview takes text, numbers or booleans`,
	);
}

/** preSend: the recipients and the preview's property and variable values, checked. */
export const sendPreviewRecipients: PreSendAction = async function (requestOptions) {
	const body = bodyOf(requestOptions);
	body.emails = recipientsOf(this);
	for (const [name, rowName, field] of ROW_FIELDS) {
		const collection = this.getNodeParameter(`additionalFields.${name}`, {}) as IDataObject;
		const rows = (collection?.[rowName] ?? []) as Array<{ key?: unknown; value?: unknown }>;
		if (rows.length === 0) continue;
		const values: IDataObject = {};
		for (const row of rows) {
			const key = typeof row.key === 'string' ? row.key.trim() : '';
			if (key === '') throw invalidInput(this, field, 'a row has no name');
			values[key] = previewValue(this, field, key, row.value);
		}
		body[name] = values;
	}
	return requestOptions;
};

/**
 * Sends the preview. Loops allows a team 100 preview emails a day and answers 429 past that, with room left in
 * its rate-limit window (`x-ratelimit-remaining` above 0): a quota, which retrying cannot mend, unlike the
 * window's 429.
 */
export const sendPreview: ItemExecutor = async function (requestData) {
	const isQuota = (failure: LoopsFailure) =>
		failure.status === 429 && Number(failure.headers?.['x-ratelimit-remaining']) > 0;
	return await sendPaced(this, requestData, {
		final: isQuota,
		explain: (failure) =>
			isQuota(failure)
				? `Loops refused the preview: ${failure.loopsMessage ?? 'the daily preview limit is reached'} [item ${this.getItemIndex()}]`
				: undefined,
	});
};
