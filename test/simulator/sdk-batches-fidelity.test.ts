/**
 * The official SDK (twelvelabs-js 1.3.4) against the simulator's analysis batch endpoints: every
 * method of `analyzeAsync.batches` is called through the generated `TwelvelabsApiClient` (baseUrl
 * pointed at the simulator), and every answer, each line of the results stream included, also
 * passes the SDK's wire schemas strictly (no key the SDK does not know), in the full profile and
 * in the sparse one (optional fields null or missing).
 */
import { TwelvelabsApi, TwelvelabsApiClient, TwelvelabsApiError } from 'twelvelabs-js';
import * as serializers from 'twelvelabs-js/serialization';
import { createSimulator, type Simulator } from './index';

const API_KEY = 'sdk-batches-key';
const START = Date.UTC(2026, 1, 9, 10, 0, 0);
const noRetry = { maxRetries: 0 };
const STRICT = { unrecognizedObjectKeys: 'fail', allowUnrecognizedEnumValues: false, allowUnrecognizedUnionMembers: false } as const;

type Json = Record<string, unknown>;

async function expectApiError(promise: Promise<unknown>, statusCode: number): Promise<TwelvelabsApiError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(TwelvelabsApiError);
		expect((error as TwelvelabsApiError).statusCode).toBe(statusCode);
		return error as TwelvelabsApiError;
	}
	throw new Error(`expected an HTTP ${statusCode} error`);
}

const assetId = (i: number) => i.toString(16).padStart(24, 'b');
const requests = (n: number): TwelvelabsApi.BatchItemRequest[] =>
	Array.from({ length: n }, (_, i) => ({ video: { type: 'asset_id', assetId: assetId(i) }, ...(i % 2 === 0 ? { customId: `item-${i}` } : {}) }));

