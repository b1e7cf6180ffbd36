/**
 * Analysis batches in the simulator, over real HTTP: every create rule both ways (what is refused,
 * and that the valid neighbour is accepted), the lifecycle and per-status counts on the sim clock,
 * the active-batch limit, expiry, cancel, delete, list filters, the JSON-lines results while the
 * batch runs and after, and the faults (a results stream cut mid-line, 5xx and 429, failing items).
 */
import { createSimulator, type Simulator } from './index';

const KEY = 'sim-key';
const START = Date.UTC(2026, 1, 2, 8, 0, 0);
const FROZEN = 1e-6;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** Items: queued up to 4 s, then 10 s of work (1 s queued, 1 s pending, 8 s processing). */
const TIMING = { durations: { minMs: 10_000, maxMs: 10_000 }, batches: { queueSpreadMs: 4000 } };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface HttpResult {
	status: number;
	headers: Headers;
	body: Json;
	text: string;
}

let sim: Simulator;
let base: string;
let root: string;

beforeAll(async () => {
	sim = createSimulator({ seed: 11, startAt: START, speed: FROZEN, ...TIMING });
	({ url: base } = await sim.start());
	root = base.replace(/\/v1\.3$/, '');
});

afterAll(async () => {
	await sim.stop();
});

beforeEach(() => {
	sim.reset({ startAt: START });
});

async function call(method: string, path: string, json?: unknown, url = base): Promise<HttpResult> {
	const response = await fetch(`${url}${path}`, {
		method,
		headers: { 'x-api-key': KEY, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: json === undefined ? undefined : JSON.stringify(json),
	});
	const text = await response.text();
	let body: Json = {};
	try {
		body = text ? (JSON.parse(text) as Json) : {};
	} catch {
		body = {};
	}
	return { status: response.status, headers: response.headers, body, text };
}

const assetId = (i: number) => i.toString(16).padStart(24, 'a');
const item = (i: number, extra: Json = {}) => ({ video: { type: 'asset_id', asset_id: assetId(i) }, ...extra });
const general = (requests: Json[], defaults: Json = { prompt: { input_text: 'Summarize the video.' } }) => ({
	model_name: 'pegasus1.5',
	analysis_mode: 'general',
	defaults,
	requests,
});
const SEGMENTS = { type: 'segment_definitions', segment_definitions: [{ id: 'scene', description: 'Each scene', fields: [{ name: 'label', type: 'string', description: 'What happens' }] }] };
const segmentation = (requests: Json[], defaults: Json = { response_format: SEGMENTS }) => ({
	model_name: 'pegasus1.5',
	analysis_mode: 'time_based_metadata',
	defaults,
	requests,
});
const items = (n: number, extra: (i: number) => Json = () => ({})) => Array.from({ length: n }, (_, i) => item(i, extra(i)));

const create = (body: unknown) => call('POST', '/analyze/batches', body);
const retrieve = (id: string) => call('GET', `/analyze/batches/${id}`);
const results = async (id: string) => {
	const response = await call('GET', `/analyze/batches/${id}/results`);
	return { ...response, lines: response.text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Json) };
};

async function created(body: unknown): Promise<Json> {
	const response = await create(body);
	expect(response.status).toBe(201);
	return response.body;
}

/** Advances the clock until some items of the batch are final and some are not (bounded). */
function advanceUntilMixed(id: string) {
	for (let step = 0; step < 100; step++) {
		const counts = sim.getBatchDirect(id)?.counts;
		const final = (counts?.ready ?? 0) + (counts?.failed ?? 0) + (counts?.canceled ?? 0);
		if (final > 0 && final < (sim.getBatchDirect(id)?.taskIds.length ?? 0)) return;
		sim.advance(250);
	}
	throw new Error('the items of the batch never were partly final');
}

function expectCounts(batch: Json) {
	const sum = batch.queued_items + batch.processing_items + batch.ready_items + batch.failed_items + batch.canceled_items;
	expect(sum).toBe(batch.total_items);
}

