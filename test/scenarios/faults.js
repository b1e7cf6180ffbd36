'use strict';
/**
 * Fault scenarios (issue 6): the built node, through n8n-core's engine, against a simulator
 * that injects seeded, replayable faults on every API request:
 *   10 % 5xx, 5 % dropped connections (half before processing, half after: the task is
 *   created but the answer is lost, which is what makes idempotent create retries matter),
 *   429 bursts and latency spikes.
 *
 * - Create and Wait over 100 items: every item must end with its own task (distinct task
 *   ids, each item's output task_id being the task its own Idempotency-Key created), and no
 *   task may be created twice.
 * - Get Many with Return All over 20 pages (1,000 tasks, 50 per page): exactly the seeded
 *   set, no duplicates, no gaps; a second run creates tasks while paging (every later page
 *   shifts by one), where no seeded task may be missed or repeated.
 * - The trigger's figures come from test/scenarios/triggerChurn.js (another module) when it
 *   exists: `runTriggerChurn({ seed, faults: true })`.
 * - `badInputCases` / `badInputRequestsSent` stay null here: bench/run.js fills them from a
 *   jest run of test/integration/badInput.test.ts.
 *
 * The run results (items, errors) are attached as a non-enumerable `details` property so a
 * test can check them (e.g. for a leaked API key) without them landing in the JSON report.
 */
const { createSimulator, profileOptions, mulberry32, hashString } = require('../simulator');
const { runNode, loadPackage } = require('../harness/engine');
const { createAndWaitParameters } = require('../harness/parameters');

const DEFAULT_API_KEY = 'tlk_faults_key_not_a_secret';
/** Log entries the client saw as a failure and had to repeat. */
const FAILED_FAULTS = new Set([
	'drop',
	'error',
	'rate429',
	'html',
	'malformed',
	'dropAfterProcess',
]);

const DEFAULTS = {
	seed: 6,
	/** Sim ms per real ms for the Create and Wait run. */
	speed: 10,
	items: 100,
	/** Short task durations (sim ms). */
	minDurationMs: 3_000,
	maxDurationMs: 30_000,
	seededTasks: 1_000,
	faults: {
		errorRate: 0.1,
		dropRate: 0.025,
		dropAfterProcessRate: 0.025,
		burst429: { every: 40, length: 2, retryAfterMs: 200 },
		latency: { rate: 0.05, ms: 300 },
	},
	/** Include the trigger part when test/scenarios/triggerChurn.js exists. */
	trigger: true,
	log: () => {},
};

function faultsOf(sim) {
	const byKind = {};
	let failed = 0;
	for (const entry of sim.requests()) {
		const kind = entry.fault ?? (entry.status === 429 ? 'rateLimit' : null);
		if (!kind) continue;
		byKind[kind] = (byKind[kind] ?? 0) + 1;
		if (FAILED_FAULTS.has(kind) || kind === 'rateLimit') failed++;
	}
	return { failed, byKind, requests: sim.counts().requests };
}

function errorText(result) {
	return result.error
		? `${result.error.message} ${result.error.description ?? ''}`.trim()
		: undefined;
}

