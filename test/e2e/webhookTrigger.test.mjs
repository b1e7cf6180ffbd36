/**
 * The TwelveLabs Webhook Trigger in a real, active n8n workflow (the example "Act on Finished
 * Analyses (Webhook)"): the simulator, in its own process, delivers signed notifications to n8n's
 * production webhook URL on 127.0.0.1 for 50 tasks that finish out of order, retrying when an
 * answer is lost, sending some twice and delaying some; forged, tampered, stale, unsigned,
 * malformed, oversized, unknown and replayed deliveries are sent too. 50 executions, one per
 * task, none from a hostile delivery.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SIM_WEBHOOK_SECRET } from '../../scripts/n8n-environment.mjs';
import { REPO_ROOT, clientsFor, sleep, timed, triggerExecutions, useEnvironment, waitFor } from './support/environment.mjs';

const state = await useEnvironment(after);
const { api, sim, login } = clientsFor(state);
let rest;
before(async () => {
	rest = await login();
});

const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples/webhook-act-on-finished-analyses.json'), 'utf8'));
const workflowId = example.id;
const triggerNode = example.nodes.find((node) => node.type === 'n8n-nodes-twelvelabs.twelveLabsWebhookTrigger');
const productionUrl = `${state.n8nUrl}/webhook/${triggerNode.webhookId}/twelvelabs`;
const TASKS = 50;

const executions = async () => await triggerExecutions(api, workflowId, triggerNode.name);

test('the webhook example: 50 tasks finishing out of order, retried and duplicated, run exactly once each; hostile deliveries never run', { timeout: 420_000 }, async () => {
	await timed('webhook test', async () => {
		await sim.control('POST', '/reset');
		// The example is imported with the package's credentials: it names both.
		const imported = await api.get(`/workflows/${workflowId}`);
		const node = imported.nodes.find((n) => n.name === triggerNode.name);
		assert.deepEqual(Object.keys(node.credentials).sort(), ['twelveLabsApi', 'twelveLabsWebhookApi']);
		assert.ok(imported.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote'), 'the example explains itself');
		try {
			assert.equal((await executions()).length, 0, 'no execution before activation');
			await api.post(`/workflows/${workflowId}/activate`);
			await sim.control('POST', '/config', {
				// A sender that waits up to 30 s for n8n (busy machines: n8n's SQLite writes queue up).
				webhookDelivery: { backoffMs: 500, maxAttempts: 8, maxDelayMs: 1500, duplicateRate: 0.3, lostAnswerRate: 0.2, timeoutMs: 30_000, concurrency: 4 },
			});
			await sim.control('POST', '/webhooks', { url: productionUrl, secret: SIM_WEBHOOK_SECRET });
			// n8n registers a production webhook a moment after activation (404 until then).
			await waitFor(async () => (await sim.control('POST', '/webhooks/hostile', { kind: 'unsigned', url: productionUrl })).status === 401, {
				timeoutMs: 30_000,
				message: 'the production webhook to be registered',
			});

			// 50 tasks with scripted durations in scrambled order (sim ms; the sim runs 20× real time),
			// one in five failing: they finish in an order unrelated to their creation.
			const created = [];
			for (let i = 0; i < TASKS; i++) {
				const durationMs = 2000 + ((i * 7919) % TASKS) * 900;
				const outcome = i % 5 === 4 ? 'failed' : 'ready';
				const customId = `wh-e2e-${String(i).padStart(2, '0')}`;
				const { task_id: taskId } = await sim.api('POST', '/analyze/tasks', {
					video: { type: 'url', url: `https://videos.example.com/e2e/${customId}.mp4?sim_duration=${durationMs}&sim_outcome=${outcome}` },
					model_name: 'pegasus1.5',
					prompt: 'Describe the video in one sentence.',
					custom_id: customId,
				});
				created.push({ taskId, customId, outcome, durationMs });
			}
			const expected = created.map((task) => task.taskId).sort();

			// Every task notified, retries and duplicates included.
			await waitFor(async () => {
				const tasks = await sim.control('GET', '/tasks');
				if (tasks.filter((task) => ['ready', 'failed'].includes(task.status)).length < TASKS) return false;
				const flushed = await sim.control('POST', '/webhooks/flush', { timeoutMs: 5000 });
				return flushed.queued === 0 && flushed.inFlight === 0;
			}, { timeoutMs: 240_000, intervalMs: 1000, message: 'every notification to be delivered' });

			// Hostile deliveries, straight at n8n.
			const hostile = {};
			for (const kind of ['forged', 'tampered', 'stale', 'unsigned', 'malformed', 'oversized', 'unknownType', 'replayed']) {
				hostile[kind] = (await sim.control('POST', '/webhooks/hostile', { kind, url: productionUrl })).status;
			}
			assert.deepEqual(hostile, {
				forged: 401, tampered: 401, stale: 401, unsigned: 401, malformed: 401, oversized: 413, unknownType: 400,
				replayed: 200, // a copy of a delivery already run: acknowledged, not run again
			});

			const { deliveries } = await sim.control('GET', '/webhooks');
			const events = deliveries.filter((d) => d.kind === 'event' || d.kind === 'duplicate');
			const retried = events.filter((d) => d.attempt > 1).length;
			const duplicates = events.filter((d) => d.kind === 'duplicate').length;
			const lost = events.filter((d) => d.error === 'the answer was lost (timed out)').length;
			assert.ok(retried > 0 && duplicates > 0, `retries (${retried}) and duplicates (${duplicates}) happened`);
			const arrival = [...new Set(events.filter((d) => d.status === 200).map((d) => d.subjectId))];
			const completion = [...created].sort((a, b) => a.durationMs - b.durationMs).map((t) => t.taskId);
			assert.notDeepEqual(arrival, created.map((t) => t.taskId), 'notifications did not arrive in creation order');

			// 50 executions, one per task, none twice, none hostile; stable.
			await waitFor(async () => (await executions()).length >= TASKS, { timeoutMs: 120_000, intervalMs: 1000, message: `${TASKS} executions` });
			await sleep(3000);
			const list = await executions();
			const emitted = list.flatMap((e) => e.emitted.map((item) => item.task_id)).sort();
			assert.equal(list.length, TASKS, `${list.length} executions`);
			assert.deepEqual(emitted, expected, 'each task exactly once');
			assert.ok(list.every((e) => e.status === 'success' && e.mode === 'webhook'));
			assert.ok(list.every((e) => e.emitted.every((item) => item.custom_id !== 'forged')), 'nothing from a forged delivery');
			for (const execution of list) {
				const [item] = execution.emitted;
				const task = created.find((t) => t.taskId === item.task_id);
				assert.equal(item.status, task.outcome);
				assert.deepEqual(execution.kept, [{ customId: task.customId, taskId: task.taskId, status: task.outcome, answer: item.text ?? item.error ?? '' }]);
				if (task.outcome === 'ready') assert.equal(typeof item.text, 'string', 'read in full: the generated text');
			}
			const workflow = await rest.get(`/workflows/${workflowId}`);
			const saved = workflow.staticData?.[`node:${triggerNode.name}`]?.deliveries ?? [];
			assert.equal(saved.length, TASKS, 'the saved window holds one entry per task');
			console.log(`webhook: ${TASKS} executions from ${events.length} deliveries (${retried} retries, ${duplicates} duplicates, ${lost} lost answers); completion order differs from arrival order: ${JSON.stringify(arrival) !== JSON.stringify(completion)}`);
		} finally {
			await api.post(`/workflows/${workflowId}/deactivate`).catch(() => {});
			await sim.control('POST', '/reset').catch(() => {});
		}
	});
});
