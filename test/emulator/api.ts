/**
 * The Loops API's behaviour, endpoint by endpoint, as pure functions over an AccountState (no HTTP here).
 * The content API's campaigns, email messages and transactional templates are in content.ts; every route
 * is listed here.
 */
import { CONTENT_ROUTES } from './content';
import { isPublished } from './contentState';
import {
	CONTENT_API_UNAUTHORIZED,
	contentApi,
	cursorPage,
	fail,
	isPlainObject,
	looksLikeEmail,
	MAX_PAGE,
	newestFirst,
	ok,
	parseInteger,
	type Handler,
	type JsonObject,
	type RouteDef,
} from './endpoint';
import { DEFAULT_CONTACT_PROPERTIES, RESERVED_PROPERTY_NAMES } from './seed';
import { emptyContact, type AccountState } from './state';
import type { Attachment, ContactProperty, LoopsContact, PropertyType } from './types';

export {
	CONTENT_API_UNAUTHORIZED,
	isPlainObject,
	type ApiContext,
	type ApiResult,
	type Handler,
	type JsonObject,
	type RouteDef,
} from './endpoint';

// ISO 8601: a date, or a date and time joined by "T" (Loops refuses "2025-06-01 10:00").
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Unix milliseconds given as text ("1735689600000"), which Loops takes for a date. */
const MILLISECONDS_RE = /^\d{1,15}$/;
const CAMEL_CASE_RE = /^[a-z][a-zA-Z0-9]*$/;
/** Canonical base64: groups of 4 characters, padding only at the end, no whitespace. */
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A MIME type: type/subtype of RFC 6838 name characters, optionally followed by parameters. */
const MIME_TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(;.*)?$/;
const MAX_STRING_LENGTH = 500;
const PROPERTY_TYPES: readonly PropertyType[] = ['string', 'number', 'boolean', 'date'];
const DEFAULT_KEYS = new Set(DEFAULT_CONTACT_PROPERTIES.map((p) => p.key));
const RESERVED = new Set([...RESERVED_PROPERTY_NAMES, '__proto__', 'constructor', 'prototype']);

/** Standard contact fields accepted by contacts/create and contacts/update. */
const CONTACT_STRING_FIELDS = new Set(['firstName', 'lastName', 'source', 'userGroup']);
const CONTACT_STANDARD_FIELDS = new Set([
	'email',
	'userId',
	'subscribed',
	'mailingLists',
	...CONTACT_STRING_FIELDS,
]);
/** Fields of events/send that are not contact properties. */
const EVENT_FIELDS = new Set(['eventName', 'eventProperties']);

/** A non-empty string identifier, else undefined. */
function identifier(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

export function labelOf(key: string): string {
	const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
	return spaced
		.split(' ')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ');
}

function isValidDate(value: unknown): boolean {
	if (typeof value === 'number') return Number.isFinite(value);
	if (typeof value !== 'string') return false;
	if (MILLISECONDS_RE.test(value)) return true;
	return ISO_DATE_RE.test(value) && !Number.isNaN(Date.parse(value));
}

function checkType(property: ContactProperty, value: unknown): string | undefined {
	const bad = `Contact property "${property.key}" must be of type ${property.type} (got ${describe(value)}).`;
	switch (property.type) {
		case 'string':
			if (typeof value !== 'string') return bad;
			if (value.length > MAX_STRING_LENGTH) {
				return `Contact property "${property.key}" is longer than ${MAX_STRING_LENGTH} characters.`;
			}
			return undefined;
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) ? undefined : bad;
		case 'boolean':
			return typeof value === 'boolean' ? undefined : bad;
		case 'date':
			return isValidDate(value)
				? undefined
				: `Contact property "${property.key}" must be a date: Unix timestamp in ms or ISO 8601 string.`;
	}
}

function validateEmail(value: unknown, required: boolean): string | undefined {
	if (value === undefined || value === null || value === '')
		return required ? 'An email is required.' : undefined;
	if (typeof value !== 'string') return `email must be a string (got ${describe(value)}).`;
	// Loops does not trim: surrounding spaces make the address invalid.
	if (!looksLikeEmail(value)) return 'Invalid email address.';
	return undefined;
}

