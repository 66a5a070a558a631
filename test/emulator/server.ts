// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- the emulator is a test server, never shipped in the package
import * as http from 'node:http';

import { isPlainObject, matchRoute, type ApiResult, type JsonObject, type RouteDef } from './api';
import { FaultInjector } from './faults';
import { NetworkModel } from './network';
import { DEFAULT_API_KEY, DEFAULT_RATE_LIMIT, DEFAULT_TEAM_NAME } from './seed';
import { AccountState, normaliseRateLimit } from './state';
import type {
	AccountSeed,
	EmulatorOptions,
	FaultKind,
	FaultOptions,
	NetworkOptions,
	RecordedRequest,
	UnauthorizedShape,
} from './types';

const MAX_IDEMPOTENCY_KEY_LENGTH = 100;
const RATE_LIMIT_MESSAGE = 'Rate limit exceeded.';

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (value === undefined) continue;
		headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

type ParsedBody = { kind: 'none' } | { kind: 'invalid' } | { kind: 'json'; value: unknown };

function parseBody(raw: string): ParsedBody {
	if (raw.trim() === '') return { kind: 'none' };
	try {
		return { kind: 'json', value: JSON.parse(raw) as unknown };
	} catch {
		return { kind: 'invalid' };
	}
}

/** `application/json`, parameters (charset) allowed, any case. */
function isJsonContentType(contentType: string | undefined): boolean {
	const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase();
	return mediaType === 'application/json';
}

function bearerKey(authorization: string | undefined): string | undefined {
	if (!authorization) return undefined;
	const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
	return match ? (match[1] as string).trim() : undefined;
}

/**
 * In-memory emulator of the Loops REST API (https://app.loops.so/api) for tests, benchmarks and demos.
 * One HTTP server on 127.0.0.1; each API key is its own account with its own data, rate limit and counters.
 */
export class LoopsEmulator {
	/** 'http://127.0.0.1:<port>/api' — what a credential's baseUrl is set to. */
	readonly url: string;
	/** Every request in arrival order (including 401/429/faulted ones). */
	readonly requests: RecordedRequest[] = [];

	private readonly injectedFailures: Array<{
		matches: (request: RecordedRequest) => boolean;
		status: number;
		message: string;
		remaining: number;
	}> = [];

	/** Requests applied whose answer is lost: dropped (no `status`), or replaced by a gateway's `status`. */
	private readonly lostAnswers: Array<{
		matches: (request: RecordedRequest) => boolean;
		remaining: number;
		status?: number;
	}> = [];

	private readonly server: http.Server;
	private readonly accounts = new Map<string, AccountState>();
	private defaultRateLimit: number | undefined;
	private readonly initialDefaultRateLimit: number | undefined;
	private faults: FaultInjector | undefined;
	private network: NetworkModel | undefined;
	private readonly initialNetwork: NetworkOptions | undefined;
	/** Requests waiting out the network model's delays; cleared on close. */
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- the test server's own timers (never shipped)
	private readonly pendingDelays = new Set<ReturnType<typeof setTimeout>>();
	private unauthorizedShape: UnauthorizedShape;
	private readonly initialUnauthorizedShape: UnauthorizedShape;
	private clockOffset = 0;
	private closed = false;

