/** Loops counts requests per account in a sliding one-second window. */
const WINDOW_MS = 1000;
/** Slack for clock granularity between our estimate of an arrival and Loops' own clock. */
const SAFETY_MS = 5;
/** Loops' documented default; the account's real limit is learnt from `x-ratelimit-limit`. */
export const DEFAULT_REQUESTS_PER_SECOND = 10;
/**
 * The largest `x-ratelimit-limit` believed (Loops' default is 10, some accounts have more): a larger,
 * zero, negative or unreadable value is ignored and the last sane limit kept.
 */
export const MAX_REQUESTS_PER_SECOND = 1000;
/** How long Loops' counts are remembered: three windows and round trips, for a process with one slot. */
const SAMPLES_MS = 4 * WINDOW_MS;
/** A request unanswered for this long no longer delays reading the reports of later ones. */
const HANGING_MS = 10 * WINDOW_MS;
/** How long requests are remembered after their arrival, to count ours in Loops' window. */
const MEMORY_MS = 2 * WINDOW_MS;
/** While sharing, Loops' count is judged at most this often. */
const JUDGE_EVERY_MS = WINDOW_MS / 2;
/** Judgements in a row that must find room (or too little) before a process acts on it. */
const JUDGEMENTS_TO_ACT = 2;

export interface PacerTuning {
	/** Share of the limit a pacer without news of the account starts with (it grows while alone). */
	startShare: number;
	/** Slots added per answer while no other client is seen (slow start: about ×3 per round trip). */
	aloneGrowth: number;
	/**
	 * Tolerance, in ms, when telling our requests in Loops' window from another client's; no more than the
	 * safety margin, so that the request a slot held just before is never mistaken for one in the window.
	 */
	toleranceMs: number;
	/** Part of the room in Loops' window the sharing processes together take per judgement. */
	fillGain: number;
	/** Chance per judgement that a process holding more than all others together gives slots back. */
	dominanceGain: number;
	/**
	 * Share of the limit by which the processes' slots, as Loops' count shows them, may miss it before a
	 * process takes room or gives slots back (a slot at least): the count is that noisy.
	 */
	deadBand: number;
	/** ms added to the safety margin by a 429 while alone (Loops' clock or window is not quite ours). */
	marginStepMs: number;
	/** Largest safety margin, ms. */
	maxMarginMs: number;
	/** Quiet time, ms, after which a pacer that shared the key considers itself alone again. */
	quietMs: number;
}

export const DEFAULT_TUNING: PacerTuning = {
	startShare: 0.25,
	aloneGrowth: 2,
	toleranceMs: SAFETY_MS,
	fillGain: 0.6,
	dominanceGain: 0.5,
	deadBand: 0.075,
	marginStepMs: 5,
	maxMarginMs: 250,
	quietMs: 1.5 * WINDOW_MS,
};

/** What Loops said about its window when a request arrived (the headers as sent, unchecked). */
export interface WindowReport {
	limit?: unknown;
	remaining?: unknown;
	/** Loops answered 429: its window was full when the request arrived. */
	rateLimited?: boolean;
}

export interface OwnRequest {
	releasedAt: number;
	/** When its answer (or its failure) was first seen; until then Loops may count it any moment. */
	answeredAt?: number;
	/** Whether Loops answered it (an HTTP answer: Loops had counted it by then). */
	heardBack?: boolean;
}

interface PendingReport {
	request: OwnRequest;
	report: WindowReport;
}

/** Loops' window as one of our requests found it: its count, and how much of it was ours. */
interface WindowSample {
	at: number;
	counted: number;
	own: number;
	/** Loops answered 429: its window was full, `counted` is the least it held. */
	rateLimited?: boolean;
	/** When the request it came with was released. */
	releasedAt: number;
}

function saneInteger(value: unknown, minimum: number, maximum: number): number | undefined {
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim() !== ''
				? Number(value)
				: NaN;
	return Number.isInteger(number) && number >= minimum && number <= maximum ? number : undefined;
}

