/**
 * `npm start` after scripts/start.sh has provisioned Node 24, the build and n8n: boots the
 * simulator and n8n with this package (scripts/n8n-environment.mjs) in a user folder kept
 * between runs, prints where everything is, and stays in the foreground until Ctrl-C, which
 * stops all of it. Settings (environment variables):
 *   N8N_PORT              n8n's port (default 5678); its task broker uses N8N_PORT + 1
 *   TWELVELABS_SIM_PORT   the simulator's port (default 4010)
 *   TWELVELABS_SIM_SPEED  simulated ms per real ms (default 10: demo tasks, 5–30 simulated
 *                         seconds long, finish in 0.5–3 s, while their statuses stay visible)
 *   TWELVELABS_START_HOME the n8n user folder (default: start-home in the cache folder;
 *                         start-home-v1 for n8n 1.x, whose database 2.x would migrate)
 *   TWELVELABS_N8N_VERSION or `--n8n` (read by start.sh): the n8n to run, e.g. 1.x
 *   TWELVELABS_DEMO_EMAIL, TWELVELABS_DEMO_PASSWORD  the owner's login
 * With `--queue` (`npm run start:queue`): n8n in queue mode, a main instance and 2 workers,
 * with PostgreSQL (port TWELVELABS_PG_PORT, default 5433) and Redis (TWELVELABS_REDIS_PORT,
 * default 6380) of its own; the workers' task brokers and health checks use N8N_PORT + 10…13.
 */
import path from 'node:path';
import { bootEnvironment, CACHE_ROOT, N8N_MAJOR, N8N_NODE_VERSION, N8N_VERSION, SIM_API_KEY, log, sleep, stopEnvironment, tail } from './n8n-environment.mjs';

// Counted from when start.sh began, provisioning included.
const started = Number(process.env.TWELVELABS_STARTED_MS ?? Date.now());
const n8nPort = Number(process.env.N8N_PORT ?? 5678);
const queue = process.argv.includes('--queue');
const ports = {
	n8n: n8nPort,
	broker: Number(process.env.N8N_RUNNERS_BROKER_PORT ?? n8nPort + 1),
	simulator: Number(process.env.TWELVELABS_SIM_PORT ?? 4010),
	...(queue && {
		postgres: Number(process.env.TWELVELABS_PG_PORT ?? 5433),
		redis: Number(process.env.TWELVELABS_REDIS_PORT ?? 6380),
		workers: [0, 1].map((index) => ({ broker: n8nPort + 10 + 2 * index, health: n8nPort + 11 + 2 * index })),
	}),
};
const speed = process.env.TWELVELABS_SIM_SPEED ?? '10';
const owner = {
	email: process.env.TWELVELABS_DEMO_EMAIL ?? 'owner@example.com',
	password: process.env.TWELVELABS_DEMO_PASSWORD ?? 'TwelveLabs-demo1',
	firstName: 'Demo',
	lastName: 'Owner',
};
const home = process.env.TWELVELABS_START_HOME ?? path.join(CACHE_ROOT, queue ? 'start-queue-home' : N8N_MAJOR === 2 ? 'start-home' : `start-home-v${N8N_MAJOR}`);
const runDir = path.join(home, 'run');

// A Ctrl-C in a terminal reaches npm and this process together, and npm forwards it once
// more: the first signal stops everything (n8n and the simulator at once), later ones wait.
const pids = {};
let stopping;
const stop = (exitCode) => {
	stopping ??= (async () => {
		log(`Stopping n8n, its task runner${queue ? ', the workers' : ''} and the simulator${queue ? ', then PostgreSQL and Redis' : ''}`);
		await stopEnvironment({ pids });
		process.exit(exitCode);
	})();
	return stopping;
};
process.on('SIGINT', () => stop(130));
process.on('SIGTERM', () => stop(143));

let state;
try {
	state = await bootEnvironment(
		{
			home,
			runDir,
			ports,
			portHint: 'Another npm start? Stop it, or set N8N_PORT / TWELVELABS_SIM_PORT (queue mode: also TWELVELABS_PG_PORT / TWELVELABS_REDIS_PORT).',
			queue: queue && { freshDatabase: false },
			owner,
			simulatorArgs: ['--speed', speed],
			// A little history so "Get Many" and "Delete Failed Tasks" have something to show.
			history: { n: 6, status: ['ready', 'ready', 'failed'], customIdPrefix: 'history-' },
		},
		pids,
	);
} catch (error) {
	if (!stopping) {
		log(error instanceof Error ? error.message : String(error));
		process.exit(1);
	}
	await stopping;
}

const simUrl = `${state.simRoot}/v1.3`;
process.stderr.write(`
  ┌──────────────────────────────────────────────────────────────────────
  │ n8n is ready (${N8N_VERSION} on Node ${N8N_NODE_VERSION}, in ${Math.round((Date.now() - started) / 1000)} s): ${state.n8nUrl}
  │ Log in:      ${owner.email}  /  ${owner.password}
  │ Credential:  "${state.credential.name}" → the simulator, ${simUrl} (key ${SIM_API_KEY})
  │ Workflows:   the examples, e.g. ${state.n8nUrl}/workflow/tlExSummarize001
  │ Public API:  key in ${state.apiKeyFile}
  │ Logs:        ${runDir}/{n8n,simulator${queue ? ',worker-1,worker-2,postgres,redis' : ''}}.log${queue ? `
  │ Queue mode:  main + 2 workers; PostgreSQL 127.0.0.1:${ports.postgres}, Redis 127.0.0.1:${ports.redis}` : ''}
  │ Press Ctrl-C to stop ${queue ? 'all of it' : 'n8n and the simulator'}.
  └──────────────────────────────────────────────────────────────────────

`);

// In the foreground until Ctrl-C, or until n8n stops by itself.
const alive = (pid) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};
while (alive(pids.n8n)) await sleep(1000);
if (!stopping) {
	log(`n8n exited; last lines of ${state.logs.n8n}:\n${tail(state.logs.n8n, 20)}`);
	await stop(1);
}
