/**
 * The end-to-end suite's view of a real n8n with this package (booted by
 * scripts/n8n-environment.mjs, the same code `npm start` uses), and the clients the tests
 * talk to it with.
 *
 * `npm run test:e2e` boots one environment for all test files (global-setup.mjs) and passes
 * its description through TWELVELABS_E2E_STATE. A test file run on its own
 * (`node --test test/e2e/trigger.test.mjs`) boots a private one through `useEnvironment()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootEnvironment, N8N_DIFFERENCES, restLogin, SIM_API_KEY, sleep, stopEnvironment } from '../../../scripts/n8n-environment.mjs';

export { N8N_MAJOR, N8N_VERSION, REPO_ROOT, SIM_API_KEY, sleep, stopEnvironment, tail } from '../../../scripts/n8n-environment.mjs';

/** Ports distinct from `npm start` (5678 / 4010) so both can run at once. */
export const PORTS = {
	n8n: Number(process.env.E2E_N8N_PORT ?? 5688),
	broker: Number(process.env.E2E_N8N_BROKER_PORT ?? 5689),
	simulator: Number(process.env.E2E_SIM_PORT ?? 4011),
};
export const OWNER = { email: 'e2e-owner@example.com', password: 'E2e-Passw0rd!', firstName: 'E2E', lastName: 'Owner' };
/** Sim ms per real ms: simulated tasks (5–30 sim seconds) finish in 0.25–1.5 s. */
export const SIM_SPEED = 20;

export function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** Runs `fn`, printing how long it took (each test prints its duration). */
export async function timed(label, fn) {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		const line = `${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`;
		// stdout of a test file becomes a TAP comment ("# …") in the report.
		console.log(line);
	}
}

// ---------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------

/** A public-API (`/api/v1`) client using an API key. */
export function publicApi(baseUrl, apiKey) {
	const call = async (method, route, body) => {
		const res = await fetch(`${baseUrl}/api/v1${route}`, {
			method,
			headers: { 'X-N8N-API-KEY': apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /api/v1${route}: ${res.status} ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : undefined;
	};
	return { get: (r) => call('GET', r), post: (r, b) => call('POST', r, b), put: (r, b) => call('PUT', r, b), delete: (r) => call('DELETE', r) };
}

/** The simulator's API (with the key) and its `/__sim` control routes. */
export function simulatorClient(rootUrl, apiKey = SIM_API_KEY) {
	const call = async (method, url, body, headers = {}) => {
		const res = await fetch(url, {
			method,
			headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : undefined;
	};
	return {
		root: rootUrl,
		baseUrl: `${rootUrl}/v1.3`,
		api: (method, route, body) => call(method, `${rootUrl}/v1.3${route}`, body, { 'x-api-key': apiKey }),
		control: (method, route, body) => call(method, `${rootUrl}/__sim${route}`, body),
	};
}

/** Boots a fresh environment (a new n8n user folder) in `runDir`. */
export async function bootSuiteEnvironment(runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twelvelabs-e2e-'))) {
	return await bootEnvironment({
		home: path.join(runDir, 'n8n-home'),
		runDir,
		ports: PORTS,
		portHint: 'Is another e2e run or n8n still running? Set E2E_N8N_PORT / E2E_N8N_BROKER_PORT / E2E_SIM_PORT to use other ports.',
		owner: OWNER,
		simulatorArgs: ['--speed', String(SIM_SPEED), '--seed', '7'],
	});
}

/**
 * The environment for a test file: the shared one of the run (global setup), or a private one
 * booted now and stopped after the file's tests.
 */
export async function useEnvironment(after) {
	const stateFile = process.env.TWELVELABS_E2E_STATE;
	if (stateFile && fs.existsSync(stateFile)) return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
	const state = await bootSuiteEnvironment();
	after(async () => {
		await stopEnvironment(state);
		fs.rmSync(state.runDir, { recursive: true, force: true });
	});
	return state;
}

/** Clients for one test file. */
export function clientsFor(state) {
	return {
		api: publicApi(state.n8nUrl, state.apiKey),
		sim: simulatorClient(state.simRoot),
		login: () => restLogin(state.n8nUrl, state.owner),
	};
}

/** Polls `fn` until it returns a truthy value (returned) or `timeoutMs` passes (throws `message`). */
export async function waitFor(fn, { timeoutMs = 30_000, intervalMs = 250, message = 'condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	while (Date.now() < deadline) {
		last = await fn();
		if (last) return last;
		await sleep(intervalMs);
	}
	throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${message}`);
}


// ---------------------------------------------------------------------------------------
// Executions
// ---------------------------------------------------------------------------------------

/**
 * Runs a saved workflow from its Manual Trigger exactly as the editor's "Execute workflow"
 * button does (`POST /rest/workflows/:id/run`), waits for it to finish and returns the
 * execution with its data, read back through the public API.
 */
export async function runManualWorkflow({ rest, api }, workflowId, { timeoutMs = 120_000 } = {}) {
	const workflow = await api.get(`/workflows/${workflowId}`);
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`Workflow ${workflowId} has no Manual Trigger`);
	// n8n 1.x runs the workflow the editor sends along; 2.x reads the saved one.
	const workflowData = N8N_DIFFERENCES.manualRunSendsWorkflow ? await rest.get(`/workflows/${workflowId}`) : undefined;
	const { executionId } = await rest.post(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger.name }, ...(workflowData && { workflowData }) });
	if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}`);
	return await waitFor(
		async () => {
			const execution = await api.get(`/executions/${executionId}?includeData=true`);
			return ['new', 'running', 'waiting'].includes(execution.status) ? undefined : execution;
		},
		{ timeoutMs, intervalMs: 500, message: `execution ${executionId} of ${workflowId} to finish` },
	);
}

/**
 * Activates a workflow whose polling trigger n8n polls once on activation, and waits for that
 * poll: the simulator receives its first request, then none for a second (the poll is over).
 */
export async function activateAndAwaitPoll(api, sim, workflowId) {
	const answered = async () => (await sim.control('GET', '/counts')).requests;
	const before = await answered();
	await api.post(`/workflows/${workflowId}/activate`);
	await waitFor(async () => (await answered()) > before, { timeoutMs: 30_000, message: 'the activation poll to reach the API' });
	let last = -1;
	await waitFor(
		async () => {
			const now = await answered();
			const quiet = now === last;
			last = now;
			return quiet;
		},
		{ timeoutMs: 30_000, intervalMs: 1000, message: 'the activation poll to finish' },
	);
}

/**
 * Every execution of a workflow started by a trigger (up to 250), with the items the trigger
 * emitted and those `keptNode` output.
 */
export async function triggerExecutions(api, workflowId, triggerName, keptNode = 'Keep Result') {
	const { data } = await api.get(`/executions?workflowId=${workflowId}&includeData=true&limit=250`);
	const output = (execution, name) =>
		(execution.data?.resultData?.runData?.[name]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
	return data.map((execution) => ({
		id: execution.id,
		status: execution.status,
		mode: execution.mode,
		emitted: output(execution, triggerName),
		kept: output(execution, keptNode),
	}));
}

/** The JSON of every item a node output in an execution (first run, first output). */
export function nodeOutput(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	if (!runs) return undefined;
	return (runs[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

/** A readable summary of a failed execution for assertion messages. */
export function executionError(execution) {
	const error = execution.data?.resultData?.error;
	return error ? `${error.message}${error.description ? ` (${error.description})` : ''}` : `status ${execution.status}`;
}
