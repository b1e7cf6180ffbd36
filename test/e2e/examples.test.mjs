/**
 * Every example workflow in examples/ is imported into a real n8n (with the packed package)
 * and those started by a Manual Trigger are run exactly as the editor's "Execute workflow"
 * button runs them, against the simulator; their output is asserted node by node.
 * The trigger example is run by trigger.test.mjs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
	REPO_ROOT,
	clientsFor,
	executionError,
	nodeOutput,
	runManualWorkflow,
	timed,
	useEnvironment,
	waitFor,
} from './support/environment.mjs';

const state = await useEnvironment(after);
const { api, sim, login } = clientsFor(state);
let rest;
before(async () => {
	rest = await login();
});

const examplesDir = path.join(REPO_ROOT, 'examples');
const examples = fs
	.readdirSync(examplesDir)
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8')) }));

const TASK_ID = /^[0-9a-f]{24}$/;
const isManual = (workflow) => workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger');

/** Runs an example and checks that it succeeded; returns the execution. */
async function runExample(workflow) {
	const execution = await runManualWorkflow({ rest, api }, workflow.id);
	assert.equal(execution.status, 'success', `${workflow.name} failed: ${executionError(execution)}`);
	assert.equal(execution.mode, 'manual');
	return execution;
}

/** A ready result whose video went to TwelveLabs as an asset of `size` bytes, in a multipart upload. */
async function expectAnalyzedAsAsset(item, { size, filename }) {
	assert.match(item.task_id, TASK_ID);
	assert.equal(item.status, 'ready');
	assert.equal(item.video.type, 'asset_id');
	assert.ok(typeof item.text === 'string' && item.text.length > 0, 'an answer');
	const asset = (await sim.control('GET', '/assets')).find((entry) => entry.assetId === item.video.asset_id);
	assert.ok(asset, `the asset ${item.video.asset_id} exists at the simulator`);
	assert.equal(asset.size, size);
	assert.equal(asset.filename, filename);
	assert.equal(asset.method, 'multipart', 'above the direct-upload limit, uploaded in chunks');
	const task = await sim.api('GET', `/analyze/tasks/${item.task_id}`);
	assert.equal(task.video_source.asset_id, asset.assetId);
}

