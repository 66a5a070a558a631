import { useLoopsEmulator } from '../helpers/emulator';
import { runLoopsNode, runLoopsWorkflow } from '../helpers/n8n';

const loops = useLoopsEmulator({
	rateLimit: 100,
	accounts: [
		{ apiKey: 'marketing-key', teamName: 'Marketing' },
		{ apiKey: 'transactional-key', teamName: 'Transactional' },
	],
});

describe('Account → Get', () => {
	it('checks the key and outputs the team name', async () => {
		const { items } = await runLoopsNode(
			{ parameters: { resource: 'account', operation: 'get' } },
			{ credentials: { main: loops.credential('marketing-key') } },
		);
		expect(loops.received()).toEqual([
			expect.objectContaining({ method: 'GET', path: '/api/v1/api-key' }),
		]);
		expect(loops.emulator.requests[0].headers.authorization).toBe('Bearer marketing-key');
		expect(items.map((item) => item.json)).toEqual([{ success: true, teamName: 'Marketing' }]);
	});

	it('says the API key was rejected on a 401', async () => {
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'account', operation: 'get' } },
			{ credentials: { main: loops.credential('not-a-key') } },
		);
		expect(error?.message).toBe('Loops rejected the API key (401)');
		expect(error?.httpCode).toBe('401');
		expect(error?.description).toMatch(/Loops → Settings → API/);
	});
});

describe('Account → Get Dedicated Sending IPs', () => {
	it('outputs one item { ip } per address Loops lists', async () => {
		loops.emulator.account('marketing-key').dedicatedSendingIps = ['52.21.45.123', '52.21.45.124'];
		const { items, error } = await runLoopsNode(
			{ parameters: { resource: 'account', operation: 'getDedicatedSendingIps' } },
			{ credentials: { main: loops.credential('marketing-key') } },
		);
		expect(error).toBeUndefined();
		expect(loops.received()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/dedicated-sending-ips',
				query: {},
				body: undefined,
			}),
		]);
		expect(items.map((item) => item.json)).toEqual([
			{ ip: '52.21.45.123' },
			{ ip: '52.21.45.124' },
		]);
	});

	it('outputs nothing when Loops lists no address', async () => {
		loops.emulator.account('marketing-key').dedicatedSendingIps = [];
		const { items, error } = await runLoopsNode(
			{ parameters: { resource: 'account', operation: 'getDedicatedSendingIps' } },
			{ credentials: { main: loops.credential('marketing-key') } },
		);
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});

	it("surfaces Loops' 405", async () => {
		loops.emulator.failNext(() => true, 405, 'Method not allowed.');
		const { error } = await runLoopsNode(
			{ parameters: { resource: 'account', operation: 'getDedicatedSendingIps' } },
			{ credentials: { main: loops.credential('marketing-key') } },
		);
		expect(error?.message).toBe('Loops answered 405: Method not allowed.');
	});
});

describe('Two credentials in one workflow', () => {
	it('reaches two accounts, each with its own key and its own data', async () => {
		const { outputs, error } = await runLoopsWorkflow(
			[
				{
					name: 'Marketing',
					credential: 'marketing',
					parameters: { resource: 'contact', operation: 'create', email: 'ada@example.com' },
				},
				{
					name: 'Transactional',
					credential: 'transactional',
					parameters: {
						resource: 'event',
						operation: 'send',
						email: 'ada@example.com',
						eventName: 'welcome',
					},
				},
			],
			{
				credentials: {
					marketing: loops.credential('marketing-key'),
					transactional: loops.credential('transactional-key'),
				},
			},
		);
		expect(error).toBeUndefined();
		expect(
			loops.emulator.requests.map((request) => [request.path, request.headers.authorization]),
		).toEqual([
			['/api/v1/contacts/create', 'Bearer marketing-key'],
			['/api/v1/events/send', 'Bearer transactional-key'],
		]);
		expect(
			loops.emulator.account('marketing-key').contacts.map((contact) => contact.email),
		).toEqual(['ada@example.com']);
		expect(loops.emulator.account('marketing-key').events).toHaveLength(0);
		expect(loops.emulator.account('transactional-key').eventsNamed('welcome')).toHaveLength(1);
		expect(outputs.Marketing.map((item) => item.json.success)).toEqual([true]);
		expect(outputs.Transactional.map((item) => item.json)).toEqual([{ success: true }]);
	});
});
