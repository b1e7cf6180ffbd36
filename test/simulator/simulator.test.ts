/**
 * The simulator itself, over real HTTP: validation, list paging and abbreviation,
 * lifecycle on the sim clock, results that follow the request, delete/cancel,
 * idempotency, rate limiting, seeded faults and the /__sim control routes.
 */
import { sleep } from 'n8n-workflow';
import { createSimulator, type FaultConfig, type Simulator } from './index';
import type { Task, TaskListResponse } from '../../nodes/TwelveLabs/api/types';

const KEY = 'sim-key';
const VIDEO = 'https://videos.example.com/clips/harbor.mp4';
const START = Date.UTC(2026, 0, 5, 9, 0, 0); // aligned on a minute: no rate window rolls over mid-test
/** Sim ms per real ms: the clock is all but frozen, so only advance() (or a test raising the speed) moves it. */
const FROZEN = 1e-6;

interface ErrorBody {
	code?: string;
	message?: string;
	docs_url?: string;
	error?: { code: string; message: string };
}
interface CreateResponse {
	task_id: string;
	status: string;
}
interface HttpResult<T> {
	status: number;
	headers: Headers;
	text: string;
	body: T;
}
type Json = Record<string, unknown>;

let sim: Simulator;
let base: string;
let root: string;

beforeAll(async () => {
	sim = createSimulator({ seed: 11, startAt: START, speed: FROZEN });
	({ url: base } = await sim.start());
	root = base.replace(/\/v1\.3$/, '');
});

afterAll(async () => {
	await sim.stop();
});

beforeEach(() => {
	sim.reset({ startAt: START });
});

async function call<T = ErrorBody>(
	method: string,
	path: string,
	options: { body?: unknown; rawBody?: string; key?: string | null; headers?: Record<string, string>; url?: string } = {},
): Promise<HttpResult<T>> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.key !== null) headers['x-api-key'] = options.key ?? KEY;
	let payload: string | undefined = options.rawBody;
	if (options.body !== undefined) {
		payload = JSON.stringify(options.body);
		headers['content-type'] = 'application/json';
	}
	const response = await fetch(`${options.url ?? base}${path}`, { method, headers, body: payload });
	const text = await response.text();
	let body: unknown = undefined;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		body = undefined;
	}
	return { status: response.status, headers: response.headers, text, body: body as T };
}

const create = (body: Json, headers?: Record<string, string>) =>
	call<CreateResponse & ErrorBody>('POST', '/analyze/tasks', { body, headers });
const retrieve = (id: string) => call<Task & ErrorBody>('GET', `/analyze/tasks/${id}`);
const list = (query = '') => call<TaskListResponse & ErrorBody>('GET', `/analyze/tasks${query}`);

function general(extra: Json = {}, url = VIDEO): Json {
	return { video: { type: 'url', url }, prompt: 'Summarize the video in a few sentences', ...extra };
}

function segmentation(definitions: unknown[], extra: Json = {}, url = VIDEO): Json {
	return {
		video: { type: 'url', url },
		model_name: 'pegasus1.5',
		analysis_mode: 'time_based_metadata',
		response_format: { type: 'segment_definitions', segment_definitions: definitions },
		...extra,
	};
}

const scene = (fields: unknown[] = [{ name: 'label', type: 'string', description: 'What happens' }], extra: Json = {}) => ({
	id: 'scene',
	description: 'Each distinct scene',
	fields,
	...extra,
});

async function createReady(body: Json): Promise<Task> {
	const created = await create(body);
	expect(created.status).toBe(202);
	sim.completeTask(created.body.task_id, 'ready');
	return (await retrieve(created.body.task_id)).body;
}

// ---------------------------------------------------------------------------------------
// A tiny checker for the json_schema subset the API supports.

type Schema = Record<string, unknown>;
const TIMESTAMP_PATTERNS: Record<string, RegExp> = { 'hh:mm:ss': /^\d\d:\d\d:\d\d$/, 'hh:mm:ss.fff': /^\d\d:\d\d:\d\d\.\d{3}$/ };
const FORMAT_PATTERNS: Record<string, RegExp> = {
	'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
	date: /^\d{4}-\d\d-\d\d$/,
	time: /^\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
	uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function hasType(value: unknown, type: string, schema: Schema): boolean {
	switch (type) {
		case 'object': return isPlainObject(value);
		case 'array': return Array.isArray(value);
		case 'string': return typeof value === 'string';
		case 'number': return typeof value === 'number';
		case 'integer': return Number.isInteger(value);
		case 'boolean': return typeof value === 'boolean';
		case 'null': return value === null;
		case 'timestamp':
			return schema.format === 'seconds' ? typeof value === 'number' : typeof value === 'string' && TIMESTAMP_PATTERNS[String(schema.format)].test(value);
		default: return false;
	}
}

function schemaViolations(value: unknown, schema: Schema, rootSchema: Schema, path = '$'): string[] {
	if (typeof schema.$ref === 'string') {
		const defs = rootSchema.$defs as Record<string, Schema>;
		return schemaViolations(value, defs[schema.$ref.replace('#/$defs/', '')], rootSchema, path);
	}
	if ('const' in schema) return JSON.stringify(value) === JSON.stringify(schema.const) ? [] : [`${path}: not the const`];
	if (Array.isArray(schema.enum)) return schema.enum.includes(value) ? [] : [`${path}: ${JSON.stringify(value)} not in enum`];
	if (Array.isArray(schema.anyOf)) {
		const ok = (schema.anyOf as Schema[]).some((branch) => schemaViolations(value, branch, rootSchema, path).length === 0);
		return ok ? [] : [`${path}: matches no anyOf branch`];
	}
	const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type as string | string[]);
	if (types.length > 0 && !types.some((t) => hasType(value, t, schema))) return [`${path}: ${JSON.stringify(value)} is not ${types.join('|')}`];
	const errors: string[] = [];
	if (isPlainObject(value)) {
		for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in value)) errors.push(`${path}.${key}: missing`);
		for (const [key, child] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
			if (key in value) errors.push(...schemaViolations(value[key], child, rootSchema, `${path}.${key}`));
		}
	}
	if (Array.isArray(value)) {
		if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: fewer than minItems`);
		if (isPlainObject(schema.items)) value.forEach((item, i) => errors.push(...schemaViolations(item, schema.items as Schema, rootSchema, `${path}[${i}]`)));
	}
	if (typeof value === 'number') {
		if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: below minimum`);
		if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: above maximum`);
		if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${path}: not above exclusiveMinimum`);
		if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) errors.push(`${path}: not below exclusiveMaximum`);
	}
	if (typeof value === 'string' && types.includes('string')) {
		const format = FORMAT_PATTERNS[String(schema.format)];
		if (format && !format.test(value)) errors.push(`${path}: not a ${String(schema.format)}`);
		if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
	}
	return errors;
}

// ---------------------------------------------------------------------------------------