/** What each manual example must output. A new example must add its checks here. */
const checks = {
	async 'summarize-video.json'(workflow) {
		const execution = await runExample(workflow);
		const items = nodeOutput(execution, 'Summarize Video');
		assert.equal(items.length, 1, 'one item per video');
		const [item] = items;
		assert.match(item.task_id, TASK_ID);
		assert.equal(item.status, 'ready');
		assert.equal(item.custom_id, 'example-summary');
		assert.equal(item.analysis_mode, 'general');
		assert.equal(item.finish_reason, 'stop');
		assert.equal(item.video.url, 'https://videos.example.com/demo/product-launch.mp4');
		assert.ok(typeof item.text === 'string' && item.text.includes('Summar'), `a summary text, got ${item.text}`);
		assert.equal(item.data, undefined, 'text mode has no parsed data');
		// The task really went through the API.
		const task = await sim.api('GET', `/analyze/tasks/${item.task_id}`);
		assert.equal(task.status, 'ready');
		assert.equal(task.result.data, item.text);
	},

	async 'segment-video-scenes.json'(workflow) {
		const execution = await runExample(workflow);
		const items = nodeOutput(execution, 'Find Scenes');
		const taskIds = new Set(items.map((item) => item.task_id));
		assert.equal(taskIds.size, 1, 'all segments come from one task');
		const [taskId] = taskIds;
		assert.match(taskId, TASK_ID);

		// One item per segment: exactly as many items as the task has segments, in order.
		const task = await sim.api('GET', `/analyze/tasks/${taskId}`);
		assert.equal(task.status, 'ready');
		const segments = JSON.parse(task.result.data);
		const expected = Object.entries(segments).flatMap(([definitionId, list]) =>
			list.map((segment, index) => ({ definitionId, index, segment })),
		);
		assert.ok(expected.length >= 2, 'the simulator found segments');
		assert.equal(items.length, expected.length, 'one item per segment');
		assert.deepEqual(new Set(items.map((item) => item.definition_id)), new Set(['scene', 'product_shot']));
		items.forEach((item, i) => {
			assert.equal(item.custom_id, 'example-scenes');
			assert.equal(item.definition_id, expected[i].definitionId);
			assert.equal(item.segment_index, expected[i].index);
			assert.equal(item.start_time, expected[i].segment.start_time);
			assert.equal(item.end_time, expected[i].segment.end_time);
			assert.ok(typeof item.start_time === 'number' && item.start_time < item.end_time, 'times in seconds, start < end');
			if (item.definition_id === 'scene') {
				assert.equal(typeof item.fields.summary, 'string');
				assert.ok(['calm', 'tense', 'joyful'].includes(item.fields.mood), `mood within the allowed values: ${item.fields.mood}`);
				assert.ok(Array.isArray(item.fields.objects) && item.fields.objects.every((o) => typeof o === 'string'));
			} else {
				assert.equal(typeof item.fields.product, 'string');
				assert.match(item.fields.best_frame, /^\d\d:\d\d:\d\d$/, 'timestamp field in hh:mm:ss');
				assert.equal(typeof item.fields.brand_visible, 'boolean');
			}
		});
		// The form became the API's segment definitions.
		const definitions = task.request_params.response_format.segment_definitions;
		assert.deepEqual(definitions.map((d) => d.id), ['scene', 'product_shot']);
	},

	async 'batch-start-analyses.json'(workflow) {
		const execution = await runExample(workflow);
		const videos = nodeOutput(execution, 'Video List');
		assert.equal(videos.length, 3);
		const started = nodeOutput(execution, 'Start Analysis');
		assert.equal(started.length, 3, 'one task per video');
		for (const [index, item] of started.entries()) {
			assert.match(item.task_id, TASK_ID);
			assert.ok(['queued', 'pending', 'processing'].includes(item.status), `Create returns at once: ${item.status}`);
			const task = await sim.api('GET', `/analyze/tasks/${item.task_id}`);
			assert.equal(task.custom_id, videos[index].customId, 'custom id from the list');
			assert.match(task.custom_id, /^batch-\d+-\d$/);
			assert.equal(task.video_source.url, videos[index].videoUrl);
		}
		assert.equal(new Set(started.map((item) => item.task_id)).size, 3, 'three distinct tasks');
	},

	async 'analyze-many-videos-in-a-batch.json'(workflow) {
		const execution = await runExample(workflow);
		const assets = nodeOutput(execution, 'Asset List');
		assert.equal(assets.length, 3);
		const results = nodeOutput(execution, 'Analyze in a Batch');
		assert.equal(results.length, 3, 'one result per video');
		const batchIds = new Set(results.map((item) => item.batch_id));
		assert.equal(batchIds.size, 1, 'all videos in one batch');
		results.forEach((item, index) => {
			assert.equal(item.custom_id, assets[index].customId, 'in input order, paired by custom ID');
			assert.equal(item.status, 'ready');
			assert.equal(item.video.asset_id, assets[index].assetId);
			assert.ok(typeof item.text === 'string' && item.text.length > 0, `a text per video, got ${item.text}`);
		});
		// The batch really went through the API, with one request per video.
		const [batchId] = batchIds;
		const batch = await sim.api('GET', `/analyze/batches/${batchId}`);
		assert.equal(batch.status, 'completed');
		assert.equal(batch.total_items, 3);
		assert.equal(batch.ready_items, 3);
	},

	async 'analyze-large-video.json'(workflow) {
		// From a link: the HTTP Request node downloads 40 MB from the simulator's /_files/.
		const execution = await runExample(workflow);
		const [item] = nodeOutput(execution, 'Analyze Video');
		await expectAnalyzedAsAsset(item, { size: 40_000_000, filename: 'long-interview.mp4' });

		// From a form upload: the workflow activated, its production form posted as a browser does.
		await api.post(`/workflows/${workflow.id}/activate`);
		try {
			const size = 31 * 1024 * 1024 + 17;
			const form = new FormData();
			form.append('field-0', new Blob([Buffer.alloc(size, 9)], { type: 'video/mp4' }), 'uploaded clip.mp4');
			const before = new Set((await api.get(`/executions?workflowId=${workflow.id}&limit=50`)).data.map((e) => e.id));
			const answer = await fetch(`${state.n8nUrl}/form/analyze-large-video`, { method: 'POST', body: form });
			assert.equal(answer.status, 200, `the form accepted the upload: ${await answer.text()}`);
			const done = await waitFor(
				async () => {
					const { data } = await api.get(`/executions?workflowId=${workflow.id}&limit=50`);
					const run = data.find((e) => !before.has(e.id));
					return run && !['new', 'running', 'waiting'].includes(run.status) ? run : undefined;
				},
				{ timeoutMs: 120_000, intervalMs: 500, message: 'the form execution to finish' },
			);
			const formRun = await api.get(`/executions/${done.id}?includeData=true`);
			assert.equal(formRun.status, 'success', executionError(formRun));
			const [formItem] = nodeOutput(formRun, 'Analyze Video');
			await expectAnalyzedAsAsset(formItem, { size, filename: 'uploaded clip.mp4' });
		} finally {
			await api.post(`/workflows/${workflow.id}/deactivate`);
		}
	},

	async 'clean-up-failed-tasks.json'(workflow) {
		// Some failed history to clean up (the simulator starts with none).
		await sim.control('POST', '/seed', { n: 3, status: 'failed' });
		const failedBefore = (await sim.api('GET', '/analyze/tasks?status=failed&page_limit=50')).data.map((t) => t.task_id);
		assert.ok(failedBefore.length >= 3);

		const execution = await runExample(workflow);
		const found = nodeOutput(execution, 'Find Failed Tasks');
		assert.deepEqual(found.map((item) => item.task_id), failedBefore, 'every failed task, newest first');
		for (const item of found) {
			assert.equal(item.status, 'failed');
			assert.equal(typeof item.error, 'string', 'the failure reason');
		}
		const deleted = nodeOutput(execution, 'Delete Task');
		assert.deepEqual(deleted, failedBefore.map((taskId) => ({ deleted: true, task_id: taskId })));
		const failedAfter = (await sim.api('GET', '/analyze/tasks?status=failed')).data;
		assert.equal(failedAfter.length, 0, 'no failed task left');
	},
};

