import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { BASE_URL_EXPRESSION } from '../nodes/TwelveLabs/api/baseUrl';

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
	// Redirects are not followed (the key stays with the configured origin), and only the
	// API's JSON task list (with `data`) passes: a 200 HTML page is not the API.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/analyze/tasks',
			qs: { page_limit: 1 },
			disableFollowRedirect: true,
			timeout: 20_000,
		},
		// n8n's tester reads both kinds of rule from one list (error answers against responseCode,
		// success answers against responseSuccessBody), though the type names one kind per list.
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
			...[301, 302, 303, 307, 308].map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `The Base URL answered with a redirect (HTTP ${status}), which is not followed so the API key stays with the configured address: set the Base URL to where the API really lives, e.g. https://api.twelvelabs.io/v1.3`,
				},
			})),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data',
					value: undefined,
					message:
						'The Base URL answered, but not with the TwelveLabs task list (no JSON "data"): it is not the TwelveLabs API. Use https://api.twelvelabs.io/v1.3 unless you go through a proxy',
				},
			},
		] as Array<
			IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody
		> as IAuthenticateRuleResponseCode[],
	};
}
