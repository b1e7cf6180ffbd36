import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret TwelveLabs signs webhook deliveries with. It never leaves n8n: the TwelveLabs
 * Webhook Trigger checks signatures with it locally, so its credential test (the trigger's
 * `testedBy` method) checks its form only.
 */
export class TwelveLabsWebhookApi implements ICredentialType {
	name = 'twelveLabsWebhookApi';

	displayName = 'TwelveLabs Webhook API';

	icon: Icon = { light: 'file:../icons/twelvelabs.svg', dark: 'file:../icons/twelvelabs.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-twelvelabs/n8n-nodes-twelvelabs#the-twelvelabs-webhook-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The secret of your webhook in the TwelveLabs Playground: Webhooks page, your webhook\'s row, Reveal Secret, then the copy icon',
		},
	];
}
