#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: runs the benchmark scenarios against the simulator and prints a table per
 * scenario, with the figures side by side and each target checked.
 *
 *   node bench/run.js [--only createAndWait|trigger|faults|hostile|assetUpload|batches|manyExecutions[,…]] [--seed N] [--upload-mib N] [--json FILE]
 *
 * - createAndWait: the node's Create and Wait against a naive loop and per-task polling
 *   (test/scenarios/createAndWait.js);
 * - trigger: the TwelveLabs Trigger under task churn (test/scenarios/triggerChurn.js), when
 *   that module exists, and at scale (20,000 tasks in flight) beside the earlier algorithm;
 * - faults: Create and Wait, Get Many and the trigger under injected faults
 *   (test/scenarios/faults.js), plus the bad-input corpus (a jest run of
 *   test/integration/badInput.test.ts);
 * - hostile: Get Many's Return All against servers that never say "last page", beside the
 *   naive loop (test/scenarios/hostilePaging.js);
 * - assetUpload: Asset › Create uploading one large video (1 GiB; --upload-mib N) streamed from
 *   n8n's filesystem binary store in chunks, its peak memory beside reading the whole binary
 *   into one Buffer (test/scenarios/assetUpload.js);
 * - batches: 1,000 videos through Analysis Batch › Create and Wait, Analysis Task › Create and
 *   Wait and the naive loop on one rate-limited account (test/scenarios/batchVsTasks.js);
 * - manyExecutions: 20 concurrent Analysis Task › Create and Wait executions of 10 videos on
 *   one rate-limited account, beside one execution of 200 items and one Analysis Batch
 *   execution (test/scenarios/manyExecutions.js).
 *
 * The built package is loaded from TL_PACKAGE_ROOT, or the repository root (scripts/bench.sh
 * builds it first). `--json FILE` writes every figure:
 *   { createAndWait, trigger, faults, hostile, assetUpload, batches, manyExecutions, meta: { date, node, speed, seed, targets, … } }
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const SCENARIOS = [
	'createAndWait',
	'trigger',
	'faults',
	'hostile',
	'assetUpload',
	'batches',
	'manyExecutions',
];

function parseArgs(argv) {
	const args = { only: SCENARIOS, seed: 1, json: undefined, speed: undefined, uploadMiB: 1024 };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const next = argv[++i];
			if (next === undefined) throw new Error(`${arg} needs a value`);
			return next;
		};
		if (arg === '--only')
			args.only = value()
				.split(',')
				.map((name) => name.trim());
		else if (arg === '--seed') args.seed = Number(value());
		else if (arg === '--json') args.json = value();
		else if (arg === '--speed') args.speed = Number(value());
		else if (arg === '--upload-mib') args.uploadMiB = Number(value());
		else if (arg === '--help' || arg === '-h') {
			console.log(
				`node bench/run.js [--only ${SCENARIOS.join('|')}[,…]] [--seed N] [--speed N] [--upload-mib N] [--json FILE]`,
			);
			process.exit(0);
		} else throw new Error(`Unknown option ${arg}`);
	}
	for (const name of args.only)
		if (!SCENARIOS.includes(name))
			throw new Error(`Unknown scenario ${name} (one of ${SCENARIOS.join(', ')})`);
	if (!Number.isInteger(args.seed)) throw new Error('--seed needs a whole number');
	return args;
}

// n8n-core writes an encryption key into N8N_USER_FOLDER: keep it in a throwaway folder.
let tempHome;
if (!process.env.N8N_USER_FOLDER) {
	tempHome = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-bench-n8n-'));
	process.env.N8N_USER_FOLDER = tempHome;
	process.on('exit', () => fs.rmSync(tempHome, { recursive: true, force: true }));
}

// ---------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------

const fmt = (value, digits = 2) => {
	if (value === null || value === undefined) return '–';
	if (typeof value === 'number')
		return Number.isInteger(value) ? String(value) : value.toFixed(digits);
	return String(value);
};