async function createAndWaitUnderFaults(sim, options, credentials) {
	const random = mulberry32(hashString(`faults-durations:${options.seed}`));
	const urls = Array.from({ length: options.items }, (_, index) => {
		const durationMs = Math.round(
			options.minDurationMs + random() * (options.maxDurationMs - options.minDurationMs),
		);
		return `https://videos.example.com/fault-${index}.mp4?sim_duration=${durationMs}&sim_outcome=ready`;
	});
	sim.reset({
		seed: options.seed,
		speed: options.speed,
		apiKeys: [credentials.apiKey],
		faults: { seed: options.seed, ...options.faults },
	});
	const result = await runNode({
		parameters: createAndWaitParameters({
			initialPollInterval: 2 / options.speed,
			maxPollInterval: 10 / options.speed,
			waitTimeout: 120,
			onTimeout: 'fail',
		}),
		items: urls.map((url) => ({ json: { url } })),
		credentials,
		continueOnFail: true,
		executionId: `faults-${options.seed}`,
	});

	// Which Idempotency-Key each item's creates carried (the body's video URL names the item).
	const keysByUrl = new Map();
	for (const entry of sim.requests()) {
		if (entry.method !== 'POST' || entry.route !== '/analyze/tasks') continue;
		const url = entry.body?.video?.url;
		if (!keysByUrl.has(url)) keysByUrl.set(url, new Set());
		keysByUrl.get(url).add(entry.idempotencyKey);
	}
	const tasksByKey = sim.tasksByIdempotencyKey();
	const outputByItem = new Map();
	for (const item of result.items) {
		const index = Array.isArray(item.pairedItem) ? item.pairedItem[0]?.item : item.pairedItem?.item;
		if (!outputByItem.has(index)) outputByItem.set(index, []);
		outputByItem.get(index).push(item);
	}
	const problems = [];
	const taskIds = new Set();
	let succeeded = 0;
	urls.forEach((url, index) => {
		const outputs = outputByItem.get(index) ?? [];
		const keys = [...(keysByUrl.get(url) ?? [])];
		const out = outputs[0];
		if (outputs.length !== 1) return problems.push(`item ${index}: ${outputs.length} output items`);
		if (out.error || out.json.error)
			return problems.push(`item ${index}: ${out.json.error ?? out.error.message} ${JSON.stringify(out.json).slice(0,600)}`);
		if (keys.length !== 1 || keys[0] === null)
			return problems.push(`item ${index}: created with keys ${JSON.stringify(keys)}`);
		const created = tasksByKey.get(keys[0]) ?? [];
		if (created.length !== 1)
			return problems.push(`item ${index}: its key created ${created.length} tasks`);
		if (out.json.task_id !== created[0])
			return problems.push(
				`item ${index}: output task ${out.json.task_id}, its key created ${created[0]}`,
			);
		if (out.json.status !== 'ready')
			return problems.push(`item ${index}: status ${out.json.status}`);
		if (taskIds.has(out.json.task_id))
			return problems.push(`item ${index}: task ${out.json.task_id} shared with another item`);
		taskIds.add(out.json.task_id);
		succeeded++;
	});
	const stats = sim.stats();
	const faults = faultsOf(sim);
	return {
		result,
		figures: {
			createAndWaitItems: options.items,
			createAndWaitSucceeded: succeeded,
			createAndWaitDistinctTasks: taskIds.size,
			duplicateTasks: stats.duplicateCreates + stats.createsWithoutKey,
			tasksCreated: stats.tasks,
			createAndWaitError: errorText(result),
			createAndWaitProblems: problems.slice(0, 10),
			createAndWaitRequests: faults.requests,
			createAndWaitRetries: faults.failed,
			createAndWaitFaults: faults.byKind,
		},
	};
}

async function getManyUnderFaults(sim, options, credentials, { insertEveryMs } = {}) {
	sim.reset({ seed: options.seed + 1, speed: 1, apiKeys: [credentials.apiKey] });
	const expected = sim.seedTasks(options.seededTasks, {
		status: ['ready', 'failed', 'processing'],
		spacingMs: 1_000,
	});
	sim.setFaults({ seed: options.seed + 1, ...options.faults });
	let inserted = 0;
	const timer = insertEveryMs
		? setInterval(() => {
				sim.createTaskDirect({
					video: { type: 'url', url: `https://videos.example.com/new-${inserted}.mp4` },
					model_name: 'pegasus1.5',
					prompt: 'New',
				});
				inserted++;
			}, insertEveryMs)
		: undefined;
	let result;
	try {
		result = await runNode({
			parameters: {
				resource: 'analysisTask',
				operation: 'getMany',
				returnAll: true,
				output: 'simplified',
			},
			credentials,
			executionId: `faults-get-many-${options.seed}`,
		});
	} finally {
		if (timer) clearInterval(timer);
	}
	const returned = result.items.map((item) => item.json.task_id);
	const counts = new Map();
	for (const id of returned) counts.set(id, (counts.get(id) ?? 0) + 1);
	const expectedSet = new Set(expected);
	const faults = faultsOf(sim);
	return {
		result,
		figures: {
			expected: expected.length,
			returned: returned.length,
			duplicates: [...counts.values()].reduce((sum, count) => sum + count - 1, 0),
			missing: expected.filter((id) => !counts.has(id)).length,
			unexpected: returned.filter((id) => !expectedSet.has(id)).length,
			inserted,
			pages: sim
				.requests()
				.filter(
					(entry) =>
						entry.route === '/analyze/tasks' &&
						entry.method === 'GET' &&
						!FAILED_FAULTS.has(entry.fault) &&
						entry.status === 200,
				).length,
			requests: faults.requests,
			retries: faults.failed,
			error: errorText(result),
		},
	};
}

