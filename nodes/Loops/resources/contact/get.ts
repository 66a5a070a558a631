import { NodeOperationError } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../shared/fields';
import type { PostReceiveHook } from '../../shared/postReceive';

const show = { resource: ['contact'], operation: ['get'] };

export const contactGetDescription: INodeProperties[] = [simplifyField(show)];

/** Loops answers a find with a list; none found is an error naming the identifier, so a workflow can branch on it. */
export const requireContactFound: PostReceiveHook = async function (items) {
	if (items.length > 0) return items;
	const findBy = this.getNodeParameter('findBy') as string;
	const identifier = this.getNodeParameter(findBy) as string;
	const label = findBy === 'email' ? 'email' : 'User ID';
	throw new NodeOperationError(this.getNode(), `No Loops contact with ${label} "${identifier}"`, {
		itemIndex: this.getItemIndex(),
		description:
			'Loops found no contact. To branch on this, set the node\'s "On Error" setting to "Continue (using error output)".',
	});
};
