/**
 * Runs this package's built nodes through n8n-core's real engine: the package is loaded by
 * n8n's own PackageDirectoryLoader from dist/ (as n8n loads a community package), workflows
 * run through WorkflowExecute (and so RoutingNode for declarative operations), triggers
 * through a real PollContext, and the credential test the way n8n's credentials tester
 * runs it. Only the credential store is a stand-in (n8n's needs a database).
 */
const path = require('node:path');
const {
	PackageDirectoryLoader,
	WorkflowExecute,
	ExecutionLifecycleHooks,
	PollContext,
	WebhookContext,
	ExecuteContext,
	LoadOptionsContext,
	RoutingNode,
} = require('n8n-core');
const { Workflow, NodeHelpers, ICredentialsHelper, createEmptyRunExecutionData, createRunExecutionData } = require('n8n-workflow');

const ROOT = path.resolve(__dirname, '..', '..');
// Where the built package is loaded from: the repo (after `npm run build`), or another
// folder holding package.json + dist/ (lets a build run beside a second checkout's tests).
const PACKAGE_ROOT = process.env.TL_PACKAGE_ROOT ?? ROOT;
const PACKAGE = 'n8n-nodes-twelvelabs';
const CREDENTIAL = 'twelveLabsApi';

let loaderPromise;
/** Loads dist/ once per test file, through n8n's loader. */
function loadPackage() {
	loaderPromise ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		return loader;
	})();
	return loaderPromise;
}

function nodeTypesOf(loader, extra = {}) {
	const byName = (name) => {
		if (extra[name]) return extra[name];
		const short = name.startsWith(`${PACKAGE}.`) ? name.slice(PACKAGE.length + 1) : name;
		const entry = loader.nodeTypes[short];
		if (!entry) throw new Error(`Unknown node type ${name}`);
		return entry.type;
	};
	return {
		getByName: byName,
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(byName(name), version),
		getKnownTypes: () => ({}),
	};
}

/** Resolves `={{$credentials.x}}` in the credential's generic authentication, as n8n does. */
function resolveCredentialExpression(value, credentials) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key) => String(credentials[key] ?? ''));
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(loader, data) {
		super();
		this.loader = loader;
		this.data = data;
	}
	credentialType(type) {
		return this.loader.credentialTypes[type].type;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials, typeName, requestOptions) {
		const { authenticate } = this.credentialType(typeName);
		if (authenticate?.type !== 'generic') return requestOptions;
		const headers = { ...(requestOptions.headers ?? {}) };
		for (const [name, value] of Object.entries(authenticate.properties.headers ?? {})) {
			headers[name] = resolveCredentialExpression(value, credentials);
		}
		return { ...requestOptions, headers };
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		if (!this.data[type]) throw new Error(`No test credentials for ${type}`);
		return { ...this.data[type] };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type) {
		return this.credentialType(type).properties;
	}
}

function additionalDataFor(credentialsHelper, hooks) {
	return {
		executionId: 'test-execution',
		credentialsHelper,
		hooks,
		variables: {},
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		currentNodeParameters: undefined,
		encryptedRunnerIdentity: undefined,
		userId: 'test-user',
		logAiEvent: () => {},
	};
}

function makeNode(type, parameters, overrides = {}) {
	return {
		id: overrides.id ?? 'node-1',
		name: overrides.name ?? 'TwelveLabs',
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL]: { id: 'cred-1', name: 'TwelveLabs account' } },
		continueOnFail: overrides.continueOnFail ?? false,
		onError: overrides.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
}

/**
 * Runs one TwelveLabs node over `items` through WorkflowExecute. Returns the output items,
 * the serialized run error (if any) and a cancel function for cancellation tests.
 * `onStart(cancel)` is called once the run has started.
 */