test('every example workflow is imported, wired to the credential, with sticky notes', async () => {
	await timed('examples imported', async () => {
		assert.ok(examples.length >= 7, 'the examples folder has the seven examples');
		const credentials = await rest.get('/credentials');
		assert.ok(
			credentials.some((c) => c.id === state.credential.id && c.name === state.credential.name && c.type === 'twelveLabsApi'),
			'the TwelveLabs credential exists',
		);
		for (const { file, workflow } of examples) {
			const imported = await api.get(`/workflows/${workflow.id}`);
			assert.equal(imported.name, workflow.name, file);
			const twelveLabsNodes = imported.nodes.filter((node) => node.type.startsWith('n8n-nodes-twelvelabs.'));
			assert.ok(twelveLabsNodes.length > 0, `${file} uses the package`);
			for (const node of twelveLabsNodes) {
				assert.deepEqual(node.credentials?.twelveLabsApi, { id: state.credential.id, name: state.credential.name }, `${file}: ${node.name}`);
			}
			assert.ok(imported.nodes.some((node) => node.type === 'n8n-nodes-base.stickyNote'), `${file} explains itself`);
			if (isManual(workflow)) assert.ok(checks[file], `${file} has output checks in examples.test.mjs`);
		}
	});
});

for (const { file, workflow } of examples.filter((example) => isManual(example.workflow))) {
	test(`example ${file} runs against the simulator`, async () => {
		await timed(`example ${file}`, async () => await checks[file](workflow));
	});
}
