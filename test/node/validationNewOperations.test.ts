import type { INodeParameters } from 'n8n-workflow';

import { PASSWORD_RESET_TRANSACTIONAL_ID } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * Bad input to the suppression, contact-property and transactional operations: refused before any request,
 * naming the field and the item.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

const send = (extra: INodeParameters): INodeParameters => ({
	resource: 'transactionalEmail',
	operation: 'send',
	email: 'ada@example.com',
	transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
	...extra,
});
const variables = (...variable: Array<{ key: string; value: string }>) => ({
	additionalFields: { dataVariables: { variable } },
});

const badInputs: Array<[string, INodeParameters, string]> = [
	[
		'an invalid recipient email',
		send({ email: 'ada@' }),
		'Email: "ada@" is not a valid email address [item 0]',
	],
	[
		'a transactional email expression resolving to nothing',
		send({ transactionalId: '={{ $json.missing }}' }),
		'Transactional Email: must not be empty [item 0]',
	],
	[
		'a data variable row without a name',
		send(variables({ key: '', value: 'x' })),
		'Data Variables: a row has no variable name [item 0]',
	],
	[
		'a data variable given twice',
		send(variables({ key: 'name', value: 'Ada' }, { key: 'name', value: 'Grace' })),
		'Data Variables: "name" has two rows; give each variable one [item 0]',
	],
	[
		'a boolean data variable',
		send(variables({ key: 'name', value: '={{ true }}' })),
		'Data Variables: the value of "name" is a boolean; Loops data variables are text, numbers, or lists of objects (for repeating blocks) [item 0]',
	],
	[
		'an object data variable',
		send(variables({ key: 'name', value: '={{ { "first": "Ada" } }}' })),
		'Data Variables: the value of "name" is an object; Loops data variables are text, numbers, or lists of objects (for repeating blocks) [item 0]',
	],
	[
		'a list of plain values as a data variable',
		send(variables({ key: 'name', value: '={{ [1, 2] }}' })),
		'Data Variables: the value of "name" is a list of non-objects; Loops data variables are text, numbers, or lists of objects (for repeating blocks) [item 0]',
	],
	[
		'an attachment on an item without binary data',
		send({ transactionalId: 'payment-failed', additionalFields: { attachments: 'data' } }),
		'Attachments: the item has no binary property "data" [item 0]',
	],
	[
		'a transactional idempotency key over 100 characters',
		send({
			transactionalId: 'payment-failed',
			additionalFields: { idempotencyKey: 'k'.repeat(101) },
		}),
		'Idempotency Key: is 101 characters long; Loops accepts at most 100 [item 0]',
	],
	[
		'a transactional email limit of 0',
		{ resource: 'transactionalEmail', operation: 'getAll', limit: 0 },
		'Limit: must be a whole number between 1 and 50 (got 0) [item 0]',
	],
	[
		'a transactional email limit above 50',
		{ resource: 'transactionalEmail', operation: 'getAll', limit: 51 },
		'Limit: must be a whole number between 1 and 50 (got 51) [item 0]',
	],
	...['Plan Name', 'plan_name', '1plan', 'PlanName'].map(
		(name): [string, INodeParameters, string] => [
			`a property name not in camelCase (${name})`,
			{ resource: 'contactProperty', operation: 'create', name },
			`Name: "${name}" is not in camelCase: Loops wants letters and digits only, starting with a lower-case letter (e.g. planName) [item 0]`,
		],
	),
	[
		'a reserved property name',
		{ resource: 'contactProperty', operation: 'create', name: 'teamId' },
		'Name: "teamId" is reserved by Loops (reserved: id, listId, softDeleteAt, teamId, updatedAt) [item 0]',
	],
	[
		'a property name expression resolving to nothing',
		{ resource: 'contactProperty', operation: 'create', name: '={{ $json.missing }}' },
		'Name: must not be empty [item 0]',
	],
	[
		'a property type Loops does not have',
		{ resource: 'contactProperty', operation: 'create', name: 'planName', type: '={{ "text" }}' },
		'Type: "text" is not a property type; use one of boolean, date, number, string [item 0]',
	],
	[
		'an invalid email to check suppression by',
		{ resource: 'contact', operation: 'getSuppression', email: 'not-an-email' },
		'Email: "not-an-email" is not a valid email address [item 0]',
	],
	[
		'an empty User ID to remove a suppression by',
		{
			resource: 'contact',
			operation: 'removeSuppression',
			identifyBy: 'userId',
			userId: '={{ "  " }}',
		},
		'User ID: must not be empty [item 0]',
	],
];

describe('bad input to the new operations is refused before any request', () => {
	it.each(badInputs)('%s', async (_case, parameters, message) => {
		const { error, items } = await runLoopsNode({ parameters }, { credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(items).toEqual([]);
		expect(loops.emulator.requests).toEqual([]);
	});
});
