import type { INodeParameters } from 'n8n-workflow';

import { PASSWORD_RESET_TRANSACTIONAL_ID, type RecordedRequest } from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

/**
 * A request Loops applied whose answer never arrived (the connection dropped after Loops acted). The node retries
 * it; the retry meets the effect of its own first attempt. The item must end as if the first answer had arrived,
 * marked `alreadyApplied: true`; a conflict that was there before the run stays an error.
 */

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });

/** Loops applies the next request to `path`, then the connection drops before its answer. */
function loseAnswerOf(path: string, method = 'POST') {
	loops.emulator.dropAnswerOfNext(
		(request: RecordedRequest) => request.path === `/api${path}` && request.method === method,
	);
}

async function run(parameters: INodeParameters) {
	return await runLoopsNode({ parameters }, { credentials: credentials() });
}

const statuses = () =>
	loops.emulator.requests.map((request) => `${request.method} ${request.path} ${request.status}`);

describe('Contact → Create', () => {
	const create = {
		resource: 'contact',
		operation: 'create',
		email: 'ada@example.com',
		additionalFields: { firstName: 'Ada', userId: 'user_1' },
	};

	it('whose answer was lost: the retry meets 409, the node finds its own contact and outputs its id', async () => {
		loseAnswerOf('/v1/contacts/create');
		const { items, error } = await run(create);

		expect(error).toBeUndefined();
		const [contact] = loops.emulator.account().contacts;
		expect(loops.emulator.account().contacts).toHaveLength(1);
		expect(items.map((item) => item.json)).toEqual([
			{ success: true, id: contact.id, alreadyApplied: true },
		]);
		expect(statuses()).toEqual([
			'POST /api/v1/contacts/create 200', // applied, answer dropped
			'POST /api/v1/contacts/create 409',
			'GET /api/v1/contacts/find 200',
		]);
	});

	it('a contact that was there before stays an error, answer lost or not', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com', firstName: 'Grace' });
		loseAnswerOf('/v1/contacts/create');
		const { error } = await run(create);
		expect(error?.message).toBe('Loops answered 409: Email or userId already exists.');
		expect(error?.httpCode).toBe('409');
	});
});

describe('Contact → Delete', () => {
	const remove = {
		resource: 'contact',
		operation: 'delete',
		identifyBy: 'email',
		email: 'ada@example.com',
	};

	it('whose answer was lost: the retry meets 404 and the item says deleted', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		loseAnswerOf('/v1/contacts/delete');
		const { items, error } = await run(remove);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ deleted: true, alreadyApplied: true }]);
		expect(loops.emulator.account().contacts).toEqual([]);
	});

	it('a contact that does not exist, no answer lost, stays an error', async () => {
		const { error } = await run(remove);
		expect(error?.message).toBe('Loops answered 404: Contact not found.');
	});
});

describe('Contact Property → Create', () => {
	const create = {
		resource: 'contactProperty',
		operation: 'create',
		name: 'planName',
		type: 'string',
	};

	it('whose answer was lost: the retry meets 400 "exists", the node finds its own property', async () => {
		loseAnswerOf('/v1/contacts/properties');
		const { items, error } = await run(create);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ success: true, alreadyApplied: true }]);
		expect(
			loops.emulator.account().customProperties.filter((p) => p.key === 'planName'),
		).toHaveLength(1);
	});

	it('a property of that name but another type, there before, stays an error naming it', async () => {
		loops.emulator
			.account()
			.contactProperties.push({ key: 'planName', label: 'Plan Name', type: 'number' });
		loseAnswerOf('/v1/contacts/properties');
		const { error } = await run(create);
		expect(error?.message).toBe(
			'A contact property named "planName" already exists in this Loops account',
		);
	});
});

describe('Contact → Remove Suppression', () => {
	const remove = { resource: 'contact', operation: 'removeSuppression', email: 'ada@example.com' };

	it('whose answer was lost: the retry meets 400 "not suppressed", the node checks and outputs the quota', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		loops.emulator.account().suppress('ada@example.com');
		loseAnswerOf('/v1/contacts/suppression', 'DELETE');
		const { items, error } = await run(remove);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			{ success: true, removalQuota: { limit: 10, remaining: 9 }, alreadyApplied: true },
		]);
	});

	it('an address that was not suppressed, no answer lost, stays an error', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		const { error } = await run(remove);
		expect(error?.message).toBe('Loops answered 400: Contact is not suppressed.');
	});
});

describe('Event → Send and Transactional Email → Send', () => {
	it('an event whose answer was lost: the retry meets 409 for its key and succeeds, sent once', async () => {
		loseAnswerOf('/v1/events/send');
		const { items, error } = await run({
			resource: 'event',
			operation: 'send',
			email: 'ada@example.com',
			eventName: 'purchase',
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ success: true, alreadyApplied: true }]);
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(1);
	});

	it('a transactional email whose answer was lost: sent once, the item succeeds', async () => {
		loseAnswerOf('/v1/transactional');
		const { items, error } = await run({
			resource: 'transactionalEmail',
			operation: 'send',
			email: 'ada@example.com',
			transactionalId: PASSWORD_RESET_TRANSACTIONAL_ID,
			additionalFields: {
				dataVariables: {
					variable: [
						{ key: 'name', value: 'Ada' },
						{ key: 'resetUrl', value: 'https://example.com/reset' },
					],
				},
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ success: true, alreadyApplied: true }]);
		expect(loops.emulator.account().transactionalSent).toHaveLength(1);
	});
});

