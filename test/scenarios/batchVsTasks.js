'use strict';
/**
 * The batches benchmark scenario (issue 14): the same 1,000 ready assets, on the same simulated
 * account (same seed, so the same analysis durations; 60 requests per simulated minute for
 * creates and, apart, for reads), analyzed three ways, one after the other in this process:
 *
 * - `batch`: the built node's Analysis Batch › Create and Wait over 1,000 input items (one
 *   batch of 1,000 requests), through n8n-core's engine (test/harness/engine.js);
 * - `tasks`: the built node's Analysis Task › Create and Wait over the same 1,000 items, by
 *   asset ID (1,000 creates, then the list-and-GET waiter);
 * - `naive`: plain fetch, one task at a time: create, GET every 5 s until final, then the
 *   next (createAndWait.js's naive loop). It would take the sum of all durations (days of
 *   simulated time), so it runs for a real-time budget and its full figures are projected
 *   from the videos it finished, by their share of the summed durations.
 *
 * Every time is in REAL milliseconds at the chosen speed (sim ms = real ms × speed). The
 * slowest item is the longest analysis duration the simulator drew for the 1,000 videos (the
 * same in every variant); memory is sampled every 10 ms (assetUpload.js) and includes the
 * simulator, which runs in the same process.
 */
const { runNode } = require('../harness/engine');
const { CREATE_GENERAL, createAndWaitParameters } = require('../harness/parameters');
const {
	DEFAULTS: CREATE_AND_WAIT,
	API_KEY,
	withDefaults,
	round,
	naiveLoop,
	withSimulator,
	freshWorld,
	simFigures,
} = require('./createAndWait');
const { measured } = require('./assetUpload');

const MINUTE_MS = 60_000;
const pick = (object, keys) => Object.fromEntries(keys.map((key) => [key, object[key]]));

const DEFAULTS = {
	// seed, perMinute (per category: creates; reads), the naive loop's baselineIntervalMs and
	// the nodes' initialPollMs and maxPollMs (sim ms): as in the Create and Wait scenario.
	...pick(CREATE_AND_WAIT, [
		'seed',
		'perMinute',
		'baselineIntervalMs',
		'initialPollMs',
		'maxPollMs',
	]),
	/**
	 * Sim ms per real ms. The node's own work (reading 1,000 items, building the output) runs
	 * on the real clock and so counts `speed` times over in simulated time: 100 keeps that
	 * to well under a tenth of the slowest item (see `preparationMs`).
	 */
	speed: 100,
	videos: 1000,
	/** Analysis durations (sim ms), drawn uniformly by the simulator for each task. */
	minDurationMs: 30_000,
	maxDurationMs: 10 * MINUTE_MS,
	/** Real ms after which the naive loop starts no new video (its figures are then projected). */
	naiveBudgetMs: 60_000,
	variants: ['batch', 'tasks', 'naive'],
	log: () => {},
};

const credentialsOf = (sim) => ({ apiKey: API_KEY, baseUrl: sim.url });

/** The simulator options of every world of these scenarios, over createAndWait's freshWorld. */
function worldOptions(options) {
	return { durations: { minMs: options.minDurationMs, maxMs: options.maxDurationMs } };
}

/** `count` ready assets created directly in the simulator (no request); their IDs, in order. */
function createAssets(sim, count, prefix = 'bench') {
	return Array.from(
		{ length: count },
		(_, index) => sim.createAssetDirect({ filename: `${prefix}-${index}.mp4` }).assetId,
	);
}

const itemsFor = (assetIds, prefix = 'video') =>
	assetIds.map((asset, index) => ({ json: { asset, id: `${prefix}-${index}` } }));

/**
 * The analysis durations (sim ms) the simulator draws for the first `count` tasks of a fresh
 * world (the draws follow the creation sequence, whatever the video): read from tasks created
 * directly, then the world is reset again.
 */
function plannedDurations(sim, options, count) {
	freshWorld(sim, options, worldOptions(options));
	const [asset] = createAssets(sim, 1, 'probe');
	for (let index = 0; index < count; index++)
		sim.createTaskDirect(taskBody(asset), { external: false });
	const durations = sim.tasks().map((task) => task.durationMs);
	freshWorld(sim, options, worldOptions(options));
	return durations;
}

