import { sleep } from 'n8n-workflow';
import type {
	IBinaryData,
	IDataObject,
	IExecuteSingleFunctions,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { findTransactionalEmail, type TransactionalEmail } from '../../shared/accountData';
import { sendOnce } from '../../shared/idempotency';
import { dataVariablesField, idempotencyKeyField } from '../../shared/fields';
import { bodyOf } from '../../shared/preSend';
import { invalidInput, unlessCancelled } from '../../shared/errors';
import { runMemory } from '../../shared/runState';
import { requireText } from '../../shared/validation';
import type { ItemExecutor } from '../../shared/transport';

/** The transactional email to send (its field is declared once for Send and Get: see get.ts), in the body. */
export const checkTransactionalId: PreSendAction = async function (requestOptions) {
	const chosen = this.getNodeParameter('transactionalId', '', { extractValue: true });
	bodyOf(requestOptions).transactionalId = requireText(this, 'Transactional Email', chosen);
	return requestOptions;
};

type VariableRow = { key?: unknown; value?: unknown };

function isPlainObject(value: unknown): boolean {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list of non-objects';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'number') return 'not a finite number';
	return `a ${typeof value}`;
}

/** Data variable rows → the `dataVariables` object. Values keep their type: text, number, or a list of objects. */
export const sendDataVariables: PreSendAction = async function (requestOptions) {
	const field = 'Data Variables';
	const collection = this.getNodeParameter('additionalFields.dataVariables', {}) as
		| IDataObject
		| undefined;
	const raw = collection?.variable;
	const rows = (
		raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw]
	) as VariableRow[];
	if (rows.length === 0) return requestOptions;
	const variables: IDataObject = {};
	for (const row of rows) {
		const name = typeof row.key === 'string' ? row.key.trim() : '';
		if (name === '') throw invalidInput(this, field, 'a row has no variable name');
		if (Object.hasOwn(variables, name))
			throw invalidInput(this, field, `"${name}" has two rows; give each variable one`);
		const value = row.value;
		const fine =
			typeof value === 'string' ||
			(typeof value === 'number' && Number.isFinite(value)) ||
			(Array.isArray(value) && value.every(isPlainObject));
		if (!fine) {
			throw invalidInput(
				this,
				field,
				value === undefined || value === null
					? `"${name}" has no value`
					: `the value of "${name}" is ${kindOf(value)}; Loops data variables are text, numbers, or lists of objects (for repeating blocks)`,
			);
		}
		variables[name] = value as IDataObject[string];
	}
	bodyOf(requestOptions).dataVariables = variables;
	return requestOptions;
};

/** The binary property names listed in Attachments. */
function attachmentNames(context: IExecuteSingleFunctions): string[] {
	const value = context.getNodeParameter('additionalFields.attachments', '') as unknown;
	const names = Array.isArray(value)
		? value.map(String)
		: typeof value === 'string'
			? value.split(',')
			: [];
	return names.map((name) => name.trim()).filter((name) => name !== '');
}

/** Each attachment must be a binary property of the item (checked here; read after the run's checks). */
export const checkAttachments: PreSendAction = async function (requestOptions) {
	for (const name of attachmentNames(this)) {
		try {
			this.helpers.assertBinaryData(name);
		} catch {
			const available = Object.keys(this.getInputData()?.binary ?? {});
			throw invalidInput(
				this,
				'Attachments',
				`the item has no binary property "${name}"`,
				available.length > 0
					? `Its binary properties: ${available.join(', ')}.`
					: 'The item has no binary data: attach files with a node that outputs them (e.g. Read/Write Files from Disk, HTTP Request).',
			);
		}
	}
	return requestOptions;
};

/*
 * The check of the chosen email's required data variables reads that one email by ID
 * (GET /v1/transactional-emails/{transactionalId}), at most once per node run and email, through the
 * paced, retried look-up of shared/accountData.ts. A look-up that cannot be made (401: the team has no
 * content API; 404; 405; or no answer at all) skips the check: the email is sent, and Loops' own answer
 * (400 naming the missing variables, 404 for an unknown email) stands.
 *
 * The run's all-or-nothing gate (shared/allOrNothing.ts) holds for a check that waits only if every item of the
 * run waits for the same thing, and the items of one run may send different emails (an expression), whose
 * look-ups end at different times. So the items of a run join one batch: each names its email as its
 * checks reach this hook (all within the turn of the event loop in which the engine prepares the items),
 * the batch looks up the emails named once that turn is over, and every item resumes when all of them
 * are answered, in one turn.
 */
