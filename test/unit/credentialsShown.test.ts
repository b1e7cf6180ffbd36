/**
 * When each node asks for which credential. n8n 1.x's editor takes a parameter that a
 * credential is *shown* for (`displayOptions.show`) as the node's authentication field and
 * removes it from the panel (editor-ui `getMainAuthField`), so no credential may be shown by a
 * parameter: the Webhook Trigger's Fetch Full Task disappeared from the 1.x panel that way.
 */
import { NodeHelpers, type INodeTypeDescription } from 'n8n-workflow';
import { TwelveLabs } from '../../nodes/TwelveLabs/TwelveLabs.node';
import { TwelveLabsTrigger } from '../../nodes/TwelveLabs/TwelveLabsTrigger.node';
import { TwelveLabsWebhookTrigger } from '../../nodes/TwelveLabs/TwelveLabsWebhookTrigger.node';

const descriptions: INodeTypeDescription[] = [
	new TwelveLabs().description,
	new TwelveLabsTrigger().description,
	new TwelveLabsWebhookTrigger().description,
];

describe('credentials of every node', () => {
	it.each(descriptions.map((description) => [description.displayName, description]))(
		'%s: no credential is shown by a parameter (n8n 1.x would hide that parameter)',
		(_name, description) => {
			for (const credential of description.credentials ?? []) {
				expect(credential.displayOptions?.show ?? {}).toEqual({});
			}
		},
	);
});

describe('Webhook Trigger: the API credential', () => {
	const description = new TwelveLabsWebhookTrigger().description;
	const apiCredential = description.credentials?.find((entry) => entry.name === 'twelveLabsApi');
	const askedFor = (parameters: Record<string, boolean>) =>
		NodeHelpers.displayParameter(parameters, apiCredential!, { typeVersion: 1 }, description);

	it('is asked for while Fetch Full Task is on (its default), and not when it is off', () => {
		expect(apiCredential?.required).toBe(true);
		expect(askedFor({ fetchFullTask: true })).toBe(true);
		expect(askedFor({ fetchFullTask: false })).toBe(false);
		const fetchFullTask = description.properties.find((property) => property.name === 'fetchFullTask');
		expect(fetchFullTask?.default).toBe(true);
	});
});
