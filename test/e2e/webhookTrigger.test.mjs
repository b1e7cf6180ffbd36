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
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { N8N_MAJOR, SIM_WEBHOOK_SECRET } from '../../scripts/n8n-environment.mjs';
import { openBrowser, signIn } from './support/browser.mjs';
import { selectors } from './support/selectors/index.mjs';
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
const DOCS_SHOTS = path.join(REPO_ROOT, 'docs/screenshots');
// The committed screenshots change only on request, so a test run leaves the tree clean.
const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === '1';
const { canvas, ndv: NDV } = selectors;

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

/**
 * The node's panel as a user sets it up: n8n's Webhook URLs (test and production), the notice
 * saying where each goes in the TwelveLabs Playground and where the secret comes from, the
 * events, the credentials; then Execute step (n8n listens for a test event) and a signed
 * delivery from the simulator to the test URL, and its item in the output. UPDATE_SCREENSHOTS=1 (2.x only)
 * rewrites docs/screenshots/webhook-trigger-setup.png and webhook-trigger-output.png.
 */
test('editor: the webhook trigger panel shows both URLs and the set-up steps, and a test event arrives', { timeout: 240_000 }, async () => {
	await timed('webhook editor test', async () => {
		const webhookId = randomUUID();
		const testUrl = `${state.n8nUrl}/webhook-test/${webhookId}/twelvelabs`;
		const prodUrl = `${state.n8nUrl}/webhook/${webhookId}/twelvelabs`;
		const workflow = await api.post('/workflows', {
			name: 'E2E: webhook trigger in the editor',
			nodes: example.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').map((node) => (node.name === triggerNode.name ? { ...node, id: randomUUID(), webhookId } : { ...node, id: randomUUID() })),
			connections: example.connections,
			settings: example.settings ?? { executionOrder: 'v1' },
		});
		const stepShots = path.join(state.runDir, 'screenshots');
		fs.mkdirSync(stepShots, { recursive: true });
		// Tall enough for the whole form, Options included.
		const { browser, page } = await openBrowser(state, { width: 1440, height: 1100 });
		const shot = async (name, options, docs = false) => {
			const file = path.join(stepShots, `${name}.png`);
			await page.screenshot({ path: file, ...options });
			if (docs && UPDATE_DOCS) fs.copyFileSync(file, path.join(DOCS_SHOTS, `${name}.png`));
		};
		try {
			await sim.control('POST', '/reset');
			await signIn(page, state);
			await page.goto(`${state.n8nUrl}/workflow/${workflow.id}`);
			await page.locator(canvas.node(triggerNode.name)).dblclick();
			const ndv = page.locator(NDV.panel);
			const params = ndv.locator(NDV.parameters);
			await params.waitFor();

			// n8n's Webhook URLs: the test URL, then the production URL the notice says to copy.
			await ndv.getByText(NDV.webhooks.toggle, { exact: true }).click();
			await ndv.getByText(testUrl, { exact: true }).waitFor();
			await ndv.getByText(NDV.webhooks.production, { exact: true }).click();
			await ndv.getByText(prodUrl, { exact: true }).waitFor();
			assert.equal(await ndv.getByText(testUrl, { exact: true }).count(), 0, 'one URL at a time');

			// The notice: where the URL goes in the Playground, where the secret comes from, how to try it.
			const notice = params.locator(NDV.notice).filter({ hasText: 'Set up once' });
			const steps = (await notice.locator('li').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
			assert.equal(steps.length, 4, `four steps, each on its own line: ${JSON.stringify(steps)}`);
			const expectedSteps = [
				'Copy the Production URL from Webhook URLs above.',
				'In the TwelveLabs Playground, open Webhooks, select Add Endpoint, paste the URL',
				"In your webhook's row, select Reveal Secret and copy it; paste it into this node's TwelveLabs Webhook API credential.",
				'Publish (activate) this workflow.',
			];
			expectedSteps.forEach((step, i) => assert.ok(steps[i].startsWith(step), `step ${i + 1} reads: ${steps[i]}`));
			const noticeText = (await notice.innerText()).replace(/\s+/g, ' ');
			assert.ok(noticeText.includes('To try it first: register the Test URL the same way, select Execute step (the panel then reads Listening for test event)'), noticeText);
			// The events and the two credentials, as the example sets them.
			const events = await params.locator(NDV.input('events')).innerText();
			assert.ok(events.includes('Task Ready') && events.includes('Task Failed'), `events: ${events}`);
			const credentials = await ndv.locator(NDV.credentialSelect).evaluateAll((inputs) => inputs.map((input) => input.value ?? input.textContent));
			assert.deepEqual(credentials, ['TwelveLabs webhook secret', 'TwelveLabs account']);
			for (const label of ['Credential for TwelveLabs Webhook API', 'Credential for TwelveLabs API (Fetch Full Task)']) {
				assert.equal(await ndv.getByText(label, { exact: true }).count(), 1, `the credential labelled ${label}`);
			}
			// n8n 1.x hid this switch (and showed the credential's ID) while the API credential was
			// declared as shown by it; it is declared as hidden by it being off instead.
			assert.equal(await params.getByText('Fetch Full Task', { exact: true }).count(), 1, 'the Fetch Full Task switch is on the panel');
			await page.evaluate(() => document.activeElement?.blur());
			// The panel from its left edge to the end of the parameters: the empty output pane is left out.
			const panelBox = await ndv.boundingBox();
			const paramsBox = await params.boundingBox();
			const clip = { x: panelBox.x, y: panelBox.y, width: paramsBox.x + paramsBox.width + 8 - panelBox.x, height: panelBox.height };
			await shot('webhook-trigger-setup', { clip }, true);

			// Execute step: n8n listens on the test URL, the simulator's account webhook.
			await ndv.locator(NDV.executeButton).first().click();
			await ndv.getByText(NDV.webhooks.listening, { exact: true }).first().waitFor();
			await sim.control('POST', '/webhooks', { url: testUrl, secret: SIM_WEBHOOK_SECRET });
			const { task_id: taskId } = await sim.api('POST', '/analyze/tasks', {
				video: { type: 'url', url: 'https://videos.example.com/editor/keynote.mp4?sim_duration=4000' },
				model_name: 'pegasus1.5',
				prompt: 'Describe the video in one sentence.',
				custom_id: 'editor-test-event',
			});
			const output = ndv.locator(NDV.outputPanel);
			await output.getByText(taskId).first().waitFor({ timeout: 60_000 });
			const { deliveries } = await sim.control('GET', '/webhooks');
			assert.ok(deliveries.some((d) => d.url === testUrl && d.subjectId === taskId && d.status === 200), 'delivered to the test URL, signed, and accepted');
			// The item as JSON: the task read in full (Fetch Full Task), its generated text included.
			const task = await sim.api('GET', `/analyze/tasks/${taskId}`);
			assert.equal(task.status, 'ready');
			await output.locator(NDV.outputJson).click();
			await output.getByText(JSON.stringify(task.result.data).slice(1, 41)).first().waitFor(); // as JSON shows it, quotes escaped
			const outputText = (await output.innerText()).replace(/\s+/g, ' ');
			for (const field of [`"task_id": "${taskId}"`, '"custom_id": "editor-test-event"', '"status": "ready"']) {
				assert.ok(outputText.includes(field), `the output shows ${field}: ${outputText.slice(0, 500)}`);
			}
			// No hint bubble or toast over the output in the picture.
			await page.mouse.move(0, 0);
			await page.addStyleTag({ content: '.el-popper, .el-notification { display: none !important; }' });
			await page.waitForTimeout(500);
			await shot('webhook-trigger-output', { clip: await ndv.boundingBox() }, true);
		} catch (error) {
			await page.screenshot({ path: path.join(stepShots, 'webhook-failure.png') }).catch(() => {});
			throw error;
		} finally {
			await browser.close();
			await api.delete(`/workflows/${workflow.id}`).catch(() => {});
			await sim.control('POST', '/reset').catch(() => {});
		}
	});
});