async function runNode({ type = 'twelveLabs', parameters, items = [{ json: {} }], credentials, continueOnFail, executionId, onStart }) {
	const loader = await loadPackage();
	const node = makeNode(type, parameters, { continueOnFail });
	const nodeTypes = nodeTypesOf(loader);
	// n8n stores parameters with their defaults filled in; do the same.
	const nodeType = nodeTypes.getByNameAndVersion(node.type, 1);
	node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, node.parameters, true, false, node, nodeType.description) ?? node.parameters;
	const workflow = new Workflow({ id: 'wf-test', name: 'test', nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
	const hooks = new ExecutionLifecycleHooks('manual', executionId ?? 'test-execution', { id: 'wf-test', nodes: [node], connections: {} });
	const done = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	const additionalData = additionalDataFor(new TestCredentialsHelper(loader, { [CREDENTIAL]: credentials }), hooks);
	additionalData.executionId = executionId ?? 'test-execution';
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
	});
	let execution;
	try {
		execution = new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a node whose parameters have issues (a required field left
		// empty, a value failing the field's own validation); the run fails with that error.
		return { items: [], error: { name: error.name, message: error.message, description: error.description }, status: 'error' };
	}
	if (onStart) onStart(() => execution.cancel());
	const run = await done;
	const runData = run.data.resultData.runData[node.name];
	const output = runData?.[0]?.data?.main?.[0] ?? [];
	return { items: output, error: run.data.resultData.error, status: run.status, run };
}

const TRIGGER_NAME = 'TwelveLabs Trigger';

/**
 * The workflow an active TwelveLabs Trigger lives in. n8n keeps one Workflow object per active
 * workflow and polls it again and again, so every poll (overlapping ones included) reads and
 * writes the same ObservableObject static data; `staticData` is what n8n loaded from the
 * database (JSON), e.g. after a restart.
 */
async function triggerWorkflow({ parameters, staticData = {} }) {
	const loader = await loadPackage();
	const node = makeNode('twelveLabsTrigger', parameters, { name: TRIGGER_NAME });
	const nodeTypes = nodeTypesOf(loader);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, 1);
	node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, node.parameters, true, false, node, nodeType.description) ?? node.parameters;
	return new Workflow({ id: 'wf-trigger', name: 'trigger', nodes: [node], connections: {}, active: true, nodeTypes, settings: {}, staticData });
}

/**
 * Calls the trigger's poll() with a real PollContext. Pass `workflow` (from triggerWorkflow or
 * an earlier pollTrigger) to poll the same static data again, as n8n does; otherwise a new
 * workflow is built from `parameters` and `staticData`. `pollBudgetMs` is what n8n's
 * getPollBudgetMs() answers (n8n-core's default when omitted; `null` removes the method, as an
 * older n8n without it). `requests` counts the HTTP attempts this poll made (retries included);
 * `onRequest(count, {statusCode} | {error})` is called as each attempt settles (lets a test
 * start an overlapping poll, or tell attempts that met a fault).
 */
async function pollTrigger({ parameters, credentials, staticData = {}, workflow, mode = 'trigger', activation = 'init', pollBudgetMs, onRequest }) {
	const loader = await loadPackage();
	workflow ??= await triggerWorkflow({ parameters, staticData });
	const node = workflow.getNode(TRIGGER_NAME);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, 1);
	const additionalData = additionalDataFor(new TestCredentialsHelper(loader, { [CREDENTIAL]: credentials }));
	const budget = typeof pollBudgetMs === 'number' ? () => pollBudgetMs : undefined;
	const context = new PollContext(workflow, node, additionalData, mode, activation, undefined, undefined, undefined, undefined, undefined, budget);
	if (pollBudgetMs === null) Object.defineProperty(context, 'getPollBudgetMs', { value: undefined });
	let requests = 0;
	const send = context.helpers.httpRequestWithAuthentication;
	context.helpers.httpRequestWithAuthentication = async function (...args) {
		requests++;
		let outcome;
		try {
			const response = await send.apply(this, args);
			outcome = { statusCode: response?.statusCode };
			return response;
		} catch (error) {
			outcome = { error };
			throw error;
		} finally {
			onRequest?.(requests, outcome);
		}
	};
	const result = await nodeType.poll.call(context);
	return { result, staticData: workflow.staticData, workflow, context, requests };
}