function validateMailingLists(account: AccountState, value: unknown): string | undefined {
	if (value === undefined) return undefined;
	if (!isPlainObject(value)) {
		return 'mailingLists must be an object of mailing list IDs and booleans, e.g. {"<listId>": true}.';
	}
	for (const [id, subscribed] of Object.entries(value)) {
		if (typeof subscribed !== 'boolean') return `mailingLists["${id}"] must be true or false.`;
		if (!account.hasMailingList(id)) return `Mailing list "${id}" not found.`;
	}
	return undefined;
}

/** A custom contact property given as a top-level key. */
function validateCustomProperty(
	account: AccountState,
	key: string,
	value: unknown,
): string | undefined {
	if (RESERVED.has(key)) return `"${key}" is a reserved property name and cannot be set.`;
	const property = DEFAULT_KEYS.has(key) ? undefined : account.findProperty(key);
	if (!property)
		return `Contact property "${key}" does not exist. Create it in Loops before using it.`;
	if (value === null) return undefined; // null resets a property
	return checkType(property, value);
}

/**
 * Validates a contact payload: standard fields, mailingLists and custom properties (every other top-level key
 * not in `skip`).
 */
function validateContactPayload(
	account: AccountState,
	body: JsonObject,
	skip: ReadonlySet<string>,
): string | undefined {
	for (const [key, value] of Object.entries(body)) {
		if (skip.has(key)) continue;
		let error: string | undefined;
		if (key === 'email') error = validateEmail(value, false);
		else if (key === 'userId') {
			if (value !== null && value !== undefined && typeof value !== 'string') {
				error = `userId must be a string (got ${describe(value)}).`;
			}
		} else if (CONTACT_STRING_FIELDS.has(key)) {
			if (value !== null && typeof value !== 'string')
				error = `${key} must be a string (got ${describe(value)}).`;
			else if (typeof value === 'string' && value.length > MAX_STRING_LENGTH) {
				error = `${key} is longer than ${MAX_STRING_LENGTH} characters.`;
			}
		} else if (key === 'subscribed') {
			if (typeof value !== 'boolean')
				error = `subscribed must be a boolean (got ${describe(value)}).`;
		} else if (key === 'mailingLists') error = validateMailingLists(account, value);
		else error = validateCustomProperty(account, key, value);
		if (error) return error;
	}
	return undefined;
}

/** Applies validated fields (all but email/userId and `skip`) to a contact. */
function applyContactFields(
	contact: LoopsContact,
	body: JsonObject,
	skip: ReadonlySet<string>,
): void {
	for (const [key, value] of Object.entries(body)) {
		if (key === 'email' || key === 'userId' || skip.has(key) || value === undefined) continue;
		if (key === 'mailingLists') {
			for (const [id, subscribed] of Object.entries(value as Record<string, boolean>)) {
				if (subscribed) contact.mailingLists[id] = true;
				else delete contact.mailingLists[id];
			}
		} else if (CONTACT_STANDARD_FIELDS.has(key)) {
			contact[key] = value;
		} else if (value === null) {
			delete contact[key];
		} else {
			contact[key] = value;
		}
	}
}

function copyContact(contact: LoopsContact): LoopsContact {
	return { ...contact, mailingLists: { ...contact.mailingLists } };
}

/** Exactly one of email / userId (query or body). */
function oneIdentifier(
	source: Record<string, unknown>,
):
	| { email: string; userId?: undefined }
	| { userId: string; email?: undefined }
	| { error: string } {
	const email = identifier(source.email);
	const userId = identifier(source.userId);
	if (email && userId) return { error: 'Provide either email or userId, not both.' };
	if (!email && !userId) return { error: 'Provide an email or a userId.' };
	if (email) {
		const error = validateEmail(source.email, true);
		return error ? { error } : { email };
	}
	return { userId: userId as string };
}

