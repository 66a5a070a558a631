import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MAX_IDEMPOTENCY_KEY_LENGTH, MAX_PAGE_SIZE } from './validation';

/** Field descriptions used by several operations. Names are part of the public interface. */

export type Show = { resource: string[]; operation: string[] };

/** Operations that find the contact with `identifyBy`, by the default of that selector. */
const IDENTIFY_BY_USER_ID = { resource: ['contact'], operation: ['update', 'delete'] };
const IDENTIFY_BY_EMAIL = {
	resource: ['contact', 'event'],
	operation: ['getSuppression', 'removeSuppression', 'send'],
};
const IDENTIFIED = {
	resource: ['contact', 'event'],
	operation: ['update', 'delete', 'getSuppression', 'removeSuppression', 'send'],
};
const FOUND = { resource: ['contact'], operation: ['get'] };

function selector(
	name: 'identifyBy' | 'findBy',
	defaultBy: 'userId' | 'email',
	show: Show,
): INodeProperties {
	return {
		displayName: name === 'findBy' ? 'Find By' : 'Identify By',
		name,
		type: 'options',
		default: defaultBy,
		displayOptions: { show },
		options: [
			{ name: 'User ID', value: 'userId', description: 'The ID your app gives the contact' },
			{ name: 'Email', value: 'email', description: "The contact's email address" },
		],
		description: 'How Loops finds the contact',
	};
}

function identifier(
	name: 'userId' | 'email',
	selectorName: 'identifyBy' | 'findBy',
	show: Show,
): INodeProperties {
	const field: INodeProperties =
		name === 'userId'
			? {
					displayName: 'User ID',
					name,
					type: 'string',
					required: true,
					default: '',
					placeholder: 'e.g. user_123',
					description: "The contact's User ID in Loops (the ID your app gives the contact)",
				}
			: {
					displayName: 'Email',
					name,
					type: 'string',
					placeholder: 'e.g. nathan@example.com',
					required: true,
					default: '',
					description: "The contact's email address",
				};
	return { ...field, displayOptions: { show: { ...show, [selectorName]: [name] } } };
}

/**
 * How each operation names its contact: the email of a new contact or recipient, or the User ID or
 * email that finds an existing one (sent by the operation's `sendIdentifier` hook). Declared once for
 * all operations, because n8n's routing engine evaluates every declaration of a parameter name, shown or
 * not, for every item: eight declarations of `email` made a mapped email cost eighteen expression
 * evaluations an item. (One declaration for all is not possible: n8n checks a field's display
 * conditions against the defaults of selectors the operation does not show.)
 */
export const identificationFields: INodeProperties[] = [
	// Two declarations: n8n's display options cannot say "contact → create or transactionalEmail → send" in one,
	// now that Transactional Email has a Create (which has no recipient).
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		required: true,
		default: '',
		description: "The new contact's email address",
		displayOptions: { show: { resource: ['contact'], operation: ['create'] } },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		required: true,
		default: '',
		description: "The recipient's email address",
		displayOptions: { show: { resource: ['transactionalEmail'], operation: ['send'] } },
	},
	selector('identifyBy', 'userId', IDENTIFY_BY_USER_ID),
	selector('identifyBy', 'email', IDENTIFY_BY_EMAIL),
	selector('findBy', 'userId', FOUND),
	identifier('userId', 'identifyBy', IDENTIFIED),
	identifier('email', 'identifyBy', IDENTIFIED),
	identifier('userId', 'findBy', FOUND),
	identifier('email', 'findBy', FOUND),
];

const TYPED_VALUE: INodeProperties = {
	displayName: 'Value',
	name: 'value',
	type: 'string',
	default: '',
	description:
		'Plain text is sent as text; an expression keeps its type ({{ 99 }} is a number, {{ true }} a boolean)',
};

/** A key typed freely (event properties: Loops creates them as they come). */
function freeKey(keyDescription: string): INodeProperties {
	return {
		displayName: 'Key',
		name: 'key',
		type: 'string',
		default: '',
		placeholder: 'e.g. plan',
		description: keyDescription,
	};
}

