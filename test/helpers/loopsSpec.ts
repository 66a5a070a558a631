/**
 * Checks requests (and the emulator's answers) against Loops' official OpenAPI spec 1.21.6
 * (test/spec/loops-openapi-1.21.6.yaml, verbatim; plus Loops 1.22's metrics endpoints from
 * test/spec/loops-metrics-1.22.yaml): the path and method must be an operation of the spec,
 * every query parameter one it declares (a parameter Loops does not document is an error here, though
 * OpenAPI would tolerate it), header parameters and the bearer token as declared, and the JSON body valid
 * against the operation's request schema. `useLoopsEmulator` runs it over every request a test sent.
 */
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- test-only: reads the vendored spec file
import { readFileSync } from 'node:fs';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- test-only: locates the vendored spec file
import { join } from 'node:path';

import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

import type { RecordedRequest } from '../emulator/types';

type JsonObject = Record<string, unknown>;

interface Parameter {
	name: string;
	in: 'query' | 'header' | 'path' | 'cookie';
	required?: boolean;
	schema?: JsonObject;
}

interface Operation {
	parameters?: Parameter[];
	requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonObject }> };
	responses?: Record<string, { content?: Record<string, { schema?: JsonObject }> }>;
	security?: Array<Record<string, unknown>>;
}

type PathItem = { parameters?: Parameter[] } & Partial<Record<string, Operation>>;

// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test-only: the spec sits in the repository beside the tests
export const SPEC_FILE = join(__dirname, '..', 'spec', 'loops-openapi-1.21.6.yaml');
/** Loops 1.22's metrics endpoints, which 1.21.6 lacks: a small local schema (see the file's header). */
// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test-only: the schema sits in the repository beside the tests
export const METRICS_SPEC_FILE = join(__dirname, '..', 'spec', 'loops-metrics-1.22.yaml');
/** The path every operation is under (the spec's server is https://app.loops.so/api). */
const BASE_PATH = '/api';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** What the check reads of a request: the emulator's record of it (path with the base path, no query). */
export type CheckedRequest = Pick<
	RecordedRequest,
	'method' | 'path' | 'query' | 'headers' | 'body' | 'rawBody'
>;

function loadSpec(): JsonObject {
	const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as JsonObject;
	const paths = spec.paths as Record<string, PathItem>;
	/*
	 * The one exception: list contacts (GET /v1/contacts?limit&offset), which the product's spec has and
	 * Loops' published reference does not (node-interface.md, `list_contacts`). Declared here as
	 * node-interface.md describes it, so its requests are checked like every other.
	 */
	if (paths['/v1/contacts']) throw new Error('The spec now has /v1/contacts: drop the exception');
	paths['/v1/contacts'] = {
		get: {
			parameters: [
				{
					name: 'limit',
					in: 'query',
					schema: { type: 'string', pattern: '^([1-9]|[1-4][0-9]|50)$' },
				},
				{ name: 'offset', in: 'query', schema: { type: 'string', pattern: '^(0|[1-9][0-9]*)$' } },
			],
			security: [{ apiKey: [] }],
		},
	};
	/* Loops 1.22's metrics endpoints (GET /v1/campaigns/{id}/metrics, /v1/transactional-emails/{id}/metrics). */
	const metrics = parse(readFileSync(METRICS_SPEC_FILE, 'utf8')) as {
		paths: Record<string, PathItem>;
		components: { schemas: Record<string, JsonObject> };
	};
	const components = (spec.components as { schemas: Record<string, JsonObject> }).schemas;
	for (const [path, item] of Object.entries(metrics.paths)) {
		if (paths[path]) throw new Error(`The spec now has ${path}: drop ${METRICS_SPEC_FILE}`);
		paths[path] = item;
	}
	for (const [name, schema] of Object.entries(metrics.components.schemas)) {
		if (components[name])
			throw new Error(`The spec now has a schema ${name}: review the metrics file`);
		components[name] = schema;
	}
	/*
	 * Schemas of 1.21.6 that contradict the spec's own words or Loops' docs; corrected here (and reported), so
	 * the rest of those bodies is still checked:
	 * - ContactUpdateRequest puts `additionalProperties` beside an `allOf`, where JSON Schema cannot see the
	 *   properties the `allOf` declares: `mailingLists` (an object) is then refused as a custom property,
	 *   though ContactFields declares it. `unevaluatedProperties` is what the schema means.
	 * - ContactDeleteRequest requires both `email` and `userId`, while its description says "Include only
	 *   one of `email` or `userId`" (and Loops answers 400 when both are given).
	 * - Custom property values (`additionalProperties` of ContactFields and ContactUpdateRequest) are typed
	 *   string, number or boolean, leaving out `null`, which Loops' docs give as the way to empty a property
	 *   ("Null clears") and the node's contract keeps ("`null` typed on purpose clears it").
	 * And two in answers: `incomingWebhookPlatform` of an event pattern "will be `null` for custom events",
	 * typed string or null, yet its enum lists the text "null" instead of null. And the 400 of POST
	 * /v1/transactional is `oneOf` five failure shapes that all accept `{ success, message }` plus more (none
	 * refuses other keys): an answer with `path` or `error`, as the spec's own example of
	 * TransactionalFailure5Response, matches several and so fails `oneOf`. `anyOf` is what it means.
	 */
	const schemas = (spec.components as { schemas: Record<string, JsonObject> }).schemas;
	const update = schemas.ContactUpdateRequest;
	if (!update.additionalProperties || !update.allOf)
		throw new Error('ContactUpdateRequest changed: review the correction');
	for (const contact of [schemas.ContactFields, update]) {
		const values = (contact.additionalProperties as { oneOf?: JsonObject[] } | undefined)?.oneOf;
		if (!values || values.some((value) => value.type === 'null'))
			throw new Error('Contact custom property values changed: review the correction');
		values.push({ type: 'null' });
	}
	update.unevaluatedProperties = update.additionalProperties;
	delete update.additionalProperties;
	const remove = schemas.ContactDeleteRequest;
	if (JSON.stringify(remove.required) !== '["email","userId"]')
		throw new Error('ContactDeleteRequest changed: review the correction');
	delete remove.required;
	remove.oneOf = [{ required: ['email'] }, { required: ['userId'] }];
	const sendFailure = (
		paths['/v1/transactional'].post?.responses?.['400']?.content?.['application/json'] as {
			schema: JsonObject;
		}
	).schema;
	if (!Array.isArray(sendFailure.oneOf) || sendFailure.oneOf.length !== 5)
		throw new Error('The 400 of POST /v1/transactional changed: review the correction');
	sendFailure.anyOf = sendFailure.oneOf;
	delete sendFailure.oneOf;
	for (const name of ['EventPatternSummary', 'EventPattern']) {
		const platform = (schemas[name].properties as Record<string, { enum: unknown[] }>)
			.incomingWebhookPlatform;
		if (!platform.enum.includes('null')) throw new Error(`${name} changed: review the correction`);
		platform.enum = platform.enum.map((value) => (value === 'null' ? null : value));
	}
	return spec;
}

