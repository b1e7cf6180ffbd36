'use strict';
/**
 * The Create and Wait benchmark scenario: the same 50 tasks, on the same simulated API
 * (same seed, same per-task durations, a 60 requests/minute limit counted on the sim
 * clock), waited for three ways, one after the other in this process:
 *
 * - `ours`: the built node's Create and Wait operation over 50 input items, run through
 *   n8n-core's engine (test/harness/engine.js), with its poll options scaled to the clock;
 * - `naive`: plain fetch, item by item: create one task, GET it every 5 s until it is
 *   final, then the next item (the loop the SDKs' 5 s fixed interval suggests);
 * - `perTaskPolling`: create every task at once, then every 5 s GET each pending task.
 *
 * Both baselines honour 429 Retry-After (otherwise they would simply fail) and count the
 * 429s they got. Every figure is in REAL milliseconds at the chosen speed; a sim duration
 * is `real ms × speed`.
 */
const { createSimulator, mulberry32, hashString } = require('../simulator');
const { runNode, loadPackage } = require('../harness/engine');
const { createAndWaitParameters } = require('../harness/parameters');

const API_KEY = 'tlk_bench_key_not_a_secret';
const FINAL = new Set(['ready', 'failed', 'canceled']);
const MINUTE_MS = 60_000;

const DEFAULTS = {
	seed: 1,
	/** Sim ms per real ms. 200 puts the node's 2 s initial interval at its 10 ms floor. */
	speed: 200,
	tasks: 50,
	/** Task durations (sim ms): 20 s … 20 min, spread evenly on a log scale. */
	minDurationMs: 20_000,
	maxDurationMs: 20 * MINUTE_MS,
	perMinute: 60,
	/** The baselines' fixed poll interval (sim ms), as the TwelveLabs SDKs use for other tasks. */
	baselineIntervalMs: 5_000,
	/** The node's poll options (sim ms), scaled to the clock. */
	initialPollMs: 2_000,
	maxPollMs: 30_000,
	/** Which variants to run. */
	variants: ['ours', 'naive', 'perTaskPolling'],
	/** Called with a line of progress text. */
	log: () => {},
};

