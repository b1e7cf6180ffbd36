/**
 * Boots the real thing for the end-to-end suite: the TwelveLabs simulator and an n8n 2.41.1
 * with the PACKED tarball installed as a community package in a fresh user folder, the owner
 * created from env, a credential pointing at the simulator, the example workflows imported
 * and a public-API key. Everything listens on 127.0.0.1 only; every process is started in its
 * own process group, recorded in a pid file of the run folder, and stopped by `stop()`.
 *
 * `npm run test:e2e` boots one environment for all test files (global-setup.mjs) and passes
 * its description through TWELVELABS_E2E_STATE. A test file run on its own
 * (`node --test test/e2e/trigger.test.mjs`) boots a private one through `useEnvironment()`.
 */
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const N8N_VERSION = '2.41.1';
const CACHE_ROOT = process.env.TWELVELABS_CACHE ?? path.join(os.homedir(), '.cache/n8n-nodes-twelvelabs');
export const N8N_APP_DIR = process.env.N8N_APP_DIR ?? path.join(CACHE_ROOT, `n8n-${N8N_VERSION}`);

/** Ports distinct from `npm start` (5678 / 4010) so both can run at once. */
export const PORTS = {
	n8n: Number(process.env.E2E_N8N_PORT ?? 5688),
	broker: Number(process.env.E2E_N8N_BROKER_PORT ?? 5689),
	simulator: Number(process.env.E2E_SIM_PORT ?? 4011),
};
export const SIM_API_KEY = 'sim-key';
/** The credential the example workflows reference (by this id and name). */
export const CREDENTIAL = { id: 'tlSimulatorCred1', name: 'TwelveLabs account', type: 'twelveLabsApi' };
export const OWNER = { email: 'e2e-owner@example.com', password: 'E2e-Passw0rd!', firstName: 'E2E', lastName: 'Owner' };
/** Sim ms per real ms: simulated tasks (5–30 sim seconds) finish in 0.25–1.5 s. */
export const SIM_SPEED = 20;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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
// Processes
// ---------------------------------------------------------------------------------------

/** Starts a detached process group, logging to `logFile`, and records its pid in the run folder. */
function startProcess(runDir, name, command, args, { env, cwd, logFile }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	fs.writeFileSync(path.join(runDir, `${name}.pid`), String(child.pid));
	child.exited = once(child, 'exit');
	return child;
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** SIGTERM to the whole group (n8n and its task runner), SIGKILL after `graceMs`. */
export async function stopProcessGroup(pid, graceMs = 15_000) {
	if (!pid || !isAlive(pid)) return;
	try {
		process.kill(-pid, 'SIGTERM');
	} catch {
		return;
	}
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline) {
		if (!isAlive(pid)) break;
		await sleep(200);
	}
	try {
		process.kill(-pid, 'SIGKILL'); // leftovers of the group (e.g. a runner child)
	} catch {
		// the group is gone
	}
}

async function assertPortFree(port) {
	const server = net.createServer();
	await new Promise((resolve, reject) => {
		server.once('error', (error) =>
			reject(
				new Error(
					`Port ${port} on 127.0.0.1 is in use (${error.code}). Is another e2e run or n8n still running? ` +
						'Set E2E_N8N_PORT / E2E_N8N_BROKER_PORT / E2E_SIM_PORT to use other ports.',
				),
			),
		);
		server.listen(port, '127.0.0.1', resolve);
	});
	await new Promise((resolve) => server.close(resolve));
}

async function waitForHttp(url, { timeoutMs, child, logFile, what }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child && child.exitCode !== null) {
			throw new Error(`${what} exited with code ${child.exitCode} before it was ready:\n${tail(logFile)}`);
		}
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	throw new Error(`${what} was not ready at ${url} after ${timeoutMs / 1000} s:\n${tail(logFile)}`);
}

export function tail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

// ---------------------------------------------------------------------------------------
// n8n
// ---------------------------------------------------------------------------------------

