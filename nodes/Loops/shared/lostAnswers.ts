import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecuteSingleFunctions,
} from 'n8n-workflow';

import { type LoopsFailure, mayHaveBeenApplied } from './errors';
import { savedNodeContext } from './runState';

/**
 * Exactly once where Loops' answer does not say what happened. A request whose answer was lost (a dropped
 * connection, a timeout, a gateway's 5xx: errors.ts `mayHaveBeenApplied`) may have been applied all the same;
 * so may a request that succeeded in a try of the node that then failed on another item, which n8n's Retry On
 * Fail sends again. Sent again, such a request meets its own effect (create → 409 "already exists", delete → 404):
 * a success, not an error. A conflict that was there before stays an error: only a request that may have been
 * applied reads its conflict as its own.
 *
 * Within one request the retry policy carries the knowledge from attempt to attempt; across n8n's tries of the
 * node (Retry On Fail) and a retry of the failed execution from the Executions list, the node context carries it
 * (runState.ts): per run and step, the item indexes whose request may have been applied, kept as ranges, so a run
 * of 100,000 items that all went out adds one range to the saved execution, not 100,000 entries.
 */

export interface ExactlyOnceOptions<T> {
	/**
	 * Statuses that mean "already done" for this request (409 for a reused Idempotency-Key): the answer
	 * becomes `resolve(failure, ownAttempt)` instead of an error. `ownAttempt`: an earlier attempt of this
	 * request may have been applied, so what Loops recognised may be that attempt.
	 */
	alreadyDone?: { statuses: number[]; resolve: (failure: LoopsFailure, ownAttempt: boolean) => T };
	/**
	 * Statuses that, once an attempt of this request may have been applied, may be that attempt's own effect.
	 * `confirm` checks (a look-up where one can tell) and gives the item's output, marked `alreadyApplied`;
	 * undefined keeps the answer an error, as it is when no attempt may have been applied.
	 */
	ownEffect?: { statuses: number[]; confirm: (failure: LoopsFailure) => Promise<T | undefined> };
	/**
	 * For a request Loops has no idempotency for (a campaign's create): finds the request's own effect, once an
	 * earlier attempt may have been applied, before the request is sent again; its output, marked
	 * `alreadyApplied`, or undefined to send it (again).
	 */
	recover?: () => Promise<T | undefined>;
	/**
	 * Which of the item's requests this is, for the notes across tries; default: its method and URL. An
	 * operation that makes several requests whose URLs hold ids names each.
	 */
	step?: string;
}

/** What the attempts of one request know, and how a failure reads in their light. */
export interface AttemptsReading<T> {
	/** Before an attempt: the request's own earlier effect, found (ExactlyOnceOptions.recover), or undefined. */
	recover(): Promise<T | undefined>;
	/** The output a failure amounts to (the request's own effect, or already done), or undefined: a failure. */
	read(failure: LoopsFailure): Promise<T | undefined>;
	/** The request succeeded. */
	succeeded(): void;
}

const NOTES = 'loopsMayBeApplied';

/** Sorted, disjoint, non-touching [first, last] ranges of item indexes. */
type Ranges = Array<[number, number]>;

type NotesContext = Pick<
	IExecuteSingleFunctions,
	'getExecuteData' | 'getItemIndex' | 'getWorkflowDataProxy'
> &
	Partial<Pick<IExecuteSingleFunctions, 'getContext'>>;

export function readingOf<T>(
	context: NotesContext,
	request: DeclarativeRestApiSettings.ResultOptions['options'] | undefined,
	options: ExactlyOnceOptions<T>,
): AttemptsReading<T> {
	const exactlyOnce =
		options.alreadyDone !== undefined ||
		options.ownEffect !== undefined ||
		options.recover !== undefined;
	const notes = exactlyOnce
		? notesOf(context, options.step ?? `${request?.method} ${request?.url}`)
		: undefined;
	const itemIndex = context.getItemIndex();
	let mayBeApplied = notes !== undefined && includes(notes, itemIndex);
	const note = () => {
		if (notes) add(notes, itemIndex);
	};
	return {
		async recover() {
			return mayBeApplied ? await options.recover?.() : undefined;
		},
		async read(failure) {
			if (mayHaveBeenApplied(failure)) {
				mayBeApplied = true;
				note();
			}
			const status = failure.status;
			if (status === undefined) return undefined;
			if (options.alreadyDone?.statuses.includes(status)) {
				return options.alreadyDone.resolve(failure, mayBeApplied);
			}
			if (mayBeApplied && options.ownEffect?.statuses.includes(status)) {
				return await options.ownEffect.confirm(failure);
			}
			return undefined;
		},
		succeeded() {
			// Applied: should another item fail this try, Retry On Fail sends this request again and meets its effect.
			if (options.ownEffect || options.recover) note();
		},
	};
}

function notesOf(context: NotesContext, step: string): Ranges | undefined {
	const node = savedNodeContext(context);
	if (!node) return undefined;
	const runIndex = context.getWorkflowDataProxy(context.getItemIndex()).$runIndex;
	const all = (isPlainObject(node[NOTES]) ? node[NOTES] : (node[NOTES] = {})) as IDataObject;
	const key = `${runIndex} ${step}`;
	if (!Array.isArray(all[key])) all[key] = [];
	return all[key] as unknown as Ranges;
}

function isPlainObject(value: unknown): boolean {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The index of the first range that ends at or after `index` (ranges.length when none). */
function firstEndingFrom(ranges: Ranges, index: number): number {
	let low = 0;
	let high = ranges.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((ranges[middle] as [number, number])[1] < index) low = middle + 1;
		else high = middle;
	}
	return low;
}

function includes(ranges: Ranges, index: number): boolean {
	const range = ranges[firstEndingFrom(ranges, index)];
	return range !== undefined && range[0] <= index;
}

function add(ranges: Ranges, index: number): void {
	const at = firstEndingFrom(ranges, index - 1); // the first range that ends at index - 1 or later
	const range = ranges[at];
	if (range && range[0] <= index + 1) {
		if (range[0] <= index && index <= range[1]) return;
		if (index === range[1] + 1) {
			range[1] = index;
			const following = ranges[at + 1];
			if (following && following[0] === index + 1) {
				range[1] = following[1];
				ranges.splice(at + 1, 1);
			}
		} else {
			range[0] = index; // index === range[0] - 1
		}
		return;
	}
	ranges.splice(at, 0, [index, index]);
}
