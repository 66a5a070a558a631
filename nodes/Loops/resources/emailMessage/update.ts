import type { IDataObject, INodeProperties, PreSendAction } from 'n8n-workflow';

import {
	contentFields,
	preparedEmailMessageBody,
	writeEmailMessage,
} from '../../shared/emailContent';
import { invalidInput } from '../../shared/errors';
import type { ItemExecutor } from '../../shared/transport';

/** Email Message → Update's options in the node's one Update Fields collection (resources/optionalFields.ts). */
export const emailMessageUpdateFields: INodeProperties[] = [
	...contentFields,
	{
		displayName: 'Expected Revision ID',
		name: 'expectedRevisionId',
		type: 'string',
		default: '',
		placeholder: 'e.g. clrev1s10n2i3d4e5f6g7h8',
		description:
			"The message's contentRevisionId as you last read it: Loops refuses the change if the message changed since. Leave empty to change the message as it is now (the node reads its revision first).",
	},
];

/** preSend: an update changes something; the content was prepared (and checked) by the preSend before. */
export const requireSomeContent: PreSendAction = async function (requestOptions) {
	const fields = (this.getNodeParameter('updateFields', {}) ?? {}) as IDataObject;
	if (
		!Object.keys(fields).some((name) => name !== 'expectedRevisionId' && name !== 'contentFormat')
	) {
		throw invalidInput(this, 'Update Fields', 'add the fields to change; none is set');
	}
	return requestOptions;
};

/** Writes the item's content to the message, under Loops' revision protection (emailContent.ts). */
export const updateEmailMessage: ItemExecutor = async function (requestData) {
	const id = String(this.getNodeParameter('emailMessageId', '')).trim();
	const expected = String(
		this.getNodeParameter('updateFields.expectedRevisionId', '') ?? '',
	).trim();
	const message = await writeEmailMessage(
		this,
		requestData,
		id,
		preparedEmailMessageBody(this) ?? {},
		expected || undefined,
	);
	return [{ json: message }];
};