/** The key of a custom contact property, picked from the account's custom properties. */
const customPropertyKey: INodeProperties = {
	displayName: 'Property Name or ID',
	name: 'key',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCustomProperties' },
	default: '',
	description:
		'The key of the custom contact property as it appears in Loops (Audience → Properties), e.g. plan. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/**
 * Key/value rows `{ property: [{ key, value }] }`. With `{ customProperties: true }` the key is a dropdown of
 * the account's custom contact properties (its value is still the key, so an expression may be typed).
 */
export function keyValueRows(
	displayName: string,
	name: string,
	description: string,
	keys: { customProperties: true } | { keyDescription: string },
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		placeholder: 'Add Property',
		default: {},
		typeOptions: { multipleValues: true },
		description,
		options: [
			{
				displayName: 'Property',
				name: 'property',
				values: [
					'customProperties' in keys ? customPropertyKey : freeKey(keys.keyDescription),
					TYPED_VALUE,
				],
			},
		],
	};
}

export const customPropertiesField = keyValueRows(
	'Custom Properties',
	'customProperties',
	'Custom contact properties, sent as top-level fields. Each must exist in your Loops account (Audience → Properties).',
	{ customProperties: true },
);

/** Event properties: the event's data (Send Event), or sample values of them (Email Message → Send Preview). */
export const eventPropertiesField = keyValueRows(
	'Event Properties',
	'eventProperties',
	'Data for the emails this event sends, available as event properties in Loops (with Send Preview: sample values for the test email)',
	{ keyDescription: 'The event property name, e.g. amount' },
);

/** Contact properties: updated with the event (Send Event), or sample values (Email Message → Send Preview). */
export const contactPropertiesField = keyValueRows(
	'Contact Properties',
	'contactProperties',
	'Custom contact properties to update with the event, sent as top-level fields; each must exist in your Loops account (Audience → Properties). With Send Preview: sample values for the test email.',
	{ customProperties: true },
);

/** Data variables: of the email sent (Send), or sample values (Email Message → Send Preview). */
export const dataVariablesField: INodeProperties = {
	displayName: 'Data Variables',
	name: 'dataVariables',
	type: 'fixedCollection',
	placeholder: 'Add Data Variable',
	default: {},
	typeOptions: { multipleValues: true },
	description:
		'Values for the data variables of the transactional email, one row per variable; every variable the email uses must have a value, or nothing is sent. With Send Preview: sample values for the test email.',
	options: [
		{
			displayName: 'Variable',
			name: 'variable',
			values: [
				{
					displayName: 'Variable Name or ID',
					name: 'key',
					type: 'options',
					typeOptions: {
						loadOptionsMethod: 'getDataVariables',
						loadOptionsDependsOn: ['transactionalId.value'],
					},
					default: '',
					description:
						'A data variable of the chosen transactional email, e.g. resetUrl. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description:
						'Plain text is sent as text; an expression keeps its type ({{ 42 }} is a number, {{ [{ "name": "Pen" }] }} a list of objects for a repeating block)',
				},
			],
		},
	],
};

/*
 * Ids and names Loops can list are n8n resource locators ("From List", searchable, or typed "By ID" /
 * "By Name"), as n8n's own nodes (Okta) and the n8n-nodes-starter take them: `transactionalId`,
 * `audienceSegmentId`, `eventName` and a mailing-list row's `id`. Decided before the first publish, since
 * changing a field's type afterwards changes what saved workflows hold and needs node version 2. What we
 * checked in n8n 2.41 (n8n-core, n8n-workflow, the editor's bundle):
 * - The editor saves `{ __rl: true, mode, value }` (plus `cachedResultName` for a pick from the list); an
 *   expression is typed into the value (`value: '={{ … }}'`).
 * - A plain string (what these fields held as `options`/`string`, and what an AI agent or a hand-written
 *   workflow may give) still works: the routing engine's extractValue hands a non-locator value back as it
 *   is, n8n resolves an expression string as usual, and the editor shows the string in the text box (no
 *   mode selected until the user picks one, which keeps the value). The node's hooks read these fields with
 *   `extractValue` (or `locatorValue` inside a collection row), so both forms reach Loops the same.
 * - A required locator left empty is refused by n8n itself before the run ("Parameter … is required"); one
 *   whose expression resolves to nothing is refused by the node's check, naming the field.
 * - `n8n-node lint` and the community-package scanner have no rule on resource locators (none of their
 *   rules names the type); both pass with them.
 * Unit tests give these fields both as plain strings and as the editor saves them; the end-to-end tests ran
 * the examples in n8n 2.41.1 both ways (they now hold the saved form).
 */