/** The scenario's options: `input` over `defaults`, an undefined value leaving the default. */
const withDefaults = (defaults, input) => ({
	...defaults,
	...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const round = (value, digits = 2) =>
	Number.isFinite(value) ? Number(value.toFixed(digits)) : value;

/**
 * Per-task durations (sim ms), seeded: stratified over a log scale between min and max,
 * so both ends are always present (the slowest task is exactly `max`), short videos are
 * more common than long ones, and the order of items is shuffled.
 */
function taskDurations({ seed, tasks, minDurationMs, maxDurationMs }) {
	const random = mulberry32(hashString(`createAndWait-durations:${seed}`));
	const ratio = maxDurationMs / minDurationMs;
	const durations = Array.from({ length: tasks }, (_, index) => {
		const position = index === 0 ? 0 : index === tasks - 1 ? 1 : (index + random()) / tasks;
		return Math.round((minDurationMs * ratio ** position) / 1000) * 1000;
	});
	for (let index = durations.length - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[durations[index], durations[other]] = [durations[other], durations[index]];
	}
	return durations;
}

function videoUrl(index, durationMs) {
	return `https://videos.example.com/bench-${index}.mp4?sim_duration=${durationMs}&sim_outcome=ready`;
}

/** What the simulator saw during one variant. */
function simFigures(sim, tasks) {
	const counts = sim.counts();
	const requests = sim.requests();
	const byRoute = {};
	for (const [route, count] of Object.entries(counts.byRoute)) byRoute[route] = count;
	const stats = sim.stats();
	return {
		requests: counts.requests,
		requestsPerTask: round(counts.requests / tasks, 2),
		rateLimited: counts.rateLimited,
		byRoute,
		creates: stats.creates,
		tasksCreated: stats.tasks,
		duplicateCreates: stats.duplicateCreates,
		// For investigations: [sim ms since the first request, "METHOD route", status].
		timeline: requests.map((entry) => [
			entry.time - requests[0].time,
			`${entry.method} ${entry.route}`,
			entry.status,
		]),
	};
}

/**
 * Loads the package, then runs `work(sim)` on a started simulator for the options (seed,
 * speed, the bench key, `perMinute` per category), and stops it.
 */
async function withSimulator(options, work) {
	await loadPackage(); // load dist/ before any clock starts
	const sim = createSimulator({
		seed: options.seed,
		speed: options.speed,
		apiKeys: [API_KEY],
		rateLimit: { perMinute: options.perMinute },
	});
	await sim.start(0);
	try {
		return await work(sim);
	} finally {
		await sim.stop();
	}
}

/**
 * Resets the simulator to the same world for a variant: same seed, clock at a minute boundary;
 * `extra` adds simulator options (durations, batches, …).
 */
function freshWorld(sim, options, extra = {}) {
	const startAt = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
	sim.reset({
		seed: options.seed,
		speed: options.speed,
		startAt,
		apiKeys: [API_KEY],
		rateLimit: { perMinute: options.perMinute },
		...extra,
	});
}

// ---------------------------------------------------------------------------------------
// ours: the node through n8n's engine
// ---------------------------------------------------------------------------------------

async function runOurs(sim, options, durations) {
	const { speed } = options;
	const parameters = createAndWaitParameters({
		initialPollInterval: options.initialPollMs / 1000 / speed,
		maxPollInterval: options.maxPollMs / 1000 / speed,
		// Generous: four times the slowest task.
		waitTimeout: Math.max(1, Math.ceil((4 * Math.max(...durations)) / 1000 / speed)),
		onTimeout: 'fail',
	});
	const items = durations.map((durationMs, index) => ({
		json: { url: videoUrl(index, durationMs) },
	}));
	const started = performance.now();
	const result = await runNode({
		parameters,
		items,
		credentials: { apiKey: API_KEY, baseUrl: sim.url },
		continueOnFail: true,
		executionId: `bench-create-and-wait-${options.seed}`,
	});
	const wallMs = performance.now() - started;
	const failedItems = result.error
		? durations.length
		: durations.length -
			result.items.filter((item) => !item.error && item.json.status === 'ready').length;
	return {
		wallMs,
		itemsFailed: failedItems,
		error: result.error
			? `${result.error.message} ${result.error.description ?? ''}`.trim()
			: undefined,
		outputItems: result.items.length,
	};
}

// ---------------------------------------------------------------------------------------
// baselines: plain fetch
// ---------------------------------------------------------------------------------------

/** One API call that waits out 429s (Retry-After, fractional on a sped-up clock). */
async function call(sim, counter, method, path, body) {
	for (;;) {
		const response = await fetch(`${sim.url}${path}`, {
			method,
			headers: {
				'x-api-key': API_KEY,
				accept: 'application/json',
				...(body ? { 'content-type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		if (response.status === 429) {
			counter.rateLimited++;
			await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
			continue;
		}
		if (response.status >= 300)
			throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
		return JSON.parse(text);
	}
}

const createBody = (index, durationMs) => ({
	video: { type: 'url', url: videoUrl(index, durationMs) },
	model_name: 'pegasus1.5',
	analysis_mode: 'general',
	prompt: 'Summarize the video',
});

/**
 * The naive loop over create bodies: create one task, GET it every `baselineIntervalMs` (sim)
 * until it is final, then the next. No new item is started after `budgetMs` (real ms);
 * `itemsDone` says how many were.
 */
async function naiveLoop(sim, { speed, baselineIntervalMs }, bodies, { budgetMs = Infinity } = {}) {
	const intervalRealMs = baselineIntervalMs / speed;
	const counter = { rateLimited: 0 };
	let itemsFailed = 0;
	let itemsDone = 0;
	const started = performance.now();
	for (const body of bodies) {
		if (performance.now() - started >= budgetMs) break;
		itemsDone++;
		try {
			const { task_id: taskId } = await call(sim, counter, 'POST', '/analyze/tasks', body);
			for (;;) {
				await sleep(intervalRealMs);
				const task = await call(sim, counter, 'GET', `/analyze/tasks/${taskId}`);
				if (FINAL.has(task.status)) {
					if (task.status !== 'ready') itemsFailed++;
					break;
				}
			}
		} catch {
			itemsFailed++;
		}
	}
	return {
		wallMs: performance.now() - started,
		itemsFailed,
		itemsDone,
		clientRateLimited: counter.rateLimited,
	};
}

async function runNaive(sim, options, durations) {
	return naiveLoop(
		sim,
		options,
		durations.map((durationMs, index) => createBody(index, durationMs)),
	);
}

async function runPerTaskPolling(sim, options, durations) {
	const intervalRealMs = options.baselineIntervalMs / options.speed;
	const counter = { rateLimited: 0 };
	let itemsFailed = 0;
	const started = performance.now();
	const created = await Promise.all(
		durations.map((durationMs, index) =>
			call(sim, counter, 'POST', '/analyze/tasks', createBody(index, durationMs)).then(
				(response) => response.task_id,
				() => {
					itemsFailed++;
					return undefined;
				},
			),
		),
	);
	let pending = created.filter(Boolean);
	let rounds = 0;
	while (pending.length > 0) {
		await sleep(intervalRealMs);
		rounds++;
		const tasks = await Promise.all(
			pending.map((taskId) =>
				call(sim, counter, 'GET', `/analyze/tasks/${taskId}`).catch(() => ({
					task_id: taskId,
					status: 'error',
				})),
			),
		);
		pending = [];
		for (const task of tasks) {
			if (task.status === 'error') itemsFailed++;
			else if (!FINAL.has(task.status)) pending.push(task.task_id);
			else if (task.status !== 'ready') itemsFailed++;
		}
	}
	return {
		wallMs: performance.now() - started,
		itemsFailed,
		clientRateLimited: counter.rateLimited,
		rounds,
	};
}

// ---------------------------------------------------------------------------------------

const RUNNERS = { ours: runOurs, naive: runNaive, perTaskPolling: runPerTaskPolling };

/**
 * Runs the scenario; returns the figures (all times in real ms at `speed`).
 * `timeline` (per-request log) is kept under a non-enumerable property of each variant so
 * JSON output stays small; pass `trace: true` to make it enumerable.
 */
async function runCreateAndWait(input = {}) {
	const options = withDefaults(DEFAULTS, input);
	const durations = taskDurations({
		seed: options.seed,
		tasks: options.tasks,
		minDurationMs: options.minDurationMs,
		maxDurationMs: options.maxDurationMs,
	});
	const slowestTaskMs = Math.max(...durations) / options.speed;
	const sumMs = durations.reduce((a, b) => a + b, 0) / options.speed;
	const variants = {};
	await withSimulator(options, async (sim) => {
		for (const name of options.variants) {
			freshWorld(sim, options);
			options.log(`createAndWait: ${name} …`);
			const measured = await RUNNERS[name](sim, options, durations);
			const seen = simFigures(sim, options.tasks);
			const { timeline, ...rest } = seen;
			const figures = {
				tasks: options.tasks,
				slowestTaskMs: round(slowestTaskMs, 1),
				wallMs: Math.round(measured.wallMs),
				wallOverSlowest: round(measured.wallMs / slowestTaskMs, 3),
				requestsPerTask: rest.requestsPerTask,
				rateLimited: rest.rateLimited,
				itemsFailed: measured.itemsFailed,
				requests: rest.requests,
				byRoute: rest.byRoute,
				tasksCreated: rest.tasksCreated,
				duplicateCreates: rest.duplicateCreates,
			};
			if (measured.error) figures.error = measured.error;
			if (measured.rounds !== undefined) figures.rounds = measured.rounds;
			Object.defineProperty(figures, 'timeline', {
				value: timeline,
				enumerable: Boolean(options.trace),
			});
			variants[name] = figures;
			options.log(
				`createAndWait: ${name} done in ${figures.wallMs} ms, ${figures.requests} requests`,
			);
		}
	});
	const ours = variants.ours ?? {};
	const result = {
		...ours,
		speed: options.speed,
		sumOfDurationsMs: round(sumMs, 1),
		durationsSimMs: {
			min: Math.min(...durations),
			max: Math.max(...durations),
			median: [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)],
		},
		naive: variants.naive,
		perTaskPolling: variants.perTaskPolling,
		speedupVsNaive:
			variants.naive && ours.wallMs ? round(variants.naive.wallMs / ours.wallMs, 2) : null,
		speedupVsPerTaskPolling:
			variants.perTaskPolling && ours.wallMs
				? round(variants.perTaskPolling.wallMs / ours.wallMs, 2)
				: null,
	};
	if (variants.ours)
		Object.defineProperty(result, 'timeline', { value: variants.ours.timeline, enumerable: false });
	return result;
}

module.exports = {
	runCreateAndWait,
	taskDurations,
	DEFAULTS,
	// Shared with the scale scenarios (batchVsTasks.js, manyExecutions.js).
	API_KEY,
	FINAL,
	withDefaults,
	sleep,
	round,
	call,
	naiveLoop,
	withSimulator,
	freshWorld,
	simFigures,
};