describe('auth and common headers', () => {
	it('answers 401 api_key_invalid in the flat shape by default, and never logs the key', async () => {
		const missing = await call('GET', '/analyze/tasks', { key: null });
		expect(missing.status).toBe(401);
		expect(missing.body).toEqual({ code: 'api_key_invalid', message: expect.stringContaining('API Key'), docs_url: expect.any(String) });
		expect(missing.headers.get('x-api-version')).toBe('1.3');
		const wrong = await call('GET', '/analyze/tasks', { key: 'not-the-key-123' });
		expect(wrong.status).toBe(401);
		expect(JSON.stringify(sim.requests())).not.toContain('not-the-key-123');
		expect(sim.requests().map((entry) => entry.authValid)).toEqual([false, false]);
	});

	it('answers 401 in the nested shape, and alternates in mixed mode', async () => {
		sim.configure({ errorShape: 'nested' });
		const nested = await call('GET', '/analyze/tasks', { key: 'wrong' });
		expect(nested.status).toBe(401);
		expect(nested.body).toEqual({ error: { code: 'api_key_invalid', message: expect.any(String) } });
		sim.configure({ errorShape: 'mixed' });
		const first = await call('GET', '/analyze/tasks', { key: 'wrong' });
		const second = await call('GET', '/analyze/tasks', { key: 'wrong' });
		expect(first.body.code).toBe('api_key_invalid');
		expect(second.body.error?.code).toBe('api_key_invalid');
	});

	it('accepts paths without the /v1.3 prefix and answers 404 on unknown endpoints', async () => {
		const plain = await call<TaskListResponse>('GET', '/analyze/tasks', { url: root });
		expect(plain.status).toBe(200);
		expect(plain.headers.get('x-api-version')).toBe('1.3');
		const unknown = await call('GET', '/analyze/nothing');
		expect(unknown.status).toBe(404);
		const wrongMethod = await call('PUT', '/analyze/tasks');
		expect(wrongMethod.status).toBe(405);
	});
});

