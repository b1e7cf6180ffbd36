/**
 * The editor selectors and texts the e2e suite relies on, for n8n 2.x (measured on 2.41.1).
 * One module per n8n major (index.mjs picks the one of the n8n under test): when a release
 * renames a test id or a label, the change is here and nowhere else.
 */
const testId = (id) => `[data-test-id="${id}"]`;

export default {
	signIn: {
		email: 'input[name="emailOrLdapLoginId"]',
		password: 'input[name="password"]',
		submit: testId('form-submit-button'),
	},
	canvas: {
		/** A node on the canvas; its name is in the `nodeNameAttribute` attribute. */
		node: (name) => (name ? `${testId('canvas-node')}[data-node-name="${name}"]` : testId('canvas-node')),
		nodeNameAttribute: 'data-node-name',
		/** The empty canvas's "+" (opens the trigger panel). */
		addFirstStep: testId('canvas-add-button'),
		/** The "+" on a node's output handle (opens "What happens next?"). */
		handlePlus: testId('canvas-handle-plus'),
	},
	ndv: {
		panel: testId('ndv'),
		parameters: testId('node-parameters'),
		/** A parameter's input by its name; `inputIdPrefix` + name is its test id. */
		input: (name) => testId(`parameter-input-${name}`),
		inputIdPrefix: 'parameter-input-',
		fixedCollection: (name) => testId(`fixed-collection-${name}`),
		executeButton: testId('node-execute-button'),
		outputPanel: testId('output-panel'),
		/** The output's switch to its JSON view. */
		outputJson: testId('radio-button-json'),
		/** Options dropdowns (Element Plus selects) list ARIA options. */
		optionRole: 'option',
		/** A `notice` parameter (it has no parameter-input test id). */
		notice: '[role="alert"].notice',
		/** The inputs of the credentials selected for the node, one per credential type shown. */
		credentialSelect: `${testId('node-credentials-select')} input`,
		/** A trigger's "Webhook URLs" section, its URL switch, and the panel's text while it listens for a test event. */
		webhooks: {
			toggle: 'Webhook URLs',
			test: 'Test URL',
			production: 'Production URL',
			listening: 'Listening for test event',
		},
	},
	nodeCreator: {
		panel: testId('node-creator'),
		item: testId('item-iterator-item'),
		search: `${testId('node-creator-search-bar')} input, input${testId('node-creator-search-bar')}`,
		/** Whether a search result shows the app's description under its name. */
		resultShowsDescription: true,
		/** Headings and entries of the panel. */
		texts: {
			triggerHeading: 'What triggers this workflow?',
			nextHeading: 'What happens next?',
			actionInAnApp: 'Action in an app',
			ai: 'AI',
			onAppEvent: 'On app event',
		},
	},
};
