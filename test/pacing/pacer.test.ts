import { AccountPacer, pacerFor } from '../../nodes/Loops/shared/pacing';

/** Releases `count` waiters and returns the moments each was let through. */
async function releaseTimes(pacer: AccountPacer, count: number): Promise<number[]> {
	const times: number[] = [];
	await Promise.all(
		Array.from({ length: count }, async () => {
			const slot = await pacer.acquire();
			times.push(Date.now());
			slot.done(); // answered at once
		}),
	);
	return times.sort((a, b) => a - b);
}

function mostInAnySecond(times: number[]): number {
	let most = 0;
	for (let start = 0; start < times.length; start++) {
		let end = start;
		while (end < times.length && times[end] - times[start] < 1000) end++;
		most = Math.max(most, end - start);
	}
	return most;
}

describe('AccountPacer', () => {
	it('starts at Loops\' default of 10 per second and never lets more through in any second', async () => {
		const pacer = new AccountPacer();
		const times = await releaseTimes(pacer, 25);
		expect(pacer.requestsPerSecond).toBe(10);
		expect(mostInAnySecond(times)).toBeLessThanOrEqual(10);
		// 25 releases at 10/s need a little over two seconds, not much more
		expect(times[24] - times[0]).toBeGreaterThanOrEqual(2000);
		expect(times[24] - times[0]).toBeLessThan(3000);
	});

	it('follows the limit Loops reports for the account', async () => {
		const pacer = new AccountPacer();
		pacer.observeLimit(40);
		const times = await releaseTimes(pacer, 60);
		expect(mostInAnySecond(times)).toBeLessThanOrEqual(40);
		expect(times[59] - times[0]).toBeLessThan(2000);
	});

	it('lets a window\'s worth through at once, then each request as soon as the window has room', async () => {
		const pacer = new AccountPacer();
		pacer.observeLimit(40);
		const times = await releaseTimes(pacer, 120);
		const start = times[0];
		expect(times[39] - start).toBeLessThan(100); // Loops allows 40 in any second: no need to wait
		expect(times[40] - start).toBeGreaterThanOrEqual(1000); // the 41st waits for the first to leave the window
		expect(times[119] - start).toBeLessThan(2300); // three windows' worth in a little over two seconds
		expect(mostInAnySecond(times)).toBeLessThanOrEqual(40);
	});

	it('yields to another client of the same key: Loops counting more than we sent takes our slots', async () => {
		const pacer = new AccountPacer();
		pacer.observeLimit(20);
		// Loops says 15 of 20 are used this second, though we sent nothing: only 5 may go now.
		pacer.observe(20, 5);
		const startedAt = Date.now();
		const times = await releaseTimes(pacer, 6);
		expect(times[4] - startedAt).toBeLessThan(500);
		expect(times[5] - startedAt).toBeGreaterThanOrEqual(900);
	});

	it('holds a slot while its request is unanswered, however long that takes', async () => {
		const pacer = new AccountPacer();
		pacer.observeLimit(3);
		const held = await Promise.all([pacer.acquire(), pacer.acquire(), pacer.acquire()]);
		const startedAt = Date.now();
		let fourthAt = 0;
		const fourth = pacer.acquire().then((slot) => {
			fourthAt = Date.now();
			slot.done();
		});
		await new Promise((resolve) => setTimeout(resolve, 1500)); // eslint-disable-line @n8n/community-nodes/no-restricted-globals -- the test waits in real time
		expect(fourthAt).toBe(0); // three requests still in flight: Loops may count them any moment
		held[0].done();
		await fourth;
		expect(fourthAt - startedAt).toBeGreaterThanOrEqual(2500); // one window after that answer
		held.slice(1).forEach((slot) => slot.done());
	});

	it('keeps one budget per account key, shared by every caller of that key', () => {
		expect(pacerFor('account-a')).toBe(pacerFor('account-a'));
		expect(pacerFor('account-a')).not.toBe(pacerFor('account-b'));
	});
});
