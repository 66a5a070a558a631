import { Workflow, type INode, type INodePropertyOptions } from 'n8n-workflow';

import { Loops } from '../../nodes/Loops/Loops.node';
import { LOOPS_NODE_TYPE, TestNodeTypes } from '../helpers/n8n';

/**
 * The subtitle under the node on the canvas, evaluated as n8n's editor does (the node's `subtitle` expression,
 * with the node's parameters as $parameter).
 */
const loops = new Loops();

function subtitleFor(parameters: Record<string, string>): unknown {
	const node: INode = {
		id: 'loops',
		name: 'Loops',
		type: LOOPS_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes({ [LOOPS_NODE_TYPE]: loops }),
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		loops.description.subtitle,
		'internal',
		{},
	);
}

describe('Subtitle on the canvas', () => {
	it.each([
		['contact', 'create', 'Contact: Create'],
		['contact', 'getAll', 'Contact: Get Many'],
		['contact', 'getSuppression', 'Contact: Get Suppression Status'],
		['contactProperty', 'getAll', 'Contact Property: Get Many'],
		['event', 'send', 'Event: Send'],
		['transactionalEmail', 'send', 'Transactional Email: Send'],
	])('names %s / %s as the panel does', (resource, operation, expected) => {
		expect(subtitleFor({ resource, operation })).toBe(expected);
	});

	it('names every operation the node declares by its resource and operation names', () => {
		const resources = loops.description.properties.find((property) => property.name === 'resource')
			?.options as INodePropertyOptions[];
		const operationLists = loops.description.properties.filter(
			(property) => property.name === 'operation',
		);
		let named = 0;
		for (const list of operationLists) {
			const resource = list.displayOptions?.show?.resource?.[0] as string;
			const resourceName = resources.find((option) => option.value === resource)?.name;
			for (const operation of list.options as INodePropertyOptions[]) {
				expect(subtitleFor({ resource, operation: String(operation.value) })).toBe(
					`${resourceName}: ${operation.name}`,
				);
				named++;
			}
		}
		expect(named).toBeGreaterThanOrEqual(14);
	});

	it('falls back to the stored values for what it does not know (n8n’s Custom API Call)', () => {
		expect(subtitleFor({ resource: 'contact', operation: '__CUSTOM_API_CALL__' })).toBe(
			'__CUSTOM_API_CALL__: contact',
		);
	});
});