/**
 * The request budget of one Loops account as this process sees it, without timers (the pacer below
 * drives it with the clock; scripts/simulate-pacing.ts in virtual time).
 *
 * Loops counts a request when it arrives. From here, that arrival is only known to lie between the
 * release (n8n sends the request then or later) and the moment its answer is seen (Loops answered after
 * counting it; n8n reads the answer then or later). Nothing pins it down further: n8n's own work can
 * hold a request back before it leaves, or its answer before it is read, by any amount, and the way
 * back may take anything from the whole round trip to under a millisecond. Loops' counts cannot either:
 * every arrival moved later by the same amount leaves each count as it was; they tell of other clients
 * (below), not of when our requests arrived. So an answered request is taken to have arrived when its
 * answer was seen (latestArrival), and its slot frees one window, and a margin for clock granularity,
 * after that; an unanswered one holds its slot. The invariant: a request is released only while fewer
 * than `slots` of our requests can have arrived after its release less a window. In any one-second
 * window of Loops, the last-released of our requests arrived at or after its release, so all our others
 * in that window arrived after its release less a window: at most `slots` (≤ the limit) of ours in any
 * second. A request that failed without an answer may still have been on its way when it failed: it is
 * taken to arrive within the longest round trip seen (a window at most) after the failure.
 *
 * A slot so costs a window plus the round trip: 150 ms from Loops, about 15% under the limit, the price
 * of never overfilling the window. (Placing arrivals at "the answer less the smallest round trip seen"
 * saved that, but freed a slot early whenever a request's way back was shorter than the smallest round
 * trip: with a busy n8n holding the first requests back and answers back in under a millisecond, 11
 * requests reached Loops in one second at a limit of 10.) That guess is still what Loops' counts are
 * read with (likelyArrival), where an error only blurs how many of ours Loops had in its window.
 *
 * A pacer with no news of the account starts with a quarter of the limit and, for its first window,
 * only listens: processes started within a window of each other (queue-mode workers given jobs at once,
 * whose n8n takes more or less time to prepare the items) all see each other in Loops' count before any
 * of them grows. Only then, alone, it grows with every answer (slow start). Alone on the key, that first
 * window at a quarter costs about 2% of a 1,000-item run.
 *
 * Several processes on one key (n8n queue-mode workers, another app) see each other only through
 * `x-ratelimit-remaining`: Loops' count in its window as our request arrived, ours included. What it
 * counted beyond all our requests that can have been in that window is surely other clients'. While
 * others are seen, this process keeps a whole number of slots (whole numbers that add up to the limit
 * never overfill Loops' window, fractions would) and spreads its requests evenly. Loops counts requests
 * while processes hold slots, and a busy slot carries one request per window and round trip, so the
 * others' slots are judged as their count over that (their count alone would show room that is not
 * there, and the processes would take it and draw 429s). The count says how many slots the others hold
 * together, never how they are split among them, so:
 * - processes started together all hold the start share at their first judgement: the count tells how
 *   many they are, and each takes an equal part of the limit (a remainder by chance);
 * - a process that finds others after having the key to itself keeps no more than half the limit (there
 *   are two of them at least), nor more than the room besides the others, but never less than the start
 *   share, so that a newcomer is not squeezed out by the one that was there;
 * - more slots than the limit, twice in a row, give back each process's part of the excess; room, twice
 *   in a row, is taken by chance in proportion to each process's part, so that together they take about
 *   the room whatever their number; within a dead band of the limit nothing changes, as the count is
 *   that noisy (slots moved at random by noise drift apart and stay so);
 * - a 429 to a request sent with our share as it is takes a slot off, one a judgement while they last;
 * - a process holding more than all the others together (more than any fair share) gives slots back
 *   and takes room only once the others have left it for a judgement.
 * What this cannot do: processes that joined one by one may stay a slot or several apart (nothing in the
 * count says which of the others holds what), and at a small limit whole slots cannot be equal (10/s
 * over 4 processes is 3, 3, 2 and 2). The designs tried and their figures: scripts/simulate-pacing.ts
 * and the benchmark.
 */