function n8nEntry() {
	const entry = path.join(N8N_APP_DIR, 'node_modules/n8n/bin/n8n');
	if (!fs.existsSync(path.join(N8N_APP_DIR, '.complete')) || !fs.existsSync(entry)) {
		throw new Error(`n8n ${N8N_VERSION} is not installed in ${N8N_APP_DIR}: run \`npm run test:e2e\` (it installs it once)`);
	}
	if (!process.versions.node.startsWith('24.')) {
		throw new Error(`n8n ${N8N_VERSION} needs Node 24; this is ${process.version}. Run through \`npm run test:e2e\`.`);
	}
	return entry;
}

/** bcrypt hash of the owner password, made with n8n's own bcryptjs. */
function passwordHash(password) {
	const require = createRequire(path.join(N8N_APP_DIR, 'package.json'));
	return require('bcryptjs').hashSync(password, 10);
}

/** The environment of every n8n process of one instance (CLI commands included). */
export function n8nEnv(home, ports, owner) {
	const base = `http://127.0.0.1:${ports.n8n}`;
	return {
		...process.env,
		N8N_USER_FOLDER: home,
		N8N_LISTEN_ADDRESS: '127.0.0.1', // the default listens on every interface
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(ports.n8n),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: base,
		WEBHOOK_URL: `${base}/`,
		N8N_RUNNERS_BROKER_PORT: String(ports.broker),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash(owner.password),
	};
}

function runN8nCli(args, env, logFile) {
	const output = execFileSync(process.execPath, [n8nEntry(), ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	fs.appendFileSync(logFile, `$ n8n ${args.join(' ')}\n${output}\n`);
	return output;
}

/** Packs the package (`npm pack`) into `dir` unless TWELVELABS_E2E_TGZ names a tarball already. */
function packedTarball(dir) {
	if (process.env.TWELVELABS_E2E_TGZ) return process.env.TWELVELABS_E2E_TGZ;
	fs.mkdirSync(dir, { recursive: true });
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT, encoding: 'utf8' })
		.trim()
		.split('\n')
		.pop();
	return path.join(dir, name);
}