interface Route {
	template: string;
	pattern: RegExp;
	pathParameters: string[];
	literalSegments: number;
}

/** The spec as a checker of requests. One instance per process (compiling the schemas takes a while). */
export class LoopsSpec {
	private readonly spec = loadSpec();
	private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
	private readonly routes: Route[];
	private readonly validators = new Map<string, ValidateFunction>();
	/** Header parameters some operation declares (an undeclared one on another operation is an error). */
	private readonly knownHeaders: Set<string>;

	constructor() {
		addFormats(this.ajv);
		this.ajv.addSchema(this.spec, 'loops');
		const paths = this.spec.paths as Record<string, PathItem>;
		this.routes = Object.keys(paths)
			.map((template) => {
				const pathParameters: string[] = [];
				const segments = template.split('/').map((segment) => {
					const parameter = /^\{(.+)\}$/.exec(segment);
					if (!parameter) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
					pathParameters.push(parameter[1]);
					return '([^/]+)';
				});
				return {
					template,
					pattern: new RegExp(`^${segments.join('/')}$`),
					pathParameters,
					literalSegments: template.split('/').length - pathParameters.length,
				};
			})
			// a literal segment wins over a parameter (/v1/event-patterns/by-name/… before /v1/event-patterns/{id})
			.sort((a, b) => b.literalSegments - a.literalSegments);
		this.knownHeaders = new Set(
			Object.values(paths).flatMap((item) =>
				METHODS.flatMap((method) => item[method]?.parameters ?? [])
					.filter((parameter) => parameter.in === 'header')
					.map((parameter) => parameter.name.toLowerCase()),
			),
		);
	}

	private validator(pointer: string): ValidateFunction {
		let validate = this.validators.get(pointer);
		if (!validate) {
			validate = this.ajv.compile({ $ref: `loops#${pointer}` });
			this.validators.set(pointer, validate);
		}
		return validate;
	}

	private schemaProblems(pointer: string, value: unknown, what: string): string[] {
		const validate = this.validator(pointer);
		if (validate(value)) return [];
		return (validate.errors ?? []).map(
			(error) =>
				`${what}${error.instancePath} ${error.message ?? 'is invalid'} (${error.schemaPath})`,
		);
	}

