import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { invalidInput } from './errors';
import { markdownToLmx } from './markdownToLmx';
import { runMemory } from './runState';
import { sendPaced } from './transport';
import { requireEmail } from './validation';

/**
 * The content of an email message (a campaign's, a transactional email's draft): the fields every operation that
 * writes content shows under the same names, turned into the body of POST /v1/email-messages/{id} before anything
 * is sent, and that update itself, under Loops' revision protection.
 */

/** Loops refuses LMX over 100 KB (413). */
export const MAX_LMX_BYTES = 100 * 1024;

export const CONTENT_FORMATS = ['lmx', 'markdown'] as const;

/** The content fields, in the order the editor shows them (Additional Fields / Update Fields sort them by name). */
export const contentFields: INodeProperties[] = [
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		placeholder: 'e.g. What we shipped this week',
		description:
			'The subject line. Loops variables work here too: {contact.firstName} in a campaign, {data.name} in a transactional email.',
	},
	{
		displayName: 'Preview Text',
		name: 'previewText',
		type: 'string',
		default: '',
		description: 'The text email clients show after the subject',
	},
	{
		displayName: 'From Name',
		name: 'fromName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Acme Team',
		description: 'The sender name recipients see',
	},
	{
		displayName: 'From Email',
		name: 'fromEmail',
		type: 'string',
		default: '',
		placeholder: 'e.g. hello',
		description:
			"The sender address before the @: Loops sends from your team's sending domain (hello@yourdomain.com is sent as hello)",
	},
	{
		displayName: 'Reply-To Email',
		name: 'replyToEmail',
		type: 'string',
		default: '',
		placeholder: 'e.g. support@example.com',
		description: 'The address replies go to',
	},
	{
		displayName: 'CC Email',
		name: 'ccEmail',
		type: 'string',
		default: '',
		placeholder: 'e.g. archive@example.com',
		description: 'An address copied on every email (Loops enables CC and BCC per team)',
	},
	{
		displayName: 'BCC Email',
		name: 'bccEmail',
		type: 'string',
		default: '',
		placeholder: 'e.g. archive@example.com',
		description: 'An address blind-copied on every email (Loops enables CC and BCC per team)',
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 8 },
		default: '',
		placeholder: 'e.g. # Hello {contact.firstName}',
		description:
			"The email's whole body, as LMX (Loops' email markup: tags such as H1, Paragraph, Button) or as Markdown, which the node turns into LMX (Content Format). Loops adds the footer itself.",
	},
	{
		displayName: 'Content Format',
		name: 'contentFormat',
		type: 'options',
		default: 'lmx',
		description: 'What Content is written in',
		options: [
			{
				name: 'LMX',
				value: 'lmx',
				description: "Loops' email markup, sent as it is",
			},
			{
				name: 'Markdown',
				value: 'markdown',
				description:
					"Turned into LMX by the node: headings, paragraphs, bold, italic, links, images, lists, quotes, code, dividers; Loops variables such as {contact.firstName} pass through (the output of n8n's Markdown node, an RSS item or an AI model)",
			},
		],
	},
];

const STRING_FIELDS = ['subject', 'previewText', 'fromName'] as const;
const EMAIL_FIELDS = [
	['replyToEmail', 'Reply-To Email'],
	['ccEmail', 'CC Email'],
	['bccEmail', 'BCC Email'],
] as const;

/** Whether the collection holds any content field (an operation then writes the email message too). */
function hasContent(fields: IDataObject): boolean {
	return contentFields.some((field) => field.name !== 'contentFormat' && field.name in fields);
}

/**
 * The body of POST /v1/email-messages/{id} from the item's content fields in `collection` (additionalFields or
 * updateFields), checked before anything is sent: addresses, the sender, Markdown turned into LMX, LMX within
 * Loops' 100 KB. Undefined when the item sets no content field.
 */
export function emailMessageBodyOf(
	context: IExecuteSingleFunctions,
	collection: string,
): IDataObject | undefined {
	const fields = (context.getNodeParameter(collection, {}) ?? {}) as IDataObject;
	if (!hasContent(fields)) return undefined;
	const body: IDataObject = {};
	for (const name of STRING_FIELDS) {
		if (name in fields) body[name] = textOf(context, fieldName(name), fields[name]);
	}
	if ('fromEmail' in fields) body.fromEmail = senderOf(context, fields.fromEmail);
	for (const [name, field] of EMAIL_FIELDS) {
		if (!(name in fields)) continue;
		const text = textOf(context, field, fields[name]);
		body[name] = text === '' ? '' : requireEmail(context, field, text);
	}
	if ('content' in fields) body.lmx = lmxOf(context, fields.content, fields.contentFormat);
	return body;
}

