/**
 * The bad-input corpus: invalid parameter sets across every operation, run through n8n's
 * engine against the simulator. Each must fail with a message naming the field as the form
 * shows it, a description saying how to fix it, and (where the input can be checked
 * locally) no request sent at all.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { runNode } from '../harness/engine';
import {
	CREATE_GENERAL,
	expectNoSecret,
	startSimulator,
	type SimulatorFixture,
} from './support';
import { referenceImages } from '../harness/parameters';

const general: IDataObject = CREATE_GENERAL;

const field = (name: string, type: string, extra: IDataObject = {}) => ({
	name,
	type,
	description: `The ${name}`,
	...extra,
});
const definition = (id: string, extra: IDataObject = {}) => ({
	id,
	description: `Each ${id}`,
	fields: { field: [field('mood', 'string')] },
	...extra,
});
const segmentation: IDataObject = {
	...general,
	analysisMode: 'time_based_metadata',
	prompt: undefined,
	definitionsSource: 'form',
	segmentDefinitions: { definition: [definition('scene')] },
};
const segJson = (value: unknown): IDataObject => ({
	...segmentation,
	definitionsSource: 'json',
	segmentDefinitionsJson: value as IDataObject,
});
const withImages = (images: IDataObject[]): IDataObject => ({
	...general,
	promptType: 'textWithImages',
	referenceImages: referenceImages(images),
});
const image = (name: string, extra: IDataObject = {}) => ({
	name,
	source: 'url',
	url: `https://img.example.com/${name}.png`,
	...extra,
});
const schema = (value: unknown): IDataObject => ({
	...general,
	responseFormat: 'jsonSchema',
	jsonSchema: typeof value === 'string' ? value : JSON.stringify(value),
});
const oneDefinition = (extra: IDataObject) => ({
	...segmentation,
	segmentDefinitions: { definition: [definition('scene', extra)] },
});
const oneField = (extra: IDataObject) =>
	oneDefinition({ fields: { field: [field('f', 'string', extra)] } });
const jsonField = (value: IDataObject) =>
	segJson([
		{ id: 'scene', description: 'Each scene', fields: [{ name: 'f', description: 'F', ...value }] },
	]);
const binaryItem = (bytes: number, fileName = 'big.mp4', mimeType = 'video/mp4'): INodeExecutionData => ({
	json: {},
	binary: {
		data: {
			data: 'filesystem-v2',
			id: 'filesystem-v2:missing/never-read',
			mimeType,
			fileName,
			bytes,
		},
	},
});

interface BadCase {
	name: string;
	parameters: IDataObject;
	field: string;
	items?: INodeExecutionData[];
	/** Requests the case may send: only checks that need the API (unknown IDs). */
	requests?: number;
	/** Refused by n8n's own parameter check before the node runs (required field, field validation). */
	byN8n?: boolean;
}