	/** The spec operation a method and path (base path included) reach, with its path parameters. */
	find(
		method: string,
		path: string,
	):
		| {
				template: string;
				operation: Operation;
				pointer: string;
				pathValues: Record<string, string>;
		  }
		| undefined {
		if (!path.startsWith(`${BASE_PATH}/`)) return undefined;
		const apiPath = path.slice(BASE_PATH.length);
		const paths = this.spec.paths as Record<string, PathItem>;
		for (const route of this.routes) {
			const match = route.pattern.exec(apiPath);
			if (!match) continue;
			const operation = paths[route.template][method.toLowerCase()];
			if (!operation) continue;
			const pathValues = Object.fromEntries(
				route.pathParameters.map((name, index) => [name, decodeURIComponent(match[index + 1])]),
			);
			const pointer = `/paths/${route.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}`;
			return { template: route.template, operation, pointer, pathValues };
		}
		return undefined;
	}

	/** Why `request` is not a request of the spec (empty when it is). */
	requestProblems(request: CheckedRequest): string[] {
		const found = this.find(request.method, request.path);
		if (!found) return [`${request.method} ${request.path} is not an operation of the spec`];
		const { operation, pointer, template, pathValues } = found;
		const item = (this.spec.paths as Record<string, PathItem>)[template];
		const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])];
		const problems: string[] = [];
		const check = (parameter: Parameter, value: string | undefined) => {
			if (value === undefined) {
				if (parameter.required)
					problems.push(`${parameter.in} parameter ${parameter.name} is required`);
				return;
			}
			if (!parameter.schema) return;
			const index = parameters.indexOf(parameter);
			const where =
				index < (item.parameters ?? []).length
					? `/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/parameters/${index}/schema`
					: `${pointer}/parameters/${index - (item.parameters ?? []).length}/schema`;
			problems.push(
				...this.schemaProblems(where, value, `${parameter.in} parameter ${parameter.name}`),
			);
		};

		for (const parameter of parameters.filter((p) => p.in === 'path'))
			check(parameter, pathValues[parameter.name]);
		const queryParameters = parameters.filter((p) => p.in === 'query');
		for (const name of Object.keys(request.query)) {
			if (!queryParameters.some((p) => p.name === name))
				problems.push(`query parameter ${name} is not in the spec`);
		}
		for (const parameter of queryParameters) check(parameter, request.query[parameter.name]);
		const headerParameters = parameters.filter((p) => p.in === 'header');
		for (const parameter of headerParameters)
			check(parameter, request.headers[parameter.name.toLowerCase()]);
		for (const name of this.knownHeaders) {
			if (
				request.headers[name] !== undefined &&
				!headerParameters.some((p) => p.name.toLowerCase() === name)
			) {
				problems.push(`header ${name} is not a parameter of this operation`);
			}
		}

		// every operation is secured by `apiKey` (HTTP bearer)
		if ((operation.security ?? []).some((requirement) => 'apiKey' in requirement)) {
			if (!/^Bearer \S+$/.test(request.headers.authorization ?? '')) {
				problems.push('Authorization: Bearer <API key> is required');
			}
		}

		const hasBody = request.rawBody.trim() !== '';
		const json = operation.requestBody?.content?.['application/json'];
		if (!operation.requestBody) {
			if (hasBody) problems.push('the operation takes no request body');
		} else if (!hasBody) {
			if (operation.requestBody.required) problems.push('the request body is required');
		} else if (!json) {
			problems.push('the operation takes no JSON body');
		} else {
			if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
				problems.push(
					`Content-Type is ${request.headers['content-type'] ?? 'missing'}, not application/json`,
				);
			}
			if (request.body === undefined) problems.push('the body is not valid JSON');
			else
				problems.push(
					...this.schemaProblems(
						`${pointer}/requestBody/content/application~1json/schema`,
						request.body,
						'body',
					),
				);
		}
		return problems;
	}

	/** Why an answer is not one the spec describes for this operation and status (empty when it is). */
	responseProblems(method: string, path: string, status: number, body: unknown): string[] {
		const found = this.find(method, path);
		if (!found) return [`${method} ${path} is not an operation of the spec`];
		const response = found.operation.responses?.[String(status)];
		if (!response) return [`status ${status} is not an answer of ${method} ${found.template}`];
		if (!response.content?.['application/json']?.schema) return [];
		return this.schemaProblems(
			`${found.pointer}/responses/${status}/content/application~1json/schema`,
			body,
			`${status} answer`,
		);
	}
}

let shared: LoopsSpec | undefined;

/** The process's one checker. */
export function loopsSpec(): LoopsSpec {
	shared ??= new LoopsSpec();
	return shared;
}

/** Every request of `requests` that is not a request of the spec, with why, one line each. */
export function requestsOutsideSpec(requests: readonly CheckedRequest[]): string[] {
	const spec = loopsSpec();
	return requests.flatMap((request) => {
		const problems = spec.requestProblems(request);
		const query = new URLSearchParams(request.query).toString();
		return problems.length > 0
			? [`${request.method} ${request.path}${query ? `?${query}` : ''}: ${problems.join('; ')}`]
			: [];
	});
}
