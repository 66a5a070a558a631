import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { LOOPS_WEBHOOK_EVENTS } from './events';
import { acceptedWebhookIds, deliveryKey } from './replay';
import { parseSigningSecret, SECRET_PREFIX, verifyLoopsSignature } from './signature';

/** A header as one string (Node gives arrays only for repeated headers). */
function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value.join(' ') : value;
}

function isJsonObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class LoopsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Loops Trigger',
		name: 'loopsTrigger',
		icon: { light: 'file:../../icons/loops.svg', dark: 'file:../../icons/loops.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["events"] || []).length ? $parameter["events"].join(", ") : "All events" }}',
		// n8n's nodes panel lists Loops and Loops Trigger as one entry, "Loops", described by this text: it names
		// what both nodes do, so a search for an action does not read like a trigger only.
		description:
			'Send events and transactional emails, manage contacts, and start workflows from Loops’ signed webhooks',
		defaults: {
			name: 'Loops Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'loopsWebhookApi',
				required: true,
				// Checked by the function below, without a network call: Loops has no endpoint to test a secret against.
				testedBy: 'loopsWebhookSecretShape',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Loops needs only a 2xx; without this n8n 2.x answers a started execution with the literal
				// text "firstEntryJson" (its default for this setting).
				responseData: 'noData',
				path: 'loops',
			},
		],
		triggerPanel: {
			header: 'Paste this node’s webhook URL into Loops',
			executionsHelp: {
				inactive:
					'While you build, paste the <b>Test URL</b> into Loops → Settings → Webhooks, click "Listen for test event", then send Loops’ test event. When the workflow is ready, paste the <b>Production URL</b> there instead and publish the workflow: every signed Loops event then starts an execution, listed under Executions.',
				active:
					'The workflow runs for every signed Loops event sent to the <b>Production URL</b> (it must be the URL pasted in Loops → Settings → Webhooks). Executions are listed under Executions, not in the editor.',
			},
			activationHint:
				'Once the workflow is ready, publish it and paste its Production URL into Loops → Settings → Webhooks.',
		},
		properties: [
			{
				displayName:
					'Paste the <b>Production URL</b> above into Loops → Settings → Webhooks and copy the signing secret Loops shows there into the credential; deliveries not signed with it are refused (401). Loops allows <b>one webhook endpoint per account</b>: this URL replaces any other.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [...LOOPS_WEBHOOK_EVENTS],
				default: [],
				description:
					'The events that start the workflow. Leave empty for all events. Other events are acknowledged (200) without starting it. Also choose the events Loops sends with its toggles in Settings → Webhooks.',
			},
		],
	};

	methods = {
		credentialTest: {
			/** Checks the secret's `whsec_<base64>` shape; no network call (Loops cannot be asked about a signing secret). */
			async loopsWebhookSecretShape(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = String(credential.data?.signingSecret ?? '').trim();
				if (!secret.startsWith(SECRET_PREFIX)) {
					return {
						status: 'Error',
						message:
							'The signing secret should start with "whsec_": copy it whole from Loops → Settings → Webhooks',
					};
				}
				const parsed = parseSigningSecret(secret);
				if (!parsed.ok) {
					return { status: 'Error', message: parsed.message };
				}
				return {
					status: 'OK',
					message:
						'The signing secret has the whsec_ format (checked locally: Loops has no API to test it)',
				};
			},
		},
	};

	// Loops has no API to register, look up or remove a webhook: the user pastes the URL in Loops → Settings →
	// Webhooks. These lifecycle methods (which n8n calls on activation and deactivation) therefore register nothing
	// and report success, so that publishing and unpublishing the workflow never fails on them.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// Nothing to look up on Loops' side; reporting "exists" means n8n skips create().
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				// Nothing to register: Loops has no webhook API.
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Nothing to remove on Loops' side; the URL stays in Loops' settings until the user changes it.
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials('loopsWebhookApi');
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const headers = this.getHeaderData();

		// The signature covers the bytes Loops sent. n8n's body parser keeps them in `req.rawBody` (a Buffer) for every
		// webhook of a version-1 node. Should a runtime not provide it, the parsed body is serialised again as a last
		// resort: that equals Loops' bytes only for compact JSON in the original key order, so at worst a genuine
		// delivery is refused (401), never a forged one accepted.
		const rawBody: Buffer | string = Buffer.isBuffer(req.rawBody)
			? req.rawBody
			: JSON.stringify(this.getBodyData());

		const secret = String(credentials.signingSecret ?? '');
		const webhookId = headerValue(headers['webhook-id']);
		const now = Date.now();
		const verification = verifyLoopsSignature({
			secret,
			id: webhookId,
			timestamp: headerValue(headers['webhook-timestamp']),
			signatureHeader: headerValue(headers['webhook-signature']),
			rawBody,
			now,
		});

		if (!verification.ok) {
			if (verification.reason === 'invalid-secret') {
				// Our side is misconfigured, not the caller: 500, so Loops retries once the credential is fixed.
				this.logger.error(
					`Loops Trigger: ${verification.message}. Fix the Loops Webhook API credential.`,
				);
				res.status(500).json({ error: 'The Loops signing secret configured in n8n is invalid' });
				return { noWebhookResponse: true };
			}
			this.logger.warn(`Loops Trigger refused a delivery (401): ${verification.message}`);
			res
				.status(401)
				.json({ error: 'Invalid Loops webhook signature', reason: verification.reason });
			return { noWebhookResponse: true };
		}

		// Verified, so the id and the secret are usable. A delivery already accepted (Loops re-sending it because
		// our 200 was lost, or a replay) is acknowledged again, without a second execution.
		const parsedSecret = parseSigningSecret(secret);
		const delivery = deliveryKey(
			parsedSecret.ok ? parsedSecret.key : Buffer.from(secret),
			String(webhookId),
		);
		if (acceptedWebhookIds.has(delivery, now)) {
			this.logger.info(
				`Loops Trigger: delivery ${webhookId} was already accepted; answered 200, no new execution`,
			);
			return { webhookResponse: { received: true, duplicate: true } };
		}

		let payload: unknown;
		if (Buffer.isBuffer(req.rawBody)) {
			try {
				payload = JSON.parse(req.rawBody.toString('utf8'));
			} catch {
				payload = undefined;
			}
		} else {
			payload = this.getBodyData();
		}
		if (!isJsonObject(payload)) {
			res.status(400).json({ error: 'The body of a Loops webhook must be a JSON object' });
			return { noWebhookResponse: true };
		}
		acceptedWebhookIds.remember(delivery, now);

		const events = this.getNodeParameter('events', []) as string[];
		if (events.length > 0 && !events.includes(String(payload.eventName))) {
			// Acknowledged so Loops does not retry it, but no execution.
			return {
				webhookResponse: { received: true, ignored: true, eventName: payload.eventName ?? null },
			};
		}

		return { workflowData: [[{ json: payload }]] };
	}
}