/** Installs the tarball the way n8n installs a community package. */
function installCommunityPackage(home, tgz) {
	const nodesDir = path.join(home, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	// --prefer-offline: npm otherwise spends ~10 s revalidating the omitted peer's metadata.
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=peer', '--ignore-scripts', '--no-save', '--prefer-offline', tgz], {
		cwd: nodesDir,
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	const installed = path.join(nodesDir, 'node_modules/n8n-nodes-twelvelabs/package.json');
	if (!fs.existsSync(installed)) throw new Error(`The tarball did not install into ${nodesDir}`);
}

// ---------------------------------------------------------------------------------------
// REST / public API clients
// ---------------------------------------------------------------------------------------

/** Logs in through n8n's REST API (as the editor does); returns a client bound to the cookie. */
export async function restLogin(baseUrl, owner = OWNER) {
	// The auth cookie is bound to this browser id, which must accompany every later call.
	const browserId = `e2e-${process.pid}-${Date.now()}`;
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!response.ok) throw new Error(`REST login failed: ${response.status} ${await response.text()}`);
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const call = async (method, route, body) => {
		const res = await fetch(`${baseUrl}/rest${route}`, {
			method,
			headers: { cookie, 'browser-id': browserId, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		const json = text ? JSON.parse(text) : undefined;
		if (!res.ok) throw new Error(`${method} /rest${route}: ${res.status} ${text.slice(0, 500)}`);
		return json?.data ?? json;
	};
	return { cookie, browserId, get: (r) => call('GET', r), post: (r, b) => call('POST', r, b ?? {}), patch: (r, b) => call('PATCH', r, b) };
}

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

// ---------------------------------------------------------------------------------------
// The environment
// ---------------------------------------------------------------------------------------

/**
 * Boots everything into `runDir` (created if needed). Returns a JSON-serialisable state:
 * URLs, ports, the API key, pids, paths.
 */
export async function bootEnvironment({ runDir, ports = PORTS } = {}) {
	runDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'twelvelabs-e2e-'));
	const pids = {};
	try {
		return await boot(runDir, ports, pids);
	} catch (error) {
		// Whatever came up before the failure must not keep its port.
		await stopEnvironment({ pids });
		throw error;
	}
}

async function boot(runDir, ports, pids) {
	fs.mkdirSync(runDir, { recursive: true });
	const started = Date.now();
	const lap = (what) => log(`${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	for (const port of Object.values(ports)) await assertPortFree(port);

	// 1. The simulator, in its own process so it behaves exactly as with `npm start`.
	const simLog = path.join(runDir, 'simulator.log');
	const sim = startProcess(
		runDir,
		'simulator',
		process.execPath,
		['test/simulator/cli.js', '--port', String(ports.simulator), '--api-key', SIM_API_KEY, '--speed', String(SIM_SPEED), '--seed', '7'],
		{ cwd: REPO_ROOT, env: process.env, logFile: simLog },
	);
	pids.simulator = sim.pid;
	const simRoot = `http://127.0.0.1:${ports.simulator}`;
	await waitForHttp(`${simRoot}/__sim/health`, { timeoutMs: 15_000, child: sim, logFile: simLog, what: 'The simulator' });
	lap(`simulator on ${simRoot}`);

	// 2. A fresh n8n user folder with the packed tarball as a community package.
	const home = path.join(runDir, 'n8n-home');
	const tgz = packedTarball(path.join(runDir, 'pack'));
	installCommunityPackage(home, tgz);
	lap(`installed ${path.basename(tgz)} into ${home}/.n8n/nodes`);

	// 3. Credential and example workflows, imported with n8n's CLI before the server starts
	//    (the same commands `npm start` uses), then the server.
	const env = n8nEnv(home, ports, OWNER);
	const n8nLog = path.join(runDir, 'n8n.log');
	const credentialFile = path.join(runDir, 'credentials.json');
	fs.writeFileSync(
		credentialFile,
		JSON.stringify([{ ...CREDENTIAL, data: { apiKey: SIM_API_KEY, baseUrl: `${simRoot}/v1.3` } }]),
	);
	runN8nCli(['import:credentials', `--input=${credentialFile}`], env, n8nLog);
	runN8nCli(['import:workflow', '--separate', `--input=${path.join(REPO_ROOT, 'examples')}`], env, n8nLog);
	lap('imported the credential and the example workflows');

	const n8n = startProcess(runDir, 'n8n', process.execPath, [n8nEntry(), 'start'], { cwd: home, env, logFile: n8nLog });
	pids.n8n = n8n.pid;
	const n8nUrl = `http://127.0.0.1:${ports.n8n}`;
	await waitForHttp(`${n8nUrl}/healthz/readiness`, { timeoutMs: 120_000, child: n8n, logFile: n8nLog, what: 'n8n' });
	lap(`n8n ready on ${n8nUrl}`);

	// 4. A public-API key, created the way a user does it in Settings › n8n API.
	const rest = await restLogin(n8nUrl);
	const scopes = await rest.get('/api-keys/scopes');
	const apiKey = (await rest.post('/api-keys', { label: 'e2e', expiresAt: null, scopes })).rawApiKey;
	lap('API key created');

	return {
		runDir,
		home,
		tgz,
		ports,
		n8nUrl,
		simRoot,
		apiKey,
		owner: OWNER,
		credential: CREDENTIAL,
		pids,
		logs: { n8n: n8nLog, simulator: simLog },
	};
}

/** Stops n8n (and its runner) then the simulator. */
export async function stopEnvironment(state) {
	await stopProcessGroup(state.pids.n8n);
	await stopProcessGroup(state.pids.simulator, 5_000);
}

/**
 * The environment for a test file: the shared one of the run (global setup), or a private one
 * booted now and stopped after the file's tests.
 */
export async function useEnvironment(after) {
	const stateFile = process.env.TWELVELABS_E2E_STATE;
	if (stateFile && fs.existsSync(stateFile)) return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
	const state = await bootEnvironment();
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

export { sleep };

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
	const { executionId } = await rest.post(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger.name } });
	if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}`);
	return await waitFor(
		async () => {
			const execution = await api.get(`/executions/${executionId}?includeData=true`);
			return ['new', 'running', 'waiting'].includes(execution.status) ? undefined : execution;
		},
		{ timeoutMs, intervalMs: 500, message: `execution ${executionId} of ${workflowId} to finish` },
	);
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
