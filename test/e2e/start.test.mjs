/**
 * `npm start` as a person runs it in a terminal: it comes up, Ctrl-C stops everything it
 * started, and a second `npm start` comes up on the same ports. Ctrl-C in a terminal is a
 * SIGINT to the whole foreground process group (npm, the script, whatever did not leave the
 * group), so the test starts `npm start` in a process group of its own and signals the group.
 * Ports and the n8n user folder are its own, so it runs beside the suite's environment. It
 * starts the n8n the suite runs (TWELVELABS_N8N_VERSION, set by test-e2e.sh, reaches npm start).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { PORTS as SUITE_PORTS, REPO_ROOT, timed } from './support/environment.mjs';

// Next to the suite's own (5698, 5699, 4012 by default; they move with E2E_N8N_PORT / E2E_SIM_PORT).
const PORTS = { n8n: SUITE_PORTS.n8n + 10, broker: SUITE_PORTS.n8n + 11, simulator: SUITE_PORTS.simulator + 1 };
const home = fs.mkdtempSync(path.join(process.env.TWELVELABS_E2E_RUN_DIR ?? os.tmpdir(), 'start-home-'));
const running = new Set();

// Whatever happened: npm's group, then the groups npm start records (n8n, the simulator).
after(() => {
	const groups = [...running].map((child) => child.pid);
	const runDir = path.join(home, 'run');
	for (const file of fs.existsSync(runDir) ? fs.readdirSync(runDir) : [])
		if (file.endsWith('.pid')) groups.push(Number(fs.readFileSync(path.join(runDir, file), 'utf8')));
	for (const pid of groups) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {}
	}
	fs.rmSync(home, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether something accepts connections on 127.0.0.1:port. */
async function listening(port) {
	return await new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** `npm start` in its own process group; resolves once it prints "n8n is ready". */
async function npmStart() {
	const child = spawn('npm', ['start'], {
		cwd: REPO_ROOT,
		detached: true, // a process group of its own, like a terminal's foreground job
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			N8N_PORT: String(PORTS.n8n),
			N8N_RUNNERS_BROKER_PORT: String(PORTS.broker),
			TWELVELABS_SIM_PORT: String(PORTS.simulator),
			TWELVELABS_START_HOME: home,
		},
	});
	running.add(child);
	let output = '';
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const deadline = Date.now() + 240_000;
	while (!output.includes('n8n is ready')) {
		if (child.exitCode !== null || Date.now() > deadline)
			throw new Error(`npm start did not come up:\n${output.slice(-3000)}`);
		await sleep(250);
	}
	return { child, exited, output: () => output };
}

/** Ctrl-C: SIGINT to the foreground process group. Resolves when npm has exited. */
async function ctrlC({ child, exited, output }) {
	process.kill(-child.pid, 'SIGINT');
	let timer;
	const timeout = new Promise((resolve) => (timer = setTimeout(resolve, 60_000, 'timeout')));
	const result = await Promise.race([exited, timeout]);
	clearTimeout(timer);
	assert.notEqual(result, 'timeout', `npm start did not exit after Ctrl-C:\n${output().slice(-2000)}`);
	running.delete(child);
	return result;
}

test('npm start: Ctrl-C stops n8n, its task runner and the simulator; a second start comes up', { timeout: 600_000 }, async () => {
	await timed('npm start, Ctrl-C, npm start, Ctrl-C', async () => {
		for (const port of Object.values(PORTS)) assert.equal(await listening(port), false, `port ${port} is free before the test`);

		for (const round of [1, 2]) {
			const started = await npmStart();
			for (const port of [PORTS.n8n, PORTS.simulator])
				assert.equal(await listening(port), true, `round ${round}: port ${port} listens once n8n is ready`);
			await ctrlC(started);
			for (const port of Object.values(PORTS))
				assert.equal(await listening(port), false, `round ${round}: nothing listens on ${port} after Ctrl-C`);
			assert.match(started.output(), /Stopping n8n, its task runner and the simulator/);
		}
	});
});
