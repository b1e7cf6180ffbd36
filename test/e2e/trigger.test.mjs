/**
 * The TwelveLabs Trigger in a real, active n8n workflow (the "Collect Batch Results"
 * example): a task created and completed at the API after activation starts the workflow
 * exactly once, a task outside the custom-ID filter never does.
 *
 * n8n polls at most once a minute, but it also polls once whenever a workflow is activated,
 * so each "poll" below is a deactivate + activate through the public API.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT, activateAndAwaitPoll, clientsFor, sleep, timed, triggerExecutions, useEnvironment, waitFor } from './support/environment.mjs';

const state = await useEnvironment(after);
const { api, sim, login } = clientsFor(state);
let rest;
before(async () => {
	rest = await login();
});

const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples/batch-collect-results.json'), 'utf8'));
const workflowId = example.id;
const triggerNode = example.nodes.find((node) => node.type === 'n8n-nodes-twelvelabs.twelveLabsTrigger');
const prefix = triggerNode.parameters.filters.customIdPrefix;

/** The trigger's saved state (workflow static data). */
async function staticData() {
	const workflow = await rest.get(`/workflows/${workflowId}`);
	return workflow.staticData?.[`node:${triggerNode.name}`];
}

/** Activates the workflow, waits for its activation poll and for the state it saves. */
async function activateAndPoll() {
	await activateAndAwaitPoll(api, sim, workflowId);
	await waitFor(async () => (await staticData()) !== undefined, { timeoutMs: 10_000, message: 'the trigger state to be saved' });
}

const executions = async () => await triggerExecutions(api, workflowId, triggerNode.name);

async function createTask(customId) {
	const { task_id: taskId } = await sim.api('POST', '/analyze/tasks', {
		video: { type: 'url', url: `https://videos.example.com/e2e/${customId}.mp4` },
		model_name: 'pegasus1.5',
		prompt: 'Describe the video in one sentence.',
		custom_id: customId,
	});
	return taskId;
}

test('the trigger emits a task that finished after activation exactly once', { timeout: 180_000 }, async () => {
	await timed('trigger test', async () => {
		// Only the tasks of this test exist (the examples test created others).
		await sim.control('POST', '/reset');
		try {
			assert.equal((await executions()).length, 0, 'no execution before activation');

			// Poll 1 (activation): takes a baseline of what exists and emits nothing.
			await activateAndPoll();
			assert.equal((await executions()).length, 0, 'the baseline poll emits nothing');

			// Two tasks finish: one inside the custom-ID filter, one outside.
			const suffix = Date.now();
			const wanted = { customId: `${prefix}e2e-${suffix}` };
			const ignored = { customId: `other-e2e-${suffix}` };
			wanted.taskId = await createTask(wanted.customId);
			ignored.taskId = await createTask(ignored.customId);
			for (const task of [wanted, ignored]) {
				await sim.control('POST', `/tasks/${task.taskId}/complete`, { status: 'ready' });
			}

			// Poll 2: emits the wanted task.
			await api.post(`/workflows/${workflowId}/deactivate`);
			await activateAndPoll();
			const withTask = (list) => list.filter((e) => e.emitted.some((item) => item.task_id === wanted.taskId));
			const first = await waitFor(async () => {
				const list = await executions();
				return withTask(list).length > 0 && list;
			}, { timeoutMs: 30_000, message: 'an execution with the finished task' });
			const [execution] = withTask(first);
			assert.equal(execution.status, 'success');
			assert.equal(execution.mode, 'trigger');
			assert.equal(execution.emitted.length, 1, 'only the task inside the filter');
			const [item] = execution.emitted;
			assert.equal(item.custom_id, wanted.customId);
			assert.equal(item.status, 'ready');
			assert.equal(typeof item.text, 'string', 'fetched in full: the generated text');
			assert.deepEqual(execution.kept, [
				{ customId: wanted.customId, taskId: wanted.taskId, status: 'ready', answer: item.text },
			]);
			assert.ok(
				first.every((e) => e.emitted.every((i) => i.task_id !== ignored.taskId)),
				'the task outside the custom-ID filter is never emitted',
			);

			// Poll 3: nothing new, so the task must not come again.
			await api.post(`/workflows/${workflowId}/deactivate`);
			await activateAndPoll();
			await sleep(3000); // an emitted poll becomes an execution within milliseconds
			const later = await executions();
			assert.equal(withTask(later).length, 1, 'the task was emitted exactly once across polls');
			assert.equal(later.length, first.length, 'no other execution');
			console.log(`trigger: task ${wanted.taskId} in execution ${execution.id}; ${later.length} execution(s) after 3 polls`);
		} finally {
			await api.post(`/workflows/${workflowId}/deactivate`).catch(() => {});
		}
	});
});