function findOne(
	account: AccountState,
	id: { email?: string; userId?: string },
): LoopsContact | undefined {
	return id.email !== undefined
		? account.findByEmail(id.email)
		: account.findByUserId(id.userId as string);
}

// ==================================================================== handlers

const apiKey: Handler = ({ account }) => ok({ success: true, teamName: account.teamName });

const createContact: Handler = ({ account, body }) => {
	const emailError = validateEmail(body.email, true);
	if (emailError) return fail(400, emailError);
	const error = validateContactPayload(account, body, new Set());
	if (error) return fail(400, error);
	const email = (body.email as string).trim();
	if (account.findByEmail(email)) return fail(409, 'Email or userId already exists.');
	const userId = identifier(body.userId);
	if (userId && account.findByUserId(userId)) return fail(409, 'Email or userId already exists.');
	const contact = emptyContact(email);
	contact.userId = userId ?? null;
	applyContactFields(contact, body, new Set());
	account.addContact(contact);
	return ok({ success: true, id: contact.id });
};

const updateContact: Handler = ({ account, body }) => {
	const email = identifier(body.email);
	const userId = identifier(body.userId);
	if (!email && !userId) return fail(400, 'An email or userId is required.');
	const error = validateContactPayload(account, body, new Set());
	if (error) return fail(400, error);

	let contact: LoopsContact | undefined;
	if (userId) {
		contact = account.findByUserId(userId);
		if (contact) {
			if (email && email.toLowerCase() !== contact.email.toLowerCase()) {
				const other = account.findByEmail(email);
				if (other && other !== contact)
					return fail(400, 'Email already in use by another contact.');
				account.setContactEmail(contact, email); // the way an email changes
			}
		} else if (email) {
			contact = account.findByEmail(email);
			if (contact) account.setContactUserId(contact, userId);
		} else {
			return fail(400, 'Contact not found. Provide an email to create a contact.');
		}
	} else {
		contact = account.findByEmail(email as string);
	}
	if (!contact) {
		contact = emptyContact(email as string);
		contact.userId = userId ?? null;
		account.addContact(contact);
	}
	applyContactFields(contact, body, new Set());
	return ok({ success: true, id: contact.id });
};

const findContact: Handler = ({ account, query }) => {
	const id = oneIdentifier(query);
	if ('error' in id) return fail(400, id.error);
	const contact = findOne(account, id);
	return ok(contact ? [copyContact(contact)] : []);
};

const deleteContact: Handler = ({ account, body }) => {
	const id = oneIdentifier(body);
	if ('error' in id) return fail(400, id.error);
	const contact = findOne(account, id);
	if (!contact) return fail(404, 'Contact not found.');
	account.removeContact(contact);
	return ok({ success: true, message: 'Contact deleted.' });
};

const listContacts: Handler = ({ account, query }) => {
	if (!account.listContactsEnabled) return fail(404, 'Not found.');
	const limit = parseInteger(query.limit, MAX_PAGE);
	if (limit === undefined || limit < 1 || limit > MAX_PAGE)
		return fail(400, 'limit must be between 1 and 50.');
	const offset = parseInteger(query.offset, 0);
	if (offset === undefined) return fail(400, 'offset must be an integer of 0 or more.');
	const from = account.listContactsIgnoresOffset ? 0 : offset;
	return ok(account.contacts.slice(from, from + limit).map(copyContact));
};

const getSuppression: Handler = ({ account, query }) => {
	const id = oneIdentifier(query);
	if ('error' in id) return fail(400, id.error);
	const contact = findOne(account, id);
	if (!contact) return fail(404, 'Contact not found.');
	return ok({
		contact: { id: contact.id, email: contact.email, userId: contact.userId },
		isSuppressed: account.isSuppressed(contact.email),
		removalQuota: { ...account.removalQuota },
	});
};

