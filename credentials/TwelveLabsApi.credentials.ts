import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class TwelveLabsApi implements ICredentialType {
	name = 'twelveLabsApi';

	displayName = 'TwelveLabs API';

	icon: Icon = { light: 'file:../icons/twelvelabs.svg', dark: 'file:../icons/twelvelabs.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-twelvelabs/n8n-nodes-twelvelabs#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your TwelveLabs API key, from the API Keys page of the TwelveLabs Playground',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.twelvelabs.io/v1.3',
			required: true,
			description:
				'Where the API lives. Change it only to go through a proxy or to use a local TwelveLabs simulator.',
			placeholder: 'e.g. https://api.twelvelabs.io/v1.3',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
			},
		},
	};

	// n8n runs the test without the node's request defaults, so it carries its own base URL.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/analyze/tasks',
			qs: { page_limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The API key was rejected: check that it is copied whole from the TwelveLabs Playground and has not been revoked',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Base URL does not point at the TwelveLabs API: use https://api.twelvelabs.io/v1.3 unless you go through a proxy',
				},
			},
		],
	};
}
