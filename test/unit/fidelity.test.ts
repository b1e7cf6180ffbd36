/**
 * Fidelity to the API as documented (docs/api-fidelity.md): every answer the SDK accepts is
 * shaped, paged and waited on without relying on an optional field, and local validation
 * refuses what the reference refuses and nothing else.
 */
import { buildCreateBody } from '../../nodes/TwelveLabs/createRequest/body';
import type { CreateInput, FieldInput } from '../../nodes/TwelveLabs/createRequest/input';
import { splitEnumValues } from '../../nodes/TwelveLabs/createRequest/segments';
import { describeApiError, parameterNamedIn } from '../../nodes/TwelveLabs/api/errors';
import { findSchemaProblem } from '../../nodes/TwelveLabs/createRequest/jsonSchema';
import { isFinalStatus, isLastListPage, type Task } from '../../nodes/TwelveLabs/api/types';
import { taskLabel } from '../../nodes/TwelveLabs/methods/searchTasks';
import {
	segmentRecords,
	shapeTask,
	simplifyTask,
	truncationCause,
	truncationWarning,
} from '../../nodes/TwelveLabs/results';
import { createdTaskItem } from '../../nodes/TwelveLabs/task/create';

const SEGMENTS = JSON.stringify({
	scene: [
		{ start_time: 0, end_time: 12.5, metadata: { mood: 'calm' } },
		{ start_time: 12.5, end_time: 30, metadata: { mood: 'tense' } },
	],
	logo: [{ start_time: 3, end_time: 9, metadata: {} }],
});

/** A task with only what the SDK requires: task_id, status, created_at and the result. */
const bare = (overrides: Partial<Task> = {}): Task => ({
	task_id: 'b'.repeat(24),
	status: 'ready',
	created_at: '2026-11-28T10:00:00Z',
	result: {
		generation_id: 'g',
		data: SEGMENTS,
		finish_reason: 'stop',
		usage: { output_tokens: 40 },
	},
	...overrides,
});

describe('answers with only the required fields', () => {
	it('gives one item per segment for a ready segmentation task without request_params', () => {
		const items = shapeTask(bare(), 'segments');
		expect(items).toHaveLength(3);
		expect(Object.keys(items[0])).toEqual([
			'definition_id',
			'start_time',
			'end_time',
			'fields',
			'segment_index',
			'task_id',
		]);
		expect(items[1]).toMatchObject({
			definition_id: 'scene',
			start_time: 12.5,
			fields: { mood: 'tense' },
		});
	});

	it('also with request_params present but every optional member null', () => {
		const task = bare({ request_params: { analysis_mode: null, response_format: null } as never });
		expect(segmentRecords(task)).toHaveLength(3);
	});

	it('keeps prose as text when request_params are missing', () => {
		const task = bare({ result: { data: 'A calm video.', finish_reason: 'stop' } });
		expect(shapeTask(task, 'segments')).toEqual([
			expect.objectContaining({ text: 'A calm video.' }),
		]);
	});

	it('names custom fields `fields` in Simplified output as in One Item per Segment', () => {
		const data = simplifyTask(bare()).data as Record<string, Array<Record<string, unknown>>>;
		expect(data.scene[0]).toEqual({ start_time: 0, end_time: 12.5, fields: { mood: 'calm' } });
		expect(data.scene[0]).not.toHaveProperty('metadata');
	});

	it('adds custom_id to segment items only when the task has one', () => {
		const [item] = segmentRecords(bare({ custom_id: 'batch-1' }));
		expect(item.custom_id).toBe('batch-1');
		expect(segmentRecords(bare({ custom_id: null }))[0]).not.toHaveProperty('custom_id');
	});

	it('simplifies a task whose video_source, usage and completed_at are null', () => {
		const simplified = simplifyTask(
			bare({ video_source: null, completed_at: null, result: { data: 'x', usage: null } }),
		);
		expect(simplified.video).toEqual({ type: null, url: null, asset_id: null, duration: null });
		expect(simplified.usage).toEqual({ output_tokens: null, input_tokens: null });
	});

	it('pages without page_info: a short page is the last', () => {
		expect(isLastListPage({ data: new Array(50).fill(bare()) }, 1, 50)).toBe(false);
		expect(isLastListPage({ data: [bare()], page_info: null }, 2, 50)).toBe(true);
		expect(
			isLastListPage({ data: new Array(50).fill(bare()), page_info: { total_page: 1 } }, 1, 50),
		).toBe(true);
	});

	it('labels picker entries by status, date, custom ID and short video name', () => {
		const label = taskLabel(
			bare({
				custom_id: 'batch-7',
				video_source: { type: 'url', url: 'https://videos.example.com/a/b/clip%201.mp4?x=1' },
			}),
		);
		expect(label).toBe('ready · 2026-11-28 10:00 · batch-7 · clip 1.mp4');
		expect(taskLabel(bare())).toBe(`ready · 2026-11-28 10:00 · ${'b'.repeat(24)}`);
	});
});