const removeSuppression: Handler = ({ account, query }) => {
	const id = oneIdentifier(query);
	if ('error' in id) return fail(400, id.error);
	const contact = findOne(account, id);
	if (!contact) return fail(404, 'Contact not found.');
	if (!account.isSuppressed(contact.email)) return fail(400, 'Contact is not suppressed.');
	if (account.removalQuota.remaining <= 0) return fail(400, 'Suppression removal quota exceeded.');
	account.unsuppress(contact.email);
	account.removalQuota.remaining--;
	return ok({
		success: true,
		message: 'Email removed from suppression list.',
		removalQuota: { ...account.removalQuota },
	});
};

const listProperties: Handler = ({ account, query }) => {
	const list = query.list ?? 'all';
	if (list === 'all') return ok(account.contactProperties.map((p) => ({ ...p })));
	if (list === 'custom') return ok(account.customProperties.map((p) => ({ ...p })));
	return fail(400, 'list must be "all" or "custom".');
};

const createProperty: Handler = ({ account, body }) => {
	const { name, type } = body;
	if (typeof name !== 'string' || name === '') return fail(400, 'name is required.');
	if (typeof type !== 'string' || !PROPERTY_TYPES.includes(type as PropertyType)) {
		return fail(400, 'type must be one of string, number, boolean, date.');
	}
	if (!CAMEL_CASE_RE.test(name)) return fail(400, 'name must be in camelCase, like "planName".');
	if (RESERVED.has(name)) return fail(400, `"${name}" is a reserved name.`);
	if (account.contactProperties.some((p) => p.key.toLowerCase() === name.toLowerCase())) {
		return fail(400, `A contact property named "${name}" already exists.`);
	}
	account.contactProperties.push({ key: name, label: labelOf(name), type: type as PropertyType });
	return ok({ success: true });
};

const listMailingLists: Handler = ({ account }) => ok(account.mailingLists.map((l) => ({ ...l })));

const sendEvent: Handler = ({ account, body, idempotencyKey, now }) => {
	const eventName = body.eventName;
	if (typeof eventName !== 'string' || eventName.trim() === '')
		return fail(400, 'eventName is required.');
	const email = identifier(body.email);
	const userId = identifier(body.userId);
	if (!email && !userId) return fail(400, 'An email or userId is required.');
	if (email) {
		const emailError = validateEmail(body.email, true);
		if (emailError) return fail(400, emailError);
	}
	const eventProperties = body.eventProperties ?? {};
	if (!isPlainObject(eventProperties)) return fail(400, 'eventProperties must be an object.');
	for (const [key, value] of Object.entries(eventProperties)) {
		const t = typeof value;
		if (t !== 'string' && t !== 'number' && t !== 'boolean') {
			return fail(
				400,
				`Event property "${key}" must be a string, number, boolean or date (got ${describe(value)}).`,
			);
		}
		if (typeof value === 'string' && value.length > MAX_STRING_LENGTH) {
			return fail(400, `Event property "${key}" is longer than ${MAX_STRING_LENGTH} characters.`);
		}
	}
	const error = validateContactPayload(account, body, EVENT_FIELDS);
	if (error) return fail(400, error);

	let contact = userId ? account.findByUserId(userId) : undefined;
	if (!contact && email) {
		contact = account.findByEmail(email);
		if (contact && userId && !contact.userId) account.setContactUserId(contact, userId);
	}
	if (!contact) {
		if (!email) return fail(400, 'Contact not found.');
		contact = emptyContact(email);
		contact.userId = userId ?? null;
		account.addContact(contact);
	}
	applyContactFields(contact, body, EVENT_FIELDS);

	const contactProperties: JsonObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (!EVENT_FIELDS.has(key) && key !== 'email' && key !== 'userId' && key !== 'mailingLists') {
			contactProperties[key] = value;
		}
	}
	account.events.push({
		eventName,
		email: contact.email,
		userId: contact.userId,
		contactId: contact.id,
		eventProperties: structuredClone(eventProperties),
		contactProperties,
		mailingLists: { ...((body.mailingLists as Record<string, boolean> | undefined) ?? {}) },
		idempotencyKey: idempotencyKey ?? null,
		appliedAt: now,
	});
	account.registerEventName(eventName);
	return ok({ success: true });
};

