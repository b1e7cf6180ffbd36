/**
 * The TwelveLabs Webhook Trigger through n8n-core's real WebhookContext, served over HTTP the way
 * n8n serves a production webhook (test/harness/engine.js webhookEndpoint: a fresh workflow per
 * call with the static data last saved, n8n's raw body, the save when the call is answered),
 * against the simulator for the full-task read and for real signed deliveries.
 *
 * Every rule: a good delivery runs once; a forged, tampered, unsigned, malformed, stale or
 * future one answers 401 and runs nothing; a replay or a duplicate answers 200 and runs
 * nothing; out-of-order deliveries each run once; an oversized body answers 413; an unknown
 * event 400, another product's or an unchosen event 200 without running; the answer comes
 * after the full read (within its budget); a copy while the first call is in flight is to be
 * retried (503); a sender that stops waiting; filters, output, batch events, test mode,
 * restarts and simultaneous copies.
 */
import { sleep, type IDataObject } from 'n8n-workflow';
import { runWebhook, webhookEndpoint, type WebhookEndpoint } from '../harness/engine';
import { flakyProxy } from '../harness/flakyProxy';
import { WEBHOOK_SECRET } from '../harness/secrets';
import { signatureHeader } from '../simulator';
import { API_KEY, expectNoSecret, isThinnedFrom, SPARSE, startSimulator, type SimulatorFixture } from './support';

const now = () => Math.floor(Date.now() / 1000);

let fixture: SimulatorFixture;
const endpoints: WebhookEndpoint[] = [];
beforeAll(async () => {
	fixture = await startSimulator();
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	fixture.sim.reset({ apiKeys: [API_KEY], seed: 11 });
});
afterEach(async () => {
	while (endpoints.length > 0) await endpoints.pop()?.close();
});

async function endpoint(parameters: IDataObject = {}, extra: { staticData?: IDataObject; mode?: 'webhook' | 'manual'; workflowId?: string } = {}) {
	const served = await webhookEndpoint({
		parameters,
		credentials: fixture.credentials,
		secret: WEBHOOK_SECRET,
		...extra,
	});
	endpoints.push(served);
	return served;
}

/** A task in the simulator, finished now. */
function finishedTask(customId: string, status: 'ready' | 'failed' | 'canceled' = 'ready', body: IDataObject = {}) {
	const task = fixture.sim.createTaskDirect({
		video: { type: 'url', url: `https://videos.example.com/${customId}.mp4` },
		prompt: 'Describe the video in one sentence, with the people in it and what they do.',
		custom_id: customId,
		...body,
	});
	fixture.sim.completeTask(task.taskId, status);
	return task.taskId;
}

let eventCounter = 0;
function notification(taskId: string, options: { type?: string; customId?: string | null; eventId?: string } = {}) {
	eventCounter++;
	return JSON.stringify({
		id: options.eventId ?? `whe_${String(eventCounter).padStart(32, '0')}`,
		created_at: new Date().toISOString(),
		type: options.type ?? 'analyze.task.ready',
		data: {
			id: taskId,
			status: (options.type ?? 'analyze.task.ready').split('.').pop(),
			custom_id: options.customId === null ? undefined : (options.customId ?? 'clip'),
			created_at: new Date().toISOString(),
		},
	});
}

function signed(body: string, { secret = WEBHOOK_SECRET, at = now() } = {}) {
	return { body, headers: { 'TL-Signature': signatureHeader(secret, at, body) } };
}