describe('statuses', () => {
	it('treats final-looking unknown statuses as final and others as running', () => {
		for (const status of [
			'ready',
			'failed',
			'canceled',
			'cancelled',
			'expired',
			'error',
			'completed',
		])
			expect(isFinalStatus(status)).toBe(true);
		for (const status of ['upload_failed', 'timed_out']) expect(isFinalStatus(status)).toBe(true);
		for (const status of [
			'queued',
			'pending',
			'processing',
			'downloading',
			'incomplete',
			'unfinished',
			'',
			undefined,
			null,
		])
			expect(isFinalStatus(status)).toBe(false);
	});
});

describe('truncation', () => {
	const truncated = (overrides: Partial<Task>): Task =>
		bare({
			request_params: { analysis_mode: 'general', max_tokens: 1000 },
			result: { data: 'cut', finish_reason: 'length', usage: { output_tokens: 1000 } },
			...overrides,
		});

	it('says Max Tokens when the output reached max_tokens', () => {
		expect(truncationCause(truncated({}))).toBe('max_tokens');
		expect(truncationWarning(truncated({}))).toMatch(/reached Max Tokens.*Raise Max Tokens/);
	});

	it('says context window, and not to raise Max Tokens, when it stopped below max_tokens', () => {
		const task = truncated({
			result: { data: 'cut', finish_reason: 'length', usage: { output_tokens: 300 } },
		});
		expect(truncationCause(task)).toBe('context_window');
		expect(truncationWarning(task)).toMatch(/context window.*Raising Max Tokens does not help/);
	});

	it('reads the documented messages when the numbers are missing', () => {
		const context = bare({
			result: { data: 'cut', finish_reason: 'length' },
			error: {
				message:
					"output truncated: combined input and output tokens reached the model's context limit. The partial output is returned; consider reducing input size (shorter prompt, smaller video clip, fewer media bindings) or lowering max_tokens.",
			},
		});
		expect(truncationCause(context)).toBe('context_window');
		expect(truncationCause(bare({ result: { data: 'cut', finish_reason: 'length' } }))).toBe(
			'unknown',
		);
		expect(truncationWarning(bare({ result: { data: 'cut', finish_reason: 'length' } }))).toMatch(
			/Max Tokens or the model's context window/,
		);
	});
});

describe('error wording', () => {
	it.each([
		["The value of parameter 'prompt' is invalid. It must be a non-empty string.", 'prompt'],
		['The prompt parameter is invalid.', 'prompt'],
		['The following parameters are invalid: temperature, prompt.', 'temperature'],
		[
			'The response_format.segment_definitions[0].fields[1].name parameter is invalid.',
			'response_format.segment_definitions[0].fields[1].name',
		],
		['The video.url parameter is required but was not provided.', 'video.url'],
		[
			'response_format.json_schema.properties.at.format: format is required for timestamp type; allowed values: seconds, hh:mm:ss, hh:mm:ss.fff',
			'response_format.json_schema.properties.at.format',
		],
	])('names the parameter in %s', (message, parameter) => {
		expect(parameterNamedIn(message)).toBe(parameter);
		expect(describeApiError(400, { code: 'parameter_invalid', message }).message).toBe(
			`TwelveLabs refused the parameter '${parameter}'`,
		);
	});

	it('names the keyword of the documented 422 text', () => {
		const described = describeApiError(422, {
			code: 'parameter_invalid',
			message: 'String length constraints (minLength) are not supported.',
		});
		expect(described.message).toContain('response_format.json_schema');
		expect(described.description).toContain('"minLength"');
	});
});

