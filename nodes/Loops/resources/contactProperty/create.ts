import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { bodyOf } from '../../shared/preSend';
import { sendPaced, type ItemExecutor } from '../../shared/transport';
import { invalidInput, unlessCancelled } from '../../shared/errors';
import { RESERVED_PROPERTY_NAMES } from '../../shared/validation';

const show = { resource: ['contactProperty'], operation: ['create'] };

export const PROPERTY_TYPES = ['boolean', 'date', 'number', 'string'] as const;
// Loops' rule for a new property name: camelCase, letters and digits, starting with a lower-case letter.
const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

export const contactPropertyCreateDescription: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. planName',
		description:
			'The new property\'s key, in camelCase (letters and digits, starting with a lower-case letter), e.g. planName. Loops shows it as a label ("Plan Name").',
		displayOptions: { show },
		routing: { send: { type: 'body', property: 'name' } },
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		required: true,
		default: 'string',
		description: 'The type of value the property holds; it cannot be changed later',
		displayOptions: { show },
		options: [
			{ name: 'Boolean', value: 'boolean', description: 'True or false' },
			{
				name: 'Date',
				value: 'date',
				description: 'A Unix timestamp in milliseconds or an ISO 8601 date',
			},
			{ name: 'Number', value: 'number', description: 'A number' },
			{ name: 'String', value: 'string', description: 'Text, up to 500 characters' },
		],
		routing: { send: { type: 'body', property: 'type' } },
	},
];

/** Checks the name and type before Loops sees them, so only "already exists" is left for Loops to refuse. */
export const checkNewProperty: PreSendAction = async function (requestOptions) {
	const body = bodyOf(requestOptions);
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (name === '') throw invalidInput(this, 'Name', 'must not be empty');
	if (!CAMEL_CASE.test(name)) {
		throw invalidInput(
			this,
			'Name',
			`"${name}" is not in camelCase: Loops wants letters and digits only, starting with a lower-case letter (e.g. planName)`,
		);
	}
	if (RESERVED_PROPERTY_NAMES.includes(name)) {
		throw invalidInput(
			this,
			'Name',
			`"${name}" is reserved by Loops (reserved: ${RESERVED_PROPERTY_NAMES.join(', ')})`,
		);
	}
	if (!(PROPERTY_TYPES as readonly unknown[]).includes(body.type)) {
		throw invalidInput(
			this,
			'Type',
			`${JSON.stringify(body.type)} is not a property type; use one of ${PROPERTY_TYPES.join(', ')}`,
		);
	}
	body.name = name;
	return requestOptions;
};

/**
 * Sends the create. Loops answers an existing name with a bare 400, so on a 400 the executor looks the
 * name up (GET /v1/contacts/properties?list=all, one more paced request, only in that case):
 * - after an attempt lost its answer, a property of exactly this name and type is that attempt's own: the item
 *   outputs what the lost answer would have given, marked `alreadyApplied`;
 * - otherwise the node says plainly that the property exists (it was there before).
 */
export const createProperty: ItemExecutor = async function (requestData) {
	const sent = (requestData.options.body ?? {}) as IDataObject;
	const name = String(sent.name ?? '');
	const lookUp = async () =>
		await unlessCancelled(findExistingProperty(this, requestData, name), undefined);
	let found: { existing?: ExistingProperty } | undefined;
	let failure: unknown;
	try {
		return await sendPaced(this, requestData, {
			ownEffect: {
				statuses: [400],
				confirm: async () => {
					found = { existing: await lookUp() };
					const own = found.existing?.key === name && found.existing.type === sent.type;
					return own ? [{ json: { success: true, alreadyApplied: true } }] : undefined;
				},
			},
		});
	} catch (error) {
		failure = error;
	}
	// sendPaced throws NodeApiError / NodeOperationError only: pass them on unless Loops refused with a 400
	if (!(failure instanceof NodeApiError) || failure.httpCode !== '400') throw failure;
	const existing = found ? found.existing : await lookUp();
	if (!existing) throw failure;
	const sameCase = existing.key === name;
	throw new NodeOperationError(
		this.getNode(),
		`A contact property named "${existing.key}" already exists in this Loops account${sameCase ? '' : ` (Loops compares names ignoring case: "${name}" clashes with it)`}`,
		{
			itemIndex: this.getItemIndex(),
			description: `It holds ${existing.type} values: use it as it is, or choose another name. (${failure.message})`,
		},
	);
};

type ExistingProperty = { key: string; type: string };

async function findExistingProperty(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	name: string,
): Promise<ExistingProperty | undefined> {
	const [answer] = await sendPaced(context, {
		...requestData,
		options: {
			...requestData.options,
			method: 'GET',
			url: '/v1/contacts/properties',
			qs: { list: 'all' },
			body: undefined,
		},
	});
	const properties = Array.isArray(answer?.json)
		? (answer.json as Array<{ key?: unknown; type?: unknown }>)
		: [];
	const match = properties.find(
		(property) =>
			typeof property.key === 'string' && property.key.toLowerCase() === name.toLowerCase(),
	);
	return match ? { key: String(match.key), type: String(match.type) } : undefined;
}