describe('POST /analyze/batches', () => {
	it('creates one task per request: 201 with the task ids and custom ids (null when not given)', async () => {
		const body = await created(general([item(1, { custom_id: 'first' }), item(2)]));
		expect(body).toEqual({
			batch_id: expect.stringMatching(/^[0-9a-f]{24}$/),
			status: 'pending',
			total_items: 2,
			created_at: new Date(START).toISOString(),
			expires_at: new Date(START + DAY).toISOString(),
			items: [{ task_id: expect.any(String), custom_id: 'first' }, { task_id: expect.any(String), custom_id: null }],
		});
		const task = await call('GET', `/analyze/tasks/${body.items[0].task_id}`);
		expect(task.body).toMatchObject({ custom_id: 'first', status: 'queued', video_source: { type: 'asset_id', asset_id: assetId(1) } });
		expect(task.body.request_params).toMatchObject({ analysis_mode: 'general', model_name: 'pegasus1.5', prompt_v2: { input_text: 'Summarize the video.' } });
		expect(sim.stats()).toMatchObject({ batches: 1, batchCreates: 1, tasks: 2 });
	});

	it('lets an item replace a default whole (prompt, response_format, numbers)', async () => {
		const body = await created(general([item(1, { prompt: { input_text: 'List the action items.' }, temperature: 0.9, max_tokens: 600 }), item(2)], {
			prompt: { input_text: 'Default prompt.' },
			temperature: 0.1,
		}));
		const first = (await call('GET', `/analyze/tasks/${body.items[0].task_id}`)).body.request_params;
		const second = (await call('GET', `/analyze/tasks/${body.items[1].task_id}`)).body.request_params;
		expect(first).toMatchObject({ prompt_v2: { input_text: 'List the action items.' }, temperature: 0.9, max_tokens: 600 });
		expect(second).toMatchObject({ prompt_v2: { input_text: 'Default prompt.' }, temperature: 0.1, max_tokens: 4096 });
	});

	const refusals: Array<[string, () => Json, number, string, string, () => Json]> = [
		['model_name is missing', () => ({ ...general([item(1)]), model_name: undefined }), 400, 'parameter_not_provided', "'model_name'", () => general([item(1)])],
		['model_name is not pegasus1.5', () => ({ ...general([item(1)]), model_name: 'pegasus1.2' }), 400, 'parameter_invalid', "'model_name'", () => general([item(1)])],
		['analysis_mode is missing', () => ({ ...general([item(1)]), analysis_mode: undefined }), 400, 'parameter_not_provided', "'analysis_mode'", () => general([item(1)])],
		['analysis_mode is unknown', () => ({ ...general([item(1)]), analysis_mode: 'chapters' }), 400, 'parameter_invalid', "'analysis_mode'", () => general([item(1)])],
		['a top-level key is unknown', () => ({ ...general([item(1)]), priority: 1 }), 400, 'parameter_unknown', "'priority'", () => general([item(1)])],
		['a defaults key is unknown', () => general([item(1)], { prompt: { input_text: 'x' }, custom_id: 'a' }), 400, 'parameter_unknown', "'defaults.custom_id'", () => general([item(1)], { prompt: { input_text: 'x' } })],
		['an item key is unknown', () => general([item(1, { model_name: 'pegasus1.5' })]), 400, 'parameter_unknown', "'requests[0].model_name'", () => general([item(1, { max_tokens: 600 })])],
		['requests is missing', () => ({ ...general([]), requests: undefined }), 400, 'parameter_not_provided', "'requests'", () => general([item(1)])],
		['requests is empty', () => general([]), 400, 'parameter_invalid', "'requests'", () => general([item(1)])],
		['an item has no video', () => general([{ custom_id: 'a' }]), 400, 'parameter_not_provided', "'requests[0].video'", () => general([item(1, { custom_id: 'a' })])],
		['a video is a URL', () => general([{ video: { type: 'url', url: 'https://v.example.com/a.mp4' } }]), 400, 'parameter_unknown', "'requests[0].video.url'", () => general([item(1)])],
		['a video type is not asset_id', () => general([{ video: { type: 'url', asset_id: assetId(1) } }]), 400, 'parameter_invalid', "'requests[0].video.type'", () => general([item(1)])],
		['an asset id is malformed', () => general([{ video: { type: 'asset_id', asset_id: 'not-an-id' } }]), 400, 'parameter_invalid', "'requests[0].video.asset_id'", () => general([item(1)])],
		['a custom_id has other characters', () => general([item(1, { custom_id: 'a b' })]), 400, 'parameter_invalid', "'requests[0].custom_id'", () => general([item(1, { custom_id: 'a_b-C9' })])],
		['a custom_id is longer than 64', () => general([item(1, { custom_id: 'x'.repeat(65) })]), 400, 'parameter_invalid', "'requests[0].custom_id'", () => general([item(1, { custom_id: 'x'.repeat(64) })])],
		['a custom_id is empty', () => general([item(1, { custom_id: '' })]), 400, 'parameter_invalid', "'requests[0].custom_id'", () => general([item(1)])],
		['a custom_id is used twice', () => general([item(1, { custom_id: 'same' }), item(2, { custom_id: 'same' })]), 400, 'parameter_invalid', "'requests[1].custom_id'", () => general([item(1, { custom_id: 'same' }), item(2, { custom_id: 'other' })])],
		['general has no prompt', () => general([item(1)], {}), 400, 'parameter_not_provided', "'requests[0].prompt'", () => general([item(1, { prompt: { input_text: 'Only here.' } })], {})],
		['a prompt has no input_text', () => general([item(1, { prompt: { media_sources: [] } })]), 400, 'parameter_not_provided', "'requests[0].prompt.input_text'", () => general([item(1, { prompt: { input_text: 'x' } })])],
		['a reference image is http', () => general([item(1, { prompt: { input_text: 'Is <@a> here?', media_sources: [{ name: 'a', media_type: 'image', url: 'http://img.example.com/a.png' }] } })]), 400, 'parameter_invalid', "'requests[0].prompt.media_sources[0].url'", () => general([item(1, { prompt: { input_text: 'Is <@a> here?', media_sources: [{ name: 'a', media_type: 'image', url: 'https://img.example.com/a.png' }] } })])],
		['a reference image cannot be downloaded', () => general([item(1, { prompt: { input_text: 'Is <@a> here?', media_sources: [{ name: 'a', media_type: 'image', url: 'https://x.unreachable.invalid/a.png' }] } })]), 400, 'parameter_invalid', "'requests[0].prompt.media_sources[0].url'", () => general([item(1)])],
		['segmentation has a default prompt', () => segmentation([item(1)], { response_format: SEGMENTS, prompt: { input_text: 'x' } }), 400, 'parameter_invalid', "'defaults.prompt'", () => segmentation([item(1)])],
		['segmentation has an item prompt', () => segmentation([item(1), item(2, { prompt: { input_text: 'x' } })]), 400, 'parameter_invalid', "'requests[1].prompt'", () => segmentation([item(1), item(2, { min_segment_duration: 4 })])],
		['segmentation has no response_format', () => segmentation([item(1)], {}), 400, 'parameter_not_provided', "'requests[0].response_format'", () => segmentation([item(1, { response_format: SEGMENTS })], {})],
		['segmentation gets a json_schema', () => segmentation([item(1)], { response_format: { type: 'json_schema', json_schema: { type: 'object' } } }), 400, 'parameter_invalid', "'defaults.response_format.type'", () => general([item(1)], { prompt: { input_text: 'x' }, response_format: { type: 'json_schema', json_schema: { type: 'object' } } })],
		['a default max_tokens is out of range even if every item overrides it', () => general([item(1, { max_tokens: 600 })], { prompt: { input_text: 'x' }, max_tokens: 100 }), 400, 'parameter_invalid', "'defaults.max_tokens'", () => general([item(1, { max_tokens: 600 })], { prompt: { input_text: 'x' }, max_tokens: 512 })],
		['an item max_tokens is out of range', () => general([item(1), item(2, { max_tokens: 100 })]), 400, 'parameter_invalid', "'requests[1].max_tokens'", () => general([item(1), item(2, { max_tokens: 98304 })])],
		['a temperature is above 1', () => general([item(1, { temperature: 1.5 })]), 400, 'parameter_invalid', "'requests[0].temperature'", () => general([item(1, { temperature: 1 })])],
		['a segment duration is set in general mode', () => general([item(1)], { prompt: { input_text: 'x' }, min_segment_duration: 4 }), 400, 'parameter_invalid', "'defaults.min_segment_duration'", () => segmentation([item(1)], { response_format: SEGMENTS, min_segment_duration: 4 })],
		['max_segment_duration is below min_segment_duration', () => segmentation([item(1, { max_segment_duration: 3 })], { response_format: SEGMENTS, min_segment_duration: 4 }), 400, 'parameter_invalid', "'requests[0].max_segment_duration'", () => segmentation([item(1, { max_segment_duration: 4 })], { response_format: SEGMENTS, min_segment_duration: 4 })],
		['a window is shorter than 4 s', () => general([item(1, { start_time: 10, end_time: 12 })]), 400, 'parameter_invalid', "'requests[0].end_time'", () => general([item(1, { start_time: 10, end_time: 14 })])],
		['time ranges meet a window', () => segmentation([item(1, { start_time: 5 })], { response_format: { ...SEGMENTS, segment_definitions: [{ ...SEGMENTS.segment_definitions[0], time_ranges: [{ start_time: 0, end_time: 10 }] }] } }), 400, 'parameter_invalid', "'defaults.response_format.segment_definitions[0].time_ranges'", () => segmentation([item(1)], { response_format: { ...SEGMENTS, segment_definitions: [{ ...SEGMENTS.segment_definitions[0], time_ranges: [{ start_time: 0, end_time: 10 }] }] } })],
	];

	it.each(refusals)('refuses a batch where %s, and accepts its valid neighbour', async (_name, bad, status, code, param, good) => {
		const refused = await create(bad());
		expect(refused.status).toBe(status);
		expect(refused.body.code).toBe(code);
		expect(refused.body.message).toContain(param);
		expect(sim.stats()).toMatchObject({ batches: 0, tasks: 0 });
		expect((await create(good())).status).toBe(201);
	});

	it('refuses unsupported json_schema keywords with 422 naming where they came from', async () => {
		const schema: Json = { type: 'object', properties: { title: { type: 'string', minLength: 3 } } };
		const refused = await create(general([item(1)], { prompt: { input_text: 'x' }, response_format: { type: 'json_schema', json_schema: schema } }));
		expect(refused.status).toBe(422);
		expect(refused.body.message).toContain("'defaults.response_format.json_schema'");
		const onItem = await create(general([item(1, { response_format: { type: 'json_schema', json_schema: schema } })]));
		expect(onItem.body.message).toContain("'requests[0].response_format.json_schema'");
		delete schema.properties.title.minLength;
		expect((await create(general([item(1, { response_format: { type: 'json_schema', json_schema: schema } })]))).status).toBe(201);
	});

	it('takes up to maxItems requests', async () => {
		sim.configure({ batches: { maxItems: 3 } });
		const refused = await create(general(items(4)));
		expect(refused.status).toBe(400);
		expect(refused.body.message).toContain("'requests'");
		expect((await create(general(items(3)))).status).toBe(201);
	});

	it('answers 404 for an asset that does not exist and 409 for one that is not ready', async () => {
		const gone = sim.createAssetDirect({ filename: 'gone.mp4' }).assetId;
		sim.deleteAssetDirect(gone);
		const processing = sim.createAssetDirect({ filename: 'busy.mp4', status: 'processing', processingMs: 5000 }).assetId;
		const missing = await create(general([item(1), { video: { type: 'asset_id', asset_id: gone } }]));
		expect(missing.status).toBe(404);
		expect(missing.body).toMatchObject({ code: 'resource_not_exist' });
		expect(missing.body.message).toContain('requests[1].video.asset_id');
		const busy = await create(general([{ video: { type: 'asset_id', asset_id: processing } }]));
		expect(busy.status).toBe(409);
		expect(busy.body).toMatchObject({ code: 'asset_not_ready' });
		expect(sim.stats()).toMatchObject({ batches: 0, tasks: 0 });
		sim.advance(5000);
		expect((await create(general([{ video: { type: 'asset_id', asset_id: processing } }]))).status).toBe(201);
	});

	it('allows at most maxActive active batches (429 without Retry-After), counting pending, processing and canceling', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push((await created(general([item(i)]))).batch_id);
		const refused = await create(general([item(9)]));
		expect(refused.status).toBe(429);
		expect(refused.body.code).toBe('too_many_active_batches');
		expect(refused.headers.get('retry-after')).toBeNull();
		expect((await call('POST', `/analyze/batches/${ids[0]}/cancel`)).body.status).toBe('canceled');
		expect((await create(general([item(9)]))).status).toBe(201);
		expect((await create(general([item(10)]))).status).toBe(429);
		sim.advance(15_000);
		expect((await create(general([item(10)]))).status).toBe(201);
	});

	it('takes its active-batch limit from a control call', async () => {
		const limit = await fetch(`${root}/__sim/batch-limit`, { method: 'POST', body: JSON.stringify({ maxActive: 1 }) });
		expect(await limit.json()).toEqual({ maxActive: 1 });
		expect((await create(general([item(1)]))).status).toBe(201);
		expect((await create(general([item(2)]))).status).toBe(429);
		sim.setBatchLimit(2);
		expect((await create(general([item(2)]))).status).toBe(201);
	});
});

