import type { INodeProperties } from 'n8n-workflow';

import {
	checkNewUserId,
	sendIdentifier,
	sendMailingLists,
	sendProperties,
} from '../../shared/preSend';
import { simplifyContacts, splitArrayResponse } from '../../shared/postReceive';
import { operationsOf } from '../../shared/fields';
import { loopsRoute } from '../../shared/transport';
import { createContact } from './create';
import { deleteContact, contactDeleteDescription } from './delete';
import { contactGetDescription, requireContactFound } from './get';
import { checkPage, contactGetManyDescription, pageThroughContacts } from './getAll';
import { contactGetSuppressionDescription } from './getSuppression';
import { removeSuppression, contactRemoveSuppressionDescription } from './removeSuppression';
import { sendNewEmail, contactUpdateDescription } from './update';

export const contactOperations = operationsOf('contact', 'create', [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a contact',
		description: 'Add a new contact to the Loops audience',
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/contacts/create' },
			{
				preSend: [
					sendIdentifier('body'),
					checkNewUserId,
					sendMailingLists('additionalFields.mailingLists'),
					sendProperties('additionalFields.customProperties', 'Custom Properties', {
						topLevel: true,
					}),
				],
				execute: createContact,
			},
		),
	},
	{
		name: 'Delete',
		value: 'delete',
		action: 'Delete a contact',
		description: 'Remove a contact from the Loops audience',
		routing: loopsRoute(
			{ method: 'POST', url: '/v1/contacts/delete' },
			{
				preSend: [sendIdentifier('body', 'identifyBy')],
				postReceive: [{ type: 'set', properties: { value: '={{ { "deleted": true } }}' } }],
				execute: deleteContact,
			},
		),
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get a contact',
		description: 'Find a contact by User ID or email address',
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/contacts/find' },
			{
				preSend: [sendIdentifier('qs', 'findBy')],
				postReceive: [splitArrayResponse, requireContactFound, simplifyContacts],
			},
		),
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many contacts',
		description: 'List the contacts of the audience, one page or every page',
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/contacts' },
			{
				preSend: [checkPage],
				postReceive: [splitArrayResponse, simplifyContacts],
				execute: pageThroughContacts,
			},
		),
	},
	{
		name: 'Get Suppression Status',
		value: 'getSuppression',
		action: 'Get the suppression status of a contact',
		description:
			"Check whether Loops suppresses the contact's email address (no email is sent to it after a hard bounce or spam complaint), and the removal quota left",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/contacts/suppression' },
			{ preSend: [sendIdentifier('qs', 'identifyBy')] },
		),
	},
	{
		name: 'Remove Suppression',
		value: 'removeSuppression',
		action: 'Remove a contact from the suppression list',
		description:
			"Take the contact's email address off the suppression list so Loops sends to it again; uses one of the account's removal quota",
		routing: loopsRoute(
			{ method: 'DELETE', url: '/v1/contacts/suppression' },
			{ preSend: [sendIdentifier('qs', 'identifyBy')], execute: removeSuppression },
		),
	},
	{
		name: 'Update',
		value: 'update',
		action: 'Update a contact',
		description: 'Change a contact, or create it when none matches',
		routing: loopsRoute(
			{ method: 'PUT', url: '/v1/contacts/update' },
			{
				preSend: [
					sendIdentifier('body', 'identifyBy'),
					sendNewEmail,
					sendMailingLists('updateFields.mailingLists'),
					sendProperties('updateFields.customProperties', 'Custom Properties', {
						topLevel: true,
					}),
				],
			},
		),
	},
]);

export const contactFields: INodeProperties[] = [
	...contactGetDescription,
	...contactGetManyDescription,
	...contactUpdateDescription,
	...contactDeleteDescription,
	...contactGetSuppressionDescription,
	...contactRemoveSuppressionDescription,
];
