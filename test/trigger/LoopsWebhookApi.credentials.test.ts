import type { ICredentialType } from 'n8n-workflow';

import { LoopsWebhookApi } from '../../credentials/LoopsWebhookApi.credentials';

describe('Loops Webhook API credential', () => {
	const credential: ICredentialType = new LoopsWebhookApi();

	it('keeps the names saved workflows depend on', () => {
		expect(credential.name).toBe('loopsWebhookApi');
		expect(credential.displayName).toBe('Loops Webhook API');
		expect(credential.properties.map((property) => property.name)).toEqual(['signingSecret']);
	});

	it('stores the signing secret as a required password field', () => {
		const [signingSecret] = credential.properties;
		expect(signingSecret).toMatchObject({
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		});
	});

	it('has light and dark icons and a documentation link', () => {
		expect(credential.icon).toEqual({
			light: 'file:../icons/loops.svg',
			dark: 'file:../icons/loops.dark.svg',
		});
		expect(credential.documentationUrl).toBe('https://loops.so/docs/webhooks');
	});

	it('declares no HTTP test: the Loops Trigger tests it (testedBy)', () => {
		expect(credential.test).toBeUndefined();
	});
});
