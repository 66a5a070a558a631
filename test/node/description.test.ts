import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { Loops } from '../../nodes/Loops/Loops.node';
import { ROUTES } from '../emulator/api';

/**
 * The node's public names (node-interface.md: saved workflows store them) and the descriptions an AI agent
 * reads when the node is used as a tool: every resource, operation and field says what it is for.
 */

const description = new Loops().description;
const properties = description.properties;

const FIXED_OPERATIONS: Record<string, string[]> = {
	account: ['get', 'getDedicatedSendingIps'],
	audienceSegment: ['get', 'getAll'],
	contact: ['create', 'delete', 'get', 'getAll', 'getSuppression', 'removeSuppression', 'update'],
	contactProperty: ['create', 'getAll'],
	event: ['send'],
	mailingList: ['getAll'],
	transactionalEmail: ['get', 'getAll', 'send'],
};

/**
 * Endpoints the node reads without an operation of their own: the event names (Event Name's list) and the
 * deprecated transactional email list (where GET /v1/transactional-emails cannot serve).
 */
const READ_BY_LISTS_AND_FALLBACKS = ['GET /v1/event-patterns', 'GET /v1/transactional'];

/** The fields shown for a resource/operation, at the top level. */
function fieldsOf(resource: string, operation: string): string[] {
	return properties
		.filter(
			(property) =>
				property.type !== 'notice' &&
				property.displayOptions?.show?.resource?.includes(resource) &&
				property.displayOptions?.show?.operation?.includes(operation),
		)
		.map((property) => property.name);
}

describe('Public names', () => {
	it('keeps the resources and operations of node-interface.md', () => {
		const resource = properties.find((property) => property.name === 'resource');
		expect(
			resource?.options?.map((option) => (option as INodePropertyOptions).value).sort(),
		).toEqual(Object.keys(FIXED_OPERATIONS).sort());
		for (const [name, operations] of Object.entries(FIXED_OPERATIONS)) {
			const operation = properties.find(
				(property) =>
					property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === name,
			);
			expect([
				name,
				operation?.options?.map((option) => (option as INodePropertyOptions).value).sort(),
			]).toEqual([name, operations]);
		}
	});

	it('reaches every endpoint of the Loops API (loops-api.md, as the emulator serves it) from an operation, a list or a fallback', () => {
		const reached = properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => property.options as INodePropertyOptions[])
			.map(
				(operation) => `${operation.routing?.request?.method} ${operation.routing?.request?.url}`,
			);
		const endpoints = Object.entries(ROUTES).flatMap(([path, methods]) =>
			Object.keys(methods).map((method) => `${method} ${path}`),
		);
		expect([...new Set([...reached, ...READ_BY_LISTS_AND_FALLBACKS])].sort()).toEqual(
			endpoints.sort(),
		);
	});

	it('declares each new id or name Loops lists once, as a resource locator (From List / By ID or By Name)', () => {
		const locators = properties
			.filter((property) =>
				['transactionalId', 'audienceSegmentId', 'eventName'].includes(property.name),
			)
			.map((property) => [
				property.name,
				property.type,
				property.default,
				property.modes?.map((mode) => [mode.name, mode.type, mode.typeOptions?.searchListMethod]),
			]);
		expect(locators).toEqual([
			[
				'audienceSegmentId',
				'resourceLocator',
				{ mode: 'list', value: '' },
				[
					['list', 'list', 'searchAudienceSegments'],
					['id', 'string', undefined],
				],
			],
			[
				'eventName',
				'resourceLocator',
				{ mode: 'list', value: '' },
				[
					['list', 'list', 'searchEventNames'],
					['name', 'string', undefined],
				],
			],
			[
				'transactionalId',
				'resourceLocator',
				{ mode: 'list', value: '' },
				[
					['list', 'list', 'searchTransactionalEmails'],
					['id', 'string', undefined],
				],
			],
		]);
	});

	it('keeps the field names of the new operations', () => {
		expect(fieldsOf('mailingList', 'getAll')).toEqual([]);
		expect(fieldsOf('contactProperty', 'getAll')).toEqual(['list']);
		expect(fieldsOf('contactProperty', 'create')).toEqual(['name', 'type']);
		expect(fieldsOf('transactionalEmail', 'send')).toEqual([
			'email',
			'transactionalId',
			'additionalFields',
		]);
		expect(fieldsOf('transactionalEmail', 'getAll')).toEqual(['returnAll', 'limit']);
		expect(fieldsOf('transactionalEmail', 'get')).toEqual(['transactionalId']);
		expect(fieldsOf('audienceSegment', 'getAll')).toEqual(['returnAll', 'limit']);
		expect(fieldsOf('audienceSegment', 'get')).toEqual(['audienceSegmentId']);
		expect(fieldsOf('account', 'getDedicatedSendingIps')).toEqual([]);
		expect(fieldsOf('event', 'send')).toEqual([
			'identifyBy',
			'userId',
			'email',
			'eventName',
			'additionalFields',
		]);
		expect(fieldsOf('contact', 'getSuppression')).toEqual(['identifyBy', 'userId', 'email']);
		expect(fieldsOf('contact', 'removeSuppression')).toEqual(['identifyBy', 'userId', 'email']);
		expect(fieldsOf('contact', 'get')).toEqual(['findBy', 'userId', 'email', 'simplify']);
		expect(fieldsOf('contact', 'getAll')).toEqual(['returnAll', 'limit', 'offset', 'simplify']);

		const additional = properties.find(
			(property) =>
				property.name === 'additionalFields' &&
				property.displayOptions?.show?.resource?.includes('transactionalEmail'),
		);
		// one collection serves several operations: each option says which (by the root parameters)
		const transactionalOptions = (additional?.options as INodeProperties[]).filter(
			(option) =>
				option.displayOptions?.show?.['/resource']?.includes('transactionalEmail') &&
				option.displayOptions?.show?.['/operation']?.includes('send'),
		);
		expect(transactionalOptions.map((option) => option.name).sort()).toEqual([
			'addToAudience',
			'attachments',
			'dataVariables',
			'idempotencyKey',
		]);
		const dataVariables = transactionalOptions.find((option) => option.name === 'dataVariables');
		const row = dataVariables?.options?.[0] as INodePropertyCollection;
		expect([row.name, row.values.map((value) => value.name)]).toEqual([
			'variable',
			['key', 'value'],
		]);
	});

	it('defaults as node-interface.md says', () => {
		const byName = (resource: string, name: string) =>
			properties.find(
				(property) =>
					property.name === name && property.displayOptions?.show?.resource?.includes(resource),
			);
		expect(byName('contactProperty', 'list')?.default).toBe('all');
		expect(byName('transactionalEmail', 'limit')?.default).toBe(50);
		expect(byName('transactionalEmail', 'returnAll')?.default).toBe(false);
		expect(byName('audienceSegment', 'limit')?.default).toBe(50);
		expect(byName('audienceSegment', 'returnAll')?.default).toBe(false);
		const suppressionIdentifyBy = properties.find(
			(property) =>
				property.name === 'identifyBy' &&
				property.displayOptions?.show?.operation?.includes('getSuppression'),
		);
		expect(suppressionIdentifyBy?.default).toBe('email');
		const simplify = properties.filter((property) => property.name === 'simplify');
		expect(
			simplify.map((property) => [property.displayOptions?.show?.operation, property.default]),
		).toEqual([
			[['get'], true],
			[['getAll'], true],
		]);
	});
});