function validateDataVariables(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	if (!isPlainObject(value)) return 'dataVariables must be an object.';
	for (const [key, v] of Object.entries(value)) {
		if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) continue;
		if (Array.isArray(v) && v.every(isPlainObject)) continue;
		return `Data variable "${key}" must be a string, a number or an array of objects (got ${describe(v)}).`;
	}
	return undefined;
}

function validateAttachments(value: unknown): string | undefined {
	if (!Array.isArray(value)) return 'attachments must be an array.';
	for (const [i, a] of value.entries()) {
		if (!isPlainObject(a)) return `attachments[${i}] must be an object.`;
		for (const field of ['filename', 'contentType', 'data']) {
			if (typeof a[field] !== 'string' || a[field] === '')
				return `attachments[${i}].${field} is required.`;
		}
		if (!BASE64_RE.test(a.data as string)) return `attachments[${i}].data must be base64-encoded.`;
		if (!MIME_TYPE_RE.test(a.contentType as string))
			return `attachments[${i}].contentType must be a MIME type.`;
	}
	return undefined;
}

const sendTransactional: Handler = ({ account, body, idempotencyKey, now }) => {
	const transactionalId = identifier(body.transactionalId);
	if (!transactionalId)
		return fail(400, 'transactionalId is required.', { error: { path: 'transactionalId' } });
	const emailError = validateEmail(body.email, true);
	if (emailError) return fail(400, emailError, { error: { path: 'email', message: emailError } });
	const email = (body.email as string).trim();
	const template = account.transactionalEmails.find((t) => t.id === transactionalId);
	if (!template) {
		return fail(404, 'Transactional email not found.', {
			error: { path: 'transactionalId', message: 'Transactional email not found.' },
		});
	}
	if (!isPublished(template)) {
		return fail(400, 'Transactional email is not published.', {
			error: { path: 'transactionalId', message: 'Transactional email is not published.' },
		});
	}
	if (body.addToAudience !== undefined && typeof body.addToAudience !== 'boolean') {
		return fail(400, 'addToAudience must be a boolean.');
	}
	const dvError = validateDataVariables(body.dataVariables);
	if (dvError) return fail(400, dvError, { error: { path: 'dataVariables', message: dvError } });
	const dataVariables = (body.dataVariables as JsonObject | undefined) ?? {};
	const missing = template.dataVariables.filter(
		(name) => dataVariables[name] === undefined || dataVariables[name] === null,
	);
	if (missing.length > 0) {
		const message = `Missing required data variables: ${missing.join(', ')}.`;
		return fail(400, message, { error: { path: 'dataVariables', message }, transactionalId });
	}
	let attachments: Attachment[] = [];
	if (body.attachments !== undefined) {
		if (!account.attachmentsEnabled) {
			return fail(
				400,
				'Attachments are not enabled for this account. Email Loops to enable them.',
				{
					error: { path: 'attachments', reason: 'attachments not enabled' },
				},
			);
		}
		const attError = validateAttachments(body.attachments);
		if (attError) return fail(400, attError, { error: { path: 'attachments', message: attError } });
		attachments = structuredClone(body.attachments as Attachment[]);
	}
	const addToAudience = body.addToAudience === true;
	if (addToAudience && !account.findByEmail(email)) account.addContact(emptyContact(email));
	account.transactionalSent.push({
		transactionalId,
		email,
		addToAudience,
		dataVariables: structuredClone(dataVariables),
		attachments,
		idempotencyKey: idempotencyKey ?? null,
		appliedAt: now,
	});
	return ok({ success: true });
};

/** GET /v1/transactional (deprecated): the published emails, `{ id, name, lastUpdated, dataVariables }`. */
const listTransactional: Handler = ({ account, query, baseUrl }) =>
	cursorPage(
		account.transactionalEmails.filter(isPublished),
		query,
		`${baseUrl}/v1/transactional`,
		(t) => ({
			id: t.id,
			name: t.name,
			lastUpdated: t.lastUpdated,
			dataVariables: [...t.dataVariables],
		}),
	);

