/**
 * The Analysis Batch resource through n8n's engine against the simulator over HTTP on a
 * sped-up clock: Create (one batch, several past 1,000 items, the active-batch limit, no
 * duplicate after a 5xx, a lost answer or a 429), Create and Wait (pairing by custom ID, failed,
 * canceled and expired items), Get, Get Many, Get Results (the stream read line by line, cut
 * mid-line), Cancel, Delete, and every local refusal before any request.
 */
import { sleep, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import { runNode } from '../harness/engine';
import { expectNoSecret, startSimulator, type SimulatorFixture } from './support';

/** 50 simulated ms per real ms. */
const SPEED = 50;
const waitOptions = { initialPollInterval: 0.02, maxPollInterval: 0.1, waitTimeout: 60 };
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

let fixture: SimulatorFixture;
beforeAll(async () => {
	fixture = await startSimulator({ speed: SPEED });
});
afterAll(async () => {
	await fixture.sim.stop();
});
function reset(extra: IDataObject = {}) {
	fixture.sim.reset({
		apiKeys: [String(fixture.credentials.apiKey)],
		seed: 7,
		speed: SPEED,
		durations: { minMs: 5_000, maxMs: 10_000 },
		batches: { queueSpreadMs: 1_000 },
		...extra,
	});
}
beforeEach(() => reset());

const GENERAL: IDataObject = {
	resource: 'analysisBatch',
	operation: 'create',
	batchAssetId: '={{ $json.asset }}',
	batchCustomId: '={{ $json.id }}',
	batchOverrides: '={{ $json.overrides ?? "" }}',
	model: 'pegasus1.5',
	analysisMode: 'general',
	prompt: 'Summarize the video',
	options: {},
};

const SEGMENTATION: IDataObject = {
	...GENERAL,
	analysisMode: 'time_based_metadata',
	definitionsSource: 'json',
	segmentDefinitionsJson: JSON.stringify([
		{
			id: 'scenes',
			description: 'Each scene',
			fields: [{ name: 'summary', type: 'string', description: 'One sentence' }],
		},
	]),
};

function assets(count: number): string[] {
	return Array.from({ length: count }, (_, index) => fixture.sim.createAssetDirect({ filename: `v${index}.mp4` }).assetId);
}

function itemsFor(assetIds: string[], extra: (index: number) => IDataObject = () => ({})): INodeExecutionData[] {
	return assetIds.map((asset, index) => ({ json: { asset, id: `video-${index}`, ...extra(index) } }));
}

async function run(parameters: IDataObject, items?: INodeExecutionData[], continueOnFail = false) {
	const result = await runNode({ parameters, credentials: fixture.credentials, items, continueOnFail });
	expectNoSecret(result);
	return result;
}

const apiRequests = () => fixture.sim.requests();
const batchCreates = () =>
	apiRequests().filter((entry) => entry.method === 'POST' && entry.route === '/analyze/batches');
const bodyOf = (index = 0) => batchCreates()[index].body as IDataObject;

describe('Create', () => {
	it('sends all items as one batch: shared settings as defaults, each asset and custom ID', async () => {
		const ids = assets(3);
		const result = await run(GENERAL, itemsFor(ids));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const batch = fixture.sim.batches()[0];
		expect(result.items[0].json).toMatchObject({
			batch_id: batch.batchId,
			status: 'pending',
			total_items: 3,
		});
		expect(result.items[0].json.items).toEqual(
			ids.map((asset, index) => ({ task_id: batch.taskIds[index], custom_id: `video-${index}`, asset_id: asset })),
		);
		expect(result.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(bodyOf()).toEqual({
			model_name: 'pegasus1.5',
			analysis_mode: 'general',
			defaults: { prompt: { input_text: 'Summarize the video' } },
			requests: ids.map((asset, index) => ({
				video: { type: 'asset_id', asset_id: asset },
				custom_id: `video-${index}`,
			})),
		});
	});

	it('puts what an item changes (by expression or Overrides (JSON)) on that item only', async () => {
		const ids = assets(3);
		const result = await run(
			{ ...GENERAL, prompt: '={{ $json.id === "video-2" ? "Name the speaker" : "Summarize the video" }}', options: { temperature: 0.4 } },
			itemsFor(ids, (index) => (index === 1 ? { overrides: { temperature: 0.9, max_tokens: 1024 } } : {})),
		);
		expect(result.error).toBeUndefined();
		const body = bodyOf();
		expect(body.defaults).toEqual({ prompt: { input_text: 'Summarize the video' }, temperature: 0.4 });
		const requests = body.requests as IDataObject[];
		expect(requests[0]).toEqual({ video: { type: 'asset_id', asset_id: ids[0] }, custom_id: 'video-0' });
		expect(requests[1]).toMatchObject({ temperature: 0.9, max_tokens: 1024 });
		expect(requests[2]).toMatchObject({ prompt: { input_text: 'Name the speaker' } });
	});

	it('makes a custom ID for an item without one, the same on a rerun of the execution', async () => {
		const ids = assets(2);
		const result = await run({ ...GENERAL, batchCustomId: '' }, itemsFor(ids));
		const made = (result.items[0].json.items as IDataObject[]).map((item) => item.custom_id);
		expect(made).toEqual([expect.stringMatching(/^n8n-[0-9a-f]{10}-0$/), expect.stringMatching(/^n8n-[0-9a-f]{10}-1$/)]);
	});

	it('takes a segmentation batch with a per-item response_format override', async () => {
		const ids = assets(2);
		const other = {
			type: 'segment_definitions',
			segment_definitions: [{ id: 'ads', description: 'Each ad', fields: [{ name: 'brand', type: 'string', description: 'The brand' }] }],
		};
		const result = await run(SEGMENTATION, itemsFor(ids, (index) => (index === 1 ? { overrides: { response_format: other } } : {})));
		expect(result.error).toBeUndefined();
		const body = bodyOf();
		expect(body.analysis_mode).toBe('time_based_metadata');
		expect((body.defaults as IDataObject).response_format).toMatchObject({ type: 'segment_definitions' });
		expect((body.requests as IDataObject[])[1].response_format).toEqual(other);
	});

	it('cuts 1,001 items into two batches and waits for a slot when the account is full', async () => {
		fixture.sim.setBatchLimit(5);
		// Five active batches already (six and seven are needed): the run waits until one finishes.
		const busy = assets(5);
		for (const asset of busy)
			fixture.sim.createBatchDirect({
				model_name: 'pegasus1.5',
				analysis_mode: 'general',
				defaults: { prompt: { input_text: 'x' } },
				requests: [{ video: { type: 'asset_id', asset_id: asset } }],
			});
		const ids = assets(1001);
		const result = await run({ ...GENERAL, options: { ...waitOptions } }, itemsFor(ids));
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.total_items)).toEqual([1000, 1]);
		expect((result.items[1].pairedItem as Array<{ item: number }>)[0]).toEqual({ item: 1000 });
		expect(batchCreates().filter((entry) => entry.status === 201)).toHaveLength(2);
		// Never more than five active: every create that went through found a free slot first.
		expect(batchCreates().every((entry) => entry.status === 201)).toBe(true);
		expect(apiRequests().filter((entry) => entry.route === '/analyze/batches' && entry.method === 'GET').length).toBeGreaterThan(2);
	}, 60_000);

	it('fails naming the slot limit when no slot frees within the Wait Timeout', async () => {
		fixture.sim.setBatchLimit(1);
		const [busy] = assets(1);
		fixture.sim.createBatchDirect({
			model_name: 'pegasus1.5',
			analysis_mode: 'general',
			defaults: { prompt: { input_text: 'x' } },
			requests: [{ video: { type: 'asset_id', asset_id: busy } }],
		});
		fixture.sim.configure({ durations: { minMs: 600_000, maxMs: 600_000 } });
		const ids = assets(1);
		const result = await run({ ...GENERAL, options: { ...waitOptions, waitTimeout: 1, maxActiveBatches: 1 } }, itemsFor(ids));
		expect(result.error?.message).toBe('No batch slot became free within the Wait Timeout: 1 batches were still active');
		expect(result.error?.description).toContain('No batch was created.');
		expect(batchCreates()).toHaveLength(0);
	});

	it('creates no duplicate when a 503 comes back or the answer is lost after the batch was made', async () => {
		const ids = assets(2);
		fixture.sim.failNext(1, { status: 503, method: 'POST', pathPrefix: '/analyze/batches' });
		const first = await run(GENERAL, itemsFor(ids));
		expect(first.error).toBeUndefined();
		expect(fixture.sim.batches()).toHaveLength(1);

		reset();
		const more = assets(2);
		fixture.sim.failNext(1, { dropAfterProcess: true, method: 'POST', pathPrefix: '/analyze/batches' });
		const second = await run(GENERAL, itemsFor(more));
		expect(second.error).toBeUndefined();
		expect(fixture.sim.batches()).toHaveLength(1);
		expect(second.items[0].json.batch_id).toBe(fixture.sim.batches()[0].batchId);
		expect((second.items[0].json.items as IDataObject[]).map((item) => item.task_id)).toEqual(fixture.sim.batches()[0].taskIds);
		expect(batchCreates()).toHaveLength(1);
	});

	it('waits out a 429 on create and creates one batch', async () => {
		const ids = assets(2);
		fixture.sim.failNext(2, { status: 429, retryAfterMs: 50, method: 'POST', pathPrefix: '/analyze/batches' });
		const result = await run(GENERAL, itemsFor(ids));
		expect(result.error).toBeUndefined();
		expect(fixture.sim.batches()).toHaveLength(1);
		expect(batchCreates().map((entry) => entry.status)).toEqual([429, 429, 201]);
	});
});