export class AccountBudget {
	private limit = DEFAULT_REQUESTS_PER_SECOND;
	/** Our requests per window. */
	private slots: number;
	/** Whether another client of the key was seen lately. */
	private othersAround = false;
	private othersSeenAt = -Infinity;
	private othersInARow = 0;
	/** When Loops' count last showed more than our own requests (however unsure). */
	private othersLikelyAt = -Infinity;
	/** When our share last changed. */
	private changedAt = -Infinity;
	/** Judgements in a row that found room in Loops' window, or more slots than the limit. */
	private roomJudgements = 0;
	private overJudgements = 0;
	/** Whether Loops' count is yet to be judged in this busy spell. */
	private firstJudgement = true;
	/** The fewest requests of others Loops had counted as our first requests of this busy spell came. */
	private othersAtStart = Infinity;
	/** No slot is taken or given up before this (the last change has not shown in Loops' count yet). */
	private calmUntil = -Infinity;
	private marginMs = SAFETY_MS;
	private requests: OwnRequest[] = [];
	/** The smallest round trip this process ever saw to the account: to read Loops' counts, never to free a slot. */
	private smallestRoundTrip = Infinity;
	/** The largest round trip seen: how long a request that failed without an answer may still be on its way. */
	private largestRoundTrip = 0;
	/** Recent round trips, averaged: what a slot holds on top of a window. */
	private roundTripMs = 0;
	private lastReleaseAt = -Infinity;
	private spacingMs = 0;
	/** When this busy spell's first request was released. */
	private busySince = -Infinity;
	/** When the first answer of this busy spell came back. */
	private startedAnsweringAt = Infinity;
	private pendingReports: PendingReport[] = [];
	/** What Loops' count said over the last window. */
	private samples: WindowSample[] = [];

	constructor(
		private readonly tuning: PacerTuning = DEFAULT_TUNING,
		private readonly random: () => number = Math.random,
	) {
		this.slots = this.startSlots();
	}

	get requestsPerSecond(): number {
		return this.limit;
	}

	/** Our share of the window, in requests. */
	get requestsPerWindow(): number {
		return this.slots;
	}

	/** Whether another client of the key was seen lately (this process then keeps to its share). */
	get sharing(): boolean {
		return this.othersAround;
	}

	/** ms until a request may be released (0: now; Infinity: only an answer can free a slot). */
	releaseDelay(now: number): number {
		this.forgetOld(now);
		const holdMs = WINDOW_MS + this.marginMs;
		let inFlight = 0;
		const frees: number[] = [];
		for (const request of this.requests) {
			if (request.answeredAt === undefined) {
				inFlight++;
				continue;
			}
			const freeAt = this.latestArrival(request) + holdMs;
			if (freeAt > now) frees.push(freeAt);
		}
		// Sharing the key, our requests go evenly spread: Loops' count as each arrives then samples the
		// whole window, where bursts in step with the other processes' would see it half empty.
		const spacing = this.othersAround ? this.lastReleaseAt + this.spacingMs - now : 0;
		const toFree = inFlight + frees.length - this.slots + 1;
		if (toFree <= 0) return Math.max(0, spacing);
		if (toFree > frees.length) return Infinity;
		frees.sort((a, b) => a - b);
		return Math.max(spacing, (frees[toFree - 1] as number) - now);
	}

	release(now: number): OwnRequest {
		if (now - this.lastReleaseAt > MEMORY_MS && this.requests.length === 0) {
			// Idle for a while: who else uses the key now is unknown, so start small again and grow.
			this.slots = Math.min(this.slots, this.startSlots());
			this.othersAround = false;
			this.startedAnsweringAt = Infinity;
			this.busySince = now;
			this.firstJudgement = true;
			this.othersAtStart = Infinity;
		}
		const request: OwnRequest = { releasedAt: now };
		this.requests.push(request);
		this.lastReleaseAt = now;
		// Spread a little unevenly, so that our arrivals do not always fall in the same phase of the others'.
		this.spacingMs = (WINDOW_MS / this.slots) * (0.75 + 0.25 * this.random());
		return request;
	}

	/** The request's answer or failure came back (call once it is seen, with what Loops reported if it did). */
	answered(request: OwnRequest, now: number, report?: WindowReport): void {
		if (request.answeredAt === undefined) request.answeredAt = now;
		if (this.startedAnsweringAt === Infinity) this.startedAnsweringAt = now;
		if (report) {
			if (!request.heardBack) {
				request.heardBack = true;
				this.addRoundTrip(request.answeredAt - request.releasedAt);
			}
			this.pendingReports.push({ request, report });
		}
		this.learnWhatIsSettled(now);
	}

	/** Whether the others had no more than a start share in Loops' window when our first requests came. */
	private startedTogether(): boolean {
		return this.othersAtStart <= this.startSlots();
	}

	private startSlots(): number {
		return Math.max(1, Math.floor(this.tuning.startShare * this.limit));
	}

	/**
	 * The latest the answered `request` can have reached Loops, in our clock: its answer, which Loops sent
	 * once it had counted it (see the class comment). A request that failed without an answer may still
	 * have been on its way: it may arrive up to the longest round trip seen after the failure.
	 */
	private latestArrival(request: OwnRequest): number {
		const answeredAt = request.answeredAt as number;
		if (request.heardBack) return answeredAt;
		return answeredAt + Math.min(WINDOW_MS, this.largestRoundTrip || WINDOW_MS);
	}