/**
 * Runs a resource locator's list search (`methods.listSearch[method]`) as the editor's
 * "From list" does: in n8n-core's LoadOptionsContext, with the node's `parameters`, the
 * user's `filter` and the `paginationToken` of the page before.
 */
async function listSearch({ method, parameters = {}, credentials, filter, paginationToken }) {
	const loader = await loadPackage();
	const node = makeNode('twelveLabs', parameters);
	const nodeTypes = nodeTypesOf(loader);
	const workflow = new Workflow({ id: 'wf-list', name: 'list', nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
	const additionalData = additionalDataFor(new TestCredentialsHelper(loader, { [CREDENTIAL]: credentials }));
	additionalData.currentNodeParameters = parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, `parameters.${method}`);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, 1);
	return await nodeType.methods.listSearch[method].call(context, filter, paginationToken);
}

/**
 * Runs the credential test as n8n's CredentialsTester does (packages/cli
 * credentials-tester.service.ts): the credential's test request on a copy of the node's
 * description, through RoutingNode, then its rules on the error.
 */
async function testCredential(credentials) {
	const loader = await loadPackage();
	const credentialType = loader.credentialTypes[CREDENTIAL].type;
	const nodeType = loader.nodeTypes.twelveLabs.type;
	const node = makeNode('twelveLabs', { temp: '' });
	node.type = 'test.credentialTest';
	const nodeTypeCopy = {
		description: {
			...nodeType.description,
			name: 'test.credentialTest',
			credentials: [{ name: CREDENTIAL, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: credentialType.test.request }, default: '' }],
		},
	};
	const nodeTypes = nodeTypesOf(loader, { 'test.credentialTest': nodeTypeCopy });
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = additionalDataFor(new TestCredentialsHelper(loader, { [CREDENTIAL]: credentials }));
	const executeData = { node, data: {}, source: null };
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createEmptyRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, executeData, []);
	const credentialsDecrypted = { id: 'cred-1', name: 'test', type: CREDENTIAL, data: credentials };
	let response;
	try {
		response = await new RoutingNode(context, nodeTypeCopy, credentialsDecrypted).runNode();
	} catch (error) {
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of credentialType.test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === statusCode) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return { status: 'Error', message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}` };
		}
		if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: String(error.message) };
	}
	// As n8n's tester: a responseSuccessBody rule fails the test when get(body, key) === value.
	for (const rule of credentialType.test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json;
		const found = String(rule.properties.key).split('.').reduce((value, key) => (value !== null && value !== undefined ? value[key] : undefined), body);
		if (found === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

let binaryServicePromise;
/**
 * n8n's binary data service in filesystem mode (as with N8N_DEFAULT_BINARY_DATA_MODE=filesystem),
 * under the test's throwaway n8n home: binaries stored there carry an id, and nodes read them with
 * getBinaryMetadata / getBinaryStream.
 */
function binaryDataService() {
	binaryServicePromise ??= (async () => {
		const { BinaryDataService, BinaryDataConfig } = require('n8n-core');
		const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core/package.json'))] }));
		const config = Container.get(BinaryDataConfig);
		config.mode = 'filesystem';
		config.localStoragePath = path.join(process.env.N8N_USER_FOLDER ?? require('node:os').tmpdir(), 'binaryData');
		const service = Container.get(BinaryDataService);
		await service.init();
		return service;
	})();
	return binaryServicePromise;
}

/** Stores bytes (a Buffer or a stream, any size) in the filesystem binary store; returns the item's binary entry. */
async function storeBinary(bytes, { fileName, mimeType }) {
	const service = await binaryDataService();
	return await service.store({ type: 'execution', workflowId: 'wf-test', executionId: 'test-execution' }, bytes, { fileName, mimeType, data: '' });
}

/** Deletes a stored binary's file and metadata, as a store without that file (another disk, a pruned execution). */
async function dropStoredBinary(binary) {
	const service = await binaryDataService();
	await service.deleteManyByBinaryDataId([binary.id]);
}

const WEBHOOK_NAME = 'TwelveLabs Webhook Trigger';
const WEBHOOK_CREDENTIAL = 'twelveLabsWebhookApi';

/**
 * What n8n's body parser does before a webhook node runs (packages/cli middlewares/body-parser.ts):
 * the raw body read once into `req.rawBody`, JSON parsed into `req.body` (an unparsable JSON body
 * is answered 422 by n8n, the node never runs), `req.contentType`.
 */
async function readLikeN8n(req) {
	const chunks = [];
	for await (const chunk of req) chunks.push(chunk);
	req.rawBody = Buffer.concat(chunks);
	req.contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	req.body = {};
	if (req.rawBody.length > 0 && req.contentType === 'application/json') {
		req.body = JSON.parse(req.rawBody.toString('utf8'));
	}
	req.query = Object.fromEntries(new URL(req.url, 'http://127.0.0.1').searchParams);
	req.params = {};
}

/** The two methods of express's Response the node answers with (n8n hands it express's own). */
function expressLikeResponse(res) {
	res.status = (code) => {
		res.statusCode = code;
		return res;
	};
	res.json = (body) => {
		res.setHeader('content-type', 'application/json; charset=utf-8');
		res.end(JSON.stringify(body));
		return res;
	};
	return res;
}

/**
 * An active workflow whose first node is the TwelveLabs Webhook Trigger, served over real HTTP
 * the way n8n serves a production webhook (packages/cli webhooks/live-webhooks.ts and
 * webhook-helpers.ts): for each call the workflow is built anew with the static data last saved
 * ("the database"), the body is read as n8n reads it, n8n-core's WebhookContext runs the node's
 * webhook(), n8n's default answer is sent if the node sent none, and the static data is saved
 * when the call is answered (after webhook() returned), as n8n does. `mode: 'manual'` serves the
 * test URL ("Listen for test event") instead: nothing is saved.
 *
 * Each endpoint is its own workflow (`workflowId`: give the same one to serve it again, as after
 * a restart). Every call's result is kept: `calls` (status, answer, what the node returned) and
 * `executions` (the items of each call that started the workflow).
 */
let webhookWorkflows = 0;

async function webhookEndpoint({ parameters, credentials, secret, staticData = {}, mode = 'webhook', workflowId = `wf-webhook-${++webhookWorkflows}` }) {
	const http = require('node:http');
	const loader = await loadPackage();
	const nodeTypes = nodeTypesOf(loader);
	const node = makeNode('twelveLabsWebhookTrigger', parameters, { name: WEBHOOK_NAME });
	node.webhookId = 'b6f1a7e2-0c3d-4a55-9e1f-2f7d3c0a9b11';
	node.credentials[WEBHOOK_CREDENTIAL] = { id: 'cred-2', name: 'TwelveLabs webhook' };
	const nodeType = nodeTypes.getByNameAndVersion(node.type, 1);
	node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, node.parameters, true, false, node, nodeType.description) ?? node.parameters;
	const helper = new TestCredentialsHelper(loader, { [CREDENTIAL]: credentials, [WEBHOOK_CREDENTIAL]: { webhookSecret: secret } });
	const description = nodeType.description.webhooks[0];
	const endpoint = { saved: JSON.parse(JSON.stringify(staticData)), calls: [], executions: [], url: '', pending: new Set() };

	async function handle(req, res) {
		expressLikeResponse(res);
		const workflow = new Workflow({ id: workflowId, name: 'webhook', nodes: [node], connections: {}, active: mode === 'webhook', nodeTypes, settings: {}, staticData: JSON.parse(JSON.stringify(endpoint.saved)) });
		const call = { status: 0, answer: undefined, result: undefined, error: undefined };
		try {
			await readLikeN8n(req);
		} catch {
			res.status(422).json({ message: 'Failed to parse request body' });
			call.status = 422;
			endpoint.calls.push(call);
			return;
		}
		const additionalData = additionalDataFor(helper);
		additionalData.httpRequest = req;
		additionalData.httpResponse = res;
		const webhookData = { httpMethod: 'POST', node: node.name, path: `${node.webhookId}/${description.path}`, webhookDescription: description, workflowId: workflow.id, workflowExecuteAdditionalData: additionalData, isTest: mode === 'manual' };
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		const writeEnd = res.end.bind(res);
		res.end = (chunk, ...rest) => {
			call.answer = chunk === undefined ? undefined : String(chunk);
			return writeEnd(chunk, ...rest);
		};
		try {
			call.result = await nodeType.webhook.call(context);
		} catch (error) {
			// n8n answers 500 "Workflow Webhook Error: Workflow could not be started!"
			call.error = error;
			if (!res.headersSent) res.status(500).json({ message: 'Workflow Webhook Error: Workflow could not be started!' });
		}
		if (!res.headersSent) res.status(200).json({ message: 'Webhook call received' });
		call.status = res.statusCode;
		// LiveWebhooks saves the static data as the call is answered, if the node changed it.
		if (mode === 'webhook' && workflow.staticData.__dataChanged === true) {
			const { __dataChanged, ...plain } = JSON.parse(JSON.stringify(workflow.staticData));
			endpoint.saved = plain;
		}
		endpoint.calls.push(call);
		const items = call.result?.workflowData?.[0];
		if (items && items.length > 0) endpoint.executions.push(items.map((item) => item.json));
	}

	const server = http.createServer((req, res) => {
		const done = handle(req, res).catch((error) => {
			endpoint.calls.push({ status: 500, error });
			if (!res.headersSent) res.status(500).json({ message: 'harness error' });
		});
		endpoint.pending.add(done);
		void done.finally(() => endpoint.pending.delete(done));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	endpoint.url = `http://127.0.0.1:${server.address().port}/webhook/${node.webhookId}/${description.path}`;
	/** Waits until every call received so far has finished (its node's work included). */
	endpoint.settle = async () => {
		while (endpoint.pending.size > 0) await Promise.all([...endpoint.pending]);
	};
	endpoint.close = async () => {
		await endpoint.settle();
		await new Promise((resolve) => server.close(resolve));
	};
	return endpoint;
}

/**
 * One delivery to a webhookEndpoint: POSTs `body` (a string or an object, sent as JSON text)
 * with `headers`, and returns n8n's answer with what the node did for this call, once the node
 * is done (it answers once it has read the task in full).
 */
async function runWebhook(endpoint, { body, headers = {} }) {
	const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
	const before = endpoint.calls.length;
	const response = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
	const text = await response.text();
	await endpoint.settle();
	const call = endpoint.calls.slice(before).find((c) => c.answer === text) ?? endpoint.calls[endpoint.calls.length - 1];
	return {
		status: response.status,
		answer: text ? JSON.parse(text) : undefined,
		items: call?.result?.workflowData?.[0]?.map((item) => item.json) ?? [],
		started: Boolean(call?.result?.workflowData?.[0]?.length),
		error: call?.error,
	};
}

module.exports = {
	loadPackage,
	runNode,
	pollTrigger,
	triggerWorkflow,
	listSearch,
	testCredential,
	storeBinary,
	dropStoredBinary,
	webhookEndpoint,
	runWebhook,
	ROOT,
	// For the tool harness (tool.js).
	internals: { nodeTypesOf, TestCredentialsHelper, additionalDataFor, makeNode, CREDENTIAL },
};