describe('local rules: refused before any request, naming the item and field', () => {
	const refusals: Array<[string, IDataObject, (ids: string[]) => INodeExecutionData[], string]> = [
		['an empty asset ID', GENERAL, (ids) => itemsFor(ids, (index) => (index === 1 ? { asset: '' } : {})), "'Asset ID' is empty"],
		['a malformed asset ID', GENERAL, (ids) => itemsFor(ids, (index) => (index === 1 ? { asset: '../assets' } : {})), '\'Asset ID\' ("../assets") is not a valid asset ID'],
		['a repeated custom ID', GENERAL, (ids) => itemsFor(ids, () => ({ id: 'same' })), '\'Custom ID\' ("same") is also the custom ID of item 0'],
		['a custom ID with spaces', GENERAL, (ids) => itemsFor(ids, (index) => (index === 1 ? { id: 'a b' } : {})), '\'Custom ID\' ("a b") must be 1–64 letters, digits, "_" or "-"'],
		['a prompt override in segmentation mode', SEGMENTATION, (ids) => itemsFor(ids, (index) => (index === 1 ? { overrides: { prompt: 'x' } } : {})), "'Overrides (JSON) › prompt' is not allowed in Video Segmentation mode"],
		['an override of a field items cannot override', GENERAL, (ids) => itemsFor(ids, (index) => (index === 1 ? { overrides: { model_name: 'x' } } : {})), "'Overrides (JSON) › model_name' is not a field an item can override"],
		['an override outside the task rules', GENERAL, (ids) => itemsFor(ids, (index) => (index === 1 ? { overrides: { temperature: 2 } } : {})), "'Overrides (JSON) › Options › Temperature' is 2, outside 0–1"],
		['a segment duration in general mode', GENERAL, (ids) => itemsFor(ids, (index) => (index === 1 ? { overrides: { min_segment_duration: 5 } } : {})), "'Overrides (JSON) › Options › Shortest Segment (Seconds)' applies to Video Segmentation only"],
		['overrides that are not JSON', GENERAL, (ids) => itemsFor(ids, (index) => (index === 1 ? { overrides: '{nope' } : {})), "'Overrides (JSON)' is not valid JSON"],
		['mixed analysis modes', { ...SEGMENTATION, analysisMode: '={{ $json.id === "video-1" ? "general" : "time_based_metadata" }}' }, (ids) => itemsFor(ids), "'Analysis Mode' is general here but time_based_metadata for item 0"],
		['Pegasus 1.2', { ...GENERAL, model: 'pegasus1.2' }, (ids) => itemsFor(ids), "'Model' is pegasus1.2; batches take pegasus1.5 only"],
		['an empty prompt (a task rule)', { ...GENERAL, prompt: '={{ "" }}' }, (ids) => itemsFor(ids), "'Prompt' is empty"],
	];
	it.each(refusals)('%s', async (_name, parameters, items, message) => {
		const ids = assets(2);
		const result = await run(parameters, items(ids));
		expect(result.error?.message.startsWith(message)).toBe(true);
		expect(result.error?.description).toContain('Nothing was sent to TwelveLabs.');
		expect(apiRequests()).toHaveLength(0);
	});

	it('with Continue On Fail sends the valid items and returns the refused one as an error item', async () => {
		const ids = assets(3);
		const result = await run(GENERAL, itemsFor(ids, (index) => (index === 1 ? { asset: '' } : {})), true);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.total_items).toBe(2);
		expect(result.items[1].json.error).toBe("'Asset ID' is empty");
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});
});