const listAudienceSegments: Handler = contentApi(({ account, query, baseUrl }) =>
	cursorPage(
		newestFirst(account.audienceSegments, (segment) => segment.createdAt),
		query,
		`${baseUrl}/v1/audience-segments`,
		(segment) => structuredClone(segment),
	),
);

const getAudienceSegment: Handler = contentApi(({ account, params }) => {
	const segment = account.audienceSegments.find(
		(candidate) => candidate.id === params.audienceSegmentId,
	);
	return segment ? ok(structuredClone(segment)) : fail(404, 'Audience segment not found.');
});

/** The event names the account knows, in the order it learnt them. */
const listEventPatterns: Handler = ({ account, query, baseUrl }) =>
	cursorPage(account.eventPatterns, query, `${baseUrl}/v1/event-patterns`, (pattern) => ({
		...pattern,
	}));

const listDedicatedSendingIps: Handler = ({ account }) => ok([...account.dedicatedSendingIps]);

/** Every endpoint: path (after '/api', `{name}` for a path parameter) → method → route. */
export const ROUTES: Readonly<Record<string, Readonly<Record<string, RouteDef>>>> = {
	'/v1/api-key': { GET: { handler: apiKey } },
	'/v1/contacts': { GET: { handler: listContacts } },
	'/v1/contacts/create': { POST: { handler: createContact } },
	'/v1/contacts/update': { PUT: { handler: updateContact } },
	'/v1/contacts/find': { GET: { handler: findContact } },
	'/v1/contacts/delete': { POST: { handler: deleteContact } },
	'/v1/contacts/suppression': {
		GET: { handler: getSuppression },
		DELETE: { handler: removeSuppression },
	},
	'/v1/contacts/properties': {
		GET: { handler: listProperties },
		POST: { handler: createProperty },
	},
	'/v1/lists': { GET: { handler: listMailingLists } },
	'/v1/events/send': { POST: { handler: sendEvent, idempotencyScope: 'events' } },
	'/v1/transactional': {
		GET: { handler: listTransactional },
		POST: { handler: sendTransactional, idempotencyScope: 'transactional' },
	},
	'/v1/audience-segments': {
		GET: { handler: listAudienceSegments, unauthorizedMessage: CONTENT_API_UNAUTHORIZED },
	},
	'/v1/audience-segments/{audienceSegmentId}': {
		GET: { handler: getAudienceSegment, unauthorizedMessage: CONTENT_API_UNAUTHORIZED },
	},
	'/v1/event-patterns': { GET: { handler: listEventPatterns } },
	'/v1/dedicated-sending-ips': { GET: { handler: listDedicatedSendingIps } },
	...CONTENT_ROUTES,
};

const TEMPLATES = Object.keys(ROUTES)
	.filter((template) => template.includes('{'))
	.map((template) => {
		const names: string[] = [];
		const pattern = template
			.split('/')
			.map((segment) => {
				const name = /^\{(.+)\}$/.exec(segment)?.[1];
				if (!name) return segment;
				names.push(name);
				return '([^/]+)';
			})
			.join('/');
		return { template, names, pattern: new RegExp(`^${pattern}$`) };
	});

/** The endpoint a path (after '/api') reaches, with its path parameters decoded; a literal path wins. */
export function matchRoute(
	apiPath: string,
): { methods: Readonly<Record<string, RouteDef>>; params: Record<string, string> } | undefined {
	if (ROUTES[apiPath]) return { methods: ROUTES[apiPath], params: {} };
	for (const { template, names, pattern } of TEMPLATES) {
		const match = pattern.exec(apiPath);
		if (!match) continue;
		try {
			const params = Object.fromEntries(
				names.map((name, index) => [name, decodeURIComponent(match[index + 1])]),
			);
			return { methods: ROUTES[template], params };
		} catch {
			return undefined; // a malformed escape: no such path
		}
	}
	return undefined;
}