describe('create validation (contract §4)', () => {
	const big = 'A'.repeat(40 * 1024 * 1024 + 8); // 30 MB + a bit once decoded
	const image = (extra: Json = {}) => ({ name: 'ref', media_type: 'image', url: 'https://images.example.com/ref.png', ...extra });
	const field = (extra: Json) => ({ name: 'f', description: 'a field', type: 'string', ...extra });
	type Case = [title: string, body: Json, status: number, code: string, param: string];
	const cases: Case[] = [
		['unknown top-level field', general({ colour: 'red' }), 400, 'parameter_unknown', 'colour'],
		['unknown nested field', { video: { type: 'url', url: VIDEO, size: 1 }, prompt: 'x' }, 400, 'parameter_unknown', 'video.size'],
		['missing video', { prompt: 'x' }, 400, 'parameter_not_provided', 'video'],
		['two video sources', { video: { type: 'url', url: VIDEO, asset_id: 'a'.repeat(24) }, prompt: 'x' }, 400, 'parameter_invalid', 'video'],
		['source not matching type', { video: { type: 'asset_id', url: VIDEO }, prompt: 'x' }, 400, 'parameter_invalid', 'video'],
		['non-http video url', general({}, 'ftp://videos.example.com/a.mp4'), 400, 'parameter_invalid', 'video.url'],
		['base64 over 30 MB', { video: { type: 'base64_string', base64_string: big }, prompt: 'x' }, 400, 'parameter_invalid', 'video.base64_string'],
		['unknown model', general({ model_name: 'pegasus9' }), 400, 'parameter_invalid', 'model_name'],
		['unknown analysis mode', general({ analysis_mode: 'fast' }), 400, 'parameter_invalid', 'analysis_mode'],
		['prompt and prompt_v2', general({ prompt_v2: { input_text: 'x' } }), 400, 'parameter_invalid', 'prompt'],
		['no prompt in general mode', { video: { type: 'url', url: VIDEO } }, 400, 'parameter_not_provided', 'prompt'],
		['prompt_v2 on pegasus1.2', { video: { type: 'url', url: VIDEO }, model_name: 'pegasus1.2', prompt_v2: { input_text: 'x' } }, 400, 'parameter_invalid', 'prompt_v2'],
		['five media sources', { video: { type: 'url', url: VIDEO }, prompt_v2: { input_text: 'x', media_sources: [1, 2, 3, 4, 5].map((i) => image({ name: `r${i}` })) } }, 400, 'parameter_invalid', 'prompt_v2.media_sources'],
		['media type not image', { video: { type: 'url', url: VIDEO }, prompt_v2: { input_text: 'x', media_sources: [image({ media_type: 'video' })] } }, 400, 'parameter_invalid', 'prompt_v2.media_sources[0].media_type'],
		['media source with two sources', { video: { type: 'url', url: VIDEO }, prompt_v2: { input_text: 'x', media_sources: [image({ asset_id: 'b'.repeat(24) })] } }, 400, 'parameter_invalid', 'prompt_v2.media_sources[0]'],
		['media source without name', { video: { type: 'url', url: VIDEO }, prompt_v2: { input_text: 'x', media_sources: [image({ name: undefined })] } }, 400, 'parameter_not_provided', 'prompt_v2.media_sources[0].name'],
		['temperature above 1', general({ temperature: 1.5 }), 400, 'parameter_invalid', 'temperature'],
		['max_tokens too small for 1.5 general', general({ max_tokens: 100 }), 400, 'parameter_invalid', 'max_tokens'],
		['max_tokens too large for 1.2', general({ model_name: 'pegasus1.2', max_tokens: 5000 }), 400, 'parameter_invalid', 'max_tokens'],
		['max_tokens too small for segmentation', segmentation([scene()], { max_tokens: 1000 }), 400, 'parameter_invalid', 'max_tokens'],
		['max_tokens not an integer', general({ max_tokens: 1000.5 }), 400, 'parameter_invalid', 'max_tokens'],
		['unknown response_format type', general({ response_format: { type: 'xml' } }), 400, 'parameter_invalid', 'response_format.type'],
		['json_schema type without schema', general({ response_format: { type: 'json_schema' } }), 400, 'parameter_not_provided', 'response_format.json_schema'],
		['segment_definitions in general mode', general({ response_format: { type: 'segment_definitions', segment_definitions: [scene()] } }), 400, 'parameter_invalid', 'response_format.type'],
		['segmentation on pegasus1.2', segmentation([scene()], { model_name: 'pegasus1.2' }), 400, 'parameter_invalid', 'analysis_mode'],
		['segmentation without response_format', { video: { type: 'url', url: VIDEO }, analysis_mode: 'time_based_metadata' }, 400, 'parameter_not_provided', 'response_format'],
		['segmentation with a prompt', segmentation([scene()], { prompt: 'x' }), 400, 'parameter_invalid', 'prompt'],
		['no segment definitions', segmentation([]), 400, 'parameter_invalid', 'response_format.segment_definitions'],
		['21 segment definitions', segmentation(Array.from({ length: 21 }, (_, i) => scene(undefined, { id: `d${i}` }))), 400, 'parameter_invalid', 'response_format.segment_definitions'],
		['duplicate definition ids', segmentation([scene(), scene()]), 400, 'parameter_invalid', 'response_format.segment_definitions[1].id'],
		['definition without description', segmentation([{ id: 'x' }]), 400, 'parameter_not_provided', 'response_format.segment_definitions[0].description'],
		['bad segment_time_format', { ...segmentation([scene()]), response_format: { type: 'segment_definitions', segment_definitions: [scene()], segment_time_format: 'ms' } }, 400, 'parameter_invalid', 'response_format.segment_time_format'],
		['unknown field type', segmentation([scene([field({ type: 'date' })])]), 400, 'parameter_invalid', 'response_format.segment_definitions[0].fields[0].type'],
		['format on a string field', segmentation([scene([field({ format: 'seconds' })])]), 400, 'parameter_invalid', 'response_format.segment_definitions[0].fields[0].format'],
		['timestamp without format', segmentation([scene([field({ type: 'timestamp' })])]), 400, 'parameter_not_provided', 'response_format.segment_definitions[0].fields[0].format'],
		['enum with timestamp', segmentation([scene([field({ type: 'timestamp', format: 'seconds', enum: ['1'] })])]), 400, 'parameter_invalid', 'response_format.segment_definitions[0].fields[0].enum'],
		['enum over 100 values', segmentation([scene([field({ enum: Array.from({ length: 101 }, (_, i) => `v${i}`) })])]), 400, 'parameter_invalid', 'response_format.segment_definitions[0].fields[0].enum'],
		['array without items', segmentation([scene([field({ type: 'array' })])]), 400, 'parameter_not_provided', 'response_format.segment_definitions[0].fields[0].items'],
		['items on a timestamp field', segmentation([scene([field({ type: 'timestamp', format: 'seconds', items: { type: 'string' } })])]), 400, 'parameter_invalid', 'response_format.segment_definitions[0].fields[0].items'],
		['reserved name for a timestamp field', segmentation([scene([field({ name: 'metadata', type: 'timestamp', format: 'seconds' })])]), 400, 'parameter_invalid', 'response_format.segment_definitions[0].fields[0].name'],
		['model the SDKs do not list', general({ model_name: 'pegasus1.6' }), 400, 'parameter_invalid', 'model_name'],
		['reference image over http', { video: { type: 'url', url: VIDEO }, prompt_v2: { input_text: 'Is <@t> there?', media_sources: [image({ name: 't', url: 'http://img.example.com/t.png' })] } }, 400, 'parameter_invalid', 'prompt_v2.media_sources[0].url'],
		['field without description', segmentation([scene([{ name: 'f', type: 'string' }])]), 400, 'parameter_not_provided', 'response_format.segment_definitions[0].fields[0].description'],
		['overlapping time ranges', segmentation([scene(undefined, { time_ranges: [{ start_time: 0, end_time: 10 }, { start_time: 5, end_time: 15 }] })]), 400, 'parameter_invalid', 'response_format.segment_definitions[0].time_ranges'],
		['time range under 2 s', segmentation([scene(undefined, { time_ranges: [{ start_time: 0, end_time: 1.5 }] })]), 400, 'parameter_invalid', 'response_format.segment_definitions[0].time_ranges[0]'],
		['time ranges with min_segment_duration', segmentation([scene(undefined, { time_ranges: [{ start_time: 0, end_time: 10 }] })], { min_segment_duration: 3 }), 400, 'parameter_invalid', 'response_format.segment_definitions[0].time_ranges'],
		['time ranges with start_time', segmentation([scene(undefined, { time_ranges: [{ start_time: 0, end_time: 10 }] })], { start_time: 0 }), 400, 'parameter_invalid', 'response_format.segment_definitions[0].time_ranges'],
		['min_segment_duration under 2', segmentation([scene()], { min_segment_duration: 1 }), 400, 'parameter_invalid', 'min_segment_duration'],
		['max below min segment duration', segmentation([scene()], { min_segment_duration: 10, max_segment_duration: 5 }), 400, 'parameter_invalid', 'max_segment_duration'],
		['segment duration in general mode', general({ min_segment_duration: 5 }), 400, 'parameter_invalid', 'min_segment_duration'],
		['start_time not before end_time', general({ start_time: 20, end_time: 10 }), 400, 'parameter_invalid', 'end_time'],
		['window under 4 s', general({ start_time: 10, end_time: 13 }), 400, 'parameter_invalid', 'end_time'],
		['start_time on pegasus1.2', general({ model_name: 'pegasus1.2', start_time: 0, end_time: 10 }), 400, 'parameter_invalid', 'start_time'],
		['empty custom_id', general({ custom_id: '' }), 400, 'parameter_invalid', 'custom_id'],
		['custom_id with spaces', general({ custom_id: 'bad id!' }), 400, 'parameter_invalid', 'custom_id'],
		['custom_id of 65 chars', general({ custom_id: 'x'.repeat(65) }), 400, 'parameter_invalid', 'custom_id'],
		['timestamp in json_schema below the allowed depth', general({ response_format: { type: 'json_schema', json_schema: { type: 'object', properties: { a: { type: 'object', properties: { t: { type: 'timestamp', format: 'seconds' } } } } } } }), 400, 'parameter_invalid', 'response_format.json_schema.properties.a.properties.t'],
		['minItems above 1', general({ response_format: { type: 'json_schema', json_schema: { type: 'array', items: { type: 'string' }, minItems: 2 } } }), 400, 'parameter_invalid', 'response_format.json_schema.minItems'],
		['$ref outside $defs', general({ response_format: { type: 'json_schema', json_schema: { $ref: 'https://example.com/schema.json' } } }), 400, 'parameter_invalid', 'response_format.json_schema.$ref'],
		['reserved start_time as boolean', general({ response_format: { type: 'json_schema', json_schema: { type: 'object', properties: { start_time: { type: 'boolean' } } } } }), 400, 'parameter_invalid', 'response_format.json_schema.properties.start_time'],
		['unknown asset id', { video: { type: 'asset_id', asset_id: 'no-such-asset' }, prompt: 'x' }, 400, 'parameter_invalid', 'video.asset_id'],
	];

	it.each(cases.map(([title, body, status, code, param]) => [title, status, code, param, body] as const))('%s → %i %s naming %s', async (_title, status, code, param, body) => {
		const response = await create(body);
		expect(response.status).toBe(status);
		expect(response.body.code).toBe(code);
		expect(response.body.message).toContain(`'${param}'`);
		expect(sim.stats().tasks).toBe(0);
	});

	it('logs request bodies, with huge base64 strings replaced', async () => {
		await create({ video: { type: 'base64_string', base64_string: big }, prompt: 'x' });
		await list();
		const [post, get] = sim.requests();
		expect(post.body).toEqual({ video: { type: 'base64_string', base64_string: `[${big.length} characters omitted]` }, prompt: 'x' });
		expect(get.body).toBeNull();
	});

	it('gives the documented message for a timestamp without format in json_schema', async () => {
		const response = await create(general({ response_format: { type: 'json_schema', json_schema: { type: 'object', properties: { at: { type: 'timestamp' } } } } }));
		expect(response.status).toBe(400);
		expect(response.body.message).toBe('response_format.json_schema.properties.at.format: format is required for timestamp type; allowed values: seconds, hh:mm:ss, hh:mm:ss.fff');
	});

	it.each([
		['minLength', { type: 'object', properties: { title: { type: 'string', minLength: 3 } } }],
		['maxLength', { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/$defs/x' } } }, $defs: { x: { type: 'string', maxLength: 9 } } }],
		['additionalProperties', { type: 'object', properties: {}, additionalProperties: false }],
		['uniqueItems', { type: 'array', items: { type: 'string' }, uniqueItems: true }],
		['maxItems', { type: 'object', properties: { tags: { anyOf: [{ type: 'array', items: { type: 'string' }, maxItems: 3 }, { type: 'null' }] } } }],
	])('answers 422 for the unsupported json_schema keyword %s, wherever it is', async (keyword, schema) => {
		const response = await create(general({ response_format: { type: 'json_schema', json_schema: schema } }));
		expect(response.status).toBe(422);
		expect(response.body.message).toContain(`'response_format.json_schema'`);
		expect(response.body.message).toContain(keyword);
	});

	it('accepts a property that is merely named like an unsupported keyword', async () => {
		const response = await create(general({ response_format: { type: 'json_schema', json_schema: { type: 'object', properties: { maxItems: { type: 'integer' } } } } }));
		expect(response.status).toBe(202);
	});

	it('refuses invalid JSON, unreachable videos and assets that are not ready', async () => {
		const invalidJson = await call('POST', '/analyze/tasks', { rawBody: '{"video":', headers: { 'content-type': 'application/json' } });
		expect(invalidJson.status).toBe(400);
		expect(invalidJson.body.code).toBe('parameter_invalid');
		const unreachable = await create(general({}, 'https://unreachable.invalid/video.mp4'));
		expect(unreachable.status).toBe(400);
		expect(unreachable.body.message).toContain('could not be downloaded');
		expect(unreachable.body.message).toContain("'video.url'");
		const notReady = await create({ video: { type: 'asset_id', asset_id: 'notready-7' }, prompt: 'x' });
		expect(notReady.status).toBe(400);
		expect(notReady.body.message).toContain('asset is not ready');
		sim.configure({ assets: { 'my-asset': 'processing', 'other-asset': 'ready' } });
		expect((await create({ video: { type: 'asset_id', asset_id: 'my-asset' }, prompt: 'x' })).status).toBe(400);
		expect((await create({ video: { type: 'asset_id', asset_id: 'other-asset' }, prompt: 'x' })).status).toBe(202);
		expect((await create({ video: { type: 'asset_id', asset_id: '0123456789abcdef01234567' }, prompt: 'x' })).status).toBe(202);
		expect(sim.stats().tasks).toBe(2);
	});

	it('accepts every documented variant and answers 202 {task_id, status}', async () => {
		const bodies: Json[] = [
			general({ custom_id: 'order_42-a', temperature: 0, max_tokens: 512 }),
			general({ model_name: 'pegasus1.2', max_tokens: 2 }),
			segmentation([scene([field({ name: 'start_time' }), field({ name: 'metadata', type: 'array', items: { type: 'string' } }), field({ name: 'tags', items: { type: 'string' } })])]),
			{ video: { type: 'base64_string', base64_string: btoa('tiny video') }, prompt: 'x' },
			{ video: { type: 'url', url: VIDEO }, prompt_v2: { input_text: 'Is <@tiger> there?', media_sources: [image({ name: 'tiger' })] } },
			general({ start_time: 10, end_time: 60, custom_id: null, temperature: null }),
			segmentation([scene([field({ type: 'timestamp', format: 'hh:mm:ss' })], { time_ranges: [{ start_time: 0, end_time: 4 }, { start_time: 4, end_time: 14 }] })]),
			segmentation([scene()], { min_segment_duration: 2, max_segment_duration: 2, start_time: 0, end_time: 30 }),
		];
		for (const body of bodies) {
			const response = await create(body);
			expect(response.status).toBe(202);
			expect(response.body).toEqual({ task_id: expect.stringMatching(/^[0-9a-f]{24}$/), status: 'queued' });
		}
	});
});

describe('list', () => {
	it('pages newest first across 3+ pages with page_info', async () => {
		const ids = sim.seedTasks(25, { spacingMs: 1000 });
		const seen: string[] = [];
		for (let page = 1; page <= 3; page++) {
			const response = await list(`?page=${page}&page_limit=10`);
			expect(response.status).toBe(200);
			expect(response.body.page_info).toEqual({ limit_per_page: 10, page, total_page: 3, total_results: 25 });
			seen.push(...response.body.data.map((task) => task.task_id));
		}
		expect(seen).toEqual([...ids].reverse());
		const times = seen.map((id) => sim.getTaskDirect(id)?.createdAt ?? 0);
		expect(times).toEqual([...times].sort((a, b) => b - a));
		const beyond = await list('?page=4&page_limit=10');
		expect(beyond.body.data).toEqual([]);
		const defaults = await list();
		expect(defaults.body.page_info).toEqual({ limit_per_page: 10, page: 1, total_page: 3, total_results: 25 });
	});

	it.each([
		['?page_limit=51', 'page_limit'],
		['?page_limit=0', 'page_limit'],
		['?page=0', 'page'],
		['?page=two', 'page'],
		['?status=done', 'status'],
		['?analysis_mode=fast', 'analysis_mode'],
	])('rejects %s with 400 naming %s', async (query, param) => {
		const response = await list(query);
		expect(response.status).toBe(400);
		expect(response.body.code).toBe('parameter_invalid');
		expect(response.body.message).toContain(`'${param}'`);
	});

	it('filters by status, video_url (exact), asset_id and analysis_mode', async () => {
		const a = (await create(general({}, `${VIDEO}?sim_duration=1000`))).body.task_id;
		const b = (await create({ video: { type: 'asset_id', asset_id: 'c'.repeat(24) }, prompt: 'x' })).body.task_id;
		const c = (await create(segmentation([scene()]))).body.task_id;
		sim.advance(1000);
		const ids = async (query: string) => (await list(query)).body.data.map((task) => task.task_id);
		expect(await ids('?status=ready')).toEqual([a]);
		expect(await ids(`?video_url=${encodeURIComponent(`${VIDEO}?sim_duration=1000`)}`)).toEqual([a]);
		expect(await ids(`?video_url=${encodeURIComponent(VIDEO)}`)).toEqual([c]);
		expect(await ids(`?asset_id=${'c'.repeat(24)}`)).toEqual([b]);
		expect(await ids('?analysis_mode=time_based_metadata')).toEqual([c]);
		expect(await ids('?analysis_mode=general&page_limit=50')).toEqual([b, a]);
	});

	it('breaks creation-time ties by creation sequence, newest first', async () => {
		const at = sim.now() - 5000;
		const first = sim.createTaskDirect(general(), { createdAt: at }).taskId;
		const second = sim.createTaskDirect(general(), { createdAt: at }).taskId;
		const third = sim.createTaskDirect(general(), { createdAt: at - 1 }).taskId;
		expect((await list()).body.data.map((task) => task.task_id)).toEqual([second, first, third]);
	});

	it('abbreviates list items but retrieve returns everything', async () => {
		const longPrompt = 'Describe every scene of this video in great detail, with timestamps';
		const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };
		const definitions = [scene(), scene(undefined, { id: 'people', description: 'People on screen' })];
		const jsonTask = (await create(general({ prompt: longPrompt, response_format: { type: 'json_schema', json_schema: schema } }))).body.task_id;
		const v2Task = (await create({ video: { type: 'url', url: VIDEO }, prompt_v2: { input_text: longPrompt } })).body.task_id;
		const segTask = (await create(segmentation(definitions))).body.task_id;
		sim.completeTask(jsonTask, 'ready');
		const items = new Map((await list()).body.data.map((task) => [task.task_id, task]));
		const jsonItem = items.get(jsonTask)?.request_params as Json & { response_format: Json };
		expect(jsonItem.prompt).toBe(longPrompt.slice(0, 30));
		expect(jsonItem.response_format).toEqual({ type: 'json_schema' });
		expect(items.get(jsonTask)?.result?.data).toEqual(expect.any(String));
		expect((items.get(v2Task)?.request_params as { prompt_v2: Json }).prompt_v2.input_text).toBe(longPrompt.slice(0, 30));
		const segItem = items.get(segTask)?.request_params as { response_format: { segment_definitions: unknown[] } };
		expect(segItem.response_format.segment_definitions).toEqual([definitions[0]]);

		const full = (await retrieve(jsonTask)).body.request_params as Json & { response_format: Json };
		expect(full.prompt).toBe(longPrompt);
		expect(full.response_format.json_schema).toEqual(schema);
		expect(full).toMatchObject({ analysis_mode: 'general', temperature: 0.2, max_tokens: 4096 });
		const fullSeg = (await retrieve(segTask)).body.request_params as { response_format: { segment_definitions: unknown[] }; max_tokens: number };
		expect(fullSeg.response_format.segment_definitions).toEqual(definitions);
		expect(fullSeg.max_tokens).toBe(32768);
	});

	it('serves 10,000 seeded tasks quickly', async () => {
		sim.seedTasks(10_000, { status: ['ready', 'failed', 'ready', 'canceled'], spacingMs: 5000 });
		const started = Date.now();
		const first = await list('?page_limit=50');
		const middle = await list('?page=100&page_limit=50');
		const failed = await list('?status=failed&page=20&page_limit=50');
		expect(Date.now() - started).toBeLessThan(3000);
		expect(first.body.page_info).toEqual({ limit_per_page: 50, page: 1, total_page: 200, total_results: 10_000 });
		expect(middle.body.data).toHaveLength(50);
		expect(failed.body.page_info?.total_results).toBe(2500);
		expect(failed.body.data.every((task) => task.status === 'failed' && task.error?.message)).toBe(true);
	});
});

describe('lifecycle on the sim clock', () => {
	it('moves queued → pending → processing → ready at the configured fractions', async () => {
		const created = await create(general({}, `${VIDEO}?sim_duration=10000`));
		const id = created.body.task_id;
		const status = async () => (await retrieve(id)).body;
		const queued = await status();
		expect(queued).toMatchObject({ status: 'queued', custom_id: null });
		expect(queued.completed_at).toBeUndefined();
		expect(queued.result).toBeUndefined();
		expect(queued.video_source).toEqual({ type: 'url', url: `${VIDEO}?sim_duration=10000` });
		sim.advance(1000);
		expect((await status()).status).toBe('pending');
		sim.advance(1000);
		const processing = await status();
		expect(processing.status).toBe('processing');
		expect(processing.video_source?.system_metadata?.duration).toEqual(expect.any(Number));
		sim.advance(7990);
		expect((await status()).status).toBe('processing');
		sim.advance(10);
		const ready = await status();
		expect(ready.status).toBe('ready');
		expect(Date.parse(ready.completed_at ?? '') - Date.parse(ready.created_at)).toBe(10000);
		expect(ready.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(ready.result).toEqual({
			generation_id: expect.any(String),
			data: expect.any(String),
			finish_reason: 'stop',
			usage: { output_tokens: expect.any(Number), input_tokens: expect.any(Number) },
		});
		expect(ready.error).toBeUndefined();
	});

	it('honours sim_delay_queued and a sped-up clock', async () => {
		const delayed = (await create(general({}, `${VIDEO}?sim_duration=1000&sim_delay_queued=5000`))).body.task_id;
		sim.advance(5099);
		expect((await retrieve(delayed)).body.status).toBe('queued');
		sim.advance(1000);
		expect((await retrieve(delayed)).body.status).toBe('ready');
		const fast = (await create(general({}, `${VIDEO}?sim_duration=20000`))).body.task_id;
		sim.setSpeed(2000);
		await sleep(30);
		expect((await retrieve(fast)).body.status).toBe('ready');
	});

	it('completes out of order: a later, shorter task finishes first', async () => {
		const slow = (await create(general({}, `${VIDEO}?sim_duration=30000`))).body.task_id;
		sim.advance(10);
		const quick = (await create(general({}, `${VIDEO}?sim_duration=5000`))).body.task_id;
		sim.advance(5000);
		const page = (await list()).body.data;
		expect(page.map((task) => [task.task_id, task.status])).toEqual([[quick, 'ready'], [slow, 'pending']]);
		sim.advance(25000);
		expect((await retrieve(slow)).body.status).toBe('ready');
	});

	it('fails tasks by sim_outcome, failureRate, setTaskOutcome and completeTask', async () => {
		const scripted = (await create(general({}, `${VIDEO}?sim_outcome=failed&sim_duration=100`))).body.task_id;
		sim.advance(100);
		const failed = (await retrieve(scripted)).body;
		expect(failed).toMatchObject({ status: 'failed', error: { message: expect.any(String) } });
		expect(failed.result).toBeUndefined();
		expect(failed.completed_at).toEqual(expect.any(String));

		sim.configure({ failureRate: 1 });
		const unlucky = (await create(general())).body.task_id;
		sim.advance(60_000);
		expect((await retrieve(unlucky)).body.status).toBe('failed');
		sim.configure({ failureRate: 0 });

		const replanned = (await create(general())).body.task_id;
		const snapshot = sim.setTaskOutcome(replanned, { durationMs: 50, outcome: 'failed', failMessage: 'Video duration exceeds maximum allowed duration' });
		expect(snapshot.plannedCompletionAt).toBe(snapshot.createdAt + 50);
		sim.advance(50);
		expect((await retrieve(replanned)).body.error?.message).toBe('Video duration exceeds maximum allowed duration');

		const forced = (await create(general())).body.task_id;
		sim.completeTask(forced, 'ready');
		expect((await retrieve(forced)).body.status).toBe('ready');
		expect((await retrieve(forced)).body.webhooks).toBeUndefined();
		sim.configure({ webhooks: ['https://hooks.example.com/tl'] });
		expect((await retrieve(forced)).body.webhooks).toEqual([{ url: 'https://hooks.example.com/tl', delivered: true, attempts: 1 }]);
	});

	it('fails a task whose video is shorter than the requested window', async () => {
		const id = (await create(general({ start_time: 10, end_time: 60 }, `${VIDEO}?sim_video_seconds=30&sim_duration=10`))).body.task_id;
		sim.advance(10);
		const task = (await retrieve(id)).body;
		expect(task.status).toBe('failed');
		expect(task.error?.message).toContain('after the end of the video');
	});
});

describe('results follow the request', () => {
	it('writes text that mentions the prompt, deterministic per seed and task id', async () => {
		const options = { seed: 5, startAt: START, speed: 1e-9 };
		const one = createSimulator(options);
		const two = createSimulator(options);
		const other = createSimulator({ ...options, seed: 6 });
		const body = general({ prompt: 'What is the dog doing?' }, `${VIDEO}?sim_duration=1`);
		const run = (s: Simulator) => {
			const id = s.createTaskDirect(body).taskId;
			s.advance(1);
			return s.getTaskDirect(id)?.json as unknown as Task;
		};
		const [a, b, c] = [run(one), run(two), run(other)];
		expect(a.task_id).toBe(b.task_id);
		expect(a.result?.data).toBe(b.result?.data);
		expect(c.result?.data).not.toBe(a.result?.data);
		expect(a.result?.data).toContain('What is the dog doing?');
		expect(a.result?.data).toMatch(/^Summary of "harbor.mp4"/);
	});

	it('produces JSON satisfying the json_schema', async () => {
		const schema = {
			type: 'object',
			properties: {
				title: { type: 'string' },
				id: { type: 'string', format: 'uuid' },
				published: { type: 'string', format: 'date' },
				recorded_at: { type: 'string', format: 'date-time' },
				starts: { type: 'string', format: 'time' },
				code: { type: 'string', pattern: '^[A-Z]{3}-\\d{2,4}$' },
				rating: { type: 'integer', minimum: 1, maximum: 5 },
				score: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
				safe: { type: 'boolean' },
				nothing: { type: 'null' },
				kind: { enum: ['ad', 'tutorial', 'vlog'] },
				version: { const: 2 },
				maybe: { type: ['string', 'null'] },
				highlight: { type: 'timestamp', format: 'hh:mm:ss.fff' },
				start_time: { type: 'number' },
				end_time: { type: 'string' },
				chapters: {
					type: 'array',
					minItems: 1,
					items: {
						type: 'object',
						properties: { at: { type: 'timestamp', format: 'seconds' }, topic: { $ref: '#/$defs/topic' } },
						required: ['at', 'topic'],
					},
				},
				people: { anyOf: [{ type: 'array', items: { $ref: '#/$defs/person' } }, { type: 'null' }] },
			},
			required: ['title', 'id', 'code', 'rating', 'score', 'kind', 'version', 'chapters', 'highlight', 'start_time', 'end_time'],
			$defs: {
				topic: { type: 'string', enum: ['intro', 'body', 'outro'] },
				person: { type: 'object', properties: { name: { type: 'string' }, friends: { type: 'array', items: { $ref: '#/$defs/person' } } }, required: ['name'] },
			},
		};
		for (let i = 0; i < 8; i++) {
			const task = await createReady(general({ response_format: { type: 'json_schema', json_schema: schema } }));
			const value = JSON.parse(task.result?.data ?? '') as Json;
			expect(schemaViolations(value, schema, schema)).toEqual([]);
			expect(value.end_time).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
			expect(value.start_time as number).toBeLessThanOrEqual(task.video_source?.system_metadata?.duration ?? 0);
		}
	});

	it('produces segments whose metadata matches each field', async () => {
		const fields = [
			{ name: 'mood', type: 'string', description: 'tone', enum: ['calm', 'tense', 'happy'] },
			{ name: 'caption', type: 'string', description: 'free text' },
			{ name: 'people', type: 'boolean', description: 'people visible' },
			{ name: 'loudness', type: 'number', description: 'dB' },
			{ name: 'count', type: 'integer', description: 'objects' },
			{ name: 'labels', type: 'array', description: 'labels', items: { type: 'string' }, enum: ['car', 'tree'] },
			{ name: 'scores', type: 'array', description: 'scores', items: { type: 'number' } },
			{ name: 'at_s', type: 'timestamp', format: 'seconds', description: 't' },
			{ name: 'at_c', type: 'timestamp', format: 'hh:mm:ss', description: 't' },
			{ name: 'at_ms', type: 'timestamp', format: 'hh:mm:ss.fff', description: 't' },
		];
		const task = await createReady(segmentation([scene(fields), { id: 'people', description: 'People on screen' }], {
			min_segment_duration: 5, max_segment_duration: 20,
		}, `${VIDEO}?sim_video_seconds=240`));
		const data = JSON.parse(task.result?.data ?? '') as Record<string, Array<{ start_time: number; end_time: number; metadata: Json }>>;
		expect(Object.keys(data)).toEqual(['scene', 'people']);
		let previousEnd = 0;
		for (const segment of data.scene) {
			const { start_time: start, end_time: end, metadata } = segment;
			expect(start).toBeGreaterThanOrEqual(previousEnd);
			expect(end - start).toBeGreaterThanOrEqual(5 - 1e-9);
			expect(end - start).toBeLessThanOrEqual(20 + 1e-9);
			expect(end).toBeLessThanOrEqual(240);
			previousEnd = end;
			expect(Object.keys(metadata)).toEqual(fields.map((f) => f.name));
			expect(['calm', 'tense', 'happy']).toContain(metadata.mood);
			expect(typeof metadata.caption).toBe('string');
			expect(typeof metadata.people).toBe('boolean');
			expect(typeof metadata.loudness).toBe('number');
			expect(Number.isInteger(metadata.count)).toBe(true);
			expect((metadata.labels as string[]).every((l) => l === 'car' || l === 'tree')).toBe(true);
			expect((metadata.scores as unknown[]).every((s) => typeof s === 'number')).toBe(true);
			expect(metadata.at_s as number).toBeGreaterThanOrEqual(start);
			expect(metadata.at_s as number).toBeLessThanOrEqual(end);
			expect(metadata.at_c).toMatch(/^\d\d:\d\d:\d\d$/);
			expect(metadata.at_ms).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
		}
		expect(data.people.every((segment) => Object.keys(segment.metadata).length === 0)).toBe(true);
	});

	it('keeps segments inside time ranges and the start/end window, in the segment_time_format', async () => {
		const ranged = await createReady(segmentation([scene(undefined, { time_ranges: [{ start_time: 10, end_time: 20 }, { start_time: 40, end_time: 44 }] })]));
		const rangedData = JSON.parse(ranged.result?.data ?? '') as Record<string, Array<{ start_time: number; end_time: number }>>;
		for (const segment of rangedData.scene) {
			const inside = (segment.start_time >= 10 && segment.end_time <= 20) || (segment.start_time >= 40 && segment.end_time <= 44);
			expect(inside).toBe(true);
		}
		const toSeconds = (text: string) => text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
		for (const [format, pattern] of [['hh:mm:ss', /^\d\d:\d\d:\d\d$/], ['hh:mm:ss.fff', /^\d\d:\d\d:\d\d\.\d{3}$/]] as const) {
			const body = segmentation([scene()], { start_time: 30, end_time: 90 });
			(body.response_format as Json).segment_time_format = format;
			const windowed = await createReady(body);
			const data = JSON.parse(windowed.result?.data ?? '') as Record<string, Array<{ start_time: string; end_time: string }>>;
			for (const segment of data.scene) {
				expect(segment.start_time).toMatch(pattern);
				expect(toSeconds(segment.start_time)).toBeGreaterThanOrEqual(30);
				expect(toSeconds(segment.end_time)).toBeLessThanOrEqual(90);
			}
		}
	});

	it('truncates with finish_reason length and a warning when max_tokens is small', async () => {
		const text = await createReady(general({ max_tokens: 512 }));
		expect(text.result?.finish_reason).toBe('length');
		expect(text.result?.usage?.output_tokens).toBe(512);
		expect(text.error?.message).toMatch(/^output truncated: the generation reached the configured max_tokens\./);
		const untruncated = await createReady(general({ max_tokens: 2048 }));
		expect(untruncated.result?.finish_reason).toBe('stop');
		expect(untruncated.error).toBeUndefined();
		expect(untruncated.result?.data?.length).toBeGreaterThan(text.result?.data?.length ?? Infinity);

		const legacy = await createReady(general({ model_name: 'pegasus1.2', max_tokens: 32 }));
		expect(legacy.result?.finish_reason).toBe('length');
		expect((await createReady(general({ model_name: 'pegasus1.2' }))).result?.finish_reason).toBe('stop');

		const json = await createReady(general({ max_tokens: 512, response_format: { type: 'json_schema', json_schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } } }));
		expect(json.result?.finish_reason).toBe('length');
		expect(() => JSON.parse(json.result?.data ?? '')).toThrow();

		const segments = await createReady(segmentation([scene()], { max_tokens: 2048 }));
		expect(segments.result?.finish_reason).toBe('length');
		expect(() => JSON.parse(segments.result?.data ?? '')).toThrow();
		expect((await createReady(segmentation([scene()]))).result?.finish_reason).toBe('stop');
	});
});

describe('delete and cancel', () => {
	it('deletes final tasks (204, no body), 409 while in progress, 404 when unknown or gone', async () => {
		const id = (await create(general({}, `${VIDEO}?sim_duration=10000`))).body.task_id;
		sim.advance(5000);
		const conflict = await call('DELETE', `/analyze/tasks/${id}`);
		expect(conflict.status).toBe(409);
		expect(conflict.body.code).toBe('task_in_progress');
		expect(conflict.body.message).toContain('Cannot delete task while it is being processed');
		const queued = (await create(general())).body.task_id;
		expect((await call('DELETE', `/analyze/tasks/${queued}`)).status).toBe(409);
		sim.advance(5000);
		const deleted = await call('DELETE', `/analyze/tasks/${id}`);
		expect(deleted.status).toBe(204);
		expect(deleted.text).toBe('');
		expect(deleted.headers.get('x-api-version')).toBe('1.3');
		const gone = await retrieve(id);
		expect(gone.status).toBe(404);
		expect(gone.body.code).toBe('resource_not_exist');
		expect((await call('DELETE', `/analyze/tasks/${id}`)).status).toBe(404);
		expect((await list('?page_limit=50')).body.data.map((task) => task.task_id)).toEqual([queued]);
	});

	it('cancels a task in flight (200, canceled, final), 409 once final, 404 when unknown', async () => {
		const id = (await create(general({}, `${VIDEO}?sim_duration=10000`))).body.task_id;
		sim.advance(3000);
		const canceled = await call<Task>('POST', `/analyze/tasks/${id}/cancel`);
		expect(canceled.status).toBe(200);
		expect(canceled.body.status).toBe('canceled');
		expect(Date.parse(canceled.body.completed_at ?? '')).toBe(sim.now());
		sim.advance(60_000);
		expect((await retrieve(id)).body.status).toBe('canceled');
		expect((await call('POST', `/analyze/tasks/${id}/cancel`)).status).toBe(409);
		expect((await call('POST', '/analyze/tasks/ffffffffffffffffffffffff/cancel')).status).toBe(404);
		expect((await call('DELETE', `/analyze/tasks/${id}`)).status).toBe(204);
	});
});

describe('idempotency', () => {
	it('returns the same task for the same Idempotency-Key and creates nothing new', async () => {
		const headers = { 'Idempotency-Key': 'exec-1:node-1:item-0' };
		const first = await create(general(), headers);
		sim.advance(4000);
		const again = await create(general(), headers);
		expect(again.status).toBe(202);
		expect(again.body).toEqual(first.body);
		const other = await create(general(), { 'Idempotency-Key': 'exec-1:node-1:item-1' });
		expect(other.body.task_id).not.toBe(first.body.task_id);
		await create(general());
		expect(sim.tasksByIdempotencyKey()).toEqual(new Map([
			['exec-1:node-1:item-0', [first.body.task_id]],
			['exec-1:node-1:item-1', [other.body.task_id]],
		]));
		expect(sim.stats()).toMatchObject({ creates: 3, createsWithoutKey: 1, idempotentReplays: 1, duplicateCreates: 0, tasks: 3 });
		expect(sim.requests().map((entry) => entry.idempotencyKey)).toEqual(['exec-1:node-1:item-0', 'exec-1:node-1:item-0', 'exec-1:node-1:item-1', null]);
		expect(sim.requests()[0].body).toEqual(general());
	});

	it('makes a retry after a lost response safe', async () => {
		const headers = { 'Idempotency-Key': 'retry-me' };
		sim.failNext(1, { dropAfterProcess: true, method: 'POST' });
		await expect(create(general(), headers)).rejects.toThrow();
		expect(sim.stats().tasks).toBe(1);
		const retried = await create(general(), headers);
		expect(retried.status).toBe(202);
		expect(retried.body.task_id).toBe(sim.tasks()[0].taskId);
		expect(sim.stats().tasks).toBe(1);
		expect(sim.requests()[0]).toMatchObject({ dropped: true, status: 202, fault: 'dropAfterProcess' });
	});

	it('shows duplicates when keys are ignored (honorIdempotencyKey: false)', async () => {
		sim.configure({ honorIdempotencyKey: false });
		await create(general(), { 'Idempotency-Key': 'k' });
		await create(general(), { 'Idempotency-Key': 'k' });
		expect(sim.tasksByIdempotencyKey().get('k')).toHaveLength(2);
		expect(sim.stats().duplicateCreates).toBe(1);
	});
});

describe('rate limiting in sim time', () => {
	it('answers 429 with Retry-After and X-Ratelimit-* past the per-minute limit', async () => {
		sim.configure({ rateLimit: { perMinute: 3 }, speed: 1 });
		const remaining: Array<string | null> = [];
		for (let i = 0; i < 3; i++) {
			const response = await list();
			expect(response.status).toBe(200);
			remaining.push(response.headers.get('x-ratelimit-remaining'));
			expect(response.headers.get('x-ratelimit-limit')).toBe('3');
		}
		expect(remaining).toEqual(['2', '1', '0']);
		const limited = await list();
		expect(limited.status).toBe(429);
		expect(limited.body.code).toBe('too_many_requests');
		expect(limited.body.message).toMatch(/^You have exceeded the rate limit \(3 requests per minute\)\. Please try again later after .+\.$/);
		expect(Number(limited.headers.get('retry-after'))).toBe(60);
		expect(Number(limited.headers.get('x-sim-retry-after-ms'))).toBeGreaterThan(59_000);
		expect(limited.headers.get('x-ratelimit-used')).toBe('3');
		expect(Number(limited.headers.get('x-ratelimit-reset'))).toBe(START / 1000 + 60);
		expect((await call('GET', '/analyze/tasks', { key: 'bad' })).status).toBe(401);
		sim.advance(60_000);
		expect((await list()).status).toBe(200);
		expect(sim.counts().rateLimited).toBe(1);
	});

	it('converts Retry-After to real seconds when the clock is sped up', async () => {
		sim.configure({ rateLimit: { perMinute: 1 }, speed: 100 });
		await list();
		const limited = await list();
		expect(limited.status).toBe(429);
		// On a sped-up clock the real-time wait keeps its fraction (whole seconds at speed 1).
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(0.6);
		expect(Number(limited.headers.get('x-sim-retry-after-ms'))).toBeLessThanOrEqual(600);
	});

	it('says "per day" when the daily limit is exhausted', async () => {
		sim.configure({ rateLimit: { perMinute: 100, perDay: 2 }, speed: 1 });
		await list();
		await list();
		const limited = await list();
		expect(limited.status).toBe(429);
		expect(limited.body.message).toContain('(2 requests per day)');
		expect(Number(limited.headers.get('retry-after'))).toBe(15 * 3600); // START is 09:00 UTC: the day resets at midnight
		expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
	});
});

describe('fault injection', () => {
	it('injects each exact fault with failNext, honouring method and path filters', async () => {
		sim.failNext(1, { status: 503, method: 'POST' });
		expect((await list()).status).toBe(200);
		const unavailable = await create(general());
		expect(unavailable.status).toBe(503);
		expect(unavailable.body.code).toBe('service_unavailable');
		sim.failNext(1, { drop: true });
		await expect(list()).rejects.toThrow();
		sim.failNext(1, { html: true, pathPrefix: '/v1.3/analyze/tasks' });
		const html = await list();
		expect(html.status).toBe(502);
		expect(html.headers.get('content-type')).toBe('text/html');
		expect(html.text).toContain('<html>');
		sim.failNext(1, { malformed: true });
		const malformed = await list();
		expect(malformed.status).toBe(200);
		expect(() => JSON.parse(malformed.text)).toThrow();
		sim.failNext(1, { status: 429, retryAfterMs: 2500 });
		const burst = await list();
		expect(burst.status).toBe(429);
		expect(burst.headers.get('retry-after')).toBe('2.500');
		expect(burst.headers.get('x-sim-retry-after-ms')).toBe('2500');
		sim.failNext(1, { latencyMs: 150 });
		const started = Date.now();
		expect((await list()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(sim.stats().tasks).toBe(0);
		expect(sim.requests().map((entry) => entry.fault)).toEqual([null, 'error', 'drop', 'html', 'malformed', 'rate429', 'latency']);
		expect(sim.counts()).toMatchObject({ requests: 7, dropped: 1, rateLimited: 1, byStatus: { '200': 3, '503': 1, '502': 1, '429': 1, dropped: 1 } });
	});

	/** Runs 30 requests and describes what each one met. */
	async function faultSequence(config: FaultConfig): Promise<string[]> {
		sim.reset({ startAt: START });
		sim.setFaults(config);
		const outcomes: string[] = [];
		for (let i = 0; i < 30; i++) {
			try {
				const response = i % 3 === 0 ? await create(general()) : await list();
				outcomes.push(String(response.status));
			} catch {
				outcomes.push('dropped');
			}
		}
		return sim.requests().map((entry, i) => `${outcomes[i]}/${entry.fault ?? '-'}`);
	}

	it.each<[string, FaultConfig]>([
		['errorRate', { errorRate: 0.3 }],
		['dropRate', { dropRate: 0.3 }],
		['dropAfterProcessRate', { dropAfterProcessRate: 0.3 }],
		['latency', { latency: { rate: 0.3, ms: 5 } }],
		['htmlErrorRate', { htmlErrorRate: 0.3 }],
		['malformedRate', { malformedRate: 0.3 }],
		['burst429', { burst429: { every: 5, length: 2, retryAfterMs: 10 } }],
	])('replays %s exactly from its seed', async (_kind, config) => {
		const first = await faultSequence({ ...config, seed: 1234 });
		const again = await faultSequence({ ...config, seed: 1234 });
		const otherSeed = await faultSequence({ ...config, seed: 99 });
		expect(again).toEqual(first);
		const faulted = first.filter((outcome) => !outcome.endsWith('/-')).length;
		expect(faulted).toBeGreaterThan(0);
		expect(faulted).toBeLessThan(30);
		if (!config.burst429) expect(otherSeed).not.toEqual(first);
	});

	it('processes the request before dropping it with dropAfterProcess', async () => {
		sim.setFaults({ dropAfterProcessRate: 1 });
		await expect(create(general())).rejects.toThrow();
		expect(sim.stats().tasks).toBe(1);
		expect(sim.counts().dropped).toBe(1);
	});

	it('never faults control routes', async () => {
		sim.setFaults({ errorRate: 1 });
		const health = await fetch(`${root}/__sim/health`);
		expect(health.status).toBe(200);
		expect((await list()).status).toBeGreaterThanOrEqual(500);
	});
});

describe('control routes over HTTP', () => {
	const control = async <T = Json>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
		const response = await fetch(`${root}/__sim${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as T };
	};

	it('drives the simulator without the JS API', async () => {
		const health = await control('GET', '/health');
		expect(health.body).toMatchObject({ ok: true, url: base, speed: FROZEN, tasks: 0 });

		const config = await control<Json>('POST', '/config', { failureRate: 0, durations: { minMs: 1000, maxMs: 1000 }, errorShape: 'nested', rateLimit: { perMinute: 1000 } });
		expect(config.body).toMatchObject({ errorShape: 'nested', durations: { minMs: 1000, maxMs: 1000 } });
		expect((await call('GET', '/analyze/tasks/unknown')).body.error?.code).toBe('resource_not_exist');

		const id = (await create(general())).body.task_id;
		const before = sim.now();
		const advanced = await control<{ now: number }>('POST', '/advance', { ms: 500 });
		expect(advanced.body.now).toBeGreaterThanOrEqual(before + 500);
		expect((await retrieve(id)).body.status).toBe('processing');
		const completed = await control<Task>('POST', `/tasks/${id}/complete`, { status: 'failed' });
		expect(completed.body.status).toBe('failed');
		expect((await control<{ status: string }>('GET', `/tasks/${id}`)).body.status).toBe('failed');
		expect((await control('POST', '/tasks/nope/complete', { status: 'ready' })).status).toBe(404);

		const log = await control<Array<Json>>('GET', '/requests');
		expect(log.body.map((entry) => `${String(entry.method)} ${String(entry.route)} ${String(entry.status)}`)).toEqual([
			'GET /analyze/tasks/:id 404',
			'POST /analyze/tasks 202',
			'GET /analyze/tasks/:id 200',
		]);
		expect(JSON.stringify(log.body)).not.toContain(KEY);
		const counts = await control<{ requests: number; byRoute: Record<string, number> }>('GET', '/counts');
		expect(counts.body.requests).toBe(3);
		expect(counts.body.byRoute['GET /analyze/tasks/:id']).toBe(2);

		await control('POST', '/fail-next', { n: 1, spec: { status: 500 } });
		expect((await list()).status).toBe(500);
		const seeded = await control<{ taskIds: string[] }>('POST', '/seed', { n: 20, status: 'ready' });
		expect(seeded.body.taskIds).toHaveLength(20);
		expect((await list('?status=ready&page_limit=50')).body.page_info?.total_results).toBe(20);

		await control('POST', '/reset-log');
		expect(sim.requests()).toEqual([]);
		await control('POST', '/reset');
		expect(sim.stats().tasks).toBe(0);
		expect((await control('GET', '/nothing')).status).toBe(404);
		expect((await control('POST', '/config', { notAnOption: 1 })).status).toBe(400);
	});
});

describe('JS control surface', () => {
	it('seeds 10,000 history tasks in well under a second', () => {
		const started = Date.now();
		const ids = sim.seedTasks(10_000, { createdBefore: sim.now() - 3_600_000 });
		expect(Date.now() - started).toBeLessThan(2000);
		expect(new Set(ids).size).toBe(10_000);
		const tasks = sim.tasks();
		expect(tasks).toHaveLength(10_000);
		expect(tasks.every((task) => task.status === 'ready')).toBe(true);
		expect(tasks[tasks.length - 1].createdAt).toBe(sim.now() - 3_600_000 - 60_000);
	});

	it('creates, reads and deletes tasks directly', () => {
		const snapshot = sim.createTaskDirect(general({ custom_id: 'direct' }), { durationMs: 1000, outcome: 'ready', idempotencyKey: 'direct-key' });
		expect(snapshot).toMatchObject({ status: 'queued', customId: 'direct', durationMs: 1000, outcome: 'ready', idempotencyKey: 'direct-key' });
		expect(snapshot.plannedCompletionAt).toBe(snapshot.createdAt + 1000);
		sim.advance(1000);
		expect(sim.getTaskDirect(snapshot.taskId)?.json).toMatchObject({ status: 'ready', custom_id: 'direct' });
		expect(() => sim.createTaskDirect({ prompt: 'no video' })).toThrow(/'video'/);
		expect(sim.deleteTaskDirect(snapshot.taskId)).toBe(true);
		expect(sim.getTaskDirect(snapshot.taskId)).toBeUndefined();
		expect(() => sim.configure({ speeed: 2 } as unknown as Parameters<Simulator['configure']>[0])).toThrow(/Unknown simulator option/);
	});
});