describe('batch lifecycle on the sim clock', () => {
	it('goes pending → processing → completed with counts that always add up; items finish at different times', async () => {
		const { batch_id: id } = await created(general(items(6)));
		const seen = new Set<string>();
		const ends = new Set<number>();
		for (let t = 0; t <= 16_000; t += 1000) {
			const batch = (await retrieve(id)).body;
			expectCounts(batch);
			seen.add(batch.status);
			if (t === 0) expect(batch).toMatchObject({ status: 'pending', queued_items: 6 });
			sim.advance(1000);
		}
		expect([...seen]).toEqual(['pending', 'processing', 'completed']);
		for (const snapshot of sim.tasks()) ends.add(snapshot.completedAt as number);
		expect(ends.size).toBeGreaterThan(1);
		const done = (await retrieve(id)).body;
		expect(done).toMatchObject({ status: 'completed', ready_items: 6 });
		expect(done.completed_at).toBe(new Date(Math.max(...ends)).toISOString());
		expect(done.canceled_at).toBeUndefined();
	});

	it('counts failed items; completed does not mean every item succeeded', async () => {
		sim.setFaults({ itemFailureRate: 1 });
		const first = await created(general(items(2)));
		sim.clearFaults();
		const second = await created(general(items(3)));
		sim.setBatchItemOutcome(second.batch_id, 1, { outcome: 'failed', failMessage: 'The asset could not be read.' });
		sim.advance(15_000);
		expect((await retrieve(first.batch_id)).body).toMatchObject({ status: 'completed', failed_items: 2, ready_items: 0 });
		expect((await retrieve(second.batch_id)).body).toMatchObject({ status: 'completed', failed_items: 1, ready_items: 2 });
		const lines = (await results(second.batch_id)).lines;
		expect(lines[1]).toEqual({ task_id: second.items[1].task_id, custom_id: null, status: 'failed', error: { code: 'analysis_failed', message: 'The asset could not be read.' } });
	});

	it('expires after 24 h: unfinished items are canceled; a batch that finished earlier stays completed', async () => {
		const slow = await created(general(items(3)));
		const quick = await created(general(items(2)));
		sim.setBatchItemOutcome(slow.batch_id, 2, { durationMs: 2 * DAY });
		sim.advance(DAY - 1);
		expect((await retrieve(slow.batch_id)).body).toMatchObject({ status: 'processing', ready_items: 2, processing_items: 1 });
		sim.advance(1);
		const expired = (await retrieve(slow.batch_id)).body;
		expect(expired).toMatchObject({ status: 'expired', ready_items: 2, canceled_items: 1, expired_at: new Date(START + DAY).toISOString() });
		expect((await call('GET', `/analyze/tasks/${slow.items[2].task_id}`)).body.status).toBe('canceled');
		expect((await retrieve(quick.batch_id)).body.status).toBe('completed');
	});

	it('expires on a control call (expires_at unchanged)', async () => {
		const { batch_id: id } = await created(general(items(2)));
		sim.advance(3000);
		const response = await fetch(`${root}/__sim/batches/${id}/expire`, { method: 'POST' });
		expect(response.status).toBe(200);
		const snapshot = (await response.json()) as Json;
		expect(snapshot).toMatchObject({ status: 'expired', expiredAt: START + 3000 });
		expect((await retrieve(id)).body).toMatchObject({ status: 'expired', canceled_items: 2, expires_at: new Date(START + DAY).toISOString() });
	});

	it('cancels: queued items now, processing ones finish; canceling, then canceled; 409 once final', async () => {
		const { batch_id: id } = await created(general(items(6)));
		sim.advance(4000);
		const before = (await retrieve(id)).body;
		expect(before.status).toBe('processing');
		const canceled = await call('POST', `/analyze/batches/${id}/cancel`);
		expect(canceled.status).toBe(202);
		expect(canceled.body).toMatchObject({ status: 'canceling', queued_items: 0, canceled_items: before.queued_items, processing_items: before.processing_items });
		expect((await call('POST', `/analyze/batches/${id}/cancel`)).status).toBe(202);
		sim.advance(15_000);
		const after = (await retrieve(id)).body;
		expect(after).toMatchObject({ status: 'canceled', ready_items: before.processing_items, canceled_items: before.queued_items });
		expect(after.canceled_at).toEqual(expect.any(String));
		expect((await call('POST', `/analyze/batches/${id}/cancel`)).body.code).toBe('batch_canceled');
	});

	it('refuses to cancel a completed or expired batch (409 with the status in the code)', async () => {
		const done = await created(general(items(1)));
		const old = await created(general(items(1)));
		sim.setBatchItemOutcome(old.batch_id, 0, { durationMs: 2 * DAY });
		sim.advance(DAY);
		const completed = await call('POST', `/analyze/batches/${done.batch_id}/cancel`);
		expect([completed.status, completed.body.code]).toEqual([409, 'batch_completed']);
		const expired = await call('POST', `/analyze/batches/${old.batch_id}/cancel`);
		expect([expired.status, expired.body.code]).toEqual([409, 'batch_expired']);
	});

	it('deletes only a final batch, with its tasks; unknown ids are 404', async () => {
		const { batch_id: id, items: created_ } = await created(general(items(2)));
		const busy = await call('DELETE', `/analyze/batches/${id}`);
		expect([busy.status, busy.body.code]).toEqual([409, 'batch_not_terminal']);
		sim.advance(15_000);
		expect((await call('DELETE', `/analyze/batches/${id}`)).status).toBe(204);
		expect((await retrieve(id)).status).toBe(404);
		expect((await call('GET', `/analyze/tasks/${created_[0].task_id}`)).status).toBe(404);
		for (const path of [`/analyze/batches/${id}`, `/analyze/batches/${id}/results`]) {
			expect((await call('GET', path)).body.code).toBe('resource_not_exist');
		}
		expect((await call('POST', `/analyze/batches/${id}/cancel`)).status).toBe(404);
		expect((await call('DELETE', `/analyze/batches/${id}`)).status).toBe(404);
	});

	it('is gone 30 days after creation', async () => {
		const { batch_id: id } = await created(general(items(1)));
		sim.advance(30 * DAY - 1);
		expect((await results(id)).lines).toHaveLength(1);
		sim.advance(1);
		expect((await retrieve(id)).status).toBe(404);
		expect((await call('GET', '/analyze/batches')).body.data).toEqual([]);
	});
});

