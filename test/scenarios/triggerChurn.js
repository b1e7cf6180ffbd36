'use strict';
/**
 * The TwelveLabs Trigger churn benchmark: the REAL built trigger, polled through n8n-core's
 * PollContext (test/harness/engine.js), against the simulator over HTTP.
 *
 * An account already holds `historyTasks` finished tasks (and a few in flight) when the trigger
 * is activated. Then `newTasks` tasks are created over the first 70% of `polls` polls, one
 * poll interval (60 s of sim time) apart, with random durations: most finish within a few
 * polls, some many polls later, some fail, a few are canceled, and `deletedInFlight` are
 * deleted before they finish. The last polls see nothing change. With `faults`, `failRate` of
 * the requests fail (5xx or a dropped connection; the node's retry policy absorbs most),
 * `hardFailRate` of the polls meet an error that cannot be retried (a quota 429) at their first
 * request or in the middle, and `overlapRate` of the polls are still running when the next
 * one starts on the same static data, as in n8n when a poll outlasts the interval. Halfway,
 * n8n "restarts": the workflow is rebuilt from the static data n8n last saved (at activation or
 * with the last emission), so the in-memory changes of later polls are lost, as in n8n.
 *
 * The sim clock only moves by advance(), so no real waiting is needed (the transport's retry
 * back-off does sleep for real: about 0.4 s per retried request).
 */
require('../setup-env.js'); // n8n-core writes an encryption key: keep it out of a real n8n home
const { createSimulator, profileOptions, mulberry32, hashString } = require('../simulator');
const { pollTrigger, triggerWorkflow } = require('../harness/engine');

const API_KEY = 'tlk_churn_benchmark_key';
const INTERVAL_MS = 60_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const FINAL = new Set(['ready', 'failed', 'canceled']);
/** A quota error: Retry-After far beyond what the transport waits out, so the poll fails at once. */
const HARD_FAULT = { status: 429, retryAfterMs: 3_600_000, method: 'GET' };

function rngFor(seed, label) {
	return mulberry32(hashString(`trigger-churn:${seed}:${label}`));
}

function uniform(rng, min, max) {
	return min + rng() * (max - min);
}

/** Most tasks finish within a few polls; a tenth run 10 to 25 minutes (many polls). */
function drawDuration(rng) {
	const r = rng();
	if (r < 0.7) return Math.round(uniform(rng, 10 * SECOND, 3 * MINUTE));
	if (r < 0.9) return Math.round(uniform(rng, 3 * MINUTE, 10 * MINUTE));
	return Math.round(uniform(rng, 10 * MINUTE, 25 * MINUTE));
}

function body(name, index) {
	return {
		video: { type: 'url', url: `https://videos.example.com/churn/${name}.mp4` },
		// Longer than the 30 characters a list item keeps, so the full read is visible.
		prompt: `Describe what happens in churn video number ${index}, scene by scene.`,
		custom_id: `churn_${name}`,
	};
}

/**
 * The plan: every task's creation time, duration, outcome, and the cancel/delete events, all
 * from the seed. Times are offsets (ms) from the baseline poll.
 */