function table(rows) {
	const widths = [];
	for (const row of rows)
		row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, String(cell).length)));
	return rows
		.map((row) =>
			row
				.map((cell, i) => String(cell).padEnd(widths[i]))
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

/** Checks a figure against a target; returns the cell text and records the verdict. */
function checker(targets, section) {
	return (name, value, test, label) => {
		const met = value !== null && value !== undefined && test(value);
		targets.push({ section, name, value, target: label, met });
		return `${label} ${met ? '✓' : '✗ MISSED'}`;
	};
}

function log(line) {
	process.stderr.write(`  … ${line}\n`);
}

// ---------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------

async function benchCreateAndWait(args, targets) {
	const { runCreateAndWait } = require('../test/scenarios/createAndWait');
	const result = await runCreateAndWait({ seed: args.seed, speed: args.speed, log });
	const { naive, perTaskPolling } = result;
	const check = checker(targets, 'createAndWait');
	console.log(
		`\nCreate and Wait — ${result.tasks} tasks of ${result.durationsSimMs.min / 1000} s … ${result.durationsSimMs.max / 60000} min (sim; median ${result.durationsSimMs.median / 1000} s), ` +
			`60 requests/min, clock ×${result.speed} (1 real ms = ${result.speed} sim ms)`,
	);
	const row = (label, key, digits, target) => [
		label,
		fmt(result[key], digits),
		fmt(naive?.[key], digits),
		fmt(perTaskPolling?.[key], digits),
		target ?? '',
	];
	console.log(
		table([
			['', 'ours', 'naive', 'perTaskPolling', 'target (ours)'],
			row('wall time (real ms)', 'wallMs', 0),
			row('slowest task (real ms)', 'slowestTaskMs', 0),
			row(
				'wall / slowest task',
				'wallOverSlowest',
				3,
				check('wallOverSlowest', result.wallOverSlowest, (v) => v <= 1.25, '≤ 1.25'),
			),
			row(
				'requests / task',
				'requestsPerTask',
				2,
				check('requestsPerTask', result.requestsPerTask, (v) => v <= 3, '≤ 3'),
			),
			row('requests', 'requests', 0),
			row('429 responses', 'rateLimited', 0),
			row(
				'items failed',
				'itemsFailed',
				0,
				check('itemsFailed', result.itemsFailed, (v) => v === 0, '0'),
			),
			[
				'ours faster by',
				'',
				result.speedupVsNaive === null ? '–' : `${fmt(result.speedupVsNaive)}×`,
				result.speedupVsPerTaskPolling === null ? '–' : `${fmt(result.speedupVsPerTaskPolling)}×`,
				check('speedupVsNaive', result.speedupVsNaive, (v) => v >= 10, '≥ 10× vs naive'),
			],
		]),
	);
	const routes = (figures) =>
		figures
			? Object.entries(figures.byRoute)
					.map(([route, count]) => `${route} ${count}`)
					.join(', ')
			: '';
	console.log(
		`requests by route — ours: ${routes(result)}\n                    naive: ${routes(naive)}\n                    perTaskPolling: ${routes(perTaskPolling)}`,
	);
	if (result.error) console.log(`ours failed: ${result.error}`);
	console.log(
		`(sum of all task durations: ${fmt(result.sumOfDurationsMs, 0)} real ms, the naive loop's floor; ours can be at most sum/slowest = ${fmt(result.sumOfDurationsMs / result.slowestTaskMs)}× faster than it)`,
	);
	return result;
}

function loadTriggerChurn() {
	return require('../test/scenarios/triggerChurn').runTriggerChurn;
}

function loadTriggerScale() {
	return require('../test/scenarios/triggerChurn').runTriggerScale;
}

/** The scale figures beside the algorithm before issue 10 (computed: see runTriggerScale). */
function triggerScaleTable(figures, check) {
	const ratio = (naive, ours) => (ours > 0 ? `${fmt(naive / ours, 1)}×` : '');
	const rows = [['', 'trigger', 'before (computed)', 'ratio', 'target']];
	const perPoll = figures.requestsPerPoll;
	const naive = figures.naiveRequestsPerPoll;
	rows.push([
		'requests per poll, max',
		fmt(perPoll.max),
		fmt(naive.max),
		ratio(naive.max, perPoll.max),
		check('scale.requestsPerPollMax', perPoll.max, (v) => v <= 100, '≤ 100'),
	]);
	rows.push([
		'requests per poll, mean',
		fmt(perPoll.mean),
		fmt(naive.mean),
		ratio(naive.mean, perPoll.mean),
		'',
	]);
	rows.push([
		'baseline: polls (max requests each)',
		`${fmt(figures.baselinePolls)} (${fmt(perPoll.baselineMax)})`,
		`1 (${fmt(naive.baseline)})`,
		'',
		'',
	]);
	rows.push(['tracked after the baseline', fmt(figures.tracked), '', '', '']);
	rows.push([
		'state bytes (per tracked task)',
		`${fmt(figures.stateBytes)} (${fmt(figures.stateBytesPerTracked)})`,
		'',
		'',
		check(
			'scale.stateBytesPerTracked',
			figures.stateBytesPerTracked,
			(v) => v <= 50,
			'≤ 50 per task',
		),
	]);
	rows.push(['finished tasks', fmt(figures.completed), '', '', '']);
	rows.push([
		'missed',
		fmt(figures.missed),
		'',
		'',
		check('scale.missed', figures.missed, (v) => v === 0, '0'),
	]);
	rows.push([
		'duplicates',
		fmt(figures.duplicates),
		'',
		'',
		check('scale.duplicates', figures.duplicates, (v) => v === 0, '0'),
	]);
	rows.push([
		'polls from a finish to its emission: max (mean)',
		`${fmt(figures.maxPollsToEmit)} (${fmt(figures.meanPollsToEmit)})`,
		'1',
		'',
		'',
	]);
	rows.push([
		'polls after the baseline until the last emission',
		fmt(figures.pollsUntilLastEmitted),
		'',
		'',
		'',
	]);
	rows.push(['real ms', fmt(figures.durationMs), '', '', '']);
	return table(rows);
}

function triggerTable(figures, check, prefix = '') {
	const rows = [['', 'value', 'target']];
	const add = (label, key, test, target) =>
		rows.push([
			label,
			fmt(figures[key]),
			test && figures[key] !== null && figures[key] !== undefined
				? check(`${prefix}${key}`, figures[key], test, target)
				: (target ?? ''),
		]);
	add('tasks to report', 'tasks');
	add('polls', 'polls');
	add('completed', 'completed');
	add('emitted', 'emitted');
	add('missed', 'missed', (v) => v === 0, '0');
	add('duplicates', 'duplicates', (v) => v === 0, '0');
	if ('unexpected' in figures) add('unexpected emissions', 'unexpected', (v) => v === 0, '0');
	add('requests of an idle poll', 'idlePollRequests', (v) => v <= 1, '1');
	add('max polls to detect', 'maxDetectionPolls');
	if ('maxDetectionPollsAfterSuccess' in figures)
		add('… with no failed poll between', 'maxDetectionPollsAfterSuccess', (v) => v <= 1, '1');
	if ('detectionOverTarget' in figures)
		add('tasks detected late', 'detectionOverTarget', (v) => v === 0, '0');
	add('state size (bytes)', 'stateBytes', (v) => v < 65_536, '< 65,536');
	if ('failedPolls' in figures) add('failed polls (injected)', 'failedPolls');
	if ('requests' in figures) add('requests', 'requests');
	if ('durationMs' in figures) add('real ms', 'durationMs');
	return table(rows);
}

async function benchTrigger(args, targets) {
	const runTriggerChurn = loadTriggerChurn();
	if (!runTriggerChurn) {
		console.log('\ntrigger: not available (test/scenarios/triggerChurn.js is missing)');
		return null;
	}
	const figures = await runTriggerChurn({ seed: args.seed, faults: false });
	console.log(
		`\nTrigger — task churn without injected faults (${figures.historyTasks ?? '?'} tasks of history, ${figures.tasks} to report)`,
	);
	console.log(triggerTable(figures, checker(targets, 'trigger')));
	log('trigger: 20,000 tasks in flight …');
	const scale = await loadTriggerScale()({ seed: args.seed });
	console.log(
		`\nTrigger — scale: ${fmt(scale.inFlight)} tasks processing at activation (${fmt(scale.history)} of history), ${fmt(scale.finishingPerPoll)} finishing before each of ${scale.rounds} polls, Fetch Full Task off`,
	);
	console.log(triggerScaleTable(scale, checker(targets, 'trigger')));
	console.log(
		'(before: computed for the algorithm before issue 10 — page 1, the queued and pending lists, the whole processing list at ~41 new tasks per read, one GET per finished tracked task; its baseline read the same lists in one poll)',
	);
	figures.scale = scale;
	return figures;
}

/** The bad-input corpus: a jest run of badInput.test.ts with the same package. */
function badInputFigures() {
	const file = path.join(ROOT, 'test', 'integration', 'badInput.test.ts');
	const outputFile = path.join(os.tmpdir(), `tl-bench-badinput-${process.pid}.json`);
	log('faults: bad-input corpus (jest) …');
	const run = spawnSync(
		'npx',
		['jest', '--ci', 'test/integration/badInput.test.ts', '--json', `--outputFile=${outputFile}`],
		{
			cwd: ROOT,
			env: process.env,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let report;
	try {
		report = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
	} catch {
		return {
			badInputCases: null,
			badInputRequestsSent: null,
			badInputPassed: false,
			badInputError: (run.stderr || run.stdout || '').slice(-500),
		};
	} finally {
		fs.rmSync(outputFile, { force: true });
	}
	const results = report.testResults.flatMap((suite) => suite.assertionResults);
	// Every case of the it.each corpus (not the "has at least 60 cases" check).
	const cases = results.filter((entry) => !/^has at least \d+ cases$/.test(entry.title));
	const passed = cases.filter((entry) => entry.status === 'passed').length;
	// Each case asserts the exact number of simulator requests it sent: 0, or the `requests`
	// it declares (only checks that need the API, such as an unknown task ID).
	const declared = [...fs.readFileSync(file, 'utf8').matchAll(/\brequests:\s*(\d+)/g)].map(
		(match) => Number(match[1]),
	);
	const ok = report.success === true && passed === cases.length;
	return {
		badInputCases: passed,
		badInputTotalCases: cases.length,
		badInputPassed: ok,
		// Cases checkable locally assert zero requests; the few that need the API (unknown
		// task IDs) are counted apart.
		badInputRequestsSent: ok ? 0 : null,
		badInputCasesNeedingApi: declared.filter((n) => n > 0).length,
		badInputApiRequests: ok ? declared.reduce((a, b) => a + b, 0) : null,
	};
}

async function benchFaults(args, targets) {
	const { runFaults } = require('../test/scenarios/faults');
	const figures = await runFaults({ seed: args.seed, log });
	Object.assign(figures, badInputFigures());
	const check = checker(targets, 'faults');
	console.log(
		'\nFaults — 10 % 5xx, 5 % dropped connections (half after processing), 429 bursts, latency spikes',
	);
	const rows = [['', 'value', 'target']];
	const add = (label, value, test, target) =>
		rows.push([label, fmt(value), test ? check(label, value, test, target) : (target ?? '')]);
	add('Create and Wait items', figures.createAndWaitItems);
	add(
		'… succeeded, each with its own task',
		figures.createAndWaitSucceeded,
		(v) => v === figures.createAndWaitItems,
		String(figures.createAndWaitItems),
	);
	add('… duplicate tasks', figures.duplicateTasks, (v) => v === 0, '0');
	add('… requests / retried', `${figures.createAndWaitRequests} / ${figures.createAndWaitRetries}`);
	add('… real ms', figures.createAndWaitMs);
	add('Get Many expected (20 pages)', figures.getManyExpected);
	add(
		'… returned',
		figures.getManyReturned,
		(v) => v === figures.getManyExpected,
		String(figures.getManyExpected),
	);
	add('… duplicates', figures.getManyDuplicates, (v) => v === 0, '0');
	add('… missing', figures.getManyMissing, (v) => v === 0, '0');
	add('… while creating: duplicates', figures.getManyWhileCreating.duplicates, (v) => v === 0, '0');
	add('… while creating: missing', figures.getManyWhileCreating.missing, (v) => v === 0, '0');
	add('retried responses (all runs)', figures.retries, (v) => v > 0, '> 0 (faults happened)');
	add(
		'trigger missed',
		figures.triggerMissed,
		figures.triggerMissed === null ? undefined : (v) => v === 0,
		figures.triggerMissed === null ? 'not available' : '0',
	);
	add(
		'trigger duplicates',
		figures.triggerDuplicates,
		figures.triggerDuplicates === null ? undefined : (v) => v === 0,
		figures.triggerDuplicates === null ? 'not available' : '0',
	);
	add(
		'bad-input cases passed',
		figures.badInputTotalCases === undefined
			? null
			: `${fmt(figures.badInputCases)} / ${figures.badInputTotalCases}`,
		() => figures.badInputPassed,
		'all',
	);
	add('bad-input requests sent (local checks)', figures.badInputRequestsSent, (v) => v === 0, '0');
	add(
		'… cases that need the API',
		figures.badInputCasesNeedingApi,
		undefined,
		`unknown task IDs, ${figures.badInputApiRequests ?? '?'} requests in all`,
	);
	console.log(table(rows));
	if (figures.createAndWaitError)
		console.log(`Create and Wait failed: ${figures.createAndWaitError}`);
	if (figures.createAndWaitProblems.length)
		console.log(`Create and Wait problems: ${figures.createAndWaitProblems.join('; ')}`);
	if (figures.getManyError) console.log(`Get Many failed: ${figures.getManyError}`);
	if (figures.badInputError) console.log(`bad-input jest run failed: ${figures.badInputError}`);
	return figures;
}

async function benchHostile(_args, targets) {
	const { runHostilePaging, NAIVE_PAGE_CAP } = require('../test/scenarios/hostilePaging');
	const figures = await runHostilePaging();
	const check = checker(targets, 'hostile');
	console.log(
		`\nHostile paging — Get Many › Return All against servers that never say "last page" (naive loop cut at ${NAIVE_PAGE_CAP} pages)`,
	);
	const rows = [['', 'node', 'naive', 'naive / node', 'target']];
	const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(1)}×` : '–');
	for (const [kind, label] of [
		['repeat', 'same tasks on every page'],
		['endless', 'new tasks on every page'],
	]) {
		const { node, naive } = figures[kind];
		const cap = kind === 'repeat' ? 4 : 200;
		rows.push([
			`${label}: requests`,
			fmt(node.requests),
			`≥ ${fmt(naive.requests)}`,
			ratio(naive.requests, node.requests),
			check(`${kind} requests`, node.requests, (v) => v <= cap, `≤ ${cap}`),
		]);
		rows.push([`… peak heap MB`, node.peakHeapMb.toFixed(1), `≥ ${naive.peakHeapMb.toFixed(1)}`, ratio(naive.peakHeapMb, node.peakHeapMb), '']);
		rows.push([`… ms`, fmt(node.ms), `≥ ${fmt(naive.ms)}`, ratio(naive.ms, node.ms), '']);
		rows.push([`… ended with`, node.stoppedWith.slice(0, 60), naive.stoppedWith, '', '']);
	}
	console.log(table(rows));
	return figures;
}

async function benchAssetUpload(args, targets) {
	const { runAssetUpload } = require('../test/scenarios/assetUpload');
	const figures = await runAssetUpload({ sizeMiB: args.uploadMiB, log });
	const check = checker(targets, 'assetUpload');
	const bound = figures.chunkSizeMiB * figures.chunksInFlight;
	console.log(
		`\nLarge upload — Asset › Create of a ${figures.sizeMiB} MiB video from the filesystem binary store: ${figures.chunks} chunks of ${figures.chunkSizeMiB} MiB, ${figures.chunksInFlight} in flight (chunk size × in flight = ${bound} MiB)`,
	);
	const { ours, naive } = figures;
	console.log(
		table([
			['', 'ours (streamed chunks)', 'naive (whole-file Buffer)', 'target (ours)'],
			['peak Buffers MiB (above start)', fmt(ours.peakBuffersMiB, 1), fmt(naive.peakBuffersMiB, 1), check('peak buffers', ours.peakBuffersMiB, (v) => v <= 128, '≤ 128, whatever the file size')],
			['peak RSS MiB (above start)', fmt(ours.peakRssMiB, 1), fmt(naive.peakRssMiB, 1), check('peak rss', ours.peakRssMiB, (v) => v < figures.sizeMiB / 4, `< ${figures.sizeMiB / 4} (a quarter of the file)`)],
			['peak V8 heap MiB (above start)', fmt(ours.peakHeapMiB, 1), fmt(naive.peakHeapMiB, 1), ''],
			['wall time (real ms)', fmt(ours.wallMs), fmt(naive.wallMs), ''],
			['chunk PUTs (duplicates)', `${figures.chunkPuts} (${figures.duplicateChunkPuts})`, '–', check('duplicate chunk puts', figures.duplicateChunkPuts, (v) => v === 0, '0 duplicates')],
			['API requests', fmt(figures.apiRequests), '–', ''],
			['bytes stored', fmt(figures.bytesStored), fmt(naive.bytesRead), check('bytes stored', figures.bytesStored, (v) => v === figures.sizeMiB * 1024 * 1024, 'the whole file')],
		]),
	);
	console.log(
		'(sampled every 10 ms: the peaks include Buffers already released but not yet collected, and the simulator, which runs in this process and receives every byte)',
	);
	return figures;
}

/** Prints what went wrong in a column: its error, or durations other than the planned ones. */
function problems(columns) {
	for (const [name, figures] of Object.entries(columns)) {
		if (figures?.error) console.log(`${name} failed: ${figures.error}`);
		if (figures && !figures.durationsAsPlanned)
			console.log(`${name}: its tasks did not draw the planned durations (the ratios are off)`);
	}
}

/** `a / b` as "N×" (one decimal), or '–'. */
const times = (a, b) => (a && b ? `${fmt(a / b, 1)}×` : '–');

/** One row of figures: the value of `key` in each column's figures, then the target cell. */
const figureRow = (columns, label, key, digits, target = '') => [
	label,
	...columns.map((figures) => fmt(figures?.[key], digits)),
	target,
];

async function benchBatches(args, targets) {
	const { runBatchVsTasks } = require('../test/scenarios/batchVsTasks');
	const result = await runBatchVsTasks({ seed: args.seed, speed: args.speed, log });
	const { batch, tasks, naive } = result;
	const check = checker(targets, 'batches');
	console.log(
		`\nBatches — ${fmt(result.videos)} videos (ready assets), analysis ${fmt(result.durationsSimMs.min / 1000, 0)} s … ${fmt(result.durationsSimMs.max / 60000, 0)} min (sim), ` +
			`${result.perMinute} requests/min for creates and ${result.perMinute} for reads, clock ×${result.speed}`,
	);
	const columns = [batch, tasks, naive];
	const row = (label, key, digits, target) => figureRow(columns, label, key, digits, target);
	const naiveHeader = naive?.projected
		? `naive loop (${naive.measured.videos} videos in ${fmt(naive.measured.wallMs / 1000, 0)} s, projected)`
		: 'naive loop';
	console.log(
		table([
			['', 'Analysis Batch', 'Analysis Task', naiveHeader, 'target'],
			row(
				'requests',
				'requests',
				0,
				check('batch.requests', batch?.requests, (v) => v <= 50, 'batch ≤ 50 (a few dozen)'),
			),
			row('requests / video', 'requestsPerVideo', 3),
			row('429 responses', 'rateLimited', 0),
			row('wall time (real ms)', 'wallMs', 0),
			row(
				'wall / slowest item',
				'wallOverSlowest',
				2,
				check('batch.wallOverSlowest', batch?.wallOverSlowest, (v) => v <= 1.25, 'batch ≤ 1.25'),
			),
			row('… of which before the first request (real ms)', 'preparationMs', 0),
			row('peak RSS MiB (above start)', 'peakRssMiB', 1),
			row('peak V8 heap MiB (above start)', 'peakHeapMiB', 1),
			row(
				'items failed',
				'itemsFailed',
				0,
				check(
					'itemsFailed',
					(batch?.itemsFailed ?? NaN) + (tasks?.itemsFailed ?? NaN),
					(v) => v === 0,
					'0 (batch, tasks)',
				),
			),
			[
				'÷ batch: requests, wall time',
				'',
				`${times(tasks?.requests, batch?.requests)}, ${times(tasks?.wallMs, batch?.wallMs)}`,
				`${times(naive?.requests, batch?.requests)}, ${times(naive?.wallMs, batch?.wallMs)}`,
				check(
					'tasksOverBatch.requests',
					tasks && batch ? tasks.requests / batch.requests : null,
					(v) => v >= 20,
					'tasks ≥ 20× the batch’s requests',
				),
			],
		]),
	);
	problems({ batch, tasks, naive });
	console.log(
		`(slowest item: ${fmt(result.slowestMs, 0)} real ms, the same draw in every column; the naive loop's time and reads are scaled from the videos it finished by their share of the summed durations, ${fmt(result.sumOfDurationsMs / 1000, 0)} real s. ` +
			'Memory is sampled every 10 ms and includes the simulator, which runs in this process. Before the first request the node reads and checks every item; that local work runs on the real clock and counts ×speed on the simulated one.)',
	);
	return result;
}

async function benchManyExecutions(args, targets) {
	const { runManyExecutions } = require('../test/scenarios/manyExecutions');
	const result = await runManyExecutions({ seed: args.seed, speed: args.speed, log });
	const { concurrent, oneExecution, batch } = result;
	const check = checker(targets, 'manyExecutions');
	console.log(
		`\nMany executions, one account — ${result.videos} videos (ready assets), analysis ${fmt(result.durationsSimMs.min / 1000, 0)} s … ${fmt(result.durationsSimMs.max / 60000, 0)} min (sim), ` +
			`${result.perMinute} requests/min for creates and ${result.perMinute} for reads, clock ×${result.speed}`,
	);
	const columns = [concurrent, oneExecution, batch];
	const row = (label, key, digits, target) => figureRow(columns, label, key, digits, target);
	const spread = concurrent?.executionWallMs;
	console.log(
		table([
			[
				'',
				`${result.executions} executions × ${result.videosPerExecution} (Task)`,
				`1 execution × ${result.videos} (Task)`,
				`1 execution × ${result.videos} (Batch)`,
				'target',
			],
			row('requests', 'requests', 0),
			row('requests / task', 'requestsPerVideo', 2),
			row('429 responses', 'rateLimited', 0),
			row('429 / task', 'rateLimitedPerVideo', 2),
			row('wall time (real ms)', 'wallMs', 0),
			row(
				'wall / slowest task',
				'wallOverSlowest',
				2,
				check(
					'concurrent.wallOverSlowest',
					concurrent?.wallOverSlowest,
					(v) => v <= 2,
					`${result.executions} executions ≤ 2`,
				),
			),
			[
				'execution wall min / median / max (real ms)',
				spread ? `${spread.min} / ${spread.median} / ${spread.max}` : '–',
				'',
				'',
				'',
			],
			row(
				'items failed',
				'itemsFailed',
				0,
				check(
					'itemsFailed',
					columns.reduce((n, figures) => n + (figures?.itemsFailed ?? NaN), 0),
					(v) => v === 0,
					'0 (all)',
				),
			),
			row(
				'tasks created',
				'tasksCreated',
				0,
				check(
					'concurrent.tasksCreated',
					concurrent?.tasksCreated,
					(v) => v === result.videos,
					`${result.videos} (no duplicate)`,
				),
			),
		]),
	);
	problems({ concurrent, oneExecution, batch });
	console.log(
		`(Each execution waits for its own tasks alone: it lists the account's newest tasks, which all executions share, and GETs its own, so ${result.executions} executions read the same pages ${result.executions} times over and their creates meet at the rate limit as 429s, waited out. One execution reads each page once for all its tasks; a batch is one create and one status read a round, whatever its size. Slowest task: ${fmt(result.slowestMs, 0)} real ms.)`,
	);
	return result;
}

// ---------------------------------------------------------------------------------------

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const started = performance.now();
	const packageRoot = process.env.TL_PACKAGE_ROOT ?? ROOT;
	console.log(
		`TwelveLabs node benchmarks — package ${packageRoot}, seed ${args.seed}, Node ${process.version}`,
	);
	const targets = [];
	const report = { ...Object.fromEntries(SCENARIOS.map((name) => [name, null])), meta: {} };
	const failures = [];
	const runners = {
		createAndWait: benchCreateAndWait,
		trigger: benchTrigger,
		faults: benchFaults,
		hostile: benchHostile,
		assetUpload: benchAssetUpload,
		batches: benchBatches,
		manyExecutions: benchManyExecutions,
	};
	for (const name of SCENARIOS) {
		if (!args.only.includes(name)) continue;
		try {
			report[name] = await runners[name](args, targets);
		} catch (error) {
			failures.push(name);
			console.log(`\n${name}: FAILED — ${error && error.stack ? error.stack : error}`);
		}
	}
	const wallMs = Math.round(performance.now() - started);
	report.meta = {
		date: new Date().toISOString(),
		node: process.version,
		speed: report.createAndWait?.speed ?? args.speed ?? null,
		seed: args.seed,
		packageRoot,
		benchWallMs: wallMs,
		cpus: os.cpus().length,
		targets,
		failedScenarios: failures,
	};
	const missed = targets.filter((target) => !target.met);
	console.log(
		`\n${targets.length - missed.length} of ${targets.length} targets met${missed.length ? `; missed: ${missed.map((t) => `${t.section}.${t.name} = ${fmt(t.value)} (target ${t.target})`).join(', ')}` : ''}. Bench took ${(wallMs / 1000).toFixed(1)} s.`,
	);
	if (args.json) {
		fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
		fs.writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
		console.log(`Figures written to ${args.json}`);
	}
	if (failures.length) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error && error.stack ? error.stack : error);
	process.exit(1);
});