describe('JSON schema rules as documented', () => {
	const check = (schema: unknown, timestampAllowed = true) =>
		findSchemaProblem(schema, { timestampAllowed });
	const ts = { type: 'timestamp', format: 'seconds' };

	it.each([
		[
			'timestamp nested deeper',
			{ type: 'object', properties: { a: { type: 'object', properties: { t: ts } } } },
		],
		[
			'timestamp inside anyOf',
			{ type: 'object', properties: { a: { anyOf: [ts, { type: 'null' }] } } },
		],
		[
			'timestamp in $defs',
			{ type: 'object', $defs: { t: ts }, properties: { a: { $ref: '#/$defs/t' } } },
		],
		['oneOf', { type: 'object', properties: { a: { oneOf: [{ type: 'string' }] } } }],
		['allOf', { allOf: [{ type: 'object' }] }],
		['not', { type: 'object', properties: { a: { not: { type: 'null' } } } }],
		[
			'$ref outside #/$defs/',
			{ definitions: { p: { type: 'string' } }, properties: { a: { $ref: '#/definitions/p' } } },
		],
		['unresolved $ref', { $defs: {}, properties: { a: { $ref: '#/$defs/missing' } } }],
		['start_time as boolean', { properties: { start_time: { type: 'boolean' } } }],
		[
			'end_time as a string with a format, deep in items',
			{
				properties: {
					e: {
						type: 'array',
						items: { type: 'object', properties: { end_time: { type: 'string', format: 'time' } } },
					},
				},
			},
		],
	])('refuses %s', (_name, schema) => {
		expect(check(schema)).toBeDefined();
	});

	it.each([
		['timestamp at properties.<name>', { type: 'object', properties: { t: ts } }],
		[
			'timestamp at properties.<array>.items.properties.<name>',
			{
				type: 'object',
				properties: { e: { type: 'array', items: { type: 'object', properties: { t: ts } } } },
			},
		],
		[
			'anyOf without timestamps',
			{ type: 'object', properties: { a: { anyOf: [{ type: 'string' }, { type: 'null' }] } } },
		],
		[
			'start_time as number, integer, timestamp or plain string',
			{
				properties: {
					start_time: { type: 'integer' },
					end_time: { type: 'string' },
					x: {
						type: 'array',
						items: { type: 'object', properties: { start_time: ts, end_time: { type: 'number' } } },
					},
				},
			},
		],
		[
			'a resolved $ref',
			{ $defs: { p: { type: 'string' } }, properties: { a: { $ref: '#/$defs/p' } } },
		],
	])('accepts %s', (_name, schema) => {
		expect(check(schema)).toBeUndefined();
	});

	it('answers for a schema 5,000 levels deep instead of overflowing the stack', () => {
		const root: Record<string, unknown> = { type: 'object' };
		let node = root;
		for (let i = 0; i < 5000; i++) {
			const child: Record<string, unknown> = { type: 'object' };
			node.properties = { a: child };
			node = child;
		}
		expect(check(root)).toBeUndefined();
		node.oneOf = [{ type: 'string' }];
		expect(check(root)?.problem).toContain('oneOf');
	});
});

