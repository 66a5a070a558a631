import type { INodeProperties } from 'n8n-workflow';

/**
 * GET /v1/contacts/suppression: whether Loops suppresses the contact's address (after a hard bounce or a
 * spam complaint Loops stops sending to it) and how many removals the account has left.
 */
// The contact is chosen with the shared identification fields (shared/fields.ts identificationFields).
export const contactGetSuppressionDescription: INodeProperties[] = [];