/** Runs a part and adds its real duration (ms) to its figures. */
async function timed(part) {
	const started = performance.now();
	const outcome = await part();
	outcome.figures.durationMs = Math.round(performance.now() - started);
	return outcome;
}

function loadTriggerChurn() {
	return require('./triggerChurn').runTriggerChurn;
}

/** Runs every fault scenario with one seed; returns the figures (see the file comment). */
async function runFaults(input = {}) {
	const options = {
		...DEFAULTS,
		...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
	};
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	await loadPackage();
	const sim = createSimulator({ ...profileOptions(), seed: options.seed, apiKeys: [apiKey] });
	await sim.start(0);
	const credentials = { apiKey, baseUrl: sim.url };
	let createAndWait;
	let getMany;
	let getManyInserts;
	try {
		options.log('faults: create and wait …');
		createAndWait = await timed(() => createAndWaitUnderFaults(sim, options, credentials));
		options.log('faults: get many …');
		getMany = await timed(() => getManyUnderFaults(sim, options, credentials));
		options.log('faults: get many with tasks created while paging …');
		getManyInserts = await timed(() =>
			getManyUnderFaults(sim, options, credentials, { insertEveryMs: 20 }),
		);
	} finally {
		await sim.stop();
	}
	const { durationMs: createAndWaitMs, ...createAndWaitFigures } = createAndWait.figures;
	const figures = {
		...createAndWaitFigures,
		createAndWaitMs,
		getManyExpected: getMany.figures.expected,
		getManyReturned: getMany.figures.returned,
		getManyDuplicates: getMany.figures.duplicates,
		getManyMissing: getMany.figures.missing,
		getManyUnexpected: getMany.figures.unexpected,
		getManyPages: getMany.figures.pages,
		getManyRetries: getMany.figures.retries,
		getManyError: getMany.figures.error,
		getManyMs: getMany.figures.durationMs,
		getManyWhileCreating: getManyInserts.figures,
		retries:
			createAndWait.figures.createAndWaitRetries +
			getMany.figures.retries +
			getManyInserts.figures.retries,
		badInputCases: null,
		badInputRequestsSent: null,
		triggerMissed: null,
		triggerDuplicates: null,
	};
	const runTriggerChurn = options.trigger ? loadTriggerChurn() : undefined;
	if (runTriggerChurn) {
		options.log('faults: trigger churn with faults …');
		const trigger = await runTriggerChurn({ seed: options.seed, faults: true });
		figures.triggerMissed = trigger.missed ?? null;
		figures.triggerDuplicates = trigger.duplicates ?? null;
		figures.trigger = trigger;
	}
	Object.defineProperty(figures, 'details', {
		value: {
			createAndWait: createAndWait.result,
			getMany: getMany.result,
			getManyWhileCreating: getManyInserts.result,
		},
		enumerable: false,
	});
	return figures;
}

module.exports = { runFaults, createAndWaitUnderFaults, getManyUnderFaults, DEFAULTS };