function planChurn({ seed, polls, newTasks, deletedInFlight, cancelRate, failedRate }) {
	const rng = rngFor(seed, 'plan');
	const activeEnd = Math.max(1, Math.floor(polls * 0.7)) * INTERVAL_MS;
	// Everything is over some polls before the end, so the last polls see nothing change.
	const quietFrom = Math.max(
		activeEnd,
		(polls - Math.max(5, Math.ceil(polls * 0.1))) * INTERVAL_MS,
	);
	const tasks = [];
	for (let index = 0; index < newTasks; index++) {
		const createdAt = Math.round(uniform(rng, 1 * SECOND, activeEnd));
		const durationMs = Math.max(
			5 * SECOND,
			Math.min(drawDuration(rng), quietFrom - createdAt - SECOND),
		);
		const outcome = rng() < failedRate ? 'failed' : 'ready';
		tasks.push({ index, name: `t${index}`, createdAt, durationMs, outcome });
	}
	tasks.sort((a, b) => a.createdAt - b.createdAt);
	const events = tasks.map((task) => ({ at: task.createdAt, kind: 'create', task }));
	// Deleted in flight: prefer tasks running long enough that a poll usually saw them first.
	const deletable = tasks.filter((task) => task.durationMs >= 90 * SECOND);
	for (let i = 0; i < deletedInFlight && deletable.length > 0; i++) {
		const [task] = deletable.splice(Math.floor(rng() * deletable.length), 1);
		task.deleteAt = task.createdAt + Math.round(uniform(rng, 0.2, 0.9) * task.durationMs);
		events.push({ at: task.deleteAt, kind: 'delete', task });
	}
	for (const task of tasks) {
		if (task.deleteAt === undefined && rng() < cancelRate) {
			task.cancelAt = task.createdAt + Math.round(uniform(rng, 0.1, 0.9) * task.durationMs);
			events.push({ at: task.cancelAt, kind: 'cancel', task });
		}
	}
	events.sort((a, b) => a.at - b.at);
	return { tasks, events };
}

/**
 * Runs the churn and returns the figures. Targets: missed 0, duplicates 0, idlePollRequests 1,
 * maxDetectionPolls 1 (2 when the first poll after the finish failed), stateBytes < 64 KB.
 */
