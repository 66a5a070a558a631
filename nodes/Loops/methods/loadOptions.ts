import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	fetchContactProperties,
	fetchMailingLists,
	fetchTransactionalEmails,
} from '../shared/accountData';
import { lookupError } from '../shared/errors';

/**
 * Dropdowns filled from the Loops account the node's credential reaches. The value of every option is
 * the id or key Loops expects, so a saved workflow keeps working and an expression may be typed instead.
 */

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) =>
	a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });

/** Mailing lists (GET /v1/lists), for each mailing list row's List. */
export async function getMailingLists(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	try {
		const lists = await fetchMailingLists(this);
		return lists
			.map((list) => ({
				name: list.name,
				value: list.id,
				description: [list.description, list.isPublic ? 'public' : 'private']
					.filter(Boolean)
					.join(' · '),
			}))
			.sort(byName);
	} catch (error) {
		throw lookupError(this, 'the mailing lists', error);
	}
}

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

/** Published transactional emails (GET /v1/transactional, every page), for Transactional Email. */
export async function getTransactionalEmails(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	try {
		const emails = await fetchTransactionalEmails(this);
		return emails
			.map((email) => ({
				name: email.name,
				value: email.id,
				description:
					email.dataVariables.length > 0
						? `Data variables: ${email.dataVariables.join(', ')}`
						: 'No data variables',
			}))
			.sort(byName);
	} catch (error) {
		throw lookupError(this, 'the transactional emails', error);
	}
}

/** The data variables of the transactional email chosen in Transactional Email, for each variable row's name. */
export async function getDataVariables(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const transactionalId = this.getCurrentNodeParameter('transactionalId');
	// Nothing chosen yet, or an expression that only resolves when the workflow runs: nothing to offer.
	if (
		typeof transactionalId !== 'string' ||
		transactionalId === '' ||
		transactionalId.startsWith('=')
	) {
		return [];
	}
	try {
		const emails = await fetchTransactionalEmails(this);
		const email = emails.find((candidate) => candidate.id === transactionalId);
		return (email?.dataVariables ?? []).map((variable) => ({
			name: variable,
			value: variable,
			description: `Required by "${email?.name}"`,
		}));
	} catch (error) {
		throw lookupError(this, 'the data variables of the transactional email', error);
	}
}
