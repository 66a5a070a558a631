import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { runMemory } from './runState';

/**
 * All-or-nothing input checks for a node run. n8n's routing engine starts every item's request as soon
 * as that item is prepared, so without this a bad item 7 would stop the node only after items 0–6 had
 * reached Loops: their output lost, and sent again when the user fixes the input and re-runs.
 *
 * The engine prepares all items (and runs their checks, which are synchronous) before it yields to
 * the event loop; so after one turn of the loop every item has either failed its checks or arrived
 * here. Unless Continue On Fail is on, a run with any failed item sends nothing. A check that must
 * wait for something keeps this true only if every item waits for the same thing (Send Transactional
 * Email's one batch of look-ups per run, resources/transactionalEmail/send.ts): they then all resume,
 * and arrive here, in the same turn.
 */

interface RunGate {
	arrived: number;
	failures: Array<{ itemIndex: number; message: string }>;
	/** Set once the run has been judged; a later arrival belongs to a new attempt (Retry On Fail). */
	judged: boolean;
}

function gateOf(context: IExecuteSingleFunctions): RunGate {
	const current = runMemory(context, 'gate', () => ({ gate: newGate() }));
	if (current.gate.judged) current.gate = newGate();
	return current.gate;
}

function newGate(): RunGate {
	return { arrived: 0, failures: [], judged: false };
}

/** Called for every input error, as it is raised. */
export function recordInputFailure(context: IExecuteSingleFunctions, message: string): void {
	gateOf(context).failures.push({ itemIndex: context.getItemIndex(), message });
}

function usesBatching(context: IExecuteSingleFunctions): boolean {
	// With n8n's batching option the engine sleeps between batches, so later items are not prepared yet.
	const options = context.getNodeParameter('requestOptions', {}) as IDataObject;
	const batch = (options?.batching as IDataObject | undefined)?.batch as IDataObject | undefined;
	return Number(batch?.batchInterval ?? 0) > 0;
}

/**
 * How many items the routing engine runs: the node's input, cut to the first item by the node setting "Execute
 * Once" (n8n's WorkflowExecute trims the input before the engine sees it; the execute data keeps it whole).
 */
function itemsOfRun(context: IExecuteSingleFunctions): number | undefined {
	const input = context.getExecuteData()?.data?.main?.[0]?.length;
	if (input === undefined) return undefined;
	return context.getNode().executeOnce === true ? Math.min(input, 1) : input;
}

/** Waits until every item of the run is prepared; throws when another item's input was refused. */
export async function passAllOrNothingGate(context: IExecuteSingleFunctions): Promise<void> {
	if (context.continueOnFail() || usesBatching(context)) return;
	const gate = gateOf(context);
	gate.arrived++;
	await sleep(0);
	gate.judged = true;
	const itemCount = itemsOfRun(context) ?? gate.arrived;
	const failure = gate.failures[0];
	if (failure || gate.arrived + gate.failures.length < itemCount) {
		throw new NodeOperationError(
			context.getNode(),
			failure
				? `Nothing was sent to Loops: ${failure.message}`
				: 'Nothing was sent to Loops: another item could not be prepared',
			{
				itemIndex: failure?.itemIndex ?? context.getItemIndex(),
				description:
					'Without "On Error: Continue", a run sends either all of its items or none. Fix the item named above and run again.',
			},
		);
	}
}
