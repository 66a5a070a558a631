import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
} from 'n8n-workflow';

import { runMemory, savedRunValue } from './runState';
import { sendPaced } from './transport';

/**
 * A create Loops takes no Idempotency-Key for (a campaign, a transactional email), sent once. A lost answer must
 * not become a second one: once an attempt may have been applied (its answer lost, or an earlier try of the node
 * got that far: lostAnswers.ts), the node first looks for what it created, and goes on with it, marked
 * `alreadyApplied`. What it created: named as sent, created since the run began (the run's start is noted with the
 * run, so a retry of the execution knows it), still a draft, and not taken by another item of the run (the oldest
 * such, where items create several of the same name; an item's own from an earlier try of the node is its own).
 */

/** Loops' clock and n8n's may differ: something created this much before the run began may still be the run's. */
const CLOCK_SKEW_MS = 60_000;

export interface Created extends IDataObject {
	id: string;
	name: string;
	createdAt: string;
}

export interface CreateOnceOptions<T extends Created> {
	/** Which create this is, for the notes across tries and the run's record of what its items created. */
	step: string;
	/** The account's objects of this kind, newest first, read until `until` holds for one of a page. */
	list: (until: (created: T) => boolean) => Promise<T[]>;
	/** Whether the object is still as a create leaves it (a draft). */
	isDraft: (created: T) => boolean;
}

export async function createOnce<T extends Created>(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	options: CreateOnceOptions<T>,
): Promise<IDataObject> {
	const name = String((requestData.options.body as IDataObject).name);
	const since =
		(savedRunValue(context, 'loopsRunStartedAt', () => Date.now()) ?? Date.now()) - CLOCK_SKEW_MS;
	// What each item of the run created, by id: an item's own (an earlier try's) is still its own.
	const takenBy = runMemory(context, `${options.step} taken`, () => new Map<string, number>());
	const itemIndex = context.getItemIndex();
	const free = (id: string) => (takenBy.get(id) ?? itemIndex) === itemIndex;
	const createdSince = (created: T) => Date.parse(created.createdAt) >= since;
	const [answer] = await sendPaced(context, requestData, {
		step: options.step,
		recover: async () => {
			const candidates = (await options.list((created) => !createdSince(created)))
				.filter(
					(created) =>
						created.name === name &&
						createdSince(created) &&
						options.isDraft(created) &&
						free(created.id),
				)
				.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
			return candidates[0] ? [{ json: { ...candidates[0], alreadyApplied: true } }] : undefined;
		},
	});
	const created = (answer?.json ?? {}) as IDataObject;
	takenBy.set(String(created.id), itemIndex);
	return created;
}