describe('GET /analyze/batches', () => {
	it('pages newest first and filters by status and analysis mode (repeated or comma-separated)', async () => {
		const a = (await created(general(items(1)))).batch_id;
		sim.advance(20_000);
		const b = (await created(segmentation(items(1)))).batch_id;
		sim.advance(10);
		const c = (await created(general(items(1)))).batch_id;
		await call('POST', `/analyze/batches/${c}/cancel`);
		const page1 = await call('GET', '/analyze/batches?page_limit=2');
		expect(page1.body.data.map((x: Json) => x.batch_id)).toEqual([c, b]);
		expect(page1.body.page_info).toEqual({ limit_per_page: 2, page: 1, total_page: 2, total_results: 3 });
		expect((await call('GET', '/analyze/batches?page=2&page_limit=2')).body.data.map((x: Json) => x.batch_id)).toEqual([a]);
		expect((await call('GET', '/analyze/batches?page=3&page_limit=2')).body.data).toEqual([]);
		const ids = async (query: string) => (await call('GET', `/analyze/batches?${query}`)).body.data.map((x: Json) => x.batch_id);
		expect(await ids('status=completed&status=canceled')).toEqual([c, a]);
		expect(await ids('status=pending,completed')).toEqual([b, a]);
		expect(await ids('analysis_mode=time_based_metadata')).toEqual([b]);
		expect(await ids('analysis_mode=general&status=canceled')).toEqual([c]);
		expect(await ids('page_limit=50')).toEqual([c, b, a]);
	});

	it.each([
		['status=failed', "'status'"],
		['analysis_mode=chapters', "'analysis_mode'"],
		['page_limit=51', "'page_limit'"],
		['page=0', "'page'"],
	])('refuses %s', async (query, param) => {
		const response = await call('GET', `/analyze/batches?${query}`);
		expect(response.status).toBe(400);
		expect(response.body.message).toContain(param);
	});
});

