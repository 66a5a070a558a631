import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchContactProperties, findTransactionalEmail } from '../shared/accountData';
import { lookupError } from '../shared/errors';

/**
 * Dropdowns filled from the Loops account the node's credential reaches (the ids and names Loops lists are
 * resource locators instead: listSearch.ts). The value of every option is the key Loops expects, so a
 * saved workflow keeps working and an expression may be typed instead.
 */

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) =>
	a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });

/** Custom contact properties (GET /v1/contacts/properties?list=custom), for each property row's key. */
export async function getCustomProperties(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	try {
		const properties = await fetchContactProperties(this, 'custom');
		return properties
			.map((property) => ({
				name: property.key,
				value: property.key,
				description: `${property.label} · ${property.type}`,
			}))
			.sort(byName);
	} catch (error) {
		throw lookupError(this, 'the custom contact properties', error);
	}
}

/**
 * The data variables of the transactional email chosen in Transactional Email, for each variable row's
 * name: that one email (GET /v1/transactional-emails/{id}, or found in the deprecated list without the
 * content API).
 */
export async function getDataVariables(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	// a resource locator, or the plain ID of an older workflow
	const transactionalId = this.getCurrentNodeParameter('transactionalId', { extractValue: true });
	// Nothing chosen yet, or an expression that only resolves when the workflow runs: nothing to offer.
	if (
		typeof transactionalId !== 'string' ||
		transactionalId === '' ||
		transactionalId.startsWith('=')
	) {
		return [];
	}
	try {
		const email = await findTransactionalEmail(this, transactionalId);
		return (email?.dataVariables ?? []).map((variable) => ({
			name: variable,
			value: variable,
			description: `Required by "${email?.name}"`,
		}));
	} catch (error) {
		throw lookupError(this, 'the data variables of the transactional email', error);
	}
}