for (const profile of ['full', 'sparse'] as const) {
	describe(`official SDK, analysis batch endpoints (${profile} profile)`, () => {
		let sim: Simulator;
		let client: TwelvelabsApiClient;
		let url: string;

		/** The raw answer of a GET, parsed strictly with the SDK's schema for it. */
		async function strictGet(path: string, schema: { parseOrThrow: (raw: unknown, options: typeof STRICT) => unknown }): Promise<Json> {
			const response = await fetch(`${url}${path}`, { headers: { 'x-api-key': API_KEY } });
			const raw = (await response.json()) as Json;
			schema.parseOrThrow(raw, STRICT);
			return raw;
		}

		/** Every line of the results stream, each parsed strictly as a BatchResultItem. */
		async function strictLines(batchId: string): Promise<Json[]> {
			const response = await fetch(`${url}/analyze/batches/${batchId}/results`, { headers: { 'x-api-key': API_KEY } });
			const lines = (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Json);
			for (const line of lines) serializers.BatchResultItem.parseOrThrow(line, STRICT);
			return lines;
		}

		beforeAll(async () => {
			sim = createSimulator({
				seed: profile === 'full' ? 21 : 22,
				apiKeys: [API_KEY],
				sparse: profile === 'sparse',
				startAt: START,
				speed: 1e-6,
				durations: { minMs: 8000, maxMs: 8000 },
				batches: { queueSpreadMs: 4000 },
				webhooks: ['https://hooks.example.com/batches'],
			});
			({ url } = await sim.start());
			client = new TwelvelabsApiClient({ apiKey: API_KEY, baseUrl: url });
		});

		afterAll(async () => {
			await sim.stop();
		});

		beforeEach(() => {
			sim.reset({ startAt: START });
		});

		it('creates a general batch, follows it to completed and reads every result line', async () => {
			const created = await client.analyzeAsync.batches.create({
				modelName: 'pegasus1.5',
				analysisMode: 'general',
				defaults: { prompt: { inputText: 'Generate a 3-sentence executive summary of this video.' }, temperature: 0.2, maxTokens: 4096 },
				requests: [...requests(3), { video: { type: 'asset_id', assetId: assetId(7) }, customId: 'action-003', prompt: { inputText: 'List all action items discussed.' } }],
			});
			expect(created).toMatchObject({ status: 'pending', totalItems: 4 });
			expect(created.createdAt).toBeInstanceOf(Date);
			expect(created.items.map((item) => item.customId ?? null)).toEqual(['item-0', null, 'item-2', 'action-003']);
			const raw = await fetch(`${url}/analyze/batches`, {
				method: 'POST',
				headers: { 'x-api-key': API_KEY, 'Content-Type': 'application/json' },
				body: JSON.stringify({ model_name: 'pegasus1.5', analysis_mode: 'general', defaults: { prompt: { input_text: 'Raw.' } }, requests: [{ video: { type: 'asset_id', asset_id: assetId(9) } }] }),
			});
			expect(raw.status).toBe(201);
			serializers.CreateAnalyzeBatchResponse.parseOrThrow(await raw.json(), STRICT);

			const running = await client.analyzeAsync.batches.retrieve(created.batchId);
			expect(running).toMatchObject({ batchId: created.batchId, analysisMode: 'general', modelName: 'pegasus1.5', status: 'pending', queuedItems: 4 });
			const lines = await client.analyzeAsync.batches.results(created.batchId);
			const early: TwelvelabsApi.BatchResultItem[] = [];
			for await (const line of lines) early.push(line);
			expect(early.map((line) => line.taskId)).toEqual(created.items.map((item) => item.taskId));
			expect(early.every((line) => line.status === 'queued' && line.data === undefined)).toBe(true);
			expect(await strictLines(created.batchId)).toHaveLength(4);

			sim.advance(20_000);
			const done = await client.analyzeAsync.batches.retrieve(created.batchId);
			expect(done).toMatchObject({ status: 'completed', readyItems: 4, failedItems: 0, canceledItems: 0 });
			expect(done.completedAt).toBeInstanceOf(Date);
			await strictGet(`/analyze/batches/${created.batchId}`, serializers.AnalyzeBatchStatusResponse);
			const ready: TwelvelabsApi.BatchResultItem[] = [];
			for await (const line of await client.analyzeAsync.batches.results(created.batchId)) ready.push(line);
			expect(ready.map((line) => line.status)).toEqual(['ready', 'ready', 'ready', 'ready']);
			expect(ready[3].data?.data).toContain('List all action items discussed.');
			expect(ready[3].customId).toBe('action-003');
			for (const line of await strictLines(created.batchId)) expect(line.data).toEqual(expect.objectContaining({ generation_id: expect.any(String) }));
		});

		it('creates a segmentation batch and parses segments, failed items and their errors', async () => {
			sim.setFaults({ itemFailureRate: 0.5 });
			const created = await client.analyzeAsync.batches.create({
				modelName: 'pegasus1.5',
				analysisMode: 'time_based_metadata',
				defaults: {
					responseFormat: {
						type: 'segment_definitions',
						segmentDefinitions: [{
							id: 'product_moments',
							description: 'Moments where a person holds <@product> while speaking to the camera.',
							fields: [
								{ name: 'segment_title', type: 'string', description: 'A short headline for this moment' },
								{ name: 'product_visibility', type: 'string', description: 'How prominently the product appears', enum: ['FULL', 'PARTIAL', 'BACKGROUND'] },
							],
							mediaSources: [{ name: 'product', mediaType: 'image', url: 'https://example.com/product.jpg' }],
						}],
					},
					temperature: 0,
					maxTokens: 4096,
					minSegmentDuration: 2,
				},
				requests: requests(8),
			});
			sim.advance(20_000);
			const done = await client.analyzeAsync.batches.retrieve(created.batchId);
			expect(done.status).toBe('completed');
			expect(done.failedItems).toBeGreaterThan(0);
			expect(done.readyItems).toBeGreaterThan(0);
			const lines = await strictLines(created.batchId);
			for (const line of lines) {
				if (line.status === 'failed') expect((line.error as Json).message).toEqual(expect.any(String));
				else expect(Object.keys(JSON.parse((line.data as Json).data as string) as Json)).toEqual(['product_moments']);
			}
		});

		it('lists with its filters and pages through every batch', async () => {
			const ids: string[] = [];
			for (let i = 0; i < 3; i++) {
				ids.push((await client.analyzeAsync.batches.create({ modelName: 'pegasus1.5', analysisMode: 'general', defaults: { prompt: { inputText: 'Summarize.' } }, requests: requests(1) })).batchId);
				if (i === 0) sim.advance(20_000);
			}
			sim.advance(6000);
			await client.analyzeAsync.batches.cancel(ids[2]);
			const all: TwelvelabsApi.AnalyzeBatchStatusResponse[] = [];
			for await (const batch of await client.analyzeAsync.batches.list({ pageLimit: 2 })) all.push(batch);
			expect(all.map((batch) => batch.batchId)).toEqual([...ids].reverse());
			const filtered = await client.analyzeAsync.batches.list({ status: ['processing', 'canceling', 'completed'], analysisMode: ['general'] });
			expect(filtered.data.map((batch) => batch.batchId)).toEqual([ids[2], ids[1], ids[0]]);
			const single = await client.analyzeAsync.batches.list({ status: 'completed', analysisMode: 'time_based_metadata' });
			expect(single.data).toEqual([]);
			await strictGet('/analyze/batches?page_limit=2', serializers.analyzeAsync.BatchesListResponse);
		});

		it('cancels, refuses to delete an active batch, deletes a final one and maps errors to the SDK classes', async () => {
			const created = await client.analyzeAsync.batches.create({ modelName: 'pegasus1.5', analysisMode: 'general', defaults: { prompt: { inputText: 'Summarize.' } }, requests: requests(6) });
			sim.advance(4000);
			const canceling = await client.analyzeAsync.batches.cancel(created.batchId);
			expect(['canceling', 'canceled']).toContain(canceling.status);
			expect(await expectApiError(client.analyzeAsync.batches.delete(created.batchId, noRetry), 409)).toBeInstanceOf(TwelvelabsApi.ConflictError);
			sim.advance(20_000);
			const canceled = await client.analyzeAsync.batches.retrieve(created.batchId);
			expect(canceled.status).toBe('canceled');
			expect(canceled.canceledAt).toBeInstanceOf(Date);
			if (profile === 'full') expect(canceled.webhooks).toEqual([{ url: 'https://hooks.example.com/batches', delivered: true, attempts: 1 }]);
			const again = await expectApiError(client.analyzeAsync.batches.cancel(created.batchId, noRetry), 409);
			expect((again.body as Json).code).toBe('batch_canceled');
			await expect(client.analyzeAsync.batches.delete(created.batchId)).resolves.toBeUndefined();
			expect(await expectApiError(client.analyzeAsync.batches.retrieve(created.batchId, noRetry), 404)).toBeInstanceOf(TwelvelabsApi.NotFoundError);
			expect(await expectApiError(client.analyzeAsync.batches.results(created.batchId, noRetry), 404)).toBeInstanceOf(TwelvelabsApi.NotFoundError);
		});

		it('maps the create errors: 400, 404, 409 and the 429 of the active-batch limit', async () => {
			const base = { modelName: 'pegasus1.5' as const, analysisMode: 'general' as const, defaults: { prompt: { inputText: 'Summarize.' } } };
			const bad = await expectApiError(client.analyzeAsync.batches.create({ ...base, requests: [...requests(1), ...requests(1)] }, noRetry), 400);
			expect(bad).toBeInstanceOf(TwelvelabsApi.BadRequestError);
			expect((bad.body as Json).message).toContain('requests[1].custom_id');
			const gone = sim.createAssetDirect({ filename: 'gone.mp4' }).assetId;
			sim.deleteAssetDirect(gone);
			const missing = await expectApiError(client.analyzeAsync.batches.create({ ...base, requests: [{ video: { type: 'asset_id', assetId: gone } }] }, noRetry), 404);
			expect(missing).toBeInstanceOf(TwelvelabsApi.NotFoundError);
			const busy = sim.createAssetDirect({ filename: 'busy.mp4', status: 'processing', processingMs: 60_000 }).assetId;
			const notReady = await expectApiError(client.analyzeAsync.batches.create({ ...base, requests: [{ video: { type: 'asset_id', assetId: busy } }] }, noRetry), 409);
			expect(notReady).toBeInstanceOf(TwelvelabsApi.ConflictError);
			sim.setBatchLimit(1);
			await client.analyzeAsync.batches.create({ ...base, requests: requests(1) });
			const limited = await expectApiError(client.analyzeAsync.batches.create({ ...base, requests: requests(1) }, noRetry), 429);
			expect(limited).toBeInstanceOf(TwelvelabsApi.TooManyRequestsError);
			// The SDK reads a 503 of create as ErrorResponse, the nested shape {error: {code, message}};
			// a flat body makes it throw a ParseError instead of ServiceUnavailableError.
			sim.failNext(1, { status: 503, pathPrefix: '/analyze/batches' });
			await expect(client.analyzeAsync.batches.create({ ...base, requests: requests(1) }, noRetry)).rejects.toThrow(/error/i);
			sim.configure({ errorShape: 'nested' });
			sim.failNext(1, { status: 503, pathPrefix: '/analyze/batches' });
			const unavailable = await expectApiError(client.analyzeAsync.batches.create({ ...base, requests: requests(1) }, noRetry), 503);
			expect(unavailable).toBeInstanceOf(TwelvelabsApi.ServiceUnavailableError);
			expect((unavailable.body as TwelvelabsApi.ErrorResponse).error.code).toBe('service_unavailable');
		});

		it("surfaces a results stream cut mid-line as an error from the SDK's stream", async () => {
			const created = await client.analyzeAsync.batches.create({ modelName: 'pegasus1.5', analysisMode: 'general', defaults: { prompt: { inputText: 'Summarize.' } }, requests: requests(4) });
			sim.advance(20_000);
			sim.failNext(1, { cutStream: true, afterLines: 1, pathPrefix: '/analyze/batches' });
			const seen: TwelvelabsApi.BatchResultItem[] = [];
			const stream = await client.analyzeAsync.batches.results(created.batchId, noRetry);
			await expect((async () => {
				for await (const line of stream) seen.push(line);
			})()).rejects.toThrow();
			expect(seen.map((line) => line.taskId)).toEqual([created.items[0].taskId]);
		});
	});
}

