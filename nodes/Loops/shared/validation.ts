import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidInput } from './errors';

/** Names Loops keeps for itself: a custom property may not use them. */
export const RESERVED_PROPERTY_NAMES = ['id', 'listId', 'softDeleteAt', 'teamId', 'updatedAt'];
/** Loops' cap on a string property value. */
export const MAX_STRING_VALUE_LENGTH = 500;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 100;
export const MAX_PAGE_SIZE = 50;

/** The longest email address there is (RFC 5321: a 256-octet path, its angle brackets excluded). */
export const MAX_EMAIL_LENGTH = 254;

/**
 * Deliberately loose (what Loops itself accepts is the final word): something@something.tld, no spaces. Read
 * in one pass without a regular expression: the pattern it replaces backtracked, taking time that grew with the
 * square of the input (100,000 characters: half a minute of a blocked n8n process).
 */
function looksLikeEmail(email: string): boolean {
	const at = email.indexOf('@');
	if (at <= 0 || at !== email.lastIndexOf('@')) return false;
	const dot = email.indexOf('.', at + 2); // a dot with something on both sides in the domain
	if (dot < 0 || dot === email.length - 1) return false;
	return !/\s/.test(email);
}

export function requireEmail(
	context: IExecuteSingleFunctions,
	field: string,
	value: unknown,
): string {
	const email = typeof value === 'string' ? value.trim() : '';
	if (email.length > MAX_EMAIL_LENGTH) {
		throw invalidInput(
			context,
			field,
			`is ${email.length} characters long; an email address has at most ${MAX_EMAIL_LENGTH}`,
		);
	}
	if (!looksLikeEmail(email)) {
		throw invalidInput(
			context,
			field,
			value === '' || value === undefined || value === null
				? 'an email address is required'
				: `"${String(value)}" is not a valid email address`,
		);
	}
	return email;
}

export function requireText(
	context: IExecuteSingleFunctions,
	field: string,
	value: unknown,
): string {
	if (typeof value === 'number' && !Number.isFinite(value)) {
		// String(NaN) is "NaN": an expression's mistake would reach Loops as text
		throw invalidInput(context, field, `is ${String(value)}; expected text or a number`);
	}
	const text =
		typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (text === '') throw invalidInput(context, field, 'must not be empty');
	return text;
}

/**
 * A property value of a key/value row, checked against Loops' rules. JSON cannot carry every value an expression
 * gives: NaN and ±Infinity would be sent as `null` (which empties a contact property) and `undefined` would be
 * dropped, so each is refused. `null` itself empties a contact property; Loops refuses it as an event property.
 */
export function checkPropertyValue(
	context: IExecuteSingleFunctions,
	field: string,
	key: string,
	value: unknown,
	options: { nullEmpties: boolean },
): void {
	if (value === undefined) {
		const hint = options.nullEmpties ? '; use null to empty the property' : '';
		throw invalidInput(
			context,
			field,
			`"${key}" has no value (the expression gave undefined)${hint}`,
		);
	}
	if (value === null) {
		if (options.nullEmpties) return;
		throw invalidInput(
			context,
			field,
			`the value of "${key}" is null; Loops takes no empty event property values`,
		);
	}
	if (typeof value === 'number' && !Number.isFinite(value)) {
		throw invalidInput(
			context,
			field,
			`the value of "${key}" is ${String(value)}, not a number Loops can store`,
		);
	}
	if (typeof value === 'string' && value.length > MAX_STRING_VALUE_LENGTH) {
		throw invalidInput(
			context,
			field,
			`the value of "${key}" is ${value.length} characters long; Loops accepts at most ${MAX_STRING_VALUE_LENGTH}`,
		);
	}
	if (typeof value === 'object') {
		throw invalidInput(
			context,
			field,
			`the value of "${key}" is an object or array; Loops properties are strings, numbers, booleans or dates`,
		);
	}
}

export function checkPropertyKey(
	context: IExecuteSingleFunctions,
	field: string,
	key: unknown,
	forbidden: readonly string[],
): string {
	const name = typeof key === 'string' ? key.trim() : '';
	if (name === '') throw invalidInput(context, field, 'a row has no property name');
	if (RESERVED_PROPERTY_NAMES.includes(name)) {
		throw invalidInput(
			context,
			field,
			`"${name}" is reserved by Loops (reserved: ${RESERVED_PROPERTY_NAMES.join(', ')})`,
		);
	}
	if (forbidden.includes(name)) {
		throw invalidInput(
			context,
			field,
			`"${name}" has its own field in this node: use that field instead`,
		);
	}
	return name;
}

export function checkWholeNumber(
	context: IExecuteSingleFunctions,
	field: string,
	value: unknown,
	min: number,
	max?: number,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const range = max === undefined ? `at least ${min}` : `between ${min} and ${max}`;
	if (
		typeof number !== 'number' ||
		!Number.isInteger(number) ||
		number < min ||
		(max !== undefined && number > max)
	) {
		throw invalidInput(
			context,
			field,
			`must be a whole number ${range} (got ${JSON.stringify(value)})`,
		);
	}
	return number;
}