function fieldName(name: string): string {
	return contentFields.find((field) => field.name === name)?.displayName ?? name;
}

function textOf(context: IExecuteSingleFunctions, field: string, value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw invalidInput(
		context,
		field,
		value === undefined || value === null
			? `gave ${String(value)}; give text, or remove the field`
			: `is ${Array.isArray(value) ? 'a list' : typeof value}; give text`,
	);
}

/** The sender's local part: Loops adds the team's sending domain. */
function senderOf(context: IExecuteSingleFunctions, value: unknown): string {
	const text = textOf(context, 'From Email', value).trim();
	const local = text.includes('@') ? text.slice(0, text.indexOf('@')) : text;
	if (!/^[A-Za-z0-9._+-]+$/.test(local)) {
		throw invalidInput(
			context,
			'From Email',
			`"${text}" is not a sender address; give the part before the @, e.g. hello`,
		);
	}
	return local;
}

function lmxOf(context: IExecuteSingleFunctions, content: unknown, format: unknown): string {
	const text = textOf(context, 'Content', content);
	const lmx = format === 'markdown' ? markdownToLmx(text) : text;
	const bytes = new TextEncoder().encode(lmx).length;
	if (bytes > MAX_LMX_BYTES) {
		throw invalidInput(
			context,
			'Content',
			`is ${Math.ceil(bytes / 1024)} KB as LMX; Loops takes at most ${MAX_LMX_BYTES / 1024} KB`,
		);
	}
	return lmx;
}

/**
 * preSend of the operations that write content: checks and converts the item's content fields before anything is
 * sent (the all-or-nothing gate needs every check done by then), and keeps the body for the item's executor.
 */
export function prepareEmailMessageBody(collection: string): PreSendAction {
	return async function (requestOptions) {
		const body = emailMessageBodyOf(this, collection);
		const prepared = runMemory(this, 'emailMessageBodies', () => new Map<number, IDataObject>());
		if (body) prepared.set(this.getItemIndex(), body);
		else prepared.delete(this.getItemIndex());
		return requestOptions;
	};
}

/** The email-message body the item's preSend prepared, if it set any content field. */
export function preparedEmailMessageBody(
	context: IExecutePaginationFunctions,
): IDataObject | undefined {
	return runMemory(context, 'emailMessageBodies', () => new Map<number, IDataObject>()).get(
		context.getItemIndex(),
	);
}

/** Whether the message holds every field of `sent` as sent. */
function holdsWhatWasSent(message: IDataObject, sent: IDataObject): boolean {
	return Object.entries(sent).every(
		([key, value]) => key === 'expectedRevisionId' || message[key] === value,
	);
}

/**
 * Writes `body` to the email message, under Loops' revision protection: `expectedRevisionId` is the revision the
 * caller knows, or the message's current one, read first when none is given. A 409 ("stale revision") after an
 * attempt that may have been applied (its answer lost) is that attempt's own change when the message holds what
 * was sent: the item succeeds, marked `alreadyApplied`. Otherwise the 409 stays an error, saying why.
 */
export async function writeEmailMessage(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	emailMessageId: string,
	body: IDataObject,
	expectedRevisionId?: string,
): Promise<IDataObject> {
	const url = `/v1/email-messages/${encodeURIComponent(emailMessageId)}`;
	const request = (method: 'GET' | 'POST', sent?: IDataObject) => ({
		...requestData,
		options: { ...requestData.options, method, url, body: sent, qs: {} },
	});
	const readMessage = async () => (await sendPaced(context, request('GET')))[0]?.json ?? {};
	const revision = expectedRevisionId || String((await readMessage()).contentRevisionId ?? '');
	const sent = { ...body, expectedRevisionId: revision };
	const [answer] = await sendPaced(context, request('POST', sent), {
		step: 'emailMessage.update',
		ownEffect: {
			statuses: [409],
			confirm: async () => {
				const message = await readMessage();
				return holdsWhatWasSent(message, sent)
					? [{ json: { ...message, alreadyApplied: true } }]
					: undefined;
			},
		},
		explain: (failure) =>
			failure.status === 409
				? `Loops refused the change to email message ${emailMessageId} (409): ${failure.loopsMessage ?? 'it changed since its revision was read'}. Someone else may have edited it, or its campaign is no longer a draft.`
				: undefined,
	});
	return (answer?.json ?? {}) as IDataObject;
}

/** The item's output of an operation that wrote content: what it created, with the message under `emailMessage`. */
export function withEmailMessage(
	created: IDataObject,
	message: IDataObject | undefined,
): INodeExecutionData[] {
	return [{ json: message ? { ...created, emailMessage: message } : created }];
}
