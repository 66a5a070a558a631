import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	PreSendAction,
} from 'n8n-workflow';

import { invalidInput } from './errors';
import { locatorValue } from './fields';
import { checkPropertyKey, checkPropertyValue, requireEmail, requireText } from './validation';

/**
 * preSend hooks shared by several operations. Each one checks what it sends, so a bad value fails its
 * item before the request leaves n8n.
 */

type KeyValueRow = { key?: unknown; value?: unknown };
type ListRow = { id?: unknown; subscribed?: unknown };

/** Contact fields with a field of their own: a custom property row may not shadow them. */
export const STANDARD_CONTACT_FIELDS = [
	'email',
	'firstName',
	'lastName',
	'source',
	'subscribed',
	'userGroup',
	'userId',
	'mailingLists',
];

/** The request's JSON body, created when the routing put nothing in it yet. */
export function bodyOf(requestOptions: IHttpRequestOptions): IDataObject {
	if (requestOptions.body === undefined || requestOptions.body === null) requestOptions.body = {};
	return requestOptions.body as IDataObject;
}

function rowsOf<T>(context: IExecuteSingleFunctions, parameterPath: string, rowName: string): T[] {
	const collection = context.getNodeParameter(parameterPath, {}) as IDataObject | undefined;
	const rows = collection?.[rowName];
	if (rows === undefined || rows === null) return [];
	return (Array.isArray(rows) ? rows : [rows]) as T[];
}

/**
 * Puts the contact's identifier in the body or the query: the one chosen with `identifyBy` or
 * `findBy`, or the email when the operation has no selector (Create, Send Transactional Email).
 */
export function sendIdentifier(where: 'body' | 'qs', selectorName?: 'identifyBy' | 'findBy') {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const by =
			!selectorName || this.getNodeParameter(selectorName) === 'email' ? 'email' : 'userId';
		const value = this.getNodeParameter(by, '') as unknown;
		const identifier =
			by === 'email' ? requireEmail(this, 'Email', value) : requireText(this, 'User ID', value);
		if (where === 'body') bodyOf(requestOptions)[by] = identifier;
		else requestOptions.qs = { ...(requestOptions.qs ?? {}), [by]: identifier };
		return requestOptions;
	};
}

/** Checks the optional User ID of a new contact (Additional Fields), which the routing put in the body. */
export const checkNewUserId: PreSendAction = async function (requestOptions) {
	const target = bodyOf(requestOptions);
	if ('userId' in target) target.userId = requireText(this, 'User ID', target.userId);
	return requestOptions;
};

/**
 * Key/value rows → properties. `topLevel` sends each row as a body key (contact properties); otherwise
 * the rows become one object under `objectName` (event properties). Values keep their JSON type.
 */
export function sendProperties(
	parameterPath: string,
	field: string,
	target: { topLevel: true } | { objectName: string },
) {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const rows = rowsOf<KeyValueRow>(this, parameterPath, 'property');
		if (rows.length === 0) return requestOptions;
		const properties: IDataObject = {};
		for (const row of rows) {
			const forbidden = 'topLevel' in target ? STANDARD_CONTACT_FIELDS : [];
			const key = checkPropertyKey(this, field, row.key, forbidden);
			checkPropertyValue(this, field, key, row.value, { nullEmpties: 'topLevel' in target });
			properties[key] = row.value as IDataObject[string];
		}
		if ('topLevel' in target) Object.assign(bodyOf(requestOptions), properties);
		else bodyOf(requestOptions)[target.objectName] = properties;
		return requestOptions;
	};
}

/** Mailing list rows → `{ "<listId>": true|false }`, the only shape Loops accepts. */
export function sendMailingLists(parameterPath: string, field = 'Mailing Lists') {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const rows = rowsOf<ListRow>(this, parameterPath, 'list');
		if (rows.length === 0) return requestOptions;
		const lists: IDataObject = {};
		for (const row of rows) {
			const chosen = locatorValue(row.id); // a resource locator, or the plain ID of an older workflow
			const id = typeof chosen === 'string' ? chosen.trim() : '';
			if (id === '') throw invalidInput(this, field, 'a row has no list ID');
			// A row saved without the switch has its default, on.
			lists[id] = 'subscribed' in row ? subscribedOf(this, field, id, row.subscribed) : true;
		}
		bodyOf(requestOptions).mailingLists = lists;
		return requestOptions;
	};
}

const SUBSCRIBED_SPELLINGS = new Map<unknown, boolean>([
	[true, true],
	[false, false],
	[1, true],
	[0, false],
	...['true', 'yes', '1'].map((text) => [text, true] as const),
	...['false', 'no', '0'].map((text) => [text, false] as const),
]);

/**
 * A row's Subscribed: the switch gives a boolean, an expression (a spreadsheet column, a form answer) may give
 * text or a number. The usual spellings of yes and no count (any case); anything else is refused rather than
 * read as "subscribe", which is what `0` and "no" used to do.
 */
function subscribedOf(
	context: IExecuteSingleFunctions,
	field: string,
	listId: string,
	value: unknown,
): boolean {
	const spelled = SUBSCRIBED_SPELLINGS.get(
		typeof value === 'string' ? value.trim().toLowerCase() : value,
	);
	if (spelled !== undefined) return spelled;
	throw invalidInput(
		context,
		field,
		value === undefined
			? `Subscribed of list "${listId}" has no value (the expression gave undefined)`
			: `Subscribed of list "${listId}" is ${JSON.stringify(value)}; use true or false (or yes/no, 1/0)`,
	);
}

/**
 * Puts the ID a field holds (a resource locator, or plain text from an older workflow or an expression)
 * into the request's path, where the URL has `{name}`.
 */
export function sendPathParameter(name: string, field: string) {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const id = requireText(this, field, this.getNodeParameter(name, '', { extractValue: true }));
		requestOptions.url = (requestOptions.url ?? '').replace(`{${name}}`, encodeURIComponent(id));
		return requestOptions;
	};
}

/**
 * preSend of a content record with a name (a campaign, a transactional email): its name (Create's own Name field,
 * or Update Fields → Name) and the ids of `idFields` (key, label) from `collection` into the body, checked: a name
 * that is not empty, ids that resolve to something. An update that sets none of its fields is refused.
 */
export function sendNameAndIds(
	collection: 'additionalFields' | 'updateFields',
	idFields: ReadonlyArray<readonly [key: string, label: string]>,
): PreSendAction {
	return async function (requestOptions) {
		const fields = (this.getNodeParameter(collection, {}) ?? {}) as IDataObject;
		const body = bodyOf(requestOptions);
		if (collection === 'additionalFields') {
			body.name = requireText(this, 'Name', this.getNodeParameter('name', ''));
		} else if ('name' in fields) {
			body.name = requireText(this, 'Update Fields → Name', fields.name);
		}
		for (const [key, label] of idFields) {
			if (key in fields) body[key] = requireText(this, label, locatorValue(fields[key]));
		}
		if (collection === 'updateFields' && Object.keys(fields).length === 0) {
			throw invalidInput(this, 'Update Fields', 'add the fields to change; none is set');
		}
		return requestOptions;
	};
}