describe('segment definitions as documented', () => {
	const input = (fields: Array<Partial<FieldInput>>, json = false): CreateInput => {
		const built = fields.map((field) => ({
			name: 'f',
			type: 'string',
			description: 'd',
			...field,
		}));
		return {
			video: { source: 'url', url: 'https://videos.example.com/a.mp4' },
			model: 'pegasus1.5',
			analysisMode: 'time_based_metadata',
			options: {},
			...(json
				? {
						definitionsSource: 'json' as const,
						definitionsJson: [
							{
								id: 'scene',
								description: 'Each scene',
								fields: built.map(({ enumValues, itemType, ...rest }) => ({
									...rest,
									...(enumValues === undefined ? {} : { enum: enumValues }),
									...(itemType === undefined ? {} : { items: { type: itemType } }),
								})),
							},
						],
					}
				: {
						definitionsSource: 'form' as const,
						definitions: [
							{
								id: 'scene',
								description: 'Each scene',
								fields: built,
								referenceImages: [],
								timeRanges: [],
							},
						],
					}),
		};
	};
	const fieldsOf = (value: CreateInput) =>
		buildCreateBody(value).response_format?.segment_definitions?.[0].fields ?? [];

	it('accepts start_time, end_time and metadata as names of non-timestamp fields', () => {
		expect(
			fieldsOf(input([{ name: 'start_time' }, { name: 'metadata', type: 'number' }])),
		).toHaveLength(2);
		expect(() =>
			fieldsOf(input([{ name: 'end_time', type: 'timestamp', format: 'seconds' }])),
		).toThrow(/reserves for timestamp fields/);
	});

	it('accepts duplicate allowed values and items on a non-array field (no documented rule)', () => {
		expect(fieldsOf(input([{ enumValues: ['a', 'a'] }]))[0].enum).toEqual(['a', 'a']);
		expect(fieldsOf(input([{ itemType: 'string' }], true))[0].items).toEqual({ type: 'string' });
		expect(() =>
			fieldsOf(input([{ type: 'timestamp', format: 'seconds', itemType: 'string' }], true)),
		).toThrow(/timestamp/);
	});

	it('takes allowed values containing commas as a JSON list', () => {
		expect(splitEnumValues('v', '["calm, slow", "tense"]')).toEqual(['calm, slow', 'tense']);
		expect(splitEnumValues('v', 'calm, tense\njoyful')).toEqual(['calm', 'tense', 'joyful']);
		expect(() => splitEnumValues('v', '["calm", 3]')).toThrow(/JSON list of strings/);
	});

	it('refuses an enum that is not a list instead of dropping it', () => {
		const value = input([]);
		value.definitionsJson = [
			{
				id: 's',
				description: 'd',
				fields: [{ name: 'f', type: 'string', description: 'd', enum: 'a,b' }],
			},
		];
		value.definitionsSource = 'json';
		expect(() => buildCreateBody(value)).toThrow(/enum' is not a list/);
	});

	it('checks media_type in JSON reference images', () => {
		const value = input([], true);
		const image = { name: 'logo', url: 'https://img.example.com/l.png' };
		value.definitionsJson = [
			{ id: 's', description: 'd', media_sources: [{ ...image, media_type: 'video' }] },
		];
		expect(() => buildCreateBody(value)).toThrow(/media_type' is "video"/);
		value.definitionsJson = [{ id: 's', description: 'd', media_sources: [image] }];
		expect(buildCreateBody(value).response_format?.segment_definitions?.[0].media_sources).toEqual([
			{ ...image, media_type: 'image' },
		]);
	});
});

describe('Create output', () => {
	it('echoes the custom ID and the video it was given, never inline data', () => {
		const response = { task_id: 'c'.repeat(24), status: 'queued' };
		expect(
			createdTaskItem(response, {
				video: { type: 'url', url: 'https://v.example.com/a.mp4' },
				custom_id: 'x',
			}),
		).toEqual({
			...response,
			custom_id: 'x',
			video: { type: 'url', url: 'https://v.example.com/a.mp4' },
		});
		expect(
			createdTaskItem(response, { video: { type: 'base64_string', base64_string: 'AAAA' } }),
		).toEqual({
			...response,
			custom_id: null,
			video: { type: 'base64_string' },
		});
	});
});