interface RunLookups {
	/** One look-up per email and run; undefined when it could not be made. */
	emails: Map<string, Promise<TransactionalEmail | undefined>>;
	/** The batch the items being prepared now join. */
	batch?: { ids: Set<string>; ready: Promise<void> };
}

/** The email `transactionalId` as Loops describes it, once every email of the item's batch was looked up. */
async function emailOfRun(
	context: IExecuteSingleFunctions,
	transactionalId: string,
): Promise<TransactionalEmail | undefined> {
	const run = runMemory<RunLookups>(context, 'transactionalEmails', () => ({ emails: new Map() }));
	if (!run.batch) {
		const ids = new Set<string>();
		const ready = sleep(0).then(async () => {
			run.batch = undefined; // later arrivals (n8n's batching, Retry On Fail) form a batch of their own
			await Promise.all(
				[...ids].map((id) => {
					let lookup = run.emails.get(id);
					if (!lookup) {
						// A look-up that cannot be made skips the check (Loops checks); one that meets the
						// execution's cancel stops the item.
						lookup = unlessCancelled(
							findTransactionalEmail(context, id, { publishedList: false }),
							undefined,
						);
						run.emails.set(id, lookup);
					}
					return lookup;
				}),
			);
		});
		run.batch = { ids, ready };
	}
	run.batch.ids.add(transactionalId);
	await run.batch.ready;
	return await run.emails.get(transactionalId);
}

export const checkRequiredDataVariables: PreSendAction = async function (requestOptions) {
	const target = bodyOf(requestOptions);
	const email = await emailOfRun(this, String(target.transactionalId));
	if (!email || !Array.isArray(email.dataVariables)) return requestOptions;
	const given = (target.dataVariables ?? {}) as IDataObject;
	const missing = email.dataVariables.filter(
		(name) => !Object.hasOwn(given, name) || given[name] === undefined || given[name] === null,
	);
	if (missing.length > 0) {
		throw invalidInput(
			this,
			'Data Variables',
			`the transactional email "${email.name}" needs a value for ${missing.map((name) => `"${name}"`).join(', ')}`,
			`Add a Data Variables row for each variable the email uses: ${email.dataVariables.join(', ')}.`,
		);
	}
	return requestOptions;
};

// type/subtype of RFC 6838 name characters, parameters allowed (Loops refuses anything else).
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(;.*)?$/;

/** The file's MIME type when it is one; otherwise the generic type for bytes, which Loops accepts. */
function contentTypeOf(binary: IBinaryData): string {
	return binary.mimeType && MIME_TYPE.test(binary.mimeType)
		? binary.mimeType
		: 'application/octet-stream';
}

function fileNameOf(binary: IBinaryData, propertyName: string): string {
	if (binary.fileName) return binary.fileName;
	return binary.fileExtension ? `${propertyName}.${binary.fileExtension}` : propertyName;
}

/**
 * Reads the attachments (base64, as Loops wants them) once the run's checks passed, then sends with the
 * Idempotency-Key executor (a 409 is the same email already sent: success, marked duplicate).
 */
export const sendTransactionalEmail: ItemExecutor = async function (requestData) {
	const names = attachmentNames(this);
	if (names.length > 0) {
		const attachments: IDataObject[] = [];
		for (const name of names) {
			const binary = this.helpers.assertBinaryData(name);
			const buffer = await this.helpers.getBinaryDataBuffer(name);
			attachments.push({
				filename: fileNameOf(binary, name),
				contentType: contentTypeOf(binary),
				data: buffer.toString('base64'),
			});
		}
		requestData.options.body = {
			...((requestData.options.body as IDataObject) ?? {}),
			attachments,
		};
	}
	return await sendOnce.call(this, requestData);
};

/** This operation's options in the node's one Additional Fields collection (resources/optionalFields.ts). */
export const sendTransactionalAdditionalFields: INodeProperties[] = [
	{
		displayName: 'Add to Audience',
		name: 'addToAudience',
		type: 'boolean',
		default: false,
		description:
			'Whether to also add the recipient to your Loops audience as a contact (when no contact has this email yet)',
		routing: { send: { type: 'body', property: 'addToAudience' } },
	},
	{
		displayName: 'Attachments',
		name: 'attachments',
		type: 'string',
		default: '',
		placeholder: 'e.g. data, invoice',
		description:
			"Names of the input item's binary properties to attach, comma-separated (e.g. data). Each file is sent with its file name and MIME type. Loops accepts attachments only on accounts where it enabled them.",
	},
	dataVariablesField,
	idempotencyKeyField,
];
