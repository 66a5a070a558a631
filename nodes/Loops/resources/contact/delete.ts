import type { INodeProperties } from 'n8n-workflow';

// The contact is chosen with the shared identification fields (shared/fields.ts identificationFields).
export const deleteDescription: INodeProperties[] = [];
