'use strict';
/**
 * Webhook trigger vs polling trigger on one churn: the same seeded plan of `tasks` tasks created
 * over `minutes` minutes with random durations (a tenth failing) is played twice against the
 * simulator, once watched by the REAL polling trigger (n8n-core's PollContext, a poll every
 * minute, n8n's shortest interval) and once by the REAL webhook trigger (n8n-core's
 * WebhookContext over HTTP, test/harness/engine.js), the simulator delivering signed
 * notifications with 10% sent twice. Both read each task in full (Fetch Full Task on).
 *
 * - Detection delay: from a task's completion to the trigger emitting it. Polling: sim time from
 *   the completion to the start of the poll that emitted it. Webhook: the sim clock is stopped at
 *   each completion and the notification sent at once, so the delay is the real time from the
 *   delivery being sent to the node having read the task and started the workflow (TwelveLabs'
 *   own sending delay, not known here, comes on top).
 * - Requests per completion: API requests the trigger made, divided by the tasks it emitted; and
 *   what an idle hour costs (polling: a poll a minute; webhook: nothing).
 *
 * The sim clock moves by advance() only (speed 0.001), so a seed replays the same plan.
 */
require('../setup-env.js');
const { createSimulator, mulberry32, hashString } = require('../simulator');
const { pollTrigger, triggerWorkflow, webhookEndpoint } = require('../harness/engine');
const { WEBHOOK_SECRET } = require('../harness/secrets');

const API_KEY = 'tlk_webhook_bench_key';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const POLL_INTERVAL_MS = MINUTE;

function plan({ seed, tasks, minutes }) {
	const rng = mulberry32(hashString(`webhook-vs-polling:${seed}`));
	return Array.from({ length: tasks }, (_, index) => {
		const createdAt = Math.round(rng() * minutes * MINUTE * 0.7);
		const durationMs = Math.round(10 * SECOND + rng() * 6 * MINUTE);
		return { index, createdAt, completesAt: createdAt + durationMs, durationMs, outcome: rng() < 0.1 ? 'failed' : 'ready' };
	});
}

function body(index) {
	return {
		video: { type: 'url', url: `https://videos.example.com/bench/${index}.mp4` },
		prompt: `Describe what happens in benchmark video number ${index}, scene by scene.`,
		custom_id: `bench_${index}`,
	};
}

function newSim(seed) {
	return createSimulator({ apiKeys: [API_KEY], seed, speed: 0.001, startAt: Date.now() - 24 * 60 * MINUTE });
}

function summary(delaysMs) {
	const sorted = [...delaysMs].sort((a, b) => a - b);
	const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
	const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
	return { meanMs: Math.round(mean), p95Ms: Math.round(p95), maxMs: Math.round(sorted[sorted.length - 1] ?? 0) };
}

async function runPolling({ seed, tasks, minutes }) {
	const sim = newSim(seed);
	const { url } = await sim.start(0);
	try {
		const credentials = { apiKey: API_KEY, baseUrl: url };
		const workflow = await triggerWorkflow({ parameters: { events: ['ready', 'failed'], filters: {}, fetchFullTask: true, output: 'simplified' } });
		const origin = sim.now();
		const steps = plan({ seed, tasks, minutes });
		const ids = new Map();
		const emittedAt = new Map();
		let duplicates = 0;
		await pollTrigger({ workflow, credentials }); // activation: the baseline
		sim.resetLog();
		const end = Math.max(...steps.map((s) => s.completesAt)) + 2 * POLL_INTERVAL_MS;
		let next = 0;
		const ordered = [...steps].sort((a, b) => a.createdAt - b.createdAt);
		for (let at = POLL_INTERVAL_MS; at <= end; at += POLL_INTERVAL_MS) {
			while (next < ordered.length && ordered[next].createdAt <= at) {
				const step = ordered[next++];
				sim.advance(origin + step.createdAt - sim.now());
				ids.set(sim.createTaskDirect(body(step.index), { durationMs: step.durationMs, outcome: step.outcome }).taskId, step);
			}
			sim.advance(origin + at - sim.now());
			const { result } = await pollTrigger({ workflow, credentials });
			for (const item of result?.[0] ?? []) {
				const id = String(item.json.task_id);
				if (emittedAt.has(id)) duplicates++;
				else emittedAt.set(id, at);
			}
		}
		const delays = [...emittedAt].map(([id, at]) => at - ids.get(id).completesAt);
		const requests = sim.counts().requests;
		// Nothing changes any more: what an idle hour costs (a poll a minute).
		sim.resetLog();
		sim.advance(POLL_INTERVAL_MS);
		await pollTrigger({ workflow, credentials });
		const idleRequestsPerHour = sim.counts().requests * 60;
		return { emitted: emittedAt.size, duplicates, requests, requestsPerCompletion: requests / Math.max(1, emittedAt.size), idleRequestsPerHour, delay: summary(delays) };
	} finally {
		await sim.stop();
	}
}