describe('GET /analyze/batches/:id/results', () => {
	it('streams one JSON line per item while the batch runs, and the results once ready', async () => {
		const body = await created(general(items(4, (i) => (i === 0 ? { custom_id: 'first' } : {}))));
		const early = await results(body.batch_id);
		expect(early.status).toBe(200);
		expect(early.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
		expect(early.headers.get('transfer-encoding')).toBe('chunked');
		expect(early.lines).toEqual(body.items.map((x: Json) => ({ task_id: x.task_id, custom_id: x.custom_id, status: 'queued' })));
		expect(early.text.endsWith('\n')).toBe(true);
		advanceUntilMixed(body.batch_id);
		const middle = await results(body.batch_id);
		expect(new Set(middle.lines.map((line) => line.status)).size).toBeGreaterThan(1);
		sim.advance(10_000);
		const done = await results(body.batch_id);
		for (const [i, line] of done.lines.entries()) {
			const task = (await call('GET', `/analyze/tasks/${body.items[i].task_id}`)).body;
			expect(line).toEqual({ task_id: task.task_id, custom_id: task.custom_id, status: 'ready', data: task.result });
			expect(line.data.data).toContain('Summarize the video.');
		}
	});

	it("sends only the final items with resultLines: 'finished'", async () => {
		sim.configure({ batches: { resultLines: 'finished' } });
		const { batch_id: id } = await created(general(items(5)));
		expect((await results(id)).lines).toEqual([]);
		advanceUntilMixed(id);
		const some = (await results(id)).lines;
		expect(some.length).toBeGreaterThan(0);
		expect(some.length).toBeLessThan(5);
		for (const line of some) expect(['ready', 'failed', 'canceled']).toContain(line.status);
	});

	it('writes 1,000 lines one by one', async () => {
		const { batch_id: id } = await created(general(items(1000)));
		sim.advance(20_000);
		const response = await fetch(`${base}/analyze/batches/${id}/results`, { headers: { 'x-api-key': KEY } });
		let chunks = 0;
		let text = '';
		const decoder = new TextDecoder();
		for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
			chunks++;
			text += decoder.decode(chunk, { stream: true });
		}
		const lines = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Json);
		expect(lines).toHaveLength(1000);
		expect(lines.every((line) => line.status === 'ready')).toBe(true);
		expect(chunks).toBeGreaterThan(1);
	});

	/** Reads what arrives before the connection breaks. */
	async function readUntilCut(path: string): Promise<{ text: string; error: unknown }> {
		const response = await fetch(`${base}${path}`, { headers: { 'x-api-key': KEY } });
		const decoder = new TextDecoder();
		let text = '';
		try {
			for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
		} catch (error) {
			return { text, error };
		}
		return { text, error: null };
	}

	it('cuts the stream mid-line on a queued fault (connection destroyed after part of a line)', async () => {
		const { batch_id: id } = await created(general(items(5)));
		sim.advance(20_000);
		sim.failNext(1, { cutStream: true, afterLines: 2, pathPrefix: '/analyze/batches' });
		const { text, error } = await readUntilCut(`/analyze/batches/${id}/results`);
		expect(error).toBeTruthy();
		const parts = text.split('\n');
		expect(parts).toHaveLength(3);
		expect(() => JSON.parse(parts[0]) as Json).not.toThrow();
		expect(() => JSON.parse(parts[1]) as Json).not.toThrow();
		expect(parts[2].length).toBeGreaterThan(0);
		expect(() => JSON.parse(parts[2]) as Json).toThrow();
		expect(sim.requests().at(-1)).toMatchObject({ route: '/analyze/batches/:id/results', fault: 'cutStream', dropped: true });
		expect((await results(id)).lines).toHaveLength(5);
	});

	it('cuts a seeded fraction of results streams (streamCutRate), never other routes', async () => {
		const { batch_id: id } = await created(general(items(8)));
		sim.setFaults({ streamCutRate: 1 });
		expect((await retrieve(id)).status).toBe(200);
		const { text, error } = await readUntilCut(`/analyze/batches/${id}/results`);
		expect(error).toBeTruthy();
		expect(text.endsWith('\n')).toBe(false);
		sim.clearFaults();
		expect((await results(id)).lines).toHaveLength(8);
	});
});