async function runTriggerChurn({
	seed = 1,
	faults = true,
	polls = 60,
	newTasks = 500,
	historyTasks = 10000,
	deletedInFlight = 20,
	failRate = 0.05,
	overlapRate = 0.1,
	hardFailRate = 0.05,
	inFlightAtBaseline = 5,
	cancelRate = 0.03,
	failedRate = 0.1,
	fetchFullTask = true,
	restartAt = Math.floor(polls / 2),
} = {}) {
	const started = Date.now();
	// Sim time moves by advance() only (almost: 1 sim ms per real second), so a seed replays closely.
	// The sim clock starts well behind the real one and advance() never brings it level: the
	// trigger caps its watermark at the local clock, so a sim clock ahead of it would only make
	// polls re-read more.
	const startAt = Date.now() - Math.max(24 * 60 * MINUTE, 2 * (polls + 10) * INTERVAL_MS);
	const sim = createSimulator({
		...profileOptions(),
		apiKeys: [API_KEY],
		seed,
		speed: 0.001,
		startAt,
	});
	const { url } = await sim.start(0);
	const credentials = { apiKey: API_KEY, baseUrl: url };
	const parameters = {
		events: ['ready', 'failed', 'canceled'],
		filters: {},
		fetchFullTask,
		output: 'simplified',
	};
	const chance = rngFor(seed, 'polls');
	try {
		// --- the account before activation ---
		sim.seedTasks(historyTasks, {
			status: [
				'ready',
				'ready',
				'ready',
				'ready',
				'failed',
				'ready',
				'ready',
				'ready',
				'ready',
				'canceled',
			],
			spacingMs: MINUTE,
		});
		const preRng = rngFor(seed, 'baseline');
		const watched = new Map(); // task id → planned task (what the trigger must emit once it finishes)
		for (let i = 0; i < inFlightAtBaseline; i++) {
			const name = `pre${i}`;
			const durationMs = Math.round(uniform(preRng, 2 * MINUTE, 8 * MINUTE));
			const snapshot = sim.createTaskDirect(body(name, -1 - i), {
				durationMs,
				outcome: 'ready',
				createdAt: sim.now() - Math.round(uniform(preRng, 0, 30 * SECOND)),
			});
			watched.set(snapshot.taskId, { name, createdAtAbs: snapshot.createdAt });
		}

		const plan = planChurn({ seed, polls, newTasks, deletedInFlight, cancelRate, failedRate });
		const origin = sim.now();
		let nextEvent = 0;
		/** Applies every planned event up to `offset` in time order, moving the sim clock with them. */
		const playUntil = (offset) => {
			while (nextEvent < plan.events.length && plan.events[nextEvent].at <= offset) {
				const event = plan.events[nextEvent++];
				advanceTo(origin + event.at);
				const { task } = event;
				if (event.kind === 'create') {
					const snapshot = sim.createTaskDirect(body(task.name, task.index), {
						durationMs: task.durationMs,
						outcome: task.outcome,
					});
					task.id = snapshot.taskId;
					task.createdAtAbs = snapshot.createdAt;
					watched.set(task.id, task);
				} else if (event.kind === 'delete') {
					sim.deleteTaskDirect(task.id);
				} else if (!FINAL.has(sim.getTaskDirect(task.id)?.status)) {
					sim.completeTask(task.id, 'canceled');
				}
			}
			advanceTo(origin + offset);
		};
		const advanceTo = (at) => {
			const gap = at - sim.now();
			if (gap > 0) sim.advance(gap);
		};

		// --- polling ---
		let workflow = await triggerWorkflow({ parameters });
		const pollLog = []; // per poll: {start, settled, ok, requests, faulted, overlapped, emitted}
		const emissions = new Map(); // task id → indexes of the polls that emitted it
		let settleCounter = 0;
		// What n8n has in its database: static data is saved at activation and when a poll emits;
		// the changes of polls that emit nothing live in memory only, and a restart loses them.
		let savedState = '{}';
		const save = () => {
			savedState = JSON.stringify(workflow.staticData);
		};
		let stateBytes = 0;
		const measureState = () => {
			stateBytes = Math.max(stateBytes, Buffer.byteLength(JSON.stringify(workflow.staticData)));
		};
		const faultConfig = faults ? { errorRate: failRate * 0.6, dropRate: failRate * 0.4 } : {};

		/** Ids of watched tasks that finished after `since` (sim ms) and still exist. */
		const recentlyFinished = (since) =>
			[...watched.keys()].filter((taskId) => {
				const snapshot = sim.getTaskDirect(taskId);
				return (
					snapshot?.completedAt !== null &&
					snapshot?.completedAt !== undefined &&
					snapshot.completedAt > since
				);
			});

		const startPoll = (index, onFirstRequest) => {
			const entry = {
				index,
				start: sim.now(),
				ok: false,
				requests: 0,
				// Settle order; and how many polls had settled when this one started (the state it read).
				settled: 0,
				settledBefore: settleCounter,
				overlapped: false,
				emitted: [],
				// Attempts that met a fault (5xx, 429, dropped connection).
				faulted: 0,
			};
			pollLog.push(entry);
			// A fresh fault sequence per poll also drops a hard fault a previous poll never reached.
			sim.clearFaults();
			if (index > 0) sim.setFaults({ ...faultConfig, seed: hashString(`${seed}:faults:${index}`) });
			if (faults && index > 0 && chance() < hardFailRate) {
				// At the first request (the list), or mid-way: at the read of one task that finished
				// since the last poll (after the list, and usually after other tasks' reads).
				const finished = recentlyFinished(pollLog[index - 1].start);
				const target =
					chance() < 0.5 && finished.length > 0
						? finished[Math.floor(chance() * finished.length)]
						: undefined;
				sim.failNext(1, {
					...HARD_FAULT,
					pathPrefix: target ? `/analyze/tasks/${target}` : '/analyze/tasks',
				});
				entry.hardFault = target ? 'midway' : 'first-request';
			}
			const promise = pollTrigger({
				workflow,
				credentials,
				onRequest: (count, outcome) => {
					entry.requests = count;
					if (outcome?.error || outcome?.statusCode === 429 || outcome?.statusCode >= 500)
						entry.faulted++;
					if (count === 1) onFirstRequest?.();
				},
			}).then(
				(outcome) => {
					entry.ok = true;
					entry.requests = outcome.requests;
					if (index === 0 || outcome.result) save();
					for (const item of outcome.result?.[0] ?? []) {
						const taskId = String(item.json.task_id);
						entry.emitted.push(taskId);
						emissions.set(taskId, [...(emissions.get(taskId) ?? []), index]);
					}
				},
				(error) => {
					entry.error = String(error?.message ?? error);
				},
			);
			return promise.finally(() => {
				entry.settled = ++settleCounter;
				measureState();
			});
		};

		let running; // a poll still in flight when the next one starts
		for (let index = 0; index < polls; index++) {
			playUntil(index * INTERVAL_MS);
			if (index === restartAt && !running) {
				// n8n restarts: the workflow comes back from the static data it last saved.
				workflow = await triggerWorkflow({ parameters, staticData: JSON.parse(savedState) });
			}
			const overlapNext =
				!running &&
				index > 0 &&
				index + 1 < polls &&
				index + 1 !== restartAt &&
				chance() < overlapRate;
			let firstRequestSettled;
			const firstRequest = new Promise((resolve) => {
				firstRequestSettled = resolve;
			});
			const poll = startPoll(index, firstRequestSettled);
			if (running) {
				pollLog[index - 1].overlapped = true;
				pollLog[index].overlapped = true;
				await Promise.all([running, poll]);
				running = undefined;
			} else if (overlapNext) {
				// The next poll starts once this one has read the first page and is still busy.
				await Promise.race([firstRequest, poll]);
				running = poll;
			} else {
				await poll;
			}
		}
		if (running) await running;

		// --- figures ---
		const lastStart = pollLog[pollLog.length - 1].start;
		const failedPolls = pollLog.filter((entry) => !entry.ok);
		let completed = 0;
		let missed = 0;
		let duplicates = 0;
		let unexpected = 0;
		let maxDetectionPolls = 0;
		let maxDetectionPollsAfterSuccess = 0;
		let detectionOverTarget = 0;
		const missedIds = [];
		for (const [taskId, task] of watched) {
			const snapshot = sim.getTaskDirect(taskId);
			task.completedAtAbs = snapshot?.completedAt ?? null;
			task.deleteAtAbs = task.deleteAt === undefined ? undefined : origin + task.deleteAt;
			const emittedBy = emissions.get(taskId) ?? [];
			duplicates += Math.max(0, emittedBy.length - 1);
			// Deleted in flight: it never finished, so any emission is wrong.
			if (!snapshot) {
				unexpected += emittedBy.length;
				continue;
			}
			// Still running at the last poll: owes no emission yet.
			if (!FINAL.has(snapshot.status) || snapshot.completedAt > lastStart) continue;
			completed++;
			if (emittedBy.length === 0) {
				missed++;
				missedIds.push({ taskId, name: task.name, completedAt: snapshot.completedAt - origin });
				continue;
			}
			// Detection: the emitting poll plus every poll that started after the task finished
			// and settled (emitting nothing for it) before the emitting poll did.
			const emitter = pollLog[emittedBy[0]];
			const counted = pollLog.filter(
				(entry) =>
					entry !== emitter &&
					entry.start >= snapshot.completedAt &&
					entry.settled < emitter.settled,
			);
			const detection = counted.length + 1;
			const failedBefore = counted.filter((entry) => !entry.ok).length;
			maxDetectionPolls = Math.max(maxDetectionPolls, detection);
			if (failedBefore === 0)
				maxDetectionPollsAfterSuccess = Math.max(maxDetectionPollsAfterSuccess, detection);
			if (detection > 1 + failedBefore) detectionOverTarget++;
		}
		// History tasks must never be emitted.
		for (const [taskId, by] of emissions) if (!watched.has(taskId)) unexpected += by.length;

		// Idle polls: nothing created, finished or deleted since the newest poll whose commit
		// this one started from, and nothing in flight: the "nothing changed".
		const changedBetween = (from, to) =>
			[...watched.values()].some((task) =>
				[task.createdAtAbs, task.deleteAtAbs, task.completedAtAbs].some(
					(at) => typeof at === 'number' && at > from && at <= to,
				),
			);
		const inFlightAt = (at) =>
			[...watched.values()].some(
				(task) =>
					task.createdAtAbs <= at &&
					!(task.deleteAtAbs <= at) &&
					(task.completedAtAbs === null || task.completedAtAbs > at),
			);
		const idleRequests = [];
		for (const entry of pollLog) {
			const committedBefore = pollLog.filter(
				(other) => other.ok && other.settled <= entry.settledBefore,
			);
			const base = committedBefore[committedBefore.length - 1];
			if (!entry.ok || !base || changedBetween(base.start, entry.start) || inFlightAt(entry.start))
				continue;
			// Requests the node made: an attempt that met a fault was repeated by the retry policy.
			idleRequests.push(entry.requests - entry.faulted);
		}

		const emitted = [...emissions.values()].reduce((sum, list) => sum + list.length, 0);
		const counts = sim.counts();
		return {
			seed,
			faults,
			tasks: watched.size,
			historyTasks,
			polls: pollLog.length,
			completed,
			emitted,
			missed,
			duplicates,
			unexpected,
			idlePollRequests: idleRequests.length > 0 ? Math.max(...idleRequests) : null,
			idlePolls: idleRequests.length,
			maxDetectionPolls,
			maxDetectionPollsAfterSuccess,
			detectionOverTarget,
			stateBytes,
			failedPolls: failedPolls.length,
			failedPollIndexes: failedPolls.map((entry) => entry.index),
			overlappedPolls: pollLog.filter((entry) => entry.overlapped).length,
			deletedInFlight: plan.tasks.filter((task) => task.deleteAt !== undefined).length,
			requests: counts.requests,
			faultedRequests: Object.values(counts.faults).reduce((sum, n) => sum + n, 0),
			requestsPerPoll: {
				baseline: pollLog[0].requests,
				max: Math.max(...pollLog.map((entry) => entry.requests)),
				mean:
					Math.round(
						(pollLog.reduce((sum, entry) => sum + entry.requests, 0) / pollLog.length) * 10,
					) / 10,
			},
			missedIds,
			durationMs: Date.now() - started,
		};
	} finally {
		await sim.stop();
	}
}

