/**
 * `node --test --test-global-setup=…`: boots one environment (simulator + n8n) for every test
 * file of the run and stops it at the end. The test files find it through
 * TWELVELABS_E2E_STATE (a JSON file in the run folder); the pid files in the same folder let
 * scripts/test-e2e.sh stop everything even if this process dies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bootSuiteEnvironment, log, stopEnvironment } from './environment.mjs';

let state;

export async function globalSetup() {
	const runDir = process.env.TWELVELABS_E2E_RUN_DIR;
	const started = Date.now();
	state = await bootSuiteEnvironment(runDir);
	const stateFile = path.join(state.runDir, 'state.json');
	fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
	process.env.TWELVELABS_E2E_STATE = stateFile;
	log(`environment ready in ${((Date.now() - started) / 1000).toFixed(1)} s (run folder ${state.runDir})`);
}

export async function globalTeardown() {
	if (!state) return;
	const started = Date.now();
	await stopEnvironment(state);
	log(`environment stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