async function waitForBatch(): Promise<string> {
	for (let round = 0; round < 500; round++) {
		const [batch] = fixture.sim.batches();
		if (batch) return batch.batchId;
		await sleep(5);
	}
	throw new Error('no batch was created');
}

describe('Create and Wait', () => {
	const wait = { ...GENERAL, operation: 'createAndWait', output: 'simplified', options: waitOptions };

	it('outputs one result per input item, paired by custom ID, in input order', async () => {
		const ids = assets(4);
		const result = await run(wait, itemsFor(ids));
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.custom_id, item.json.status, item.pairedItem])).toEqual(
			ids.map((_asset, index) => [`video-${index}`, 'ready', { item: index }]),
		);
		expect(typeof result.items[0].json.text).toBe('string');
		expect(result.items[0].json).toMatchObject({ batch_id: fixture.sim.batches()[0].batchId, video: { asset_id: ids[0] } });
	});

	it('a failed item is an error item under Continue On Fail, and fails the node otherwise', async () => {
		const ids = assets(3);
		const running = run(wait, itemsFor(ids), true);
		const batchId = await waitForBatch();
		fixture.sim.setBatchItemOutcome(batchId, 1, { outcome: 'failed', failMessage: 'The video could not be decoded' });
		const result = await running;
		expect(result.items.map((item) => item.json.status)).toEqual(['ready', undefined, 'ready']);
		expect(result.items[1].json.error).toBe('Item 1 (custom ID video-1) failed: The video could not be decoded (code: analysis_failed)');
		expect(result.items[1].pairedItem).toEqual({ item: 1 });

		reset();
		const again = assets(2);
		const failing = run(wait, itemsFor(again));
		fixture.sim.setBatchItemOutcome(await waitForBatch(), 0, { outcome: 'failed', failMessage: 'boom' });
		expect((await failing).error?.message).toMatch(/^Item 0 \(custom ID video-0\) failed: boom/);
	});

	it('an expired batch: its unfinished items are canceled error items', async () => {
		fixture.sim.configure({ durations: { minMs: 600_000, maxMs: 600_000 } });
		const ids = assets(2);
		const running = run(wait, itemsFor(ids), true);
		const batchId = await waitForBatch();
		fixture.sim.expireBatch(batchId);
		const result = await running;
		expect(result.items.map((item) => item.json.error)).toEqual([
			expect.stringMatching(/^Item 0 \(custom ID video-0\) was canceled/),
			expect.stringMatching(/^Item 1 \(custom ID video-1\) was canceled/),
		]);
	});

	it('at the Wait Timeout fails naming the running batch, or returns the items as they are', async () => {
		fixture.sim.configure({ durations: { minMs: 600_000, maxMs: 600_000 } });
		const ids = assets(2);
		const failed = await run({ ...wait, options: { ...waitOptions, waitTimeout: 1 } }, itemsFor(ids));
		expect(failed.error?.message).toBe('A batch was still running at the Wait Timeout');
		expect(failed.error?.description).toContain(fixture.sim.batches()[0].batchId);
		const unfinished = await run(
			{ ...wait, options: { ...waitOptions, waitTimeout: 1, onTimeout: 'returnUnfinished' } },
			itemsFor(assets(2)),
		);
		expect(unfinished.error).toBeUndefined();
		expect(unfinished.items.map((item) => item.json.status)).toEqual(['queued', 'queued']);
	});

	it('one item per segment for a segmentation batch', async () => {
		const ids = assets(2);
		const result = await run({ ...SEGMENTATION, operation: 'createAndWait', output: 'segments', options: waitOptions }, itemsFor(ids));
		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThanOrEqual(2);
		expect(result.items[0].json).toMatchObject({ definition_id: 'scenes', custom_id: 'video-0' });
		expect(result.items.every((item) => (item.pairedItem as { item?: number }).item !== undefined)).toBe(true);
	});
});