const cases: BadCase[] = [
	// Video source
	{
		name: 'empty video URL',
		parameters: { ...general, videoUrl: '' },
		field: 'Video URL',
		byN8n: true,
	},
	{
		name: 'video URL empty from an expression',
		parameters: { ...general, videoUrl: '={{ $json.url }}' },
		items: [{ json: { url: '' } }],
		field: 'Video URL',
	},
	{
		name: 'video URL that is not a URL',
		parameters: { ...general, videoUrl: 'my video' },
		field: 'Video URL',
	},
	{
		name: 'video URL with ftp scheme',
		parameters: { ...general, videoUrl: 'ftp://x.example.com/v.mp4' },
		field: 'Video URL',
	},
	{
		name: 'empty asset ID',
		parameters: { ...general, videoSource: 'assetId', assetId: ' ' },
		field: 'Asset ID',
	},
	{
		name: 'missing binary field',
		parameters: { ...general, videoSource: 'binary', binaryPropertyName: 'video' },
		field: 'Input Binary Field',
	},
	{
		name: 'binary above 30 MB with large files refused, refused before reading',
		parameters: {
			...general,
			videoSource: 'binary',
			binaryPropertyName: 'data',
			options: { largeBinaryFiles: 'refuse' },
		},
		items: [binaryItem(31 * 1024 * 1024)],
		field: 'Input Binary Field',
	},
	{
		name: 'image above 30 MB given as the video to upload as an asset',
		parameters: { ...general, videoSource: 'binary', binaryPropertyName: 'data' },
		items: [binaryItem(31 * 1024 * 1024, 'poster.png', 'image/png')],
		field: 'Input Binary Field',
	},
	{
		name: 'video above the 10 GB an asset upload takes',
		parameters: { ...general, videoSource: 'binary', binaryPropertyName: 'data' },
		items: [binaryItem(10 * 1024 ** 3 + 1)],
		field: 'Input Binary Field',
	},
	{
		name: 'unknown choice for binary files over 30 MB',
		parameters: {
			...general,
			videoSource: 'binary',
			binaryPropertyName: 'data',
			options: { largeBinaryFiles: 'split' },
		},
		items: [binaryItem(31 * 1024 * 1024)],
		field: 'Options › Binary Files Over 30 MB',
	},
	{
		name: 'empty binary file',
		parameters: { ...general, videoSource: 'binary', binaryPropertyName: 'data' },
		items: [binaryItem(0)],
		field: 'Input Binary Field',
	},
	{
		name: 'unknown video source',
		parameters: { ...general, videoSource: 'youtube' },
		field: 'Video Source',
	},
	// Model and mode
	{
		name: 'empty model from an expression',
		parameters: { ...general, model: '={{ $json.model }}' },
		items: [{ json: { model: '' } }],
		field: 'Model',
	},
	{
		name: 'unknown analysis mode',
		parameters: { ...general, analysisMode: 'summary' },
		field: 'Analysis Mode',
	},
	// Prompt
	{ name: 'empty prompt', parameters: { ...general, prompt: '' }, field: 'Prompt', byN8n: true },
	{
		name: 'prompt empty from an expression',
		parameters: { ...general, prompt: '={{ $json.text }}' },
		items: [{ json: { text: '' } }],
		field: 'Prompt',
	},
	{ name: 'blank prompt', parameters: { ...general, prompt: '   \n ' }, field: 'Prompt' },
	// Reference images
	{
		name: 'five reference images',
		parameters: withImages(['a', 'b', 'c', 'd', 'e'].map((n) => image(n))),
		field: 'At most 4',
		byN8n: true,
	},
	{
		name: 'reference image without name',
		parameters: withImages([image('')]),
		field: 'Reference Images › Image 1 › Name',
	},
	{
		name: 'duplicate reference image names',
		parameters: withImages([image('logo'), image('logo')]),
		field: 'Reference Images › Image 2 › Name',
	},
	{
		name: 'reference image over http',
		parameters: withImages([image('logo', { url: 'http://img.example.com/a.png' })]),
		field: 'Reference Images › Image 1 › Image URL',
	},
	{
		name: 'reference image with empty URL',
		parameters: withImages([image('logo', { url: '' })]),
		field: 'Reference Images › Image 1 › Image URL',
	},
	{
		name: 'reference image with empty asset ID',
		parameters: withImages([image('logo', { source: 'assetId', assetId: '' })]),
		field: 'Reference Images › Image 1 › Asset ID',
	},
	{
		name: 'reference image binary missing',
		parameters: withImages([image('logo', { source: 'binary', binaryPropertyName: 'pic' })]),
		field: 'Reference Images › Image From Binary Field 1 › Input Binary Field',
	},
	// Temperature and max tokens
	{
		name: 'temperature above 1',
		parameters: { ...general, options: { temperature: 1.5 } },
		field: 'Options › Temperature',
	},
	{
		name: 'negative temperature',
		parameters: { ...general, options: { temperature: -0.1 } },
		field: 'Options › Temperature',
	},
	{
		name: 'temperature as text',
		parameters: { ...general, options: { temperature: 'hot' } },
		field: 'Options › Temperature',
	},
	{
		name: 'max tokens below 512 on 1.5 general',
		parameters: { ...general, options: { maxTokens: 100 } },
		field: 'Options › Max Tokens',
	},
	{
		name: 'max tokens above 98304',
		parameters: { ...general, options: { maxTokens: 100000 } },
		field: 'Options › Max Tokens',
	},
	{
		name: 'max tokens below 2048 in segmentation',
		parameters: { ...segmentation, options: { maxTokens: 1000 } },
		field: 'Options › Max Tokens',
	},
	{
		name: 'max tokens above 4096 on 1.2',
		parameters: { ...general, model: 'pegasus1.2', options: { maxTokens: 5000 } },
		field: 'Options › Max Tokens',
	},
	{
		name: 'fractional max tokens',
		parameters: { ...general, options: { maxTokens: 600.5 } },
		field: 'Options › Max Tokens',
	},
	{
		name: 'max tokens as text',
		parameters: { ...general, options: { maxTokens: 'many' } },
		field: 'Options › Max Tokens',
	},
	// JSON schema
	{ name: 'schema that is not JSON', parameters: schema('{"type": '), field: 'JSON Schema' },
	{ name: 'empty schema', parameters: schema(''), field: 'JSON Schema' },
	{
		name: 'schema with minLength',
		parameters: schema({ type: 'string', minLength: 3 }),
		field: 'JSON Schema',
	},
	{
		name: 'schema with nested additionalProperties',
		parameters: schema({
			type: 'object',
			properties: { a: { type: 'object', additionalProperties: false } },
		}),
		field: 'JSON Schema at (root).properties.a',
	},
	{
		name: 'schema with maxItems in items',
		parameters: schema({ type: 'array', items: { type: 'array', maxItems: 2 } }),
		field: 'JSON Schema at (root).items',
	},
	{
		name: 'schema with uniqueItems',
		parameters: schema({ type: 'array', uniqueItems: true }),
		field: 'JSON Schema',
	},
	{
		name: 'schema with an unknown type',
		parameters: schema({ type: 'date' }),
		field: 'JSON Schema',
	},
	{
		name: 'schema timestamp without format',
		parameters: schema({ type: 'object', properties: { t: { type: 'timestamp' } } }),
		field: 'JSON Schema at (root).properties.t',
	},
	{
		name: 'schema timestamp on pegasus 1.2',
		parameters: { ...schema({ type: 'timestamp', format: 'seconds' }), model: 'pegasus1.2' },
		field: 'JSON Schema',
	},
	{
		name: 'schema minItems 3',
		parameters: schema({ type: 'array', minItems: 3 }),
		field: 'JSON Schema',
	},
	{ name: 'schema that is a list', parameters: schema([1, 2]), field: 'JSON Schema' },
	{
		name: 'schema with an external $ref',
		parameters: schema({ $ref: 'https://example.com/s.json' }),
		field: 'JSON Schema',
	},
	{
		name: 'schema with an unsupported format',
		parameters: schema({ type: 'string', format: 'email' }),
		field: 'JSON Schema',
	},
	// Documented rules the API checks (docs/api-fidelity.md): each would be a 400 or 422.
	{
		name: 'schema timestamp nested deeper than documented',
		parameters: schema({
			type: 'object',
			properties: { a: { type: 'object', properties: { t: { type: 'timestamp', format: 'seconds' } } } },
		}),
		field: 'JSON Schema at (root).properties.a.properties.t',
	},
	{
		name: 'schema timestamp inside anyOf',
		parameters: schema({
			type: 'object',
			properties: { a: { anyOf: [{ type: 'timestamp', format: 'seconds' }, { type: 'null' }] } },
		}),
		field: 'JSON Schema at (root).properties.a.anyOf[0]',
	},
	{
		name: 'schema with oneOf',
		parameters: schema({ type: 'object', properties: { a: { oneOf: [{ type: 'string' }] } } }),
		field: 'JSON Schema at (root).properties.a',
	},
	{
		name: 'schema with a $ref outside #/$defs/',
		parameters: schema({
			definitions: { p: { type: 'string' } },
			properties: { a: { $ref: '#/definitions/p' } },
		}),
		field: 'JSON Schema at (root).properties.a',
	},
	{
		name: 'schema with an unresolved $ref',
		parameters: schema({ properties: { a: { $ref: '#/$defs/person' } } }),
		field: 'JSON Schema at (root).properties.a',
	},
	{
		name: 'schema declaring start_time as boolean',
		parameters: schema({ type: 'object', properties: { start_time: { type: 'boolean' } } }),
		field: 'JSON Schema at (root).properties.start_time',
	},
	{
		name: 'JSON enum that is not a list',
		parameters: jsonField({ type: 'string', enum: 'a, b' }),
		field: 'fields[0] › enum',
	},
	{
		name: 'JSON reference image of another media type',
		parameters: segJson([
			{
				id: 'scene',
				description: 'Each scene',
				media_sources: [{ name: 'logo', media_type: 'video', url: 'https://img.example.com/l.png' }],
			},
		]),
		field: 'media_sources[0] › media_type',
	},
	// Segment definitions (form)
	{
		name: 'no segment definitions',
		parameters: { ...segmentation, segmentDefinitions: {} },
		field: 'Segment Definitions',
	},
	{
		name: '21 segment definitions',
		parameters: {
			...segmentation,
			segmentDefinitions: { definition: Array.from({ length: 21 }, (_, i) => definition(`d${i}`)) },
		},
		field: 'Segment Definitions',
	},
	{
		name: 'definition without ID',
		parameters: oneDefinition({ id: '' }),
		field: 'Segment Definitions › Definition 1 › ID',
	},
	{
		name: 'duplicate definition IDs',
		parameters: {
			...segmentation,
			segmentDefinitions: { definition: [definition('scene'), definition('scene')] },
		},
		field: 'Segment Definitions › Definition 2 › ID',
	},
	{
		name: 'definition without description',
		parameters: oneDefinition({ description: '' }),
		field: 'Segment Definitions › Definition 1 › Description',
	},
	{
		name: 'field without name',
		parameters: oneField({ name: '' }),
		field: 'Definition 1 › Custom Fields › Field 1 › Name',
	},
	{
		name: 'timestamp field with a reserved name',
		parameters: oneField({ name: 'start_time', type: 'timestamp', format: 'seconds' }),
		field: 'Custom Fields › Field 1 › Name',
	},
	{
		name: 'duplicate field names',
		parameters: oneDefinition({
			fields: { field: [field('mood', 'string'), field('mood', 'number')] },
		}),
		field: 'Custom Fields › Field 2 › Name',
	},
	{
		name: 'field without description',
		parameters: oneField({ description: '' }),
		field: 'Custom Fields › Field 1 › Description',
	},
	{
		name: 'field with 101 allowed values',
		parameters: oneField({ enumValues: Array.from({ length: 101 }, (_, i) => `v${i}`).join(',') }),
		field: 'Custom Fields › Field 1 › Allowed Values',
	},
	{
		name: 'allowed values given as a JSON list of non-strings',
		parameters: oneField({ enumValues: '["a", 1]' }),
		field: 'Custom Fields › Field 1 › Allowed Values',
	},
	{
		name: 'time range shorter than 2 s',
		parameters: oneDefinition({ definitionOptions: { timeRanges: { range: [{ startTime: 10, endTime: 11 }] } } }),
		field: 'Definition 1 › Time Ranges › Range 1',
	},
	{
		name: 'overlapping time ranges',
		parameters: oneDefinition({
			definitionOptions: {
				timeRanges: {
					range: [
						{ startTime: 0, endTime: 30 },
						{ startTime: 20, endTime: 40 },
					],
				},
			},
		}),
		field: 'Definition 1 › Time Ranges',
	},
	{
		name: 'time range ending before it starts',
		parameters: oneDefinition({ definitionOptions: { timeRanges: { range: [{ startTime: 30, endTime: 10 }] } } }),
		field: 'Time Ranges › Range 1 › End Time',
	},
	{
		name: 'time ranges with a min segment duration',
		parameters: {
			...oneDefinition({ definitionOptions: { timeRanges: { range: [{ startTime: 0, endTime: 30 }] } } }),
			options: { minSegmentDuration: 5 },
		},
		field: 'Options › Shortest Segment (Seconds)',
	},
	{
		name: 'five images on a definition',
		parameters: oneDefinition({
			definitionOptions: {
				referenceImages: referenceImages(['a', 'b', 'c', 'd', 'e'].map((n) => image(n))),
			},
		}),
		field: 'Definition 1 › Reference Images',
	},
	// Segment definitions (JSON)
	{
		name: 'definitions JSON that does not parse',
		parameters: segJson('[{"id": "scene",'),
		field: 'Segment Definitions (JSON)',
	},
	{
		name: 'definitions JSON that is a number',
		parameters: segJson('5'),
		field: 'Segment Definitions (JSON)',
	},
	{
		name: 'definitions JSON empty list',
		parameters: segJson('[]'),
		field: 'Segment Definitions (JSON)',
	},
	{
		name: 'JSON timestamp field without format',
		parameters: jsonField({ type: 'timestamp' }),
		field: 'Segment Definitions (JSON) › [0] › Custom Fields › Field 1 › Timestamp Format',
	},
	{
		name: 'JSON format on a string field',
		parameters: jsonField({ type: 'string', format: 'seconds' }),
		field: 'Field 1 › Timestamp Format',
	},
	{
		name: 'JSON array field without items',
		parameters: jsonField({ type: 'array' }),
		field: 'Field 1 › Array Item Type',
	},
	{
		name: 'JSON items on a timestamp field',
		parameters: jsonField({ type: 'timestamp', format: 'seconds', items: { type: 'string' } }),
		field: 'Field 1 › Array Item Type',
	},
	{
		name: 'JSON enum on a timestamp field',
		parameters: jsonField({ type: 'timestamp', format: 'seconds', enum: ['a'] }),
		field: 'Field 1 › Allowed Values',
	},
	{
		name: 'JSON field of an unknown type',
		parameters: jsonField({ type: 'date' }),
		field: 'Field 1 › Type',
	},
	{
		name: 'JSON fields that are not a list',
		parameters: segJson([{ id: 'scene', description: 'Each scene', fields: { name: 'x' } }]),
		field: 'Segment Definitions (JSON) › [0] › fields',
	},
	{
		name: 'JSON definition that is a string',
		parameters: segJson(['scene']),
		field: 'Segment Definitions (JSON) › [0]',
	},
	// Time window and durations
	{
		name: 'end time before start time',
		parameters: { ...general, options: { startTime: 30, endTime: 20 } },
		field: 'Options › Analyze Until (Seconds)',
	},
	{
		name: 'time window under 4 s',
		parameters: { ...general, options: { startTime: 10, endTime: 12 } },
		field: 'Options › Analyze Until (Seconds)',
	},
	{
		name: 'negative start time',
		parameters: { ...general, options: { startTime: -5, endTime: 20 } },
		field: 'Options › Analyze From (Seconds)',
	},
	{
		name: 'min segment duration below 2',
		parameters: { ...segmentation, options: { minSegmentDuration: 1 } },
		field: 'Options › Shortest Segment (Seconds)',
	},
	{
		name: 'max segment duration below min',
		parameters: { ...segmentation, options: { minSegmentDuration: 10, maxSegmentDuration: 5 } },
		field: 'Options › Longest Segment (Seconds)',
	},
	{
		name: 'unknown segment time format',
		parameters: { ...segmentation, options: { segmentTimeFormat: 'minutes' } },
		field: 'Options › Segment Time Format',
	},
	// Custom ID
	{
		name: 'custom ID with a space',
		parameters: { ...general, options: { customId: 'batch 7' } },
		field: 'Options › Custom ID',
	},
	{
		name: 'custom ID of 65 characters',
		parameters: { ...general, options: { customId: 'x'.repeat(65) } },
		field: 'Options › Custom ID',
	},
	{
		name: 'custom ID with a slash',
		parameters: { ...general, options: { customId: 'a/b' } },
		field: 'Options › Custom ID',
	},
	// Get, Delete, Get Many
	{
		name: 'get without a task ID',
		parameters: {
			resource: 'analysisTask',
			operation: 'get',
			taskId: { __rl: true, mode: 'id', value: '' },
		},
		field: 'Task',
		byN8n: true,
	},
	{
		name: 'get with a task ID from an expression that is empty',
		parameters: {
			resource: 'analysisTask',
			operation: 'get',
			taskId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
		},
		items: [{ json: { id: '' } }],
		field: 'Task',
	},
	{
		name: 'get with a task ID holding a slash',
		parameters: {
			resource: 'analysisTask',
			operation: 'get',
			taskId: { __rl: true, mode: 'id', value: '../tasks' },
		},
		field: 'Task',
		byN8n: true,
	},
	{
		name: 'delete with a task ID holding a space',
		parameters: {
			resource: 'analysisTask',
			operation: 'delete',
			taskId: { __rl: true, mode: 'id', value: 'abc def' },
		},
		field: 'Task',
		byN8n: true,
	},
	{
		name: 'delete with a task ID from an expression holding a slash',
		parameters: {
			resource: 'analysisTask',
			operation: 'delete',
			taskId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
		},
		items: [{ json: { id: 'a/b' } }],
		field: 'Task',
	},
	{
		name: 'get of an unknown task',
		parameters: {
			resource: 'analysisTask',
			operation: 'get',
			taskId: { __rl: true, mode: 'id', value: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
		},
		field: "task 'aaaaaaaaaaaaaaaaaaaaaaaa'",
		requests: 1,
	},
	{
		name: 'delete of an unknown task',
		parameters: {
			resource: 'analysisTask',
			operation: 'delete',
			taskId: { __rl: true, mode: 'id', value: 'bbbbbbbbbbbbbbbbbbbbbbbb' },
		},
		field: "task 'bbbbbbbbbbbbbbbbbbbbbbbb'",
		requests: 1,
	},
	{
		name: 'get many with limit 0',
		parameters: { resource: 'analysisTask', operation: 'getMany', returnAll: false, limit: 0 },
		field: 'Limit',
	},
	{
		name: 'get many with a fractional limit',
		parameters: { resource: 'analysisTask', operation: 'getMany', returnAll: false, limit: 2.5 },
		field: 'Limit',
	},
	// Create and Wait
	{
		name: 'create and wait with an empty prompt',
		parameters: { ...general, operation: 'createAndWait', prompt: '={{ $json.text }}' },
		items: [{ json: { text: ' ' } }],
		field: 'Prompt',
	},
	{
		name: 'create and wait with wait timeout 0',
		parameters: { ...general, operation: 'createAndWait', options: { waitTimeout: 0 } },
		field: 'Options › Wait Timeout',
	},
	{
		name: 'create and wait with max interval below initial',
		parameters: {
			...general,
			operation: 'createAndWait',
			options: { initialPollInterval: 10, maxPollInterval: 2 },
		},
		field: 'Options › Maximum Poll Interval',
	},
];

/** Collected for the benchmark report: how many cases, how many requests they sent. */
export const badInputCaseCount = cases.length;

describe('bad-input corpus', () => {
	let fixture: SimulatorFixture;
	beforeAll(async () => {
		fixture = await startSimulator();
	});
	afterAll(async () => {
		await fixture.sim.stop();
	});

	it('has at least 60 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(60);
	});

	it.each(cases.map((entry) => [entry.name, entry]))('%s', async (_name, entry) => {
		fixture.sim.resetLog();
		const result = await runNode({
			parameters: entry.parameters,
			items: entry.items,
			credentials: fixture.credentials,
		});
		expect(result.error).toBeDefined();
		const { message, description } = result.error as { message: string; description?: string };
		expect(message).toContain(entry.field);
		if (!entry.byN8n) {
			expect(message).toMatch(/^'|TwelveLabs|task/);
			expect(typeof description).toBe('string');
			expect((description ?? '').length).toBeGreaterThan(10);
		}
		// Input refused here, before any request: the error says so, so it is not read as the API's.
		if (!entry.byN8n && (entry.requests ?? 0) === 0 && message.startsWith("'"))
			expect(description).toContain('Nothing was sent to TwelveLabs.');
		// Create, Get and Delete check their input outside n8n's request routing, so the error
		// is not dressed as an API error ("Error code: none").
		const own = ['create', 'get', 'delete'].includes(String(entry.parameters.operation));
		if (own && (entry.requests ?? 0) === 0 && !entry.byN8n)
			expect(result.error?.name).toBe('NodeOperationError');
		expect(fixture.sim.requests()).toHaveLength(entry.requests ?? 0);
		expectNoSecret(result);
	});
});
