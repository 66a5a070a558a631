import type { IDataObject, PreSendAction } from 'n8n-workflow';

import { invalidInput } from './errors';

/**
 * The last preSend of every operation (transport.ts `loopsRoute`): refuses a request body holding a value JSON
 * cannot carry. An expression may give NaN or ±Infinity (JSON sends `null`, which empties the field in Loops) or
 * undefined (JSON drops it, or sends `null` in a list), in a standard field such as First Name as much as in a
 * key/value row; so the whole body is checked, once, naming the field and the item. `null` typed on purpose
 * passes: it is how a contact property is emptied.
 */

/** Field names that Title Case alone does not give. */
const FIELD_NAMES: Record<string, string> = {
	userId: 'User ID',
	transactionalId: 'Transactional Email',
	mailingLists: 'Mailing Lists',
	dataVariables: 'Data Variables',
	eventProperties: 'Event Properties',
};

/** The editor's name of a body key: `firstName` → "First Name". */
function fieldNameOf(key: string): string {
	return (
		FIELD_NAMES[key] ??
		key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase())
	);
}

/** What in `value` JSON would not carry as it is: a description of it, or undefined. */
function unsafeIn(value: unknown, depth = 0): string | undefined {
	if (value === undefined) return 'has no value (the expression gave undefined)';
	if (typeof value === 'number' && !Number.isFinite(value)) {
		return `is ${String(value)}, which JSON would send as null`;
	}
	if (typeof value !== 'object' || value === null || depth > 32) return undefined;
	const entries: Array<[string, unknown]> = Array.isArray(value)
		? value.map((element, index) => [`#${index + 1}`, element])
		: Object.entries(value);
	for (const [name, inner] of entries) {
		const problem = unsafeIn(inner, depth + 1);
		if (problem) return `"${name}" ${problem}`;
	}
	return undefined;
}

export const checkJsonSafeBody: PreSendAction = async function (requestOptions) {
	const body = requestOptions.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return requestOptions;
	for (const [key, value] of Object.entries(body as IDataObject)) {
		const problem = unsafeIn(value);
		if (problem) throw invalidInput(this, fieldNameOf(key), problem);
	}
	return requestOptions;
};