function directBatch(count: number, mode: 'general' | 'time_based_metadata' = 'general') {
	const ids = assets(count);
	return fixture.sim.createBatchDirect({
		model_name: 'pegasus1.5',
		analysis_mode: mode,
		defaults:
			mode === 'general'
				? { prompt: { input_text: 'Summarize' } }
				: {
						response_format: {
							type: 'segment_definitions',
							segment_definitions: [{ id: 'scenes', description: 'Each scene', fields: [] }],
						},
					},
		requests: ids.map((asset, index) => ({ video: { type: 'asset_id', asset_id: asset }, custom_id: `c${index}` })),
	});
}

async function finished(batchId: string) {
	for (let round = 0; round < 400; round++) {
		if (['completed', 'canceled', 'expired'].includes(String(fixture.sim.getBatchDirect(batchId)?.status))) return;
		await sleep(10);
	}
	throw new Error('the batch did not finish');
}

describe('Get, Get Many, Cancel, Delete', () => {
	it('Get returns the batch with its counts; a missing one is named; a bad ID is refused unsent', async () => {
		const batch = directBatch(2);
		const result = await run({ resource: 'analysisBatch', operation: 'get', batchId: byId(batch.batchId) });
		expect(result.items[0].json).toMatchObject({ batch_id: batch.batchId, total_items: 2, queued_items: 2 });
		const missing = await run({ resource: 'analysisBatch', operation: 'get', batchId: byId('0123456789abcdef01234567') });
		expect(missing.error?.message).toBe("The batch '0123456789abcdef01234567' was not found");
		const before = apiRequests().length;
		const bad = await run({ resource: 'analysisBatch', operation: 'get', batchId: { __rl: true, mode: 'list', value: '../tasks' } });
		expect(bad.error?.message).toBe('\'Batch\' ("../tasks") is not a valid batch ID');
		expect(apiRequests()).toHaveLength(before);
	});

	it('Get Many pages with Limit and sends the status and mode filters repeated', async () => {
		for (let index = 0; index < 3; index++) directBatch(1);
		directBatch(1, 'time_based_metadata');
		const limited = await run({ resource: 'analysisBatch', operation: 'getMany', limit: 2 });
		expect(limited.items).toHaveLength(2);
		const filtered = await run({
			resource: 'analysisBatch',
			operation: 'getMany',
			returnAll: true,
			batchFilters: { statuses: ['pending', 'processing'], analysisModes: ['general'] },
		});
		expect(filtered.items).toHaveLength(3);
		// The request log keeps the last value of a repeated parameter; the count above shows both went.
		expect(apiRequests()[apiRequests().length - 1].query).toMatchObject({
			status: 'processing',
			analysis_mode: 'general',
		});
	});

	it('Cancel stops a running batch; Delete refuses it until it is final, then deletes it', async () => {
		fixture.sim.configure({ durations: { minMs: 600_000, maxMs: 600_000 } });
		const batch = directBatch(2);
		const refused = await run({ resource: 'analysisBatch', operation: 'delete', batchId: byId(batch.batchId) });
		expect(refused.error?.message).toBe(`The batch '${batch.batchId}' is not in a status that allows this`);
		const canceled = await run({ resource: 'analysisBatch', operation: 'cancel', batchId: byId(batch.batchId) });
		expect(['canceling', 'canceled']).toContain(canceled.items[0].json.status);
		await finished(batch.batchId);
		const deleted = await run({ resource: 'analysisBatch', operation: 'delete', batchId: byId(batch.batchId) });
		expect(deleted.items[0].json).toEqual({ deleted: true, batch_id: batch.batchId });
		expect(fixture.sim.getBatchDirect(batch.batchId)).toBeFalsy();
	});
});