	/**
	 * Our best guess of when the answered `request` reached Loops, to read Loops' counts with: its answer
	 * less the smallest round trip seen. It may be early or late by the difference between this request's
	 * way back and the smallest round trip's, which blurs the count a little but never frees a slot.
	 */
	private likelyArrival(request: OwnRequest): number {
		const answeredAt = request.answeredAt as number;
		if (!Number.isFinite(this.smallestRoundTrip)) return answeredAt;
		return Math.max(request.releasedAt, answeredAt - this.smallestRoundTrip);
	}

	private addRoundTrip(ms: number): void {
		this.smallestRoundTrip = Math.min(this.smallestRoundTrip, ms);
		this.largestRoundTrip = Math.max(this.largestRoundTrip, ms);
		this.roundTripMs = this.roundTripMs === 0 ? ms : 0.9 * this.roundTripMs + 0.1 * ms;
	}

	private forgetOld(now: number): void {
		if (this.requests.length === 0) return;
		const horizon = now - MEMORY_MS;
		if ((this.requests[0] as OwnRequest).releasedAt > horizon) return;
		this.requests = this.requests.filter(
			(request) => request.answeredAt === undefined || this.latestArrival(request) > horizon,
		);
	}

	/**
	 * Reads the reports whose window we can now tell apart: once every request of ours released before
	 * the reported one arrived has come back, we know which of ours Loops had in that window.
	 */
	private learnWhatIsSettled(now: number): void {
		if (this.pendingReports.length === 0) return;
		// The earliest release still unanswered; a request hanging for long stops holding the others up (it
		// counts as ours all the while). One pass over our requests, not one per report: at a high limit
		// hundreds of each are about at once.
		let oldestUnanswered = Infinity;
		for (const other of this.requests) {
			if (other.answeredAt === undefined && now - other.releasedAt < HANGING_MS) {
				oldestUnanswered = Math.min(oldestUnanswered, other.releasedAt);
			}
		}
		while (this.pendingReports.length > 0) {
			const settled = this.pendingReports.findIndex(
				({ request }) => oldestUnanswered > this.likelyArrival(request) + this.tuning.toleranceMs,
			);
			if (settled < 0) return;
			const [{ request, report }] = this.pendingReports.splice(settled, 1) as [PendingReport];
			this.learn(request, now, report);
		}
	}

	/** Our own requests Loops had in its window when `request` arrived, by our guess of each arrival. */
	private ownInWindowAt(request: OwnRequest): number {
		const arrival = this.likelyArrival(request);
		let count = 0;
		for (const other of this.requests) {
			if (other.answeredAt === undefined) {
				if (other.releasedAt <= arrival) count++; // not once settled; the safe side
				continue;
			}
			const otherArrival = this.likelyArrival(other);
			if (otherArrival > arrival - WINDOW_MS && otherArrival <= arrival) count++;
		}
		return count;
	}

	/**
	 * The most of our own requests Loops can have had in its window when `request` arrived: each arrival
	 * lies between its release and its latest arrival, give or take `tolerance`. Whatever Loops counted
	 * beyond this was surely someone else's, however late a busy n8n sent requests or saw answers.
	 */
	private ownPossiblyInWindowAt(request: OwnRequest, tolerance: number): number {
		const latest = this.latestArrival(request) + tolerance;
		const earliest = request.releasedAt - tolerance;
		let count = 0;
		for (const other of this.requests) {
			const otherLatest = other.answeredAt === undefined ? Infinity : this.latestArrival(other);
			if (other.releasedAt <= latest && otherLatest > earliest - WINDOW_MS) count++;
		}
		return count;
	}

	private adoptLimit(limit: number): void {
		if (limit === this.limit) return;
		const starting = !this.othersAround && this.slots === this.startSlots();
		this.slots = Math.max(1, Math.min(limit, Math.round((this.slots * limit) / this.limit)));
		this.limit = limit;
		if (starting) this.slots = this.startSlots();
	}