/** Positions a list read moves forward on average with 50 per page (listScan.ts: 41 of 50). */
const TYPICAL_STRIDE = 41;

/**
 * The trigger at scale: `inFlight` tasks processing when it is activated (among `history`
 * finished ones), then `finishingPerPoll` of them finishing before each of `rounds` polls, then
 * quiet polls until every finished task was emitted (at most `maxQuietPolls`). Fetch Full Task
 * is off, so the figures are the tracking's own cost. The real built trigger, through n8n-core's
 * PollContext, against the simulator.
 *
 * The naive figure is computed, not run: per poll, the algorithm before issue 10 read page 1,
 * the queued and pending lists (one read each here) and the whole processing list (about 41 new
 * positions per read), then one GET per tracked task that had finished; its baseline read the
 * same lists. Its cap of 1,000 requests was never reached at this size.
 */
async function runTriggerScale({
	seed = 1,
	inFlight = 20_000,
	history = 2_000,
	finishingPerPoll = 300,
	rounds = 10,
	maxQuietPolls = 30,
} = {}) {
	const started = Date.now();
	const sim = createSimulator({
		...profileOptions(),
		apiKeys: [API_KEY],
		seed,
		speed: 0.001,
		startAt: Date.now() - 30 * 24 * 60 * MINUTE,
		// Seeded tasks run for months: only completeTask() finishes them.
		durations: { minMs: 60 * 24 * 60 * MINUTE, maxMs: 90 * 24 * 60 * MINUTE },
	});
	try {
		const { url } = await sim.start(0);
		const credentials = { apiKey: API_KEY, baseUrl: url };
		sim.seedTasks(history, {
			status: 'ready',
			spacingMs: 5 * SECOND,
			createdBefore: sim.now() - inFlight * 5 * SECOND,
		});
		const running = sim.seedTasks(inFlight, { status: 'processing', spacingMs: 5 * SECOND });
		const workflow = await triggerWorkflow({
			parameters: { events: ['ready', 'failed', 'canceled'], filters: {}, fetchFullTask: false },
		});
		const stateOf = () => workflow.staticData['node:TwelveLabs Trigger'] ?? {};
		const requests = [];
		const naive = [];
		const emittedAt = new Map();
		let duplicates = 0;
		let unexpected = 0;
		const finishedAt = new Map();
		let processing = inFlight;
		let finishedSincePoll = 0;
		const poll = async () => {
			const { result, requests: made } = await pollTrigger({ workflow, credentials });
			requests.push(made);
			naive.push(3 + Math.ceil(processing / TYPICAL_STRIDE) + finishedSincePoll);
			finishedSincePoll = 0;
			for (const item of result?.[0] ?? []) {
				const id = String(item.json.task_id);
				if (!finishedAt.has(id)) unexpected++;
				if (emittedAt.has(id)) duplicates++;
				else emittedAt.set(id, requests.length - 1);
			}
			sim.advance(INTERVAL_MS);
		};
		let baselinePolls = 0;
		do {
			await poll();
			baselinePolls++;
		} while (stateOf().watermark === undefined && baselinePolls < 50);
		const tracked = Object.keys(stateOf().inFlight ?? {}).length;
		const stateBytes = JSON.stringify(stateOf()).length;

		const rng = rngFor(seed, 'scale');
		const order = [...running];
		for (let i = order.length - 1; i > 0; i--) {
			const j = Math.floor(rng() * (i + 1));
			[order[i], order[j]] = [order[j], order[i]];
		}
		let next = 0;
		for (let round = 0; round < rounds; round++) {
			for (let i = 0; i < finishingPerPoll && next < order.length; i++) {
				const id = order[next++];
				sim.completeTask(id, 'ready');
				finishedAt.set(id, requests.length);
				processing--;
				finishedSincePoll++;
			}
			await poll();
		}
		let quietPolls = 0;
		while (emittedAt.size < finishedAt.size && quietPolls < maxQuietPolls) {
			await poll();
			quietPolls++;
		}
		const missedIds = [...finishedAt.keys()].filter((id) => !emittedAt.has(id));
		const pollsToEmit = [...finishedAt].map(([id, poll]) =>
			emittedAt.has(id) ? emittedAt.get(id) - poll + 1 : Number.POSITIVE_INFINITY,
		);
		const mean = (list) =>
			Math.round((list.reduce((sum, n) => sum + n, 0) / list.length) * 10) / 10;
		const after = requests.slice(baselinePolls);
		const naiveAfter = naive.slice(baselinePolls);
		return {
			seed,
			inFlight,
			history,
			finishingPerPoll,
			rounds,
			completed: finishedAt.size,
			emitted: emittedAt.size,
			missed: missedIds.length,
			duplicates,
			unexpected,
			baselinePolls,
			tracked,
			stateBytes,
			stateBytesPerTracked: Math.round((stateBytes / Math.max(tracked, 1)) * 10) / 10,
			requestsPerPoll: {
				max: Math.max(...requests),
				mean: mean(requests),
				baselineMax: Math.max(...requests.slice(0, baselinePolls)),
			},
			naiveRequestsPerPoll: { max: Math.max(...naive), mean: mean(naive), baseline: naive[0] },
			afterBaseline: {
				max: Math.max(...after),
				mean: mean(after),
				naiveMax: Math.max(...naiveAfter),
				naiveMean: mean(naiveAfter),
			},
			maxPollsToEmit: Math.max(...pollsToEmit),
			meanPollsToEmit: mean(pollsToEmit.filter(Number.isFinite)),
			pollsUntilLastEmitted: Math.max(...emittedAt.values()) + 1 - baselinePolls,
			quietPolls,
			polls: requests.length,
			missedIds: missedIds.slice(0, 20),
			durationMs: Date.now() - started,
		};
	} finally {
		await sim.stop();
	}
}

module.exports = { runTriggerChurn, runTriggerScale };