async function runWebhook({ seed, tasks, minutes }) {
	const sim = newSim(seed);
	const { url } = await sim.start(0);
	const endpoint = await webhookEndpoint({
		parameters: { events: ['analyze.task.ready', 'analyze.task.failed'], fetchFullTask: true, output: 'simplified' },
		credentials: { apiKey: API_KEY, baseUrl: url },
		secret: WEBHOOK_SECRET,
	});
	try {
		sim.configure({ webhookDelivery: { duplicateRate: 0.1 } });
		sim.registerWebhook(endpoint.url, WEBHOOK_SECRET);
		sim.resetLog();
		const origin = sim.now();
		const steps = plan({ seed, tasks, minutes });
		const events = [
			...steps.map((step) => ({ at: step.createdAt, kind: 'create', step })),
			...steps.map((step) => ({ at: step.completesAt, kind: 'complete', step })),
		].sort((a, b) => a.at - b.at || (a.kind === 'create' ? -1 : 1));
		const ids = new Map();
		const sentAt = new Map();
		const delays = [];
		let seen = 0;
		for (const event of events) {
			sim.advance(Math.max(0, origin + event.at - sim.now()));
			if (event.kind === 'create') {
				ids.set(event.step.index, sim.createTaskDirect(body(event.step.index), { durationMs: event.step.durationMs, outcome: event.step.outcome }).taskId);
				continue;
			}
			sentAt.set(ids.get(event.step.index), performance.now());
			await sim.flushWebhooks();
			await endpoint.settle();
			for (const items of endpoint.executions.slice(seen)) {
				const id = String(items[0].task_id);
				if (sentAt.has(id)) delays.push(performance.now() - sentAt.get(id));
			}
			seen = endpoint.executions.length;
		}
		const emitted = endpoint.executions.map((items) => String(items[0].task_id));
		const deliveries = sim.webhookDeliveries().length;
		const requests = sim.counts().requests;
		return {
			emitted: new Set(emitted).size,
			duplicates: emitted.length - new Set(emitted).size,
			requests,
			requestsPerCompletion: requests / Math.max(1, new Set(emitted).size),
			deliveriesPerCompletion: deliveries / Math.max(1, new Set(emitted).size),
			idleRequestsPerHour: 0,
			delay: summary(delays),
		};
	} finally {
		await endpoint.close();
		await sim.stop();
	}
}

async function runWebhookVsPolling({ seed = 1, tasks = 200, minutes = 30 } = {}) {
	const started = Date.now();
	const polling = await runPolling({ seed, tasks, minutes });
	const webhook = await runWebhook({ seed, tasks, minutes });
	return {
		seed,
		tasks,
		polling,
		webhook,
		ratios: {
			meanDelay: polling.delay.meanMs / Math.max(1, webhook.delay.meanMs),
			maxDelay: polling.delay.maxMs / Math.max(1, webhook.delay.maxMs),
			requestsPerCompletion: polling.requestsPerCompletion / Math.max(1e-9, webhook.requestsPerCompletion),
		},
		durationMs: Date.now() - started,
	};
}

module.exports = { runWebhookVsPolling };