describe('a good delivery', () => {
	it('starts the workflow once with the task read in full, answered 200 once it is read', async () => {
		const served = await endpoint();
		const taskId = finishedTask('good-1');
		const body = notification(taskId, { customId: 'good-1' });
		const answer = await fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', ...signed(body).headers }, body });
		expect(answer.status).toBe(200);
		expect(await answer.json()).toEqual({ received: true });
		// The node answered itself (n8n then saves the static data and starts the run).
		expect(served.calls.at(-1)?.result).toEqual({ noWebhookResponse: true, workflowData: [[expect.objectContaining({ json: expect.objectContaining({ task_id: taskId }) })]] });
		await served.settle();
		expect(served.executions).toHaveLength(1);
		const [item] = served.executions[0];
		expect(item).toMatchObject({ task_id: taskId, status: 'ready', custom_id: 'good-1' });
		expect(typeof item.text).toBe('string');
		expectNoSecret(served.executions);
		expect(JSON.stringify(served.executions)).not.toContain(WEBHOOK_SECRET);
	});

	it('a full read that stalls past its budget: the workflow starts from the notification, with a warning', async () => {
		const served = await endpoint();
		const taskId = finishedTask('slow-1');
		fixture.sim.failNext(1, { latencyMs: 15_000, method: 'GET', pathPrefix: '/analyze/tasks/' });
		const result = await runWebhook(served, signed(notification(taskId, { customId: 'slow-1' })));
		expect(result.status).toBe(200);
		expect(result.answer).toEqual({ received: true });
		expect(result.items).toEqual([expect.objectContaining({ task_id: taskId, status: 'ready', warning: expect.stringMatching(/^The task could not be read in full/) })]);
	}, 30_000);

	it('without the full read, emits the notification itself (no API request)', async () => {
		const served = await endpoint({ fetchFullTask: false });
		fixture.sim.resetLog();
		const body = notification('64f8d2c7e4a1b37f8a9c5d12', { customId: 'client-ref-42' });
		const result = await runWebhook(served, signed(body));
		expect(result.status).toBe(200);
		expect(result.items).toEqual([
			expect.objectContaining({ task_id: '64f8d2c7e4a1b37f8a9c5d12', status: 'ready', custom_id: 'client-ref-42', event_type: 'analyze.task.ready' }),
		]);
		expect(fixture.sim.counts().requests).toBe(0);
	});

	it('chooses the output like the polling trigger (Raw: the task as TwelveLabs sends it)', async () => {
		const served = await endpoint({ output: 'raw' });
		const taskId = finishedTask('raw-1');
		const result = await runWebhook(served, signed(notification(taskId)));
		expect(result.items).toHaveLength(1);
		expect(isThinnedFrom(result.items[0], fixture.sim.getTaskDirect(taskId)?.json)).toBe(true);
	});

	it('a task that cannot be read after the answer still runs once, from the notification, with a warning', async () => {
		const served = await endpoint();
		const result = await runWebhook(served, signed(notification('aaaaaaaaaaaaaaaaaaaaaaaa', { customId: 'gone' })));
		expect(result.status).toBe(200);
		expect(result.items).toEqual([expect.objectContaining({ task_id: 'aaaaaaaaaaaaaaaaaaaaaaaa', custom_id: 'gone', warning: expect.stringContaining('could not be read in full') })]);
	});
});

