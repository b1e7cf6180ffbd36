/**
 * The official SDK (twelvelabs-js 1.3.4) against the simulator: every response must
 * pass the SDK's own wire-schema parsing (serialization/…, parseOrThrow), which throws on
 * a missing required field, a wrong type or a bad date.
 *
 * Note: the SDK's `TwelveLabs` wrapper ignores a `baseUrl` option (it reads only the
 * TWELVELABS_BASE_URL environment variable); its `analyzeAsync` is the generated
 * `TwelvelabsApiClient.analyzeAsync`, so the tests construct that client with `baseUrl`.
 */
import { TwelveLabs, TwelvelabsApi, TwelvelabsApiClient, TwelvelabsApiError } from 'twelvelabs-js';
import { createSimulator, type Simulator } from './index';

const API_KEY = 'sdk-key';
const VIDEO = 'https://videos.example.com/sdk/clip.mp4';

let sim: Simulator;
let client: TwelvelabsApiClient;

beforeAll(async () => {
	sim = createSimulator({ seed: 42, apiKeys: [API_KEY] });
	const { url } = await sim.start();
	client = new TwelvelabsApiClient({ apiKey: API_KEY, baseUrl: url });
});

afterAll(async () => {
	await sim.stop();
});

beforeEach(() => {
	sim.reset();
});

const tasks = () => client.analyzeAsync.tasks;
const noRetry = { maxRetries: 0 };

async function expectApiError(promise: Promise<unknown>, statusCode: number): Promise<TwelvelabsApiError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(TwelvelabsApiError);
		const apiError = error as TwelvelabsApiError;
		expect(apiError.statusCode).toBe(statusCode);
		return apiError;
	}
	throw new Error(`expected an HTTP ${statusCode} error`);
}