	private learn(request: OwnRequest, now: number, report: WindowReport): void {
		const limit = saneInteger(report.limit, 1, MAX_REQUESTS_PER_SECOND);
		if (limit !== undefined) this.adoptLimit(limit);
		if (report.rateLimited) {
			this.learnFrom429(request, now);
			return;
		}
		const remaining = limit === undefined ? undefined : saneInteger(report.remaining, 0, limit - 1);
		if (remaining === undefined) {
			// Loops said nothing usable about its window (no headers, odd ones): nobody else can be seen, so
			// grow as if alone, up to the last sane limit.
			if (!this.othersAround) this.growAlone(request);
			return;
		}
		const counted = this.limit - remaining;
		const own = Math.min(counted, this.ownInWindowAt(request));
		this.addSample(request, now, counted, own);
		// Another client is certain only beyond what our own requests could be (counted generously), and
		// when two answers in a row say so.
		const surelyOthers = counted > this.ownPossiblyInWindowAt(request, this.tuning.toleranceMs);
		this.othersInARow = surelyOthers ? this.othersInARow + 1 : 0;
		if (this.othersInARow >= 2) this.othersSeenAt = now;
		if (counted - own >= 1) this.othersLikelyAt = now;

		if (!this.othersAround) {
			if (this.othersSeenAt === now) this.startSharing(now, counted - own);
			else if (!surelyOthers) this.growAlone(request);
			return;
		}
		if (now - Math.max(this.othersSeenAt, this.othersLikelyAt) > this.tuning.quietMs) {
			// The others have gone (their last requests have left Loops' window): grow back to the limit.
			this.othersAround = false;
			return;
		}
		this.share(now);
	}

	private addSample(
		request: OwnRequest,
		now: number,
		counted: number,
		own: number,
		rateLimited = false,
	): void {
		this.samples = this.samples.filter((sample) => sample.at > now - SAMPLES_MS);
		this.samples.push({ at: now, counted, own, rateLimited, releasedAt: request.releasedAt });
		// How many others Loops had counted when the first of our first requests came.
		if (request.releasedAt < this.busySince + WINDOW_MS)
			this.othersAtStart = Math.min(this.othersAtStart, counted - own);
	}

	/** Slow start: while no one else is seen, each answer lets a few more requests go, up to the limit. */
	private growAlone(request: OwnRequest): void {
		// Only a request sent after our first answer came back vouches for being alone: by then a process
		// that started with us has had its first requests counted too.
		if (request.releasedAt < this.startedAnsweringAt) return;
		if (request.releasedAt < this.busySince + WINDOW_MS) return;
		this.slots = Math.min(this.limit, this.slots + this.tuning.aloneGrowth);
	}

	/**
	 * A 429 says Loops' window was full as the request arrived. When Loops' latest counts had room and our
	 * own requests could not fill it, it was not the window (a Loops hiccup): retried, nothing learnt.
	 * Without a recent count to say so (every answer lately a 429), the window it is. Sharing the key, it
	 * is a count of the window, judged with the others (see share). Alone, either Loops' clock or window
	 * differs from ours by more than the margin (widen it) or someone else took a slot of a window we
	 * fill: Loops then answers us 429 rather than show them in its count, so two in a row mean another
	 * client.
	 */
	private learnFrom429(request: OwnRequest, now: number): void {
		const latest = this.samples
			.filter((sample) => sample.at > now - SAMPLES_MS)
			.slice(-3)
			.map((sample) => sample.counted);
		const windowLookedFull = latest.length === 0 || Math.max(...latest) >= this.limit - 2;
		const oursCouldFillIt =
			this.ownPossiblyInWindowAt(request, this.tuning.toleranceMs) >= this.limit;
		if (!windowLookedFull && !oursCouldFillIt) return;
		if (this.othersAround) {
			this.othersLikelyAt = now;
			// Loops' window was full when this request came: it counted the limit and this one at least.
			this.addSample(
				request,
				now,
				this.limit + 1,
				Math.min(this.limit + 1, this.ownInWindowAt(request)),
				true,
			);
			this.share(now);
			return;
		}
		this.marginMs = Math.min(this.tuning.maxMarginMs, this.marginMs + this.tuning.marginStepMs);
		if (++this.othersInARow >= 2) {
			this.othersSeenAt = now;
			this.startSharing(
				now,
				this.limit + 1 - Math.min(this.limit + 1, this.ownInWindowAt(request)),
			);
		}
	}

	/**
	 * Someone else is here: keep no more than what Loops' window had room for besides them, nor more than
	 * half of it (there are two of us at least), but no less than the start share (a newcomer to a window
	 * another process fills would otherwise keep a slot).
	 */
	private startSharing(now: number, othersInWindow: number): void {
		this.othersAround = true;
		const half = Math.max(this.startSlots(), Math.ceil(this.limit / 2));
		const target = Math.max(
			1,
			Math.min(this.slots, Math.max(this.startSlots(), this.limit - othersInWindow), half),
		);
		this.changeSlots(target - this.slots, now);
	}

