import type { IContextObject, IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * State one run of the node keeps between its items, in one of two places:
 * - in memory, for what only this run needs (the all-or-nothing gate, look-ups shared by the items): keyed by the
 *   run's execute data, the one object n8n hands every item of a run (and every try of it under Retry On Fail),
 *   so it goes away with the run;
 * - in n8n's node context, for what a later try must know (derived keys, requests that may have been applied):
 *   n8n saves it with the execution and hands it to Retry On Fail and to a retry from the Executions list, not
 *   to a new run of the workflow. It holds only JSON (n8n saves it as such).
 */

type ItemContext = Pick<IExecuteSingleFunctions, 'getExecuteData'> &
	Partial<Pick<IExecuteSingleFunctions, 'getContext'>>;

const memories = new WeakMap<object, Map<string, unknown>>();

/** The in-memory state `name` of the item's node run, made by `create` for the run's first item. */
export function runMemory<T>(context: ItemContext, name: string, create: () => T): T {
	// Without execute data (a context made outside a workflow run) the item is a run of its own.
	const run: object = context.getExecuteData() ?? context;
	let memory = memories.get(run);
	if (!memory) {
		memory = new Map();
		memories.set(run, memory);
	}
	if (!memory.has(name)) memory.set(name, create());
	return memory.get(name) as T;
}

/**
 * The node context n8n saves with the execution, or undefined for a context that has none (one made outside a
 * workflow run). Errors reading it are n8n's to report, not ours to hide.
 */
export function savedNodeContext(context: ItemContext): IContextObject | undefined {
	if (typeof context.getContext !== 'function') return undefined;
	return context.getContext('node');
}

/**
 * A value of the item's node run kept in the saved node context (`name` → per run index), made by `create` the
 * first time the run asks for it; undefined for a context that has none.
 */
export function savedRunValue<T extends string | number>(
	context: ItemContext & Pick<IExecuteSingleFunctions, 'getItemIndex' | 'getWorkflowDataProxy'>,
	name: string,
	create: () => T,
): T | undefined {
	const node = savedNodeContext(context);
	if (!node) return undefined;
	const runIndex = String(context.getWorkflowDataProxy(context.getItemIndex()).$runIndex);
	const perRun = (
		typeof node[name] === 'object' && node[name] !== null ? node[name] : (node[name] = {})
	) as Record<string, T>;
	if (perRun[runIndex] === undefined) perRun[runIndex] = create();
	return perRun[runIndex];
}
