import type { IExecuteSingleFunctions, IRun } from 'n8n-workflow';

import type { AcquireOptions } from './accountQueue';

/**
 * Which lane of the account's queue a request waits in (accountQueue.ts), and when that lane closes.
 *
 * Each run of the node in an execution has its own lane: its requests wait in order, and lanes take turns, so a
 * one-item run is not stuck behind another run's backlog. The lane closes for good when its execution ends, and
 * at once when a user cancels it: its queued requests leave without a slot, a retry waiting out its backoff gives
 * up, and nothing of that run is sent again. An execution resumed after a Wait node runs the node anew, so it
 * gets a new lane, closed when the resumed execution ends.
 *
 * Two ways close it, as n8n offers them (docs/n8n-internals.md, rows 6 and 8). n8n's server hands a declarative
 * node's contexts the execution's cancel signal; n8n-core's engine alone builds them without one. And the
 * execution's end, which n8n reaches at once when a user cancels: n8n 2.x offers `onExecutionFinish`; n8n 1.x has
 * not got it, and the node registers on the same `workflowExecuteAfter` hook of the execution's lifecycle hooks
 * that 2.x's `onExecutionFinish` uses.
 */

/** What n8n hands an execution's contexts, on either line. */
type ExecutionContext = Partial<
	Pick<IExecuteSingleFunctions, 'getExecutionCancelSignal' | 'getExecuteData'>
> & {
	/** n8n 2.x: runs `handler` when the execution ends (cancelled, failed or done), not when it goes waiting. */
	onExecutionFinish?: (handler: () => unknown) => void;
	/** n8n 1.x: the execution's lifecycle hooks, as n8n-core keeps them on every node context. */
	additionalData?: {
		hooks?: {
			addHandler?: (
				hook: 'workflowExecuteAfter',
				handler: (run?: Pick<IRun, 'status'>) => unknown,
			) => void;
		};
	};
};

/** The lane of each node run, weakly held: it goes away with the run. */
const lanes = new WeakMap<object, AbortController>();

/**
 * Where the context's request waits: an execution's in its node run's lane, a dropdown in the editor before every
 * lane (a load-options context has no `getExecutionCancelSignal`; n8n-core's request helpers tell the two apart
 * the same way).
 */
export function queueOf(context: ExecutionContext): AcquireOptions {
	if (typeof context.getExecutionCancelSignal !== 'function') return { interactive: true };
	const run: object = context.getExecuteData?.() ?? context;
	let lane = lanes.get(run);
	if (!lane) {
		const opened = new AbortController();
		lane = opened;
		lanes.set(run, opened);
		whenExecutionEnds(context, () => opened.abort());
		const cancelled = context.getExecutionCancelSignal();
		if (cancelled?.aborted) opened.abort();
		else cancelled?.addEventListener('abort', () => opened.abort(), { once: true });
	}
	return { lane: lane.signal };
}

function whenExecutionEnds(context: ExecutionContext, handler: () => void): void {
	if (typeof context.onExecutionFinish === 'function') {
		context.onExecutionFinish(handler);
		return;
	}
	const hooks = context.additionalData?.hooks;
	if (typeof hooks?.addHandler !== 'function') return; // neither: the README says what holds then
	hooks.addHandler('workflowExecuteAfter', (run) => {
		// As 2.x's onExecutionFinish: an execution going to wait (a Wait node) has not ended.
		if (run?.status !== 'waiting') handler();
	});
}
