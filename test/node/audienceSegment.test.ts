import type { NodeParameterValueType } from 'n8n-workflow';

import {
	CONTENT_API_UNAUTHORIZED,
	SEED_AUDIENCE_SEGMENTS,
	type AudienceSegment,
} from '../emulator';
import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode } from '../helpers/n8n';

const loops = useLoopsEmulator({ rateLimit: 100 });
const credentials = () => ({ main: loops.credential() });
/** As GET /v1/audience-segments lists them: most recently created first. */
const newestFirst = [...SEED_AUDIENCE_SEGMENTS].reverse();
const listed = (query: Record<string, string>, status = 200) =>
	expect.objectContaining({ method: 'GET', path: '/api/v1/audience-segments', query, status });

const extraSegments = (count: number): AudienceSegment[] =>
	Array.from({ length: count }, (_, index) => ({
		id: `seg-${index}`,
		name: `Segment ${index}`,
		description: null,
		createdAt: '2024-01-01T00:00:00.000Z',
		updatedAt: '2024-01-01T00:00:00.000Z',
		filter: null,
	}));

describe('Audience Segment → Get Many', () => {
	it('asks for one page of 50 by default and outputs one item per segment, as Loops gives it', async () => {
		const { items, error } = await runLoopsNode(
			{ parameters: { resource: 'audienceSegment', operation: 'getAll' } },
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(loops.received()).toEqual([listed({ perPage: '50' })]);
		expect(items.map((item) => item.json)).toEqual(newestFirst);
	});

	it("asks for Loops' smallest page (10) for a smaller limit and keeps the first ones", async () => {
		loops.emulator.account().audienceSegments.push(...extraSegments(20));
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'audienceSegment', operation: 'getAll', limit: 4 } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([listed({ perPage: '10' })]);
		expect(items.map((item) => item.json.id)).toEqual([
			...newestFirst.map((segment) => segment.id),
			'seg-0',
		]);
	});

	it('with Return All, follows the cursor page by page', async () => {
		loops.emulator.account().audienceSegments.push(...extraSegments(60));
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'audienceSegment', operation: 'getAll', returnAll: true } },
			{ credentials: credentials() },
		);
		expect(loops.received()).toEqual([
			listed({ perPage: '50' }),
			listed({ perPage: '50', cursor: 'seg-46' }),
		]);
		expect(items).toHaveLength(63);
	});

	it('refuses a Limit out of 1–50 before sending', async () => {
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'audienceSegment', operation: 'getAll', limit: '={{ 51 }}' } },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Limit: must be a whole number between 1 and 50 (got 51) [item 0]');
		expect(loops.emulator.requests).toEqual([]);
	});

	it("says the team lacks Loops' content API, not that the key is bad, when Loops answers 401 to a valid key", async () => {
		loops.emulator.account().contentApiEnabled = false;
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'audienceSegment', operation: 'getAll' } },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			"Loops answered 401: Audience segments need Loops' content API, which is not enabled for this team (the API key is valid)",
		);
		expect(error?.description).toMatch(/ask Loops' support to enable it/);
		expect(loops.emulator.requests[0].responseBody).toEqual({
			success: false,
			message: CONTENT_API_UNAUTHORIZED,
		});
		// n8n's routing engine resends the 401 once; the node then checks the key once
		expect(loops.received().map((request) => [request.path, request.status])).toEqual([
			['/api/v1/audience-segments', 401],
			['/api/v1/audience-segments', 401],
			['/api/v1/api-key', 200],
		]);
	});

	it('blames the key when the key itself is refused', async () => {
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'audienceSegment', operation: 'getAll' } },
			{ credentials: { main: loops.credential('wrong-key') } },
		);
		expect(error?.message).toBe('Loops rejected the API key (401)');
		expect(loops.received().map((request) => [request.path, request.status])).toEqual([
			['/api/v1/audience-segments', 401],
			['/api/v1/audience-segments', 401],
			['/api/v1/api-key', 401],
		]);
	});
});

describe('Audience Segment → Get', () => {
	const getOne = (audienceSegmentId: NodeParameterValueType) => ({
		resource: 'audienceSegment',
		operation: 'get',
		audienceSegmentId,
	});
	const vip = SEED_AUDIENCE_SEGMENTS[1];

	it('gets one segment by ID, given as the editor saves it or as a plain ID, and outputs it', async () => {
		for (const audienceSegmentId of [
			{ __rl: true, mode: 'list', value: vip.id, cachedResultName: vip.name },
			{ __rl: true, mode: 'id', value: vip.id },
			{ __rl: true, mode: 'id', value: '={{ $json.segment }}' },
			vip.id,
		]) {
			loops.emulator.clearRequests();
			const { items, error } = await runLoopsNode(
				{ parameters: getOne(audienceSegmentId) },
				{ credentials: credentials(), items: [{ json: { segment: vip.id } }] },
			);
			expect([audienceSegmentId, error]).toEqual([audienceSegmentId, undefined]);
			expect(loops.received()).toEqual([
				expect.objectContaining({
					method: 'GET',
					path: `/api/v1/audience-segments/${vip.id}`,
					query: {},
				}),
			]);
			expect(items.map((item) => item.json)).toEqual([vip]);
		}
	});

	it("surfaces Loops' 404 for an unknown segment", async () => {
		const { error } = await runLoopsNode(
			{ parameters: getOne({ __rl: true, mode: 'id', value: 'nope' }) },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Loops answered 404: Audience segment not found.');
		expect(error?.httpCode).toBe('404');
	});

	it('refuses an ID that resolves to nothing before sending', async () => {
		const { error } = await runLoopsNode(
			{ parameters: getOne({ __rl: true, mode: 'id', value: '={{ $json.segment }}' }) },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Audience Segment: must not be empty [item 0]');
		expect(loops.emulator.requests).toEqual([]);
	});

	it("says the team lacks Loops' content API when Loops answers 401 to a valid key", async () => {
		loops.emulator.account().contentApiEnabled = false;
		const { error } = await runLoopsNode(
			{ parameters: getOne(vip.id) },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe(
			"Loops answered 401: Audience segments need Loops' content API, which is not enabled for this team (the API key is valid)",
		);
	});
});