describe('official SDK against the simulator', () => {
	it('is the client the TwelveLabs wrapper uses for analyzeAsync', () => {
		const wrapper = new TwelveLabs({ apiKey: API_KEY });
		expect(wrapper.analyzeAsync.tasks.constructor).toBe(tasks().constructor);
	});

	it('lists with paging, newest first, and parses abbreviated items', async () => {
		const created: string[] = [];
		for (let i = 0; i < 7; i++) {
			const response = await tasks().create({
				video: { type: 'url', url: `${VIDEO}?n=${i}` },
				prompt: `A fairly long prompt number ${i} that will be cut in list items`,
			});
			created.push(response.taskId);
			sim.advance(10);
		}
		const seen: string[] = [];
		for (let page = 1; page <= 3; page++) {
			const list = await tasks().list({ page, pageLimit: 3 });
			expect(list.pageInfo).toEqual({ limitPerPage: 3, page, totalPage: 3, totalResults: 7 });
			for (const item of list.data) {
				expect(item.createdAt).toBeInstanceOf(Date);
				expect(item.requestParams?.prompt).toHaveLength(30);
			}
			seen.push(...list.data.map((item) => item.taskId));
		}
		expect(seen).toEqual([...created].reverse());
		const filtered = await tasks().list({ videoUrl: `${VIDEO}?n=3`, status: 'queued', analysisMode: 'general' });
		expect(filtered.data.map((item) => item.taskId)).toEqual([created[3]]);
	});

	it('creates a general task and retrieves its text result', async () => {
		const created = await tasks().create({
			video: { type: 'url', url: `${VIDEO}?sim_duration=5000` },
			prompt: 'Summarize the video',
			customId: 'sdk-general-1',
			temperature: 0.3,
			maxTokens: 2000,
		});
		expect(created.taskId).toMatch(/^[0-9a-f]{24}$/);
		expect(created.status).toBe('queued');
		sim.advance(5000);
		sim.configure({ webhooks: ['https://hooks.example.com/tl'] });
		const task = await tasks().retrieve(created.taskId);
		expect(task.status).toBe('ready');
		expect(task.customId).toBe('sdk-general-1');
		expect(task.completedAt).toBeInstanceOf(Date);
		expect(task.videoSource).toMatchObject({ type: 'url', url: `${VIDEO}?sim_duration=5000` });
		expect(task.requestParams).toMatchObject({ analysisMode: 'general', prompt: 'Summarize the video', temperature: 0.3, maxTokens: 2000 });
		expect(task.result?.finishReason).toBe('stop');
		expect(task.result?.data).toContain('Summarize the video');
		expect(task.result?.usage.outputTokens).toBeGreaterThan(0);
		expect(task.error).toBeUndefined();
		expect(task.webhooks).toEqual([{ url: 'https://hooks.example.com/tl', delivered: true, attempts: 1 }]);
	});

	it('creates a json_schema task whose result parses and is echoed in full on retrieve', async () => {
		const jsonSchema = {
			type: 'object',
			properties: {
				title: { type: 'string' },
				rating: { type: 'integer', minimum: 1, maximum: 5 },
				topics: { type: 'array', items: { type: 'string' }, minItems: 1 },
			},
			required: ['title', 'rating', 'topics'],
		};
		const created = await tasks().create({
			video: { type: 'url', url: `${VIDEO}?sim_duration=1000` },
			prompt: 'Describe it as JSON',
			responseFormat: { type: 'json_schema', jsonSchema },
		});
		sim.advance(1000);
		const task = await tasks().retrieve(created.taskId);
		expect(task.requestParams?.responseFormat?.jsonSchema).toEqual(jsonSchema);
		const data = JSON.parse(task.result?.data ?? 'null') as { title: unknown; rating: number; topics: unknown[] };
		expect(typeof data.title).toBe('string');
		expect(data.rating).toBeGreaterThanOrEqual(1);
		expect(data.rating).toBeLessThanOrEqual(5);
		expect(data.topics.length).toBeGreaterThanOrEqual(1);
		const list = await tasks().list({});
		expect(list.data[0].requestParams?.responseFormat?.type).toBe('json_schema');
		expect(list.data[0].requestParams?.responseFormat?.jsonSchema).toBeUndefined();
	});

	it('creates a segmentation task with custom fields of every type', async () => {
		const fields: TwelvelabsApi.SegmentField[] = [
			{ name: 'mood', type: 'string', description: 'Tone', enum: ['calm', 'tense'] },
			{ name: 'has_people', type: 'boolean', description: 'People visible' },
			{ name: 'brightness', type: 'number', description: 'Brightness 0-100' },
			{ name: 'people_count', type: 'integer', description: 'How many people' },
			{ name: 'objects', type: 'array', description: 'Objects', items: { type: 'string' } },
			{ name: 'peak_at', type: 'timestamp', description: 'Peak moment', format: 'hh:mm:ss.fff' },
		];
		const created = await tasks().create({
			modelName: 'pegasus1.5',
			video: { type: 'url', url: `${VIDEO}?sim_duration=2000&sim_video_seconds=120` },
			analysisMode: 'time_based_metadata',
			responseFormat: {
				type: 'segment_definitions',
				segmentTimeFormat: 'hh:mm:ss',
				segmentDefinitions: [
					{ id: 'scene', description: 'Each scene', fields },
					{
						id: 'logo',
						description: 'When <@brand> is visible',
						mediaSources: [{ name: 'brand', mediaType: 'image', url: 'https://images.example.com/logo.png' }],
						timeRanges: [{ startTime: 0, endTime: 10 }, { startTime: 20, endTime: 30 }],
					},
				],
			},
		});
		sim.advance(2000);
		const task = await tasks().retrieve(created.taskId);
		expect(task.status).toBe('ready');
		const definitions = task.requestParams?.responseFormat?.segmentDefinitions ?? [];
		expect(definitions.map((d) => d.id)).toEqual(['scene', 'logo']);
		expect(definitions[0].fields?.map((f) => f.type)).toEqual(['string', 'boolean', 'number', 'integer', 'array', 'timestamp']);
		expect(definitions[1].mediaSources?.[0]).toMatchObject({ name: 'brand', mediaType: 'image' });
		const data = JSON.parse(task.result?.data ?? '{}') as Record<string, Array<{ start_time: string; end_time: string; metadata: Record<string, unknown> }>>;
		expect(Object.keys(data)).toEqual(['scene', 'logo']);
		for (const segment of data.scene) {
			expect(segment.start_time).toMatch(/^\d\d:\d\d:\d\d$/);
			expect(['calm', 'tense']).toContain(segment.metadata.mood);
			expect(typeof segment.metadata.has_people).toBe('boolean');
			expect(typeof segment.metadata.brightness).toBe('number');
			expect(Number.isInteger(segment.metadata.people_count)).toBe(true);
			expect(Array.isArray(segment.metadata.objects)).toBe(true);
			expect(segment.metadata.peak_at).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
		}
		const listed = await tasks().list({ analysisMode: 'time_based_metadata' });
		expect(listed.data[0].requestParams?.responseFormat?.segmentDefinitions).toHaveLength(1);
	});

	it('retrieves a failed task and a ready task with a truncation warning', async () => {
		const failed = await tasks().create({ video: { type: 'url', url: `${VIDEO}?sim_outcome=failed&sim_duration=100` }, prompt: 'x' });
		const truncated = await tasks().create({ video: { type: 'url', url: `${VIDEO}?sim_duration=100` }, prompt: 'x', maxTokens: 512 });
		sim.advance(100);
		const failedTask = await tasks().retrieve(failed.taskId);
		expect(failedTask.status).toBe('failed');
		expect(failedTask.error?.message).toEqual(expect.any(String));
		expect(failedTask.result).toBeUndefined();
		const truncatedTask = await tasks().retrieve(truncated.taskId);
		expect(truncatedTask.result?.finishReason).toBe('length');
		expect(truncatedTask.result?.usage.outputTokens).toBe(512);
		expect(truncatedTask.error?.message).toMatch(/^output truncated/);
	});

	it('parses canceled tasks (an enum value newer than the SDK)', async () => {
		const created = await tasks().create({ video: { type: 'url', url: VIDEO }, prompt: 'x' });
		sim.completeTask(created.taskId, 'canceled');
		expect((await tasks().retrieve(created.taskId)).status).toBe('canceled');
		expect((await tasks().list({})).data[0].status).toBe('canceled');
	});

	it('deletes a finished task (204), then 404; 409 while in progress', async () => {
		const running = await tasks().create({ video: { type: 'url', url: `${VIDEO}?sim_duration=60000` }, prompt: 'x' });
		const done = await tasks().create({ video: { type: 'url', url: `${VIDEO}?sim_duration=10` }, prompt: 'x' });
		sim.advance(100);
		const conflict = await expectApiError(tasks().delete(running.taskId, noRetry), 409);
		expect(conflict).toBeInstanceOf(TwelvelabsApi.ConflictError);
		expect(conflict.body).toMatchObject({ message: expect.stringContaining('Cannot delete task while it is being processed') });
		await expect(tasks().delete(done.taskId)).resolves.toBeUndefined();
		const gone = await expectApiError(tasks().retrieve(done.taskId, noRetry), 404);
		expect(gone).toBeInstanceOf(TwelvelabsApi.NotFoundError);
		await expectApiError(tasks().delete(done.taskId, noRetry), 404);
	});

	it('really validates responses: an injected body missing required fields is rejected', async () => {
		const created = await tasks().create({ video: { type: 'url', url: VIDEO }, prompt: 'x' });
		sim.failNext(1, { malformed: true, variant: 'missing_fields' });
		await expect(tasks().retrieve(created.taskId, noRetry)).rejects.toThrow(/task_id|status|created_at|Missing required key/);
		await expect(tasks().retrieve(created.taskId, noRetry)).resolves.toMatchObject({ taskId: created.taskId });
	});

	it('surfaces validation errors as BadRequestError with the API body', async () => {
		const error = await expectApiError(
			tasks().create({ video: { type: 'url', url: VIDEO }, prompt: 'x', maxTokens: 100 }, noRetry),
			400,
		);
		expect(error).toBeInstanceOf(TwelvelabsApi.BadRequestError);
		expect(error.body).toMatchObject({ code: 'parameter_invalid', message: expect.stringContaining("'max_tokens'") });
	});
});