/** The nodes' wait options (seconds on the real clock), generous for `videos` at the rate limit. */
function waitOptions(options, videos) {
	const { speed } = options;
	// Every create and every full read at the rate limit, plus four times the slowest task.
	const floorMs = (2 * videos * MINUTE_MS) / options.perMinute + 4 * options.maxDurationMs;
	return {
		initialPollInterval: options.initialPollMs / 1000 / speed,
		maxPollInterval: options.maxPollMs / 1000 / speed,
		waitTimeout: Math.max(1, Math.ceil((2 * floorMs) / 1000 / speed)),
		onTimeout: 'fail',
	};
}

/** Analysis Task › Create and Wait, the video of each item being its `asset`. */
function taskParameters(options, videos) {
	return createAndWaitParameters(waitOptions(options, videos), {
		videoSource: 'assetId',
		assetId: '={{ $json.asset }}',
	});
}

/** Analysis Batch › Create and Wait: each item's `asset`, custom ID `id`, the form's defaults. */
function batchParameters(options, videos) {
	const { videoUrl: _url, videoSource: _source, ...shared } = CREATE_GENERAL;
	return {
		...shared,
		resource: 'analysisBatch',
		operation: 'createAndWait',
		batchAssetId: '={{ $json.asset }}',
		batchCustomId: '={{ $json.id }}',
		output: 'simplified',
		options: waitOptions(options, videos),
	};
}

/** A task create body for an asset, as the naive loop sends it. */
function taskBody(assetId) {
	return {
		video: { type: 'asset_id', asset_id: assetId },
		model_name: CREATE_GENERAL.model,
		analysis_mode: CREATE_GENERAL.analysisMode,
		prompt: CREATE_GENERAL.prompt,
	};
}

/** Items of a run that did not end as a ready result (all of them when the run failed). */
function itemsFailed(result, expected) {
	if (result.error) return expected;
	return (
		expected - result.items.filter((item) => !item.error && item.json.status === 'ready').length
	);
}

const runError = (result) =>
	result.error ? `${result.error.message} ${result.error.description ?? ''}`.trim() : undefined;

/** Real ms from `startedAtSim` to the first request the simulator saw (the node's preparation). */
function untilFirstRequestMs(sim, startedAtSim) {
	const [first] = sim.requests();
	return first ? Math.round((first.time - startedAtSim) / sim.currentOptions().speed) : null;
}

/** One node run, its wall time and memory measured. */
async function runMeasuredNode(sim, parameters, items, executionId) {
	const startedAtSim = sim.now();
	const run = await measured(() =>
		runNode({
			parameters,
			items,
			credentials: credentialsOf(sim),
			continueOnFail: true,
			executionId,
		}),
	);
	return {
		wallMs: run.wallMs,
		preparationMs: untilFirstRequestMs(sim, startedAtSim),
		peakRssMiB: run.peakRssMiB,
		peakHeapMiB: run.peakHeapMiB,
		itemsFailed: itemsFailed(run.result, items.length),
		error: runError(run.result),
	};
}

/** Whether the tasks of a run drew the planned durations (the first of them, in any order). */
function drewPlannedDurations(sim, durations) {
	const drawn = sim.tasks().map((task) => task.durationMs);
	const sorted = (list) => [...list].sort((a, b) => a - b).join();
	return sorted(drawn) === sorted(durations.slice(0, drawn.length));
}

/** Figures per video from what the simulator saw, and the wall time over the slowest item. */
function variantFigures(sim, measuredRun, videos, slowestMs) {
	const { timeline: _timeline, ...seen } = simFigures(sim, videos);
	const figures = {
		videos,
		wallMs: Math.round(measuredRun.wallMs),
		wallOverSlowest: round(measuredRun.wallMs / slowestMs, 3),
		requests: seen.requests,
		requestsPerVideo: round(seen.requests / videos, 3),
		rateLimited: seen.rateLimited,
		rateLimitedPerVideo: round(seen.rateLimited / videos, 3),
		itemsFailed: measuredRun.itemsFailed,
		byRoute: seen.byRoute,
		tasksCreated: seen.tasksCreated,
		batchesCreated: sim.stats().batchCreates,
	};
	for (const key of ['preparationMs', 'peakRssMiB', 'peakHeapMiB', 'error'])
		if (measuredRun[key] !== undefined) figures[key] = measuredRun[key];
	return figures;
}