/** A resource locator: pick from the account's list (searchable), or type the ID or name. */
export function resourceLocator(field: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	placeholder: string;
	typed: { name: 'id' | 'name'; displayName: string; placeholder: string };
	/** False for an option of a collection (Additional Fields, Update Fields). */
	required?: boolean;
}): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: field.required ?? true,
		description: field.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: field.placeholder,
				typeOptions: { searchListMethod: field.searchListMethod, searchable: true },
			},
			{
				displayName: field.typed.displayName,
				name: field.typed.name,
				type: 'string',
				placeholder: field.typed.placeholder,
			},
		],
	};
}

/**
 * The ID or name in a resource locator read without `extractValue` (e.g. inside a collection row); a
 * plain value as it is. Same test as n8n-core's extractValue: an object with `mode` and `value`.
 */
export function locatorValue(value: unknown): unknown {
	return value !== null && typeof value === 'object' && 'mode' in value && 'value' in value
		? (value as { value: unknown }).value
		: value;
}

export const mailingListsField: INodeProperties = {
	displayName: 'Mailing Lists',
	name: 'mailingLists',
	type: 'fixedCollection',
	placeholder: 'Add Mailing List',
	default: {},
	typeOptions: { multipleValues: true },
	description:
		'Subscribe the contact to mailing lists or unsubscribe it from them, one row per list',
	options: [
		{
			displayName: 'List',
			name: 'list',
			values: [
				resourceLocator({
					displayName: 'List',
					name: 'id',
					description:
						'The mailing list (Loops → Audience → Lists): choose it from the list, or give its ID, e.g. cm06f5v0e45nf0ml5754o9cix',
					searchListMethod: 'searchMailingLists',
					placeholder: 'Select a mailing list...',
					typed: {
						name: 'id',
						displayName: 'By ID',
						placeholder: 'e.g. cm06f5v0e45nf0ml5754o9cix',
					},
				}),
				{
					displayName: 'Subscribed',
					name: 'subscribed',
					type: 'boolean',
					default: true,
					description: 'Whether to subscribe the contact to the list (off unsubscribes it)',
				},
			],
		},
	],
};

/** Standard contact fields shared by Create's Additional Fields and Update's Update Fields. */
export const contactProfileFields: INodeProperties[] = [
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Ada',
		description: "The contact's first name",
		routing: { send: { type: 'body', property: 'firstName' } },
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Lovelace',
		description: "The contact's last name",
		routing: { send: { type: 'body', property: 'lastName' } },
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'e.g. n8n',
		description: 'Where the contact came from (shown in Loops; defaults to "API")',
		routing: { send: { type: 'body', property: 'source' } },
	},
	{
		displayName: 'Subscribed',
		name: 'subscribed',
		type: 'boolean',
		default: true,
		description:
			'Whether the contact receives campaigns and loops. Only sent when added here: setting it on an update (re)subscribes or unsubscribes the contact.',
		routing: { send: { type: 'body', property: 'subscribed' } },
	},
	{
		displayName: 'User Group',
		name: 'userGroup',
		type: 'string',
		default: '',
		placeholder: 'e.g. customers',
		description: 'A group to segment contacts by',
		routing: { send: { type: 'body', property: 'userGroup' } },
	},
];

/** Simplify toggle of the operations that output contacts (see `simplifyContacts` in output.ts). */
export function simplifyField(show: Show): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		hint: 'On: id, email, firstName, lastName, userId, subscribed and mailingLists. Off: every field Loops returns, custom properties included.',
		displayOptions: { show },
	};
}

/** Return All and Limit, as every Get Many has them (Limit 1–50: Loops' largest page). */
export function returnAllAndLimit(
	show: Show,
	limitRouting?: INodeProperties['routing'],
): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
			...(limitRouting ? { routing: limitRouting } : {}),
		},
	];
}

/** The Idempotency-Key option of Send Event and Send Transactional Email. */
export const idempotencyKeyField: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. order_1234',
	description: `Loops delivers the event or email once per key: text or a number, up to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters, remembered 24 hours (a key with characters other than printable ASCII is sent as a hash of it). Leave empty to use a key made for the execution, node, run and item. An expression that gives nothing for an item (undefined, null, blank) fails that item rather than fall back to the made key.`,
	hint: 'The key made when this is empty survives Retry On Fail and Executions → Retry, but running the workflow again makes new keys. To send once per order however often it runs, use an ID from your data, e.g. {{ $json.orderId }}.',
};

/** A resource's Operation selector, shown for that resource only. */
export function operationsOf(
	resource: string,
	defaultOperation: string,
	options: INodePropertyOptions[],
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}