	private constructor(server: http.Server, url: string, options: EmulatorOptions) {
		this.server = server;
		this.url = url;
		this.initialDefaultRateLimit = normaliseRateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT);
		this.defaultRateLimit = this.initialDefaultRateLimit;
		this.initialUnauthorizedShape = options.unauthorizedShape ?? 'current';
		this.unauthorizedShape = this.initialUnauthorizedShape;
		const seeds = options.accounts ?? [{ apiKey: DEFAULT_API_KEY, teamName: DEFAULT_TEAM_NAME }];
		for (const seed of seeds) this.addAccount(seed);
		this.setFaults(options.faults);
		this.initialNetwork = options.network;
		this.setNetwork(options.network);
		server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) =>
			this.onRequest(req, res),
		);
	}

	/** Starts an emulator on `host` (127.0.0.1) and `port` (0 = a free port). */
	static async start(options: EmulatorOptions = {}): Promise<LoopsEmulator> {
		const host = options.host ?? '127.0.0.1';
		const server = http.createServer({ keepAlive: true });
		server.keepAliveTimeout = 30_000;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
		const address = server.address();
		const port = address !== null && typeof address === 'object' ? address.port : options.port;
		const urlHost = host.includes(':') ? `[${host}]` : host;
		let emulator: LoopsEmulator | undefined;
		try {
			emulator = new LoopsEmulator(server, `http://${urlHost}:${port}/api`, options);
		} finally {
			if (!emulator) server.close(); // bad options: do not leave the port open
		}
		return emulator;
	}

	/** The live state of the account of `apiKey` (throws for an unknown key). */
	account(apiKey: string = DEFAULT_API_KEY): AccountState {
		const account = this.accounts.get(apiKey);
		if (!account) throw new Error(`LoopsEmulator: no account with API key "${apiKey}"`);
		return account;
	}

	/** Every account, in creation order. */
	get allAccounts(): AccountState[] {
		return [...this.accounts.values()];
	}

	addAccount(seed: AccountSeed): AccountState {
		if (this.accounts.has(seed.apiKey))
			throw new Error(`LoopsEmulator: API key "${seed.apiKey}" already exists`);
		const account = new AccountState(seed, this.defaultRateLimit);
		this.accounts.set(seed.apiKey, account);
		return account;
	}

	/** Turns fault injection on (with a fresh PRNG from `faults.seed`) or off (undefined). */
	setFaults(faults: FaultOptions | undefined): void {
		const injector = faults ? new FaultInjector(faults) : undefined;
		this.faults = injector?.active ? injector : undefined;
	}

	/**
	 * The network between client and Loops from now on (undefined: loopback): how long each request
	 * travels before Loops counts it, and its answer on the way back. Requests already received keep the
	 * delays they drew.
	 */
	setNetwork(network: NetworkOptions | undefined): void {
		const model = network ? new NetworkModel(network) : undefined;
		this.network = model?.active ? model : undefined;
	}

	/** The network model in use, with its seed; undefined on loopback. */
	get networkOptions(): Readonly<NetworkOptions> | undefined {
		return this.network?.options;
	}

	/**
	 * How a wrong API key is answered: 'current' `{ success: false, message }`, or 'legacy', the older shape
	 * `{ error }` that Loops' spec still lists (deprecated) and older servers send.
	 */
	setUnauthorizedShape(shape: UnauthorizedShape): void {
		this.unauthorizedShape = shape;
	}

	/** Requests per second for one API key; undefined = unlimited. */
	setRateLimit(apiKey: string, perSecond: number | undefined): void {
		const account = this.account(apiKey);
		account.rateLimit = normaliseRateLimit(perSecond);
		account.rateLimitExplicit = true;
	}

	/** The default rate limit, for every account without its own (seed or setRateLimit); undefined = unlimited. */
	setDefaultRateLimit(perSecond: number | undefined): void {
		this.defaultRateLimit = normaliseRateLimit(perSecond);
		for (const account of this.accounts.values()) {
			if (!account.rateLimitExplicit) account.rateLimit = this.defaultRateLimit;
		}
	}

	/**
	 * Moves the emulator's wall clock (used for the 24 h idempotency memory and `appliedAt`) forward by `ms`.
	 * The rate-limit window always uses real time.
	 */
	advanceClock(ms: number): void {
		this.clockOffset += ms;
	}

	/** The emulator's wall clock: Date.now() plus advanceClock offsets. */
	now(): number {
		return Date.now() + this.clockOffset;
	}

	clearRequests(): void {
		this.requests.length = 0;
	}

	/**
	 * Answers the next `times` requests that `matches` accepts with `status` (not applied): a one-off
	 * failure Loops might give, e.g. to make one try of a node fail and exercise n8n's Retry On Fail.
	 */
	failNext(
		matches: (request: RecordedRequest) => boolean,
		status: number,
		message: string,
		times = 1,
	): void {
		this.injectedFailures.push({ matches, status, message, remaining: times });
	}

	/**
	 * Processes (and applies) the next `times` requests that `matches` accepts, then drops their connection without
	 * an answer: a lost answer, e.g. to show what a client's retry meets after its first attempt took effect.
	 */
	dropAnswerOfNext(matches: (request: RecordedRequest) => boolean, times = 1): void {
		this.lostAnswers.push({ matches, remaining: times });
	}

	/**
	 * Processes (and applies) the next `times` requests that `matches` accepts, then answers `status` in place of
	 * Loops' answer: a gateway's 502/503/504 after Loops applied the request.
	 */
	failAfterApplyingNext(
		matches: (request: RecordedRequest) => boolean,
		status = 504,
		times = 1,
	): void {
		this.lostAnswers.push({ matches, remaining: times, status });
	}

	/** The lost answer planned for this request, if any: 'drop', or the gateway's answer. */
	private takeLostAnswer(record: RecordedRequest): 'drop' | ApiResult | undefined {
		const lost = this.lostAnswers.find(
			(candidate) => candidate.remaining > 0 && candidate.matches(record),
		);
		if (!lost) return undefined;
		lost.remaining--;
		if (lost.status === undefined) {
			record.fault = 'drop';
			return 'drop';
		}
		record.fault = 'appliedThenFailed';
		return { status: lost.status, body: { success: false, message: 'Gateway Timeout' } };
	}

	private takeInjectedFailure(record: RecordedRequest): ApiResult | undefined {
		const failure = this.injectedFailures.find(
			(candidate) => candidate.remaining > 0 && candidate.matches(record),
		);
		if (!failure) return undefined;
		failure.remaining--;
		record.fault = 'injected';
		return { status: failure.status, body: { success: false, message: failure.message } };
	}

	/**
	 * Every account back to its seed, request log cleared, faults off, default rate limit, network and
	 * clock as at start.
	 */
	reset(): void {
		this.injectedFailures.length = 0;
		this.lostAnswers.length = 0;
		this.defaultRateLimit = this.initialDefaultRateLimit;
		this.unauthorizedShape = this.initialUnauthorizedShape;
		for (const account of this.accounts.values()) account.reset(this.defaultRateLimit);
		this.requests.length = 0;
		this.faults = undefined;
		this.setNetwork(this.initialNetwork);
		this.clockOffset = 0;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- the test server's own timers (never shipped)
		for (const timer of this.pendingDelays) clearTimeout(timer);
		this.pendingDelays.clear();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	// ================================================================== request handling

	/** Runs `action` after `ms` (at once for 0), unless the emulator closes first. */
	private after(ms: number, action: () => void): void {
		if (ms <= 0) {
			action();
			return;
		}
		// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- a delay that can be cancelled on close
		const timer = setTimeout(() => {
			this.pendingDelays.delete(timer);
			action();
		}, ms);
		this.pendingDelays.add(timer);
	}

	private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
		const receivedAt = performance.now();
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const query: Record<string, string> = {};
		for (const [name, value] of url.searchParams) query[name] = value;
		const headers = flattenHeaders(req.headers);
		const method = (req.method ?? 'GET').toUpperCase();
		const record: RecordedRequest = {
			method,
			path: url.pathname,
			query,
			headers,
			body: undefined,
			rawBody: '',
			status: 0,
			responseBody: undefined,
			receivedAt,
			countedAt: receivedAt,
		};
		const apiKey = bearerKey(headers.authorization);
		if (apiKey !== undefined) record.apiKey = apiKey;
		this.requests.push(record);
		const delays = this.network?.next() ?? { countDelayMs: 0, answerDelayMs: 0 };

		// Everything that depends on arrival order is decided when Loops counts the request (after the
		// network's delay); the answer goes out once the body is read too, after the way back.
		const decide = (countedAt: number): ((body: ParsedBody) => ApiResult | 'drop') => {
			const apiPath = url.pathname.startsWith('/api/')
				? url.pathname.slice(4).replace(/\/+$/, '')
				: undefined;
			const found = apiPath !== undefined ? matchRoute(apiPath) : undefined;
			if (!found) return () => ({ status: 404, body: { success: false, message: 'Not found.' } });
			const { methods, params } = found;
			const route = methods[method];
			if (!route) {
				res.setHeader('allow', Object.keys(methods).join(', '));
				return () => ({ status: 405, body: { success: false, message: 'Method not allowed.' } });
			}
			const account = apiKey !== undefined ? this.accounts.get(apiKey) : undefined;
			if (!account) {
				const message = route.unauthorizedMessage ?? 'Invalid API key';
				const body =
					this.unauthorizedShape === 'legacy' ? { error: message } : { success: false, message };
				return () => ({ status: 401, body });
			}

			account.requestCount++;
			const rate = account.hit(countedAt);
			if (rate.limit !== undefined) {
				res.setHeader('x-ratelimit-limit', account.reportedRateLimit?.limit ?? String(rate.limit));
				res.setHeader(
					'x-ratelimit-remaining',
					account.reportedRateLimit?.remaining ?? String(rate.remaining),
				);
			}
			if (!rate.allowed) {
				account.rateLimited++;
				return () => ({ status: 429, body: { success: false, message: RATE_LIMIT_MESSAGE } });
			}
			const fault: FaultKind | undefined = this.faults?.next();
			if (fault) {
				record.fault = fault;
				account.faultsInjected++;
			}
			if (fault === '429') {
				if (rate.limit !== undefined) res.setHeader('x-ratelimit-remaining', '0');
				return () => ({ status: 429, body: { success: false, message: RATE_LIMIT_MESSAGE } });
			}
			if (fault === '500') {
				return () => ({ status: 500, body: { success: false, message: 'Internal server error' } });
			}

			return (parsed: ParsedBody): ApiResult | 'drop' => {
				record.body = parsed.kind === 'json' ? parsed.value : undefined;
				const result =
					this.takeInjectedFailure(record) ??
					this.process(parsed, method, route, account, query, params, headers);
				const lost = fault === 'drop' ? 'drop' : this.takeLostAnswer(record);
				if (lost === undefined) return result;
				if (lost !== 'drop') return lost;
				record.status = result.status;
				record.responseBody = result.body;
				return 'drop';
			};
		};

		let respond: ((body: ParsedBody) => ApiResult | 'drop') | undefined;
		let parsed: ParsedBody | undefined;
		const answer = (): void => {
			if (respond === undefined || parsed === undefined) return; // not counted yet, or the body is still coming
			let result: ApiResult | 'drop';
			try {
				result = respond(parsed);
			} catch (error) {
				result = {
					status: 500,
					body: {
						success: false,
						message: `Emulator error: ${error instanceof Error ? error.message : String(error)}`,
					},
				};
			}
			if (result !== 'drop') {
				record.status = result.status;
				record.responseBody = result.body;
			}
			this.after(delays.answerDelayMs, () => {
				if (result === 'drop') {
					// Applied, but the client never hears back: the worst case for exactly-once delivery.
					req.socket.destroy();
					return;
				}
				if (res.destroyed) return;
				const payload = JSON.stringify(result.body);
				res.writeHead(result.status, {
					'content-type': 'application/json; charset=utf-8',
					'content-length': Buffer.byteLength(payload),
				});
				res.end(payload);
				record.answeredAt = performance.now();
			});
		};

		this.after(delays.countDelayMs, () => {
			record.countedAt = performance.now();
			respond = decide(record.countedAt);
			answer();
		});
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('error', () => req.socket.destroy());
		req.on('end', () => {
			const raw = chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8');
			record.rawBody = raw;
			parsed = parseBody(raw);
			if (parsed.kind === 'json') record.body = parsed.value;
			answer();
		});
	}

	/** Parses the body, checks the Idempotency-Key and runs the endpoint. */
	private process(
		parsed: ParsedBody,
		method: string,
		route: RouteDef,
		account: AccountState,
		query: Record<string, string>,
		params: Record<string, string>,
		headers: Record<string, string>,
	): ApiResult {
		let body: JsonObject = {};
		const hasBody = method === 'POST' || method === 'PUT'; // GET and DELETE take their input from the query
		if (hasBody && parsed.kind !== 'none' && !isJsonContentType(headers['content-type'])) {
			return {
				status: 400,
				body: { success: false, message: 'Content-Type must be application/json.' },
			};
		}
		if (hasBody && parsed.kind === 'invalid') {
			return { status: 400, body: { success: false, message: 'Invalid JSON body' } };
		}
		if (parsed.kind === 'json') {
			if (isPlainObject(parsed.value)) body = parsed.value;
			else if (hasBody)
				return {
					status: 400,
					body: { success: false, message: 'Request body must be a JSON object.' },
				};
		}

		const now = this.now();
		let idempotencyKey: string | undefined;
		if (route.idempotencyScope) {
			const key = headers['idempotency-key'];
			if (key !== undefined && key !== '') {
				if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
					return {
						status: 400,
						body: {
							success: false,
							message: `Idempotency-Key must be ${MAX_IDEMPOTENCY_KEY_LENGTH} characters or fewer.`,
						},
					};
				}
				if (account.idempotencyUsed(route.idempotencyScope, key, now)) {
					return {
						status: 409,
						body: {
							success: false,
							message: 'This Idempotency-Key has already been used in the last 24 hours.',
						},
					};
				}
				idempotencyKey = key;
			}
		}

		const result = route.handler({
			account,
			body,
			query,
			params,
			idempotencyKey,
			baseUrl: this.url,
			now,
		});
		if (idempotencyKey !== undefined && route.idempotencyScope && result.status === 200) {
			account.rememberIdempotencyKey(route.idempotencyScope, idempotencyKey, now);
		}
		return result;
	}
}
