/**
 * n8n's run data (an execution's `data.resultData`), as `n8n execute` prints it and n8n's REST API returns it:
 * each node's output items, and whether a node has run.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- n8n's run data and REST answers, as n8n gives them
export type Json = any;

/** Each node's output items (JSON only) of its last run: { [nodeName]: [json, …] }. */
export type NodeItems = Record<string, Json[]>;

export function outputItems(run: Json): NodeItems {
	const runData = run?.data?.resultData?.runData ?? {};
	const out: NodeItems = {};
	for (const [node, runs] of Object.entries(runData as Record<string, Json[]>)) {
		const last = runs[runs.length - 1];
		out[node] = (last?.data?.main?.[0] ?? []).map((item: Json) => item.json);
	}
	return out;
}

/** The names of the nodes the run holds data of (those that ran, or began to). */
export function nodesRun(run: Json): string[] {
	return Object.keys(run?.data?.resultData?.runData ?? {});
}