describe('faults and control routes on batch endpoints', () => {
	it('answers queued 5xx and 429 faults on batch routes, then serves normally', async () => {
		sim.failNext(1, { status: 503, pathPrefix: '/analyze/batches' });
		sim.failNext(1, { status: 429, retryAfterMs: 1000, pathPrefix: '/analyze/batches' });
		const unavailable = await create(general(items(1)));
		expect(unavailable.status).toBe(503);
		expect(unavailable.body.code).toBe('service_unavailable');
		const limited = await call('GET', '/analyze/batches');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBe(1);
		expect(sim.stats().batches).toBe(0);
		expect((await create(general(items(1)))).status).toBe(201);
	});

	it('lists, creates, scripts and deletes batches through /__sim', async () => {
		const control = async (method: string, path: string, json?: unknown) => {
			const response = await fetch(`${root}/__sim${path}`, { method, body: json === undefined ? undefined : JSON.stringify(json) });
			return { status: response.status, body: (await response.json()) as Json };
		};
		const made = await control('POST', '/batches', { body: general(items(2)) });
		expect(made.status).toBe(200);
		expect(made.body).toMatchObject({ status: 'pending', taskIds: [expect.any(String), expect.any(String)], counts: { queued: 2 } });
		const refused = await control('POST', '/batches', { body: general([]) });
		expect(refused.status).toBe(400);
		const outcome = await control('POST', `/batches/${made.body.batchId}/items/1/outcome`, { outcome: 'failed', durationMs: 100 });
		expect(outcome.body).toMatchObject({ taskId: made.body.taskIds[1], outcome: 'failed' });
		sim.advance(20_000);
		expect((await control('GET', `/batches/${made.body.batchId}`)).body.counts).toMatchObject({ ready: 1, failed: 1 });
		expect((await control('GET', '/batches')).body).toHaveLength(1);
		expect((await control('GET', '/health')).body.batches).toBe(1);
		expect((await control('DELETE', `/batches/${made.body.batchId}`)).body).toEqual({ deleted: true });
		expect((await control('GET', `/batches/${made.body.batchId}`)).status).toBe(404);
		expect((await control('POST', `/batches/${made.body.batchId}/expire`)).status).toBe(404);
	});
});