describe('Descriptions an AI agent can act on', () => {
	const missing: string[] = [];

	function visitOptions(options: unknown[], path: string) {
		for (const option of options as Array<Record<string, unknown>>) {
			if ('values' in option) {
				visitFields(option.values as INodeProperties[], `${path}.${String(option.name)}`);
			} else if ('displayName' in option) {
				visitFields([option as unknown as INodeProperties], path);
			} else if (!option.description) {
				missing.push(`${path} = ${String(option.value)}`);
			}
		}
	}

	function visitFields(fields: INodeProperties[], path: string) {
		for (const field of fields) {
			const here = `${path}.${field.name}`;
			if (field.type === 'notice') continue;
			if (!field.description && field.name !== 'operation') missing.push(here);
			if (field.options) visitOptions(field.options, here);
		}
	}

	it('gives every resource, operation, option and field a description', () => {
		const where = (property: INodeProperties) =>
			`${property.displayOptions?.show?.resource?.join('|') ?? ''}/${property.displayOptions?.show?.operation?.join('|') ?? ''}`;
		for (const property of properties) visitFields([property], where(property));
		expect(missing).toEqual([]);
	});

	it('gives every operation an action sentence naming its resource', () => {
		for (const property of properties.filter((candidate) => candidate.name === 'operation')) {
			for (const operation of property.options as INodePropertyOptions[]) {
				expect([operation.value, operation.action]).toEqual([
					operation.value,
					expect.stringMatching(/^[A-Z][a-z]+ /),
				]);
				expect(operation.description?.length).toBeGreaterThan(20);
			}
		}
	});

	it('has an output schema for every operation (__schema__/v1.0.0/<resource>/<operation>.json)', async () => {
		for (const [resource, operations] of Object.entries(FIXED_OPERATIONS)) {
			for (const operation of operations) {
				const schema = (await import(
					`../../nodes/Loops/__schema__/v1.0.0/${resource}/${operation}.json`
				)) as {
					type: string;
					properties: object;
				};
				expect([
					resource,
					operation,
					schema.type,
					Object.keys(schema.properties).length > 0,
				]).toEqual([resource, operation, 'object', true]);
			}
		}
	});

	it('is usable as a tool', () => {
		expect(description.usableAsTool).toBe(true);
	});
});
