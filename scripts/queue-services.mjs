/**
 * PostgreSQL and Redis for n8n's queue mode (`npm run start:queue`, `npm run test:queue`), from
 * Debian's packages (scripts/lib.sh installs them when missing), each a process of our own on
 * 127.0.0.1 with its data under the cache folder, never the system's service.
 *
 * PostgreSQL refuses to run as root: as root it runs as the `postgres` user the Debian package
 * creates, and its data folder must be one that user can reach. The cache folder usually lives
 * in /root, which it cannot; the data then goes to /var/tmp/n8n-nodes-twelvelabs (said in the
 * log). Authentication is `trust` on 127.0.0.1 only: a local, throwaway database.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const DB = { user: 'n8n', password: 'n8n', database: 'n8n' };

const isRoot = () => process.getuid?.() === 0;

/** The newest PostgreSQL server Debian installed (/usr/lib/postgresql/<major>/bin). */
export function postgresBin() {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, 'bin/postgres'))).sort((a, b) => Number(b) - Number(a))
		: [];
	if (majors.length === 0) throw new Error('PostgreSQL is not installed: run `npm run start:queue` (it installs it), or `apt-get install postgresql`');
	return { major: majors[0], dir: path.join(root, majors[0], 'bin') };
}

/** Runs `command` as the user PostgreSQL runs as (root → postgres). */
function asDbUser(command, args) {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** Whether the `postgres` user can create files in `dir` (every parent must be traversable). */
function reachableByDbUser(dir) {
	if (!isRoot()) return true;
	fs.mkdirSync(dir, { recursive: true });
	try {
		execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/**
 * The data folder, one per port (so `start:queue` and `test:queue` never share a cluster):
 * `<cache>/queue/postgres-<major>-<port>`, or /var/tmp when PostgreSQL cannot reach the cache.
 */
export function postgresDataDir(cacheRoot, major, port, log) {
	const preferred = path.join(cacheRoot, 'queue');
	if (reachableByDbUser(preferred)) return path.join(preferred, `postgres-${major}-${port}`);
	const fallback = '/var/tmp/n8n-nodes-twelvelabs';
	log(`PostgreSQL cannot run as root and the user 'postgres' cannot reach ${preferred}; its data goes to ${fallback}`);
	fs.mkdirSync(fallback, { recursive: true, mode: 0o755 });
	return path.join(fallback, `postgres-${major}-${port}`);
}

function initDatabase(bin, dataDir, logFile) {
	if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
	fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dataDir]);
	const pwfile = path.join(path.dirname(dataDir), `.pw-${process.pid}`);
	fs.writeFileSync(pwfile, DB.password, { mode: 0o644 });
	try {
		const [command, args] = asDbUser(path.join(bin.dir, 'initdb'), [
			'-D', dataDir, '-U', DB.user, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=trust', '--encoding=UTF8', '--no-instructions',
		]);
		fs.appendFileSync(logFile, execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
	} finally {
		fs.rmSync(pwfile, { force: true });
	}
	return true;
}

async function waitForPort(port, { timeoutMs, child, logFile, what }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}:\n${tailOf(logFile)}`);
		const open = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1', () => {
				socket.destroy();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s:\n${tailOf(logFile)}`);
}

function tailOf(file) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
	} catch {
		return '(no log)';
	}
}

function start(runDir, name, [command, args], logFile) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	fs.writeFileSync(path.join(runDir, `${name}.pid`), String(child.pid));
	child.exited = once(child, 'exit');
	return child;
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` (a new cluster the first time) and makes sure the
 * database `n8n` exists (emptied first with `freshDatabase`, for a test run). Returns the child.
 */
export async function startPostgres({ cacheRoot, runDir, port, log, freshDatabase = false }) {
	const bin = postgresBin();
	const dataDir = postgresDataDir(cacheRoot, bin.major, port, log);
	const logFile = path.join(runDir, 'postgres.log');
	if (initDatabase(bin, dataDir, logFile)) log(`PostgreSQL ${bin.major}: new cluster in ${dataDir}`);
	const child = start(
		runDir,
		'postgres',
		asDbUser(path.join(bin.dir, 'postgres'), [
			'-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=100',
		]),
		logFile,
	);
	await waitForPort(port, { timeoutMs: 30_000, child, logFile, what: 'PostgreSQL' });
	const [command, args] = asDbUser(path.join(bin.dir, 'psql'), [
		'-h', '127.0.0.1', '-p', String(port), '-U', DB.user, '-d', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${DB.database}'`,
	]);
	let exists = await retry(() => execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() === '1');
	if (exists && freshDatabase) {
		const [drop, dropArgs] = asDbUser(path.join(bin.dir, 'dropdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB.user, '--force', DB.database]);
		execFileSync(drop, dropArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
		exists = false;
	}
	if (!exists) {
		const [create, createArgs] = asDbUser(path.join(bin.dir, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB.user, DB.database]);
		execFileSync(create, createArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
	}
	return { child, dataDir };
}

/** The first answers of a server that has just opened its port may still be "starting up". */
async function retry(fn, attempts = 20) {
	for (let attempt = 1; ; attempt++) {
		try {
			return fn();
		} catch (error) {
			if (attempt >= attempts) throw error;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}

/** Starts Redis on 127.0.0.1:`port`, data (none persisted: a queue of this run) under the cache. */
export async function startRedis({ cacheRoot, runDir, port }) {
	const dir = path.join(cacheRoot, 'queue', 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(runDir, 'redis.log');
	const child = start(
		runDir,
		'redis',
		['redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes']],
		logFile,
	);
	await waitForPort(port, { timeoutMs: 15_000, child, logFile, what: 'Redis' });
	return { child };
}

/** What every n8n process of a queue-mode instance needs in its environment. */
export function queueEnv({ postgresPort, redisPort }) {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgresPort),
		DB_POSTGRESDB_DATABASE: DB.database,
		DB_POSTGRESDB_USER: DB.user,
		DB_POSTGRESDB_PASSWORD: DB.password,
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		// n8n 2.x runs manual executions on workers in queue mode only when asked (3.x always).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}