describe('Get Results', () => {
	const results = (batchId: string, extra: IDataObject = {}) =>
		run({ resource: 'analysisBatch', operation: 'getResults', batchId: byId(batchId), output: 'simplified', ...extra });

	it('one item per result, also while running; Statuses filters them', async () => {
		const batch = directBatch(3);
		const running = await results(batch.batchId);
		expect(running.items.map((item) => item.json.custom_id)).toEqual(['c0', 'c1', 'c2']);
		await finished(batch.batchId);
		const done = await results(batch.batchId, { resultStatuses: ['ready'] });
		expect(done.items.map((item) => item.json.status)).toEqual(['ready', 'ready', 'ready']);
		const none = await results(batch.batchId, { resultStatuses: ['failed'] });
		expect(none.items).toEqual([]);
		const raw = await results(batch.batchId, { output: 'raw' });
		expect(raw.items[0].json).toMatchObject({ custom_id: 'c0', status: 'ready', batch_id: batch.batchId });
	});

	it('reads a stream cut mid-line again from the start, without duplicates', async () => {
		const batch = directBatch(4);
		await finished(batch.batchId);
		fixture.sim.failNext(1, { cutStream: true, afterLines: 2, pathPrefix: '/analyze/batches' });
		const result = await results(batch.batchId);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.custom_id)).toEqual(['c0', 'c1', 'c2', 'c3']);
	});

	it('says where a stream that keeps being cut was cut', async () => {
		const batch = directBatch(4);
		await finished(batch.batchId);
		fixture.sim.failNext(10, { cutStream: true, afterLines: 2, pathPrefix: '/analyze/batches' });
		const result = await results(batch.batchId);
		expect(result.error?.message).toBe('The answer of TwelveLabs was cut off mid-line after 2 whole lines');
	});
});