describe('refused before anything runs', () => {
	const cases: Array<[string, (body: string) => { body: string; headers: Record<string, string> }, number]> = [
		['forged (another secret)', (body) => signed(body, { secret: 'not-the-secret' }), 401],
		['tampered (body changed after signing)', (body) => ({ body: body.replace('"ready"', '"failed"'), headers: signed(body).headers }), 401],
		['unsigned', (body) => ({ body, headers: {} }), 401],
		['malformed header', (body) => ({ body, headers: { 'TL-Signature': 'v1=abc,t=x' } }), 401],
		['stale (signed 10 minutes ago)', (body) => signed(body, { at: now() - 600 }), 401],
		['from the future (10 minutes ahead)', (body) => signed(body, { at: now() + 600 }), 401],
		['oversized (200 KiB)', (body) => signed(JSON.stringify({ ...JSON.parse(body), padding: 'x'.repeat(200 * 1024) })), 413],
	];
	it.each(cases)('%s', async (_name, make, status) => {
		const served = await endpoint();
		const taskId = finishedTask('refused');
		const result = await runWebhook(served, make(notification(taskId)));
		expect(result.status).toBe(status);
		expect(result.started).toBe(false);
		expect(result.answer?.error).toEqual(expect.any(String));
		expect(JSON.stringify(result.answer)).not.toContain(WEBHOOK_SECRET);
		expect(served.saved).toEqual({});
	});

	it('the tolerance is an option', async () => {
		const served = await endpoint({ options: { toleranceSeconds: 900 } });
		const taskId = finishedTask('tolerant');
		expect((await runWebhook(served, signed(notification(taskId), { at: now() - 600 }))).started).toBe(true);
	});

	it('an unknown event type is refused (400); another product\'s or an unchosen event is acknowledged and not run', async () => {
		const served = await endpoint({ events: ['analyze.task.ready'] });
		const taskId = finishedTask('events');
		const unknown = await runWebhook(served, signed(notification(taskId, { type: 'analyze.task.exploded' })));
		expect(unknown.status).toBe(400);
		const indexing = await runWebhook(served, signed(notification(taskId, { type: 'index.task.ready' })));
		expect([indexing.status, indexing.started, indexing.answer]).toEqual([200, false, { received: true, ignored: 'index.task.ready' }]);
		const failed = await runWebhook(served, signed(notification(taskId, { type: 'analyze.task.failed' })));
		expect([failed.status, failed.started]).toEqual([200, false]);
		const broken = await runWebhook(served, signed('{"id": "whe_1", "type": "analyze.task.ready"}'));
		expect([broken.status, broken.started]).toEqual([400, false]);
	});
});