	/**
	 * Sharing the key: at most every half window, and a window and round trip after our last change (so that
	 * it has shown in Loops' count), judge the count in slots and keep, take room or give slots back.
	 */
	private share(now: number): void {
		if (now < this.calmUntil) return;
		const cycle = WINDOW_MS + this.marginMs + this.roundTripMs;
		// A cycle's answers, or three at least: a process with a slot or two has few.
		const span = cycle * Math.max(1, 3 / this.slots);
		const recent = this.samples.filter(
			(sample) =>
				sample.at > now - span && sample.releasedAt >= Math.max(this.changedAt, this.busySince),
		);
		if (recent.some((sample) => sample.rateLimited) && recent.length >= 2) {
			// Loops refused requests we sent with our share as it is (its count cannot show by how much the
			// processes overfill its window): a slot less each judgement until it stops.
			this.calmUntil = now + JUDGE_EVERY_MS;
			this.firstJudgement = false;
			this.changeSlots(-1, now);
			return;
		}
		// The rest is judged from the counts of evenly spread requests: a busy spell's first rounds come
		// in bursts, so from its second round on, its third for the first judgement.
		const from = this.busySince + (this.firstJudgement ? 2 : 1) * cycle;
		const samples = this.samples.filter(
			(sample) => sample.at > now - span && sample.releasedAt >= from,
		);
		if (samples.length < 2 || (samples[0] as WindowSample).at > now - 0.9 * WINDOW_MS) return;
		this.calmUntil = now + JUDGE_EVERY_MS;
		// Loops counts requests, processes hold slots: a busy slot carries one request per window and
		// round trip.
		const othersMean =
			samples.reduce((sum, sample) => sum + sample.counted - sample.own, 0) / samples.length;
		const othersSlots = (othersMean * cycle) / WINDOW_MS;
		const total = this.slots + othersSlots;
		const room = this.limit - total;
		const part = this.slots / total;
		// More than all the others together is more than any fair share.
		const dominant = this.slots > othersSlots + 1;
		const chance = (expected: number) =>
			Math.floor(expected) + (this.random() < expected % 1 ? 1 : 0);
		const first = this.firstJudgement;
		this.firstJudgement = false;
		if (first && this.startedTogether() && this.slots === this.startSlots()) {
			// Started together: every process holds the start share, so the count tells how many they are,
			// and each takes an equal part of the limit (the remainder by chance).
			const processes = Math.max(2, Math.round(total / this.slots));
			const target = Math.max(
				1,
				Math.floor(this.limit / processes) +
					(this.random() < (this.limit % processes) / processes ? 1 : 0),
			);
			this.changeSlots(target - this.slots, now);
			return;
		}
		const band = Math.max(1, this.tuning.deadBand * this.limit);
		this.roomJudgements = room >= band ? this.roomJudgements + 1 : 0;
		this.overJudgements = room <= -band ? this.overJudgements + 1 : 0;
		if (this.overJudgements >= JUDGEMENTS_TO_ACT) {
			// More slots than the limit: give back our part of the excess; a dominant process at least a
			// quarter of what it holds over the others.
			const give = Math.max(
				chance(-room * part),
				dominant ? Math.ceil((this.slots - othersSlots) / 4) : 0,
			);
			if (give > 0) this.changeSlots(-give, now);
		} else if (
			this.roomJudgements >= JUDGEMENTS_TO_ACT &&
			(!dominant || this.roomJudgements > JUDGEMENTS_TO_ACT)
		) {
			// Room: taken by chance in proportion to our part, so that together the processes take about
			// fillGain × room, whatever their number. A dominant process leaves it to the others for a
			// judgement more, and takes it only if they did not.
			const take = chance(this.tuning.fillGain * room * part);
			if (take > 0) this.changeSlots(take, now);
		} else if (dominant && room < band && this.random() < this.tuning.dominanceGain) {
			this.changeSlots(-Math.max(1, Math.floor((this.slots - othersSlots) / 4)), now);
		}
	}

	private changeSlots(change: number, now: number): void {
		this.slots = Math.max(1, Math.min(this.limit, this.slots + change));
		this.changedAt = now;
		this.calmUntil = now + WINDOW_MS + this.roundTripMs;
	}
}
