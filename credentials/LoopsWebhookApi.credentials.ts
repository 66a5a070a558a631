import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret of a Loops account's webhook endpoint, used by the Loops Trigger to verify each delivery.
 *
 * Credential test: a credential type can only declare an HTTP request as `test`, and Loops has no endpoint to check
 * a signing secret against. The check is therefore a function on the Loops Trigger node
 * (`testedBy: 'loopsWebhookSecretShape'`), which n8n runs for this credential's Test button; it checks the
 * `whsec_<base64>` shape without any network call.
 */
export class LoopsWebhookApi implements ICredentialType {
	name = 'loopsWebhookApi';

	displayName = 'Loops Webhook API';

	icon: Icon = { light: 'file:../icons/loops.svg', dark: 'file:../icons/loops.dark.svg' };

	documentationUrl = 'https://loops.so/docs/webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'whsec_…',
			description:
				'The secret Loops shows under Settings → Webhooks once an endpoint URL is saved, starting with "whsec_". Deliveries not signed with it are refused.',
		},
	];
}
