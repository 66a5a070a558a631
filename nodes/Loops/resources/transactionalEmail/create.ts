import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { type Created, createOnce } from '../../shared/createOnce';
import { fetchTransactionalEmailsUntil } from '../../shared/accountData';
import {
	contentFields,
	preparedEmailMessageBody,
	withEmailMessage,
	writeEmailMessage,
} from '../../shared/emailContent';
import { resourceLocator } from '../../shared/fields';
import { sendNameAndIds } from '../../shared/preSend';
import { requestLoops, sendPaced, type ItemExecutor } from '../../shared/transport';

const groupLocator = resourceLocator({
	required: false,
	displayName: 'Transactional Group',
	name: 'transactionalGroupId',
	description:
		'The group the transactional email is filed under in Loops; it does not change how the email is sent',
	searchListMethod: 'searchTransactionalGroups',
	placeholder: 'Select a transactional group...',
	typed: { name: 'id', displayName: 'By ID', placeholder: 'e.g. clg1h3j5k7m9n1p3q5r7s9t1' },
});

const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	placeholder: 'e.g. Password reset',
	description: 'The name in Loops (your recipients do not see it)',
};

export const transactionalEmailCreateDescription: INodeProperties[] = [
	{
		...nameField,
		required: true,
		displayOptions: { show: { resource: ['transactionalEmail'], operation: ['create'] } },
	},
];

/** Create's options in the node's one Additional Fields collection (resources/optionalFields.ts). */
export const transactionalEmailCreateAdditionalFields: INodeProperties[] = [
	groupLocator,
	...contentFields,
];

/** Update's options in the node's one Update Fields collection (resources/optionalFields.ts). */
export const transactionalEmailUpdateFields: INodeProperties[] = [
	nameField,
	groupLocator,
	...contentFields,
];

/** preSend: the name and group from `collection` into the body, checked (a name that is not empty). */
export function sendTransactionalFields(
	collection: 'additionalFields' | 'updateFields',
): PreSendAction {
	return sendNameAndIds(collection, [['transactionalGroupId', 'Transactional Group']]);
}

type TransactionalTemplate = Created & { publishedEmailMessageId?: string | null };

/**
 * Creates the transactional email (a draft: it cannot be sent until published) exactly once (createOnce.ts),
 * then, when the item sets content, writes its draft's email message.
 */
export const createTransactionalEmail: ItemExecutor = async function (requestData) {
	const created = await createOnce<TransactionalTemplate>(this, requestData, {
		step: 'transactionalEmail.create',
		list: async (until) => await fetchTransactionalEmailsUntil<TransactionalTemplate>(this, until),
		isDraft: (email) => !email.publishedEmailMessageId,
	});
	return await withContent(this, requestData, created);
};

/**
 * Renames or regroups the transactional email (when the item sets either), then, when it sets content, makes sure
 * it has a draft (POST …/draft) and writes the draft's email message. Publish makes the draft what is sent.
 */
export const updateTransactionalEmail: ItemExecutor = async function (requestData) {
	const path = requestData.options.url as string;
	const renames = Object.keys((requestData.options.body ?? {}) as IDataObject).length > 0;
	const updated = renames ? (await sendPaced(this, requestData))[0]?.json : undefined;
	if (!preparedEmailMessageBody(this)) {
		return [{ json: updated ?? (await requestLoops<IDataObject>(this, { method: 'GET', path })) }];
	}
	const draft = await requestLoops<IDataObject>(this, { method: 'POST', path: `${path}/draft` });
	return await withContent(this, requestData, draft);
};

/** Writes the item's content to the email's draft message; the email as the item, the message under emailMessage. */
async function withContent(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	email: IDataObject,
): Promise<INodeExecutionData[]> {
	const content = preparedEmailMessageBody(context);
	const { draftEmailMessageContentRevisionId: revision, ...template } = email;
	if (!content) return [{ json: template }];
	const message = await writeEmailMessage(
		context,
		requestData,
		String(email.draftEmailMessageId),
		content,
		typeof revision === 'string' ? revision : undefined,
	);
	return withEmailMessage(template, message);
}
