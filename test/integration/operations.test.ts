/**
 * Every operation and option of the TwelveLabs node, run through n8n's engine (RoutingNode
 * for the declarative operations) against the simulator over HTTP.
 */
import type { IDataObject } from 'n8n-workflow';
import { loadPackage, runNode } from '../harness/engine';
import {
	CREATE_GENERAL,
	expectNoSecret,
	isThinnedFrom,
	optional,
	startSimulator,
	VIDEO,
	type SimulatorFixture,
} from './support';
import { referenceImages } from '../harness/parameters';

const base: IDataObject = CREATE_GENERAL;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

let fixture: SimulatorFixture;
beforeAll(async () => {
	fixture = await startSimulator();
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	fixture.sim.reset({ apiKeys: [String(fixture.credentials.apiKey)], seed: 7 });
});

function lastCreateBody(): IDataObject {
	const creates = fixture.sim.requests().filter((entry) => entry.method === 'POST');
	return creates[creates.length - 1].body as IDataObject;
}

async function create(parameters: IDataObject, extra: { executionId?: string } = {}) {
	const result = await runNode({
		parameters: { ...base, ...parameters },
		credentials: fixture.credentials,
		...extra,
	});
	expectNoSecret(result);
	return result;
}

describe('Create', () => {
	it('starts a general task and returns its ID at once', async () => {
		const result = await create({
			options: { temperature: 0.4, maxTokens: 1024, customId: 'batch-1_a' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual({
			task_id: expect.stringMatching(/^[0-9a-f]{24}$/),
			status: 'queued',
			custom_id: 'batch-1_a',
			video: { type: 'url', url: VIDEO },
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(lastCreateBody()).toEqual({
			video: { type: 'url', url: VIDEO },
			model_name: 'pegasus1.5',
			analysis_mode: 'general',
			prompt: 'Summarize the video',
			temperature: 0.4,
			max_tokens: 1024,
			custom_id: 'batch-1_a',
		});
	});

	it('never sends fields the chosen model or mode hides', async () => {
		await create({
			model: 'pegasus1.2',
			analysisMode: 'time_based_metadata',
			promptType: 'textWithImages',
			referenceImages: referenceImages([
				{ name: 'logo', source: 'url', url: 'https://img.example.com/l.png' },
			]),
			segmentDefinitions: { definition: [{ id: 'scene', description: 'Each scene' }] },
			jsonSchema: '{"type": "object"}',
			options: { startTime: 5, endTime: 50, minSegmentDuration: 4 },
		});
		expect(lastCreateBody()).toEqual({
			video: { type: 'url', url: VIDEO },
			model_name: 'pegasus1.2',
			analysis_mode: 'general',
			prompt: 'Summarize the video',
		});
	});

	it('sends nothing for options left at 0, the form\'s "not set"', async () => {
		await create({
			analysisMode: 'time_based_metadata',
			definitionsSource: 'form',
			segmentDefinitions: { definition: [{ id: 'scene', description: 'Each scene' }] },
			options: { startTime: 0, endTime: 0, minSegmentDuration: 0, maxSegmentDuration: 0 },
		});
		const body = lastCreateBody();
		for (const key of ['start_time', 'end_time', 'min_segment_duration', 'max_segment_duration'])
			expect(body).not.toHaveProperty(key);
	});

	it('sends a model name given by expression as is, and names it when TwelveLabs refuses it', async () => {
		const result = await create({ model: '={{ "pegasus" + "9.9" }}' });
		expect(lastCreateBody()).toMatchObject({ model_name: 'pegasus9.9', analysis_mode: 'general' });
		expect(result.error?.message).toBe("TwelveLabs refused the parameter 'model_name'");
	});

	it('sends a JSON schema response format', async () => {
		const schema = {
			type: 'object',
			properties: { title: { type: 'string' } },
			required: ['title'],
		};
		await create({ responseFormat: 'jsonSchema', jsonSchema: JSON.stringify(schema) });
		expect(lastCreateBody().response_format).toEqual({ type: 'json_schema', json_schema: schema });
	});

	it('turns a prompt with reference images into prompt_v2', async () => {
		await create({
			prompt: 'Is <@logo> visible?',
			promptType: 'textWithImages',
			referenceImages: referenceImages([
				{ name: 'logo', source: 'url', url: 'https://img.example.com/l.png' },
				{ name: 'face', source: 'assetId', assetId: 'a'.repeat(24) },
			]),
		});
		const body = lastCreateBody();
		expect(body.prompt).toBeUndefined();
		expect(body.prompt_v2).toEqual({
			input_text: 'Is <@logo> visible?',
			media_sources: [
				{ name: 'logo', media_type: 'image', url: 'https://img.example.com/l.png' },
				{ name: 'face', media_type: 'image', asset_id: 'a'.repeat(24) },
			],
		});
	});

	it('builds segment definitions from the form, with every field type', async () => {
		const result = await create({
			analysisMode: 'time_based_metadata',
			definitionsSource: 'form',
			segmentDefinitions: {
				definition: [
					{
						id: 'scene',
						description: 'Each scene',
						fields: {
							field: [
								{ name: 'summary', type: 'string', description: 'One sentence' },
								{
									name: 'mood',
									type: 'string',
									description: 'Mood',
									enumValues: 'calm, tense,\njoyful',
								},
								{ name: 'people', type: 'integer', description: 'People on screen' },
								{ name: 'score', type: 'number', description: 'Score' },
								{ name: 'outdoor', type: 'boolean', description: 'Outdoors?' },
								{ name: 'objects', type: 'array:string', description: 'Objects' },
								{ name: 'peak', type: 'timestamp:hh:mm:ss', description: 'Peak moment' },
							],
						},
					},
					{
						id: 'ad',
						description: 'Each advertisement',
						definitionOptions: {
							timeRanges: {
								range: [
									{ startTime: 0, endTime: 30 },
									{ startTime: 60, endTime: 90 },
								],
							},
							referenceImages: referenceImages([
								{ name: 'brand', source: 'url', url: 'https://img.example.com/b.png' },
							]),
						},
					},
				],
			},
			options: { segmentTimeFormat: 'hh:mm:ss.fff', maxTokens: 4096 },
		});
		expect(result.error).toBeUndefined();
		const body = lastCreateBody();
		expect(body.prompt).toBeUndefined();
		expect(body.response_format).toEqual({
			type: 'segment_definitions',
			segment_time_format: 'hh:mm:ss.fff',
			segment_definitions: [
				{
					id: 'scene',
					description: 'Each scene',
					fields: [
						{ name: 'summary', type: 'string', description: 'One sentence' },
						{
							name: 'mood',
							type: 'string',
							description: 'Mood',
							enum: ['calm', 'tense', 'joyful'],
						},
						{ name: 'people', type: 'integer', description: 'People on screen' },
						{ name: 'score', type: 'number', description: 'Score' },
						{ name: 'outdoor', type: 'boolean', description: 'Outdoors?' },
						{ name: 'objects', type: 'array', items: { type: 'string' }, description: 'Objects' },
						{ name: 'peak', type: 'timestamp', format: 'hh:mm:ss', description: 'Peak moment' },
					],
				},
				{
					id: 'ad',
					description: 'Each advertisement',
					media_sources: [
						{ name: 'brand', media_type: 'image', url: 'https://img.example.com/b.png' },
					],
					time_ranges: [
						{ start_time: 0, end_time: 30 },
						{ start_time: 60, end_time: 90 },
					],
				},
			],
		});
	});

	it.each([
		[
			'a JSON string',
			JSON.stringify([
				{
					id: 'scene',
					description: 'Each scene',
					fields: [{ name: 'n', type: 'integer', description: 'N' }],
				},
			]),
		],
		[
			'an object',
			{
				segment_definitions: [
					{
						id: 'scene',
						description: 'Each scene',
						fields: [{ name: 'n', type: 'integer', description: 'N' }],
					},
				],
			},
		],
	])('accepts segment definitions as JSON given as %s', async (_kind, value) => {
		const result = await create({
			analysisMode: 'time_based_metadata',
			definitionsSource: 'json',
			segmentDefinitionsJson: value as unknown as string,
		});
		expect(result.error).toBeUndefined();
		expect(lastCreateBody().response_format).toEqual({
			type: 'segment_definitions',
			segment_definitions: [
				{
					id: 'scene',
					description: 'Each scene',
					fields: [{ name: 'n', type: 'integer', description: 'N' }],
				},
			],
		});
	});

	it('sends a binary video inline as base64', async () => {
		const bytes = Buffer.from('fake mp4 bytes for the simulator');
		const result = await runNode({
			parameters: { ...base, videoSource: 'binary', binaryPropertyName: 'clip' },
			items: [
				{
					json: {},
					binary: {
						clip: { data: bytes.toString('base64'), mimeType: 'video/mp4', fileName: 'clip.mp4' },
					},
				},
			],
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(lastCreateBody().video).toEqual({
			type: 'base64_string',
			base64_string: bytes.toString('base64'),
		});
	});

	it('sends an asset ID video source', async () => {
		const result = await create({ videoSource: 'assetId', assetId: 'c'.repeat(24) });
		expect(result.error).toBeUndefined();
		expect(lastCreateBody().video).toEqual({ type: 'asset_id', asset_id: 'c'.repeat(24) });
	});

	it('sends the same Idempotency-Key when the same execution repeats an item, so no task is created twice', async () => {
		const first = await create({}, { executionId: 'exec-42' });
		const second = await create({}, { executionId: 'exec-42' });
		const third = await create({}, { executionId: 'exec-43' });
		expect(second.items[0].json.task_id).toBe(first.items[0].json.task_id);
		expect(third.items[0].json.task_id).not.toBe(first.items[0].json.task_id);
		const keys = fixture.sim.requests().map((entry) => entry.idempotencyKey);
		expect(keys[0]).toMatch(/^[0-9a-f]{48}$/);
		expect(keys[1]).toBe(keys[0]);
		expect(fixture.sim.stats().tasks).toBe(2);
	});

	it('creates one task per input item, each paired with its item', async () => {
		const result = await runNode({
			parameters: { ...base, videoUrl: '={{ $json.url }}' },
			items: [0, 1, 2].map((i) => ({ json: { url: `https://videos.example.com/v${i}.mp4` } })),
			credentials: fixture.credentials,
		});
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(new Set(result.items.map((item) => item.json.task_id)).size).toBe(3);
	});

	it('with Continue On Fail, a refused item becomes an error item while the others are created', async () => {
		const result = await runNode({
			parameters: { ...base, prompt: '={{ $json.prompt }}' },
			items: [
				{ json: { prompt: 'Describe it' } },
				{ json: { prompt: '' } },
				{ json: { prompt: 'Count the cars' } },
			],
			credentials: fixture.credentials,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.task_id).toBeDefined();
		expect(String(result.items[1].json.error)).toContain("'Prompt' is empty");
		expect(result.items[2].json.task_id).toBeDefined();
		expect(fixture.sim.stats().tasks).toBe(2);
	});
});

describe('Get', () => {
	function readyTask(body: IDataObject) {
		const snapshot = fixture.sim.createTaskDirect(
			{ video: { type: 'url', url: VIDEO }, ...body },
			{ durationMs: 1000 },
		);
		fixture.sim.advance(5000);
		return snapshot.taskId;
	}

	it('returns a simplified task with the generated text', async () => {
		const taskId = readyTask({ prompt: 'Summarize' });
		const result = await runNode({
			parameters: { resource: 'analysisTask', operation: 'get', taskId: byId(taskId) },
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(json).toMatchObject({
			task_id: taskId,
			status: 'ready',
			analysis_mode: optional('general'),
			finish_reason: 'stop',
		});
		expect(typeof json.text).toBe('string');
		expect(json.warning).toBeUndefined();
		expect((json.usage as IDataObject).output_tokens).toEqual(expect.any(Number));
	});

	it('parses JSON results and warns when the output was truncated', async () => {
		const schema = {
			type: 'object',
			properties: { title: { type: 'string' } },
			required: ['title'],
		};
		const parsedId = readyTask({
			prompt: 'Title?',
			response_format: { type: 'json_schema', json_schema: schema },
		});
		const truncatedId = readyTask({ prompt: 'Everything', max_tokens: 512 });
		const parsed = await runNode({
			parameters: { resource: 'analysisTask', operation: 'get', taskId: byId(parsedId) },
			credentials: fixture.credentials,
		});
		expect(parsed.items[0].json.data).toEqual({ title: expect.any(String) });
		const truncated = await runNode({
			parameters: { resource: 'analysisTask', operation: 'get', taskId: byId(truncatedId) },
			credentials: fixture.credentials,
		});
		expect(truncated.items[0].json.finish_reason).toBe('length');
		expect(String(truncated.items[0].json.warning)).toContain('because it reached Max Tokens');
	});

	it('says the context window, not Max Tokens, cut the output when it did', async () => {
		const snapshot = fixture.sim.createTaskDirect(
			{ video: { type: 'url', url: `${VIDEO}?sim_truncate=context` }, prompt: 'Everything' },
			{ durationMs: 1000 },
		);
		fixture.sim.advance(5000);
		const result = await runNode({
			parameters: { resource: 'analysisTask', operation: 'get', taskId: byId(snapshot.taskId) },
			credentials: fixture.credentials,
		});
		const warning = String(result.items[0].json.warning);
		expect(warning).toContain("reached the model's context window");
		expect(warning).toContain('Raising Max Tokens does not help');
	});

	it('returns the raw task when asked', async () => {
		const taskId = readyTask({ prompt: 'Summarize' });
		const result = await runNode({
			parameters: {
				resource: 'analysisTask',
				operation: 'get',
				taskId: byId(taskId),
				output: 'raw',
			},
			credentials: fixture.credentials,
		});
		expect(isThinnedFrom(result.items[0].json, fixture.sim.getTaskDirect(taskId)?.json)).toBe(true);
	});

	it('returns one item per segment, each paired with its input item', async () => {
		const definitions = [
			{
				id: 'scene',
				description: 'Each scene',
				fields: [{ name: 'mood', type: 'string', description: 'Mood', enum: ['calm', 'tense'] }],
			},
			{ id: 'shot', description: 'Each shot' },
		];
		const ids = [0, 1].map(() =>
			readyTask({
				analysis_mode: 'time_based_metadata',
				response_format: { type: 'segment_definitions', segment_definitions: definitions },
			}),
		);
		const result = await runNode({
			parameters: {
				resource: 'analysisTask',
				operation: 'get',
				taskId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				output: 'segments',
			},
			items: ids.map((id) => ({ json: { id } })),
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		for (const [index, taskId] of ids.entries()) {
			const data = JSON.parse(
				String((fixture.sim.getTaskDirect(taskId)?.json?.result as IDataObject).data),
			) as Record<string, unknown[]>;
			const expected = Object.values(data).reduce((sum, list) => sum + list.length, 0);
			const mine = result.items.filter((item) => item.json.task_id === taskId);
			expect(mine).toHaveLength(expected);
			for (const item of mine) {
				expect(item.pairedItem).toEqual({ item: index });
				expect(['scene', 'shot']).toContain(item.json.definition_id);
				expect(typeof item.json.start_time).toBe('number');
				if (item.json.definition_id === 'scene')
					expect(['calm', 'tense']).toContain((item.json.fields as IDataObject).mood);
			}
		}
	});

	it('shows a task still running as simplified with its status', async () => {
		const snapshot = fixture.sim.createTaskDirect(
			{ video: { type: 'url', url: VIDEO }, prompt: 'x' },
			{ durationMs: 60_000 },
		);
		const result = await runNode({
			parameters: { resource: 'analysisTask', operation: 'get', taskId: byId(snapshot.taskId) },
			credentials: fixture.credentials,
		});
		expect(['queued', 'pending', 'processing']).toContain(result.items[0].json.status);
		expect(result.items[0].json.text).toBeUndefined();
	});
});

describe('Get Many', () => {
	const getMany = (parameters: IDataObject) =>
		runNode({
			parameters: { resource: 'analysisTask', operation: 'getMany', ...parameters },
			credentials: fixture.credentials,
		});

	it('returns up to the limit, over as many pages as needed, newest first', async () => {
		const ids = fixture.sim.seedTasks(130);
		fixture.sim.resetLog();
		const result = await getMany({ returnAll: false, limit: 70 });
		expect(result.items).toHaveLength(70);
		expect(result.items.map((item) => item.json.task_id)).toEqual([...ids].reverse().slice(0, 70));
		const pages = fixture.sim.requests().map((entry) => entry.query);
		expect(pages).toEqual([
			{ page: '1', page_limit: '50' },
			{ page: '2', page_limit: '50' },
		]);
	});

	it('returns everything with Return All, with no duplicates', async () => {
		const ids = fixture.sim.seedTasks(130);
		fixture.sim.resetLog();
		const result = await getMany({ returnAll: true });
		expect(result.items.map((item) => item.json.task_id)).toEqual([...ids].reverse());
		expect(fixture.sim.requests()).toHaveLength(3);
	});

	it('uses a small page when the limit is small', async () => {
		fixture.sim.seedTasks(30);
		fixture.sim.resetLog();
		const result = await getMany({ returnAll: false, limit: 5 });
		expect(result.items).toHaveLength(5);
		expect(fixture.sim.requests().map((entry) => entry.query)).toEqual([
			{ page: '1', page_limit: '5' },
		]);
	});

	it('passes the filters to the API', async () => {
		fixture.sim.seedTasks(20, { status: ['ready', 'failed'] });
		fixture.sim.resetLog();
		const result = await getMany({
			returnAll: true,
			filters: {
				status: 'failed',
				analysisMode: 'general',
				videoUrl: VIDEO,
				assetId: 'd'.repeat(24),
			},
		});
		expect(fixture.sim.requests()[0].query).toEqual({
			page: '1',
			page_limit: '50',
			status: 'failed',
			analysis_mode: 'general',
			video_url: VIDEO,
			asset_id: 'd'.repeat(24),
		});
		for (const item of result.items) expect(item.json.status).toBe('failed');
	});

	it('sends filters trimmed, and an empty one not at all', async () => {
		fixture.sim.resetLog();
		await getMany({ returnAll: true, filters: { videoUrl: `  ${VIDEO} `, assetId: '  ' } });
		expect(fixture.sim.requests()[0].query).toEqual({
			page: '1',
			page_limit: '50',
			video_url: VIDEO,
		});
	});

	it('sends what its description declares: a changed URL or query parameter changes the wire', async () => {
		const loader = await loadPackage();
		const properties = loader.nodeTypes.twelveLabs.type.description.properties;
		const operation = properties.find(
			(property) => property.name === 'operation' && JSON.stringify(property).includes('getMany'),
		) as { options: Array<{ value: string; routing: { request: { url: string } } }> };
		const request = operation.options.find((option) => option.value === 'getMany')!.routing.request;
		const filters = properties.find(
			(property) => property.name === 'filters' && JSON.stringify(property).includes('"status"'),
		) as { options: Array<{ name: string; routing: { send: { property: string } } }> };
		const statusSend = filters.options.find((option) => option.name === 'status')!.routing.send;
		const declared = { url: request.url, property: statusSend.property };
		request.url = '/analyze/tasks-declared';
		statusSend.property = 'state';
		try {
			fixture.sim.resetLog();
			await getMany({ returnAll: false, limit: 1, filters: { status: 'ready' } });
			const sent = fixture.sim.requests()[0];
			expect(sent.path).toMatch(/\/analyze\/tasks-declared$/);
			expect(sent.query).toEqual({ page: '1', page_limit: '1', state: 'ready' });
		} finally {
			request.url = declared.url;
			statusSend.property = declared.property;
		}
	});

	it('returns nothing, without error, for an empty account', async () => {
		const result = await getMany({ returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(0);
	});
});

describe('Delete', () => {
	it('deletes a finished task', async () => {
		const { taskId } = fixture.sim.createTaskDirect(
			{ video: { type: 'url', url: VIDEO }, prompt: 'x' },
			{ durationMs: 1000 },
		);
		fixture.sim.advance(5000);
		const result = await runNode({
			parameters: { resource: 'analysisTask', operation: 'delete', taskId: byId(taskId) },
			credentials: fixture.credentials,
		});
		expect(result.items[0].json).toEqual({ deleted: true, task_id: taskId });
		expect(fixture.sim.getTaskDirect(taskId)).toBeUndefined();
	});

	it('explains that a task still in progress cannot be deleted yet', async () => {
		const { taskId } = fixture.sim.createTaskDirect(
			{ video: { type: 'url', url: VIDEO }, prompt: 'x' },
			{ durationMs: 600_000 },
		);
		const result = await runNode({
			parameters: { resource: 'analysisTask', operation: 'delete', taskId: byId(taskId) },
			credentials: fixture.credentials,
		});
		expect(result.error?.message).toBe(
			'The task is still being processed; wait until it is ready or failed, then delete it.',
		);
		expect(result.error?.httpCode).toBe('409');
	});
});