/** A variant that runs the node once over every asset, with `parametersOf(options, count)`. */
function nodeVariant(parametersOf, label) {
	return async (sim, options, assets, slowestMs) => {
		const run = await runMeasuredNode(
			sim,
			parametersOf(options, assets.length),
			itemsFor(assets),
			`bench-${label}-${options.seed}`,
		);
		return variantFigures(sim, run, assets.length, slowestMs);
	};
}

/** The naive loop for the budget, then its figures for all videos, projected. */
async function runNaive(sim, options, assets, slowestMs, durations) {
	const run = await measured(() =>
		naiveLoop(sim, options, assets.map(taskBody), { budgetMs: options.naiveBudgetMs }),
	);
	const { itemsDone } = run.result;
	const seen = variantFigures(
		sim,
		{ ...run.result, peakRssMiB: run.peakRssMiB, peakHeapMiB: run.peakHeapMiB },
		itemsDone,
		slowestMs,
	);
	const sum = (list) => list.reduce((a, b) => a + b, 0);
	// Its time and its reads follow the durations of the videos it analyzed; one create each.
	const scale = sum(durations) / sum(durations.slice(0, itemsDone));
	const creates = itemsDone;
	const projectedRequests = assets.length + (seen.requests - creates) * scale;
	return {
		...seen,
		measured: { videos: itemsDone, wallMs: seen.wallMs, requests: seen.requests },
		projected: itemsDone < assets.length,
		videos: assets.length,
		wallMs: Math.round(seen.wallMs * scale),
		wallOverSlowest: round((seen.wallMs * scale) / slowestMs, 3),
		requests: Math.round(projectedRequests),
		requestsPerVideo: round(projectedRequests / assets.length, 3),
	};
}

const RUNNERS = {
	batch: nodeVariant(batchParameters, 'batches-batch'),
	tasks: nodeVariant(taskParameters, 'batches-tasks'),
	naive: runNaive,
};

/**
 * Runs `runners[name](sim, options, assets, slowestMs, durations)` for each of
 * `options.variants`, each in a fresh world with `count` ready assets; returns the figures
 * of the world (the planned durations) and of each variant.
 */
async function runVariants(options, label, count, runners) {
	return withSimulator(options, async (sim) => {
		const durations = plannedDurations(sim, options, count);
		const slowestMs = Math.max(...durations) / options.speed;
		const variants = {};
		for (const name of options.variants) {
			freshWorld(sim, options, worldOptions(options));
			const assets = createAssets(sim, count);
			options.log(`${label}: ${name} …`);
			const figures = await runners[name](sim, options, assets, slowestMs, durations);
			figures.durationsAsPlanned = drewPlannedDurations(sim, durations);
			variants[name] = figures;
			options.log(`${label}: ${name} done in ${figures.wallMs} ms, ${figures.requests} requests`);
		}
		const world = {
			videos: count,
			speed: options.speed,
			perMinute: options.perMinute,
			durationsSimMs: { min: Math.min(...durations), max: Math.max(...durations) },
			slowestMs: round(slowestMs, 1),
			sumOfDurationsMs: round(durations.reduce((a, b) => a + b, 0) / options.speed, 1),
		};
		return { world, variants };
	});
}

/** Runs the scenario; returns the figures of each variant (times in real ms at `speed`). */
async function runBatchVsTasks(input = {}) {
	const options = withDefaults(DEFAULTS, input);
	const { world, variants } = await runVariants(options, 'batches', options.videos, RUNNERS);
	const ratio = (a, b) => (a && b ? round(a / b, 1) : null);
	const { batch, tasks, naive } = variants;
	return {
		...world,
		batch,
		tasks,
		naive,
		tasksOverBatch: {
			requests: ratio(tasks?.requests, batch?.requests),
			wallMs: ratio(tasks?.wallMs, batch?.wallMs),
		},
		naiveOverBatch: {
			requests: ratio(naive?.requests, batch?.requests),
			wallMs: ratio(naive?.wallMs, batch?.wallMs),
		},
	};
}

module.exports = {
	runBatchVsTasks,
	DEFAULTS,
	// Shared with manyExecutions.js.
	pick,
	itemsFor,
	taskParameters,
	batchParameters,
	itemsFailed,
	runError,
	nodeVariant,
	variantFigures,
	runVariants,
};