describe('exactly once', () => {
	it('a replayed delivery (byte for byte) and a second notification about the same task run nothing', async () => {
		const served = await endpoint();
		const taskId = finishedTask('once');
		const delivery = signed(notification(taskId));
		expect((await runWebhook(served, delivery)).started).toBe(true);
		const replay = await runWebhook(served, delivery);
		expect([replay.status, replay.started, replay.answer]).toEqual([200, false, { received: true, duplicate: true }]);
		const again = await runWebhook(served, signed(notification(taskId)));
		expect([again.status, again.started]).toEqual([200, false]);
		expect(served.executions).toHaveLength(1);
	});

	it('out of order: each task once, whatever order the notifications come in', async () => {
		const served = await endpoint({ events: ['analyze.task.ready', 'analyze.task.failed'] });
		const ids = ['a', 'b', 'c', 'd'].map((name, i) => finishedTask(`order-${name}`, i % 2 ? 'failed' : 'ready'));
		const deliveries = ids.map((id, i) => signed(notification(id, { type: i % 2 ? 'analyze.task.failed' : 'analyze.task.ready' })));
		for (const index of [3, 1, 0, 2, 1, 3]) await runWebhook(served, deliveries[index]);
		expect(served.executions.map((items) => items[0].task_id).sort()).toEqual([...ids].sort());
	});

	it('the window is saved: after a restart (new process memory) a retry still runs nothing', async () => {
		const first = await endpoint({}, { workflowId: 'wf-restart' });
		const taskId = finishedTask('restart');
		const delivery = signed(notification(taskId));
		await runWebhook(first, delivery);
		const { forgetProcessWindows } = await import('../../dist/nodes/TwelveLabs/webhook/deliveryWindow');
		forgetProcessWindows();
		const second = await endpoint({}, { staticData: first.saved, workflowId: 'wf-restart' });
		const retry = await runWebhook(second, delivery);
		expect([retry.status, retry.started]).toEqual([200, false]);
	});

	it('a copy while the first call is still in flight: 503 to retry, then a duplicate once the first has run', async () => {
		const served = await endpoint();
		const taskId = finishedTask('inflight');
		fixture.sim.failNext(1, { latencyMs: 1000, method: 'GET', pathPrefix: '/analyze/tasks/' });
		const delivery = signed(notification(taskId));
		const first = fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', ...delivery.headers }, body: delivery.body });
		await sleep(300);
		const copy = await fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', ...delivery.headers }, body: delivery.body });
		expect([copy.status, copy.headers.get('retry-after')]).toEqual([503, '1']);
		expect(await copy.json()).toEqual(expect.objectContaining({ received: false }));
		expect((await first).status).toBe(200);
		await served.settle();
		expect(await runWebhook(served, delivery)).toEqual(expect.objectContaining({ status: 200, started: false, answer: { received: true, duplicate: true } }));
		expect(served.executions).toHaveLength(1);
	});

	it('a sender that stops waiting: the call goes on and runs, so its retry is a duplicate', async () => {
		const served = await endpoint();
		const [gaveUp, other] = [finishedTask('gave-up'), finishedTask('other')];
		fixture.sim.failNext(2, { latencyMs: 1200, method: 'GET', pathPrefix: '/analyze/tasks/' });
		const delivery = signed(notification(gaveUp));
		const post = (d: { body: string; headers: Record<string, string> }, signal?: AbortSignal) =>
			fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', ...d.headers }, body: d.body, signal });
		const abandoned = post(delivery, AbortSignal.timeout(200));
		// Another call, whose static data is loaded before the first call's save and saved after it.
		await sleep(300);
		const overlapping = post(signed(notification(other)));
		await expect(abandoned).rejects.toThrow();
		expect((await overlapping).status).toBe(200);
		await served.settle();
		expect(served.executions).toHaveLength(2);
		// The abandoned call's claim stood once it was answered, and the later save kept it.
		expect(await runWebhook(served, delivery)).toEqual(expect.objectContaining({ status: 200, started: false }));
		expect(served.executions).toHaveLength(2);
	});

	it('simultaneous copies: one run; simultaneous different deliveries: every one kept in the saved window', async () => {
		const served = await endpoint({ fetchFullTask: false });
		const copy = signed(notification('bbbbbbbbbbbbbbbbbbbbbbbb'));
		const others = Array.from({ length: 12 }, (_, i) => signed(notification(`cccccccccccccccccccccc${String(i).padStart(2, '0')}`)));
		const post = (d: { body: string; headers: Record<string, string> }) =>
			fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', ...d.headers }, body: d.body }).then((r) => r.status);
		const statuses = await Promise.all([...Array.from({ length: 8 }, () => post(copy)), ...others.map(post)]);
		await served.settle();
		// A copy is acknowledged once the first has run; while that is in flight, it is to be retried.
		expect(statuses.slice(8).every((s) => s === 200)).toBe(true);
		expect(statuses.slice(0, 8).every((s) => s === 200 || s === 503)).toBe(true);
		expect(statuses.slice(0, 8).filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
		expect(await runWebhook(served, copy)).toEqual(expect.objectContaining({ status: 200, started: false }));
		expect(served.executions).toHaveLength(13);
		const saved = (served.saved['node:TwelveLabs Webhook Trigger'] as IDataObject).deliveries as unknown[];
		expect(saved).toHaveLength(13);
	});

	it('Listen for test event (manual mode): every delivery shows, nothing is saved', async () => {
		const served = await endpoint({}, { mode: 'manual' });
		const taskId = finishedTask('manual');
		const delivery = signed(notification(taskId));
		expect((await runWebhook(served, delivery)).started).toBe(true);
		expect((await runWebhook(served, delivery)).started).toBe(true);
		expect(served.saved).toEqual({});
	});
});

describe('filters', () => {
	it('custom ID prefix on the notification, analysis mode on the full task', async () => {
		const served = await endpoint({ filters: { customIdPrefix: 'keep_', analysisMode: 'general' } });
		const kept = finishedTask('keep_1');
		const prefixOut = finishedTask('drop_1');
		const segmented = finishedTask('keep_2', 'ready', {
			prompt: undefined,
			analysis_mode: 'time_based_metadata',
			response_format: { type: 'segment_definitions', segment_definitions: [{ id: 'scene', description: 'Each scene' }] },
		});
		const results: Array<Awaited<ReturnType<typeof runWebhook>>> = [];
		for (const [id, customId] of [[kept, 'keep_1'], [prefixOut, 'drop_1'], [segmented, 'keep_2']]) {
			results.push(await runWebhook(served, signed(notification(id, { customId }))));
		}
		// A task whose answer does not say its mode (the sparse pass) is let through, and says so.
		const unchecked = (r: Awaited<ReturnType<typeof runWebhook>>) => typeof r.items[0]?.filter_warning === 'string';
		expect(results[0].started).toBe(true);
		expect(results[1].started).toBe(false);
		expect(results[2].started).toBe(unchecked(results[2]));
		if (!SPARSE) expect(results.some(unchecked)).toBe(false);
		for (const r of results.filter(unchecked)) expect(r.items[0].filter_warning).toContain('Analysis Mode');
		expect(results.every((r) => r.status === 200)).toBe(true);
	});
});

describe('deliveries from the simulator', () => {
	it('30 tasks finishing in any order, retried, duplicated and delayed: 30 runs, none twice, none from hostile sends', async () => {
		const served = await endpoint({ events: ['analyze.task.ready', 'analyze.task.failed'] });
		const proxy = await flakyProxy(served.url);
		try {
			fixture.sim.configure({ webhookDelivery: { backoffMs: 20, maxDelayMs: 150, duplicateRate: 0.4, maxAttempts: 8 } });
			fixture.sim.registerWebhook(proxy.url, WEBHOOK_SECRET);
			const ids = Array.from({ length: 30 }, (_, i) => finishedTask(`sim_${i}`, i % 5 === 0 ? 'failed' : 'ready'));
			await fixture.sim.flushWebhooks();
			const deliveries = fixture.sim.webhookDeliveries();
			expect(deliveries.filter((d) => d.kind === 'duplicate').length).toBeGreaterThan(0);
			expect(deliveries.filter((d) => d.status === 503).length).toBeGreaterThan(0);
			// Each attempt keeps what it was answered: a delivery taken as done was answered by the node.
			const answered = deliveries.filter((d) => d.status === 200).map((d) => JSON.parse(d.answer ?? '') as IDataObject);
			expect(answered.length).toBeGreaterThanOrEqual(30);
			expect(answered.every((body) => body.received === true)).toBe(true);
			for (const kind of ['forged', 'tampered', 'stale', 'unsigned', 'malformed', 'oversized', 'unknownType'] as const) {
				// Straight to n8n (the proxy fails some calls); the secret is the one the endpoint knows.
				const answer = await fixture.sim.sendHostileWebhook(kind, served.url, { secret: WEBHOOK_SECRET });
				expect([kind, answer.status]).toEqual([kind, kind === 'oversized' ? 413 : kind === 'unknownType' ? 400 : 401]);
			}
			const replay = await fixture.sim.sendHostileWebhook('replayed', proxy.url);
			expect([200, 503]).toContain(replay.status);
			await served.settle();
			const emitted = served.executions.map((items) => items[0].task_id as string);
			expect(emitted.sort()).toEqual([...ids].sort());
			for (const id of ids) {
				expect(fixture.sim.getTaskDirect(id)?.json?.webhooks).toEqual([
					expect.objectContaining({ url: proxy.url, delivered: true }),
				]);
			}
		} finally {
			await proxy.close();
		}
	});

	it('a finished batch: the batch event, read in full (its counts per status)', async () => {
		const served = await endpoint({ events: ['analyze.batch.completed'] });
		fixture.sim.registerWebhook(served.url, WEBHOOK_SECRET);
		const assetId = fixture.sim.createAssetDirect({ filename: 'a.mp4' }).assetId;
		const batch = fixture.sim.createBatchDirect({
			model_name: 'pegasus1.5',
			analysis_mode: 'general',
			defaults: { prompt: { input_text: 'Describe the video.' } },
			requests: [{ video: { type: 'asset_id', asset_id: assetId } }, { video: { type: 'asset_id', asset_id: assetId } }],
		});
		fixture.sim.advance(10 * 60_000);
		await fixture.sim.flushWebhooks();
		await served.settle();
		expect(served.executions).toEqual([[expect.objectContaining({ batch_id: batch.batchId, status: 'completed', total_items: 2, event_type: 'analyze.batch.completed' })]]);
	});
});
