import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** One credential entry = one Loops account (one API key, one rate-limit budget). */
export class LoopsApi implements ICredentialType {
	name = 'loopsApi';

	displayName = 'Loops API';

	icon: Icon = { light: 'file:../icons/loops.svg', dark: 'file:../icons/loops.dark.svg' };

	documentationUrl = 'https://loops.so/docs/api-reference/intro';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Generate a key in Loops under Settings → API. Each key belongs to one Loops account.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.loops.so/api',
			description:
				'Where the Loops API lives. Leave the default unless you point n8n at a proxy or a Loops emulator.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// Trailing slashes off. The lookbehind makes only the first slash of a run try to reach the end: a plain
			// /\/+$/ tries from every slash, in time quadratic in a run of slashes that does not end the URL.
			baseURL: '={{$credentials.baseUrl.replace(/(?<!\\/)\\/+$/, "")}}',
			url: '/v1/api-key',
			method: 'GET',
		},
		// Without these n8n's credential dialog shows only the HTTP status text ("Unauthorized", "Not Found").
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Loops rejected the API key (401): copy it again from Loops → Settings → API',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Loops API at this Base URL (404): it ends in /api, e.g. https://app.loops.so/api',
				},
			},
		],
	};
}