describe("across n8n's tries of the node (Retry On Fail)", () => {
	it('a create whose every answer was lost fails the first try; the second try knows its 409 is its own', async () => {
		// Loops applies the first attempt; this one and the 7 retries of the first try all lose their answer.
		loops.emulator.dropAnswerOfNext((request) => request.path === '/api/v1/contacts/create', 8);
		const {
			items,
			error,
			run: execution,
		} = await runLoopsNode(
			{
				parameters: { resource: 'contact', operation: 'create', email: 'ada@example.com' },
				retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
			},
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(execution.data.resultData.runData.Loops).toHaveLength(1);
		const [contact] = loops.emulator.account().contacts;
		expect(items.map((item) => item.json)).toEqual([
			{ success: true, id: contact.id, alreadyApplied: true },
		]);
		expect(loops.emulator.requests.filter((request) => request.fault === 'drop')).toHaveLength(8);
	}, 60_000);
});

describe("n8n's Retry On Fail after another item failed the try", () => {
	it('contacts created by the failed try meet 409 on the next; the node recognises its own and creates the rest', async () => {
		// Loops refuses bob once: the first try fails after ada's contact was created.
		loops.emulator.failNext(
			(request) => (request.body as { email?: string } | undefined)?.email === 'bob@example.com',
			400,
			'Loops could not process this contact right now.',
		);
		const { items, error } = await runLoopsNode(
			{
				parameters: { resource: 'contact', operation: 'create', email: '={{ $json.email }}' },
				retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
			},
			{
				credentials: credentials(),
				items: [{ json: { email: 'ada@example.com' } }, { json: { email: 'bob@example.com' } }],
			},
		);
		expect(error).toBeUndefined();
		const [ada, bob] = loops.emulator.account().contacts;
		expect(items.map((item) => item.json)).toEqual([
			{ success: true, id: ada.id, alreadyApplied: true },
			{ success: true, id: bob.id },
		]);
	});

	it('a contact that was there before the run still fails the retried node', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		const { error } = await runLoopsNode(
			{
				parameters: { resource: 'contact', operation: 'create', email: 'ada@example.com' },
				retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
			},
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Loops answered 409: Email or userId already exists.');
	});
});

describe("a gateway's 5xx after Loops applied the request", () => {
	/** Loops applies the next request to `path`; the gateway in front of it answers 504 all the same. */
	function gatewayTimeoutAfter(path: string, method = 'POST') {
		loops.emulator.failAfterApplyingNext(
			(request: RecordedRequest) => request.path === `/api${path}` && request.method === method,
			504,
		);
	}

	it('Contact → Create: the retry meets 409 for its own contact and outputs its id', async () => {
		gatewayTimeoutAfter('/v1/contacts/create');
		const { items, error } = await run({
			resource: 'contact',
			operation: 'create',
			email: 'ada@example.com',
		});
		expect(error).toBeUndefined();
		const [contact] = loops.emulator.account().contacts;
		expect(items.map((item) => item.json)).toEqual([
			{ success: true, id: contact.id, alreadyApplied: true },
		]);
		expect(statuses()).toEqual([
			'POST /api/v1/contacts/create 504', // applied
			'POST /api/v1/contacts/create 409',
			'GET /api/v1/contacts/find 200',
		]);
	});

	it('Contact → Delete: the retry meets 404 and the item says deleted', async () => {
		loops.emulator.account().seedContact({ email: 'ada@example.com' });
		gatewayTimeoutAfter('/v1/contacts/delete');
		const { items, error } = await run({
			resource: 'contact',
			operation: 'delete',
			identifyBy: 'email',
			email: 'ada@example.com',
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ deleted: true, alreadyApplied: true }]);
	});

	it('Event → Send: the retry meets 409 for its key: applied once, by this item, not a duplicate', async () => {
		gatewayTimeoutAfter('/v1/events/send');
		const { items, error } = await run({
			resource: 'event',
			operation: 'send',
			email: 'ada@example.com',
			eventName: 'purchase',
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ success: true, alreadyApplied: true }]);
		expect(loops.emulator.account().eventsNamed('purchase')).toHaveLength(1);
	});
});

describe('what the node keeps across tries', () => {
	it('grows the saved execution by a range, not by an entry per item: 300 contacts created in one go', async () => {
		const { run: execution, items } = await runLoopsNode(
			{ parameters: { resource: 'contact', operation: 'create', email: '={{ $json.email }}' } },
			{
				credentials: credentials(),
				items: Array.from({ length: 300 }, (_, index) => ({
					json: { email: `person${index}@example.com` },
				})),
			},
		);
		expect(items.every((item) => item.json.success === true)).toBe(true);
		const nodeContext = execution.data.executionData?.contextData['node:Loops'];
		expect(nodeContext).toEqual({
			loopsMayBeApplied: { '0 POST /v1/contacts/create': [[0, 299]] },
		});
	}, 60_000);
});
