'use strict';
/**
 * The "many executions, one account" benchmark scenario (issue 16): the same 200 ready assets,
 * on the same simulated account (same seed, so the same analysis durations; 60 requests per
 * simulated minute for creates and, apart, for reads), analyzed three ways, one after the
 * other in this process:
 *
 * - `concurrent`: 20 executions of Analysis Task › Create and Wait, 10 videos each, started
 *   at once (Promise.all of runNode: what 20 workflow runs, or 20 queue-mode jobs, do to one
 *   account), each waiting for its own tasks;
 * - `oneExecution`: one execution of Analysis Task › Create and Wait holding all 200 items;
 * - `batch`: one execution of Analysis Batch › Create and Wait over the 200 items.
 *
 * Every time is in REAL milliseconds at the chosen speed (sim ms = real ms × speed); the
 * slowest task is the longest analysis duration the simulator drew for the 200 videos.
 */
const { runNode } = require('../harness/engine');
const { API_KEY, withDefaults } = require('./createAndWait');
const {
	DEFAULTS: BATCHES,
	pick,
	itemsFor,
	taskParameters,
	batchParameters,
	itemsFailed,
	runError,
	nodeVariant,
	variantFigures,
	runVariants,
} = require('./batchVsTasks');

const DEFAULTS = {
	// The account, the clock, the durations and the poll options of the batches scenario.
	...pick(BATCHES, [
		'seed',
		'speed',
		'minDurationMs',
		'maxDurationMs',
		'perMinute',
		'initialPollMs',
		'maxPollMs',
	]),
	/** Concurrent executions, and the videos of each. */
	executions: 20,
	videosPerExecution: 10,
	variants: ['concurrent', 'oneExecution', 'batch'],
	log: () => {},
};

/** N executions at once, each over its share of the assets; wall times of all and of each. */
async function runConcurrent(sim, options, assets, slowestMs) {
	const parameters = taskParameters(options, assets.length);
	const per = options.videosPerExecution;
	const started = performance.now();
	const runs = await Promise.all(
		Array.from({ length: options.executions }, async (_, execution) => {
			const items = itemsFor(assets.slice(execution * per, (execution + 1) * per), `e${execution}`);
			const result = await runNode({
				parameters,
				items,
				credentials: { apiKey: API_KEY, baseUrl: sim.url },
				continueOnFail: true,
				executionId: `bench-many-${options.seed}-${execution}`,
			});
			return {
				wallMs: performance.now() - started,
				failed: itemsFailed(result, items.length),
				error: runError(result),
			};
		}),
	);
	const figures = variantFigures(
		sim,
		{
			wallMs: performance.now() - started,
			itemsFailed: runs.reduce((n, run) => n + run.failed, 0),
			error: runs.find((run) => run.error)?.error,
		},
		assets.length,
		slowestMs,
	);
	const walls = runs.map((run) => Math.round(run.wallMs)).sort((a, b) => a - b);
	figures.executionWallMs = {
		min: walls[0],
		median: walls[Math.floor(walls.length / 2)],
		max: walls[walls.length - 1],
	};
	return figures;
}

const RUNNERS = {
	concurrent: runConcurrent,
	oneExecution: nodeVariant(taskParameters, 'many-one'),
	batch: nodeVariant(batchParameters, 'many-batch'),
};

/** Runs the scenario; returns the figures of each variant (times in real ms at `speed`). */
async function runManyExecutions(input = {}) {
	const options = withDefaults(DEFAULTS, input);
	const videos = options.executions * options.videosPerExecution;
	const { world, variants } = await runVariants(options, 'manyExecutions', videos, RUNNERS);
	return {
		...world,
		executions: options.executions,
		videosPerExecution: options.videosPerExecution,
		...variants,
	};
}

module.exports = { runManyExecutions, DEFAULTS };
