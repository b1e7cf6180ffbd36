/**
 * Builds the create-task body from what the user filled in, and checks every rule of the
 * API that can be checked locally, so a bad item fails before any request is sent. Pure:
 * the node reads its parameters into a CreateInput and turns InvalidParameterError into a
 * NodeOperationError.
 */
import { isRecord } from './errors';
import { findSchemaProblem } from './jsonSchema';
import type {
	AnalysisMode,
	CreateTaskBody,
	MediaSource,
	SegmentDefinition,
	SegmentField,
	TimeRange,
	TimestampFormat,
	VideoSource,
} from './types';

/** A parameter the user must change: `field` is the label path as the form shows it. */
export class InvalidParameterError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly fix: string,
	) {
		super(`'${field}' ${problem}`);
		this.name = 'InvalidParameterError';
	}
}

export const MAX_BASE64_SOURCE_BYTES = 30 * 1024 * 1024;
export const MAX_MEDIA_SOURCES = 4;
export const MAX_SEGMENT_DEFINITIONS = 20;
export const MAX_ENUM_VALUES = 100;
/** SegmentField: "These names … are reserved and cannot be used for timestamp fields." */
export const RESERVED_TIMESTAMP_FIELD_NAMES = ['start_time', 'end_time', 'metadata'];
export const FIELD_TYPES = [
	'string',
	'boolean',
	'number',
	'integer',
	'array',
	'timestamp',
] as const;
export const ARRAY_ITEM_TYPES = ['string', 'number', 'boolean', 'integer'] as const;
export const TIMESTAMP_FORMATS: TimestampFormat[] = ['seconds', 'hh:mm:ss', 'hh:mm:ss.fff'];
const CUSTOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export type ImageInput =
	| { name: string; source: 'url'; url: string }
	| { name: string; source: 'assetId'; assetId: string }
	| { name: string; source: 'binary'; base64: string; sizeBytes: number };

export type VideoInput =
	| { source: 'url'; url: string }
	| { source: 'assetId'; assetId: string }
	| { source: 'binary'; base64: string; sizeBytes: number };

export interface FieldInput {
	name: string;
	type: string;
	description: string;
	/** In the form: a JSON list, one value per line, or comma-separated; a list from JSON. */
	enumValues?: string | string[];
	itemType?: string;
	format?: string;
}

export interface DefinitionInput {
	id: string;
	description: string;
	fields: FieldInput[];
	referenceImages: ImageInput[];
	timeRanges: Array<{ startTime: number; endTime: number }>;
}

export interface CreateOptions {
	temperature?: number;
	maxTokens?: number;
	startTime?: number;
	endTime?: number;
	customId?: string;
	minSegmentDuration?: number;
	maxSegmentDuration?: number;
	segmentTimeFormat?: string;
}

export interface CreateInput {
	video: VideoInput;
	model: string;
	analysisMode: AnalysisMode | string;
	prompt?: string;
	/** Reference images turn the prompt into `prompt_v2` (Pegasus 1.5). */
	referenceImages?: ImageInput[];
	responseFormat?: 'text' | 'jsonSchema';
	jsonSchema?: unknown;
	definitionsSource?: 'form' | 'json';
	definitions?: DefinitionInput[];
	definitionsJson?: unknown;
	options: CreateOptions;
}

/** The models this package knows; others are passed through as data (the API moves fast). */
export const MODELS = { legacy: 'pegasus1.2', current: 'pegasus1.5' };

export function isLegacyModel(model: string): boolean {
	return model === MODELS.legacy;
}

interface TokenRange {
	min: number;
	max: number;
	defaultValue: number;
}

export function maxTokensRange(model: string, mode: string): TokenRange {
	if (isLegacyModel(model)) return { min: 2, max: 4096, defaultValue: 4096 };
	if (mode === 'time_based_metadata') return { min: 2048, max: 98304, defaultValue: 32768 };
	return { min: 512, max: 98304, defaultValue: 4096 };
}

const L = {
	videoUrl: 'Video URL',
	assetId: 'Asset ID',
	binary: 'Input Binary Field',
	model: 'Model',
	mode: 'Analysis Mode',
	prompt: 'Prompt',
	images: 'Reference Images',
	jsonSchema: 'JSON Schema',
	definitions: 'Segment Definitions',
	definitionsJson: 'Segment Definitions (JSON)',
	temperature: 'Options › Temperature',
	maxTokens: 'Options › Max Tokens',
	startTime: 'Options › Analyze From (Seconds)',
	endTime: 'Options › Analyze Until (Seconds)',
	customId: 'Options › Custom ID',
	minSegment: 'Options › Shortest Segment (Seconds)',
	maxSegment: 'Options › Longest Segment (Seconds)',
	timeFormat: 'Options › Segment Time Format',
};

function fail(field: string, problem: string, fix: string): never {
	throw new InvalidParameterError(field, problem, fix);
}

function isBlank(value: unknown): boolean {
	return typeof value !== 'string' || value.trim() === '';
}

function checkHttpUrl(field: string, value: string, httpsOnly: boolean): void {
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		fail(
			field,
			`is not a valid URL ("${value}")`,
			'Enter a full link such as https://example.com/video.mp4.',
		);
	}
	const allowed = httpsOnly ? ['https:'] : ['https:', 'http:'];
	if (!allowed.includes(url.protocol)) {
		fail(
			field,
			`must start with ${httpsOnly ? 'https://' : 'http:// or https://'}`,
			'Use a public web link to the file.',
		);
	}
}

export function buildVideoSource(video: VideoInput): VideoSource {
	if (video.source === 'url') {
		if (isBlank(video.url))
			fail(L.videoUrl, 'is empty', 'Enter a direct link to the video file (not a share page).');
		checkHttpUrl(L.videoUrl, video.url, false);
		return { type: 'url', url: video.url.trim() };
	}
	if (video.source === 'assetId') {
		if (isBlank(video.assetId))
			fail(L.assetId, 'is empty', 'Enter the ID of a TwelveLabs asset that is ready.');
		return { type: 'asset_id', asset_id: video.assetId.trim() };
	}
	checkBinarySize(L.binary, video.sizeBytes);
	return { type: 'base64_string', base64_string: video.base64 };
}

export function checkBinarySize(field: string, sizeBytes: number): void {
	if (sizeBytes > MAX_BASE64_SOURCE_BYTES) {
		fail(
			field,
			`holds a file of ${(sizeBytes / 1024 / 1024).toFixed(1)} MB, above the 30 MB TwelveLabs accepts inline`,
			'Upload the file somewhere public and use Video Source "URL", or upload it to TwelveLabs as an asset and use "Asset ID".',
		);
	}
	if (sizeBytes === 0)
		fail(field, 'holds an empty file', 'Check the node before this one: it produced no data.');
}

function buildMediaSources(field: string, images: ImageInput[]): MediaSource[] {
	if (images.length > MAX_MEDIA_SOURCES) {
		fail(
			field,
			`has ${images.length} images; at most ${MAX_MEDIA_SOURCES} are allowed`,
			'Remove images until there are 4 or fewer.',
		);
	}
	const names = new Set<string>();
	return images.map((image, index) => {
		const label = `${field} › Image ${index + 1}`;
		if (isBlank(image.name))
			fail(
				`${label} › Name`,
				'is empty',
				'Give the image a name and mention it in the text as <@name>.',
			);
		const name = image.name.trim();
		if (names.has(name))
			fail(`${label} › Name`, `repeats the name "${name}"`, 'Give every image its own name.');
		names.add(name);
		if (image.source === 'url') {
			if (isBlank(image.url))
				fail(`${label} › Image URL`, 'is empty', 'Enter a public https:// link to the image.');
			checkHttpUrl(`${label} › Image URL`, image.url, true);
			return { name, media_type: 'image', url: image.url.trim() };
		}
		if (image.source === 'assetId') {
			if (isBlank(image.assetId))
				fail(`${label} › Asset ID`, 'is empty', 'Enter the ID of an image asset.');
			return { name, media_type: 'image', asset_id: image.assetId.trim() };
		}
		checkBinarySize(`${label} › Input Binary Field`, image.sizeBytes);
		return { name, media_type: 'image', base64_string: image.base64 };
	});
}

function parseJsonParameter(field: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') fail(field, 'is empty', 'Enter JSON, or switch back to the form.');
	try {
		return JSON.parse(value);
	} catch (error) {
		return fail(
			field,
			`is not valid JSON (${(error as Error).message})`,
			'Fix the JSON syntax: double quotes around names and strings, no trailing commas.',
		);
	}
}

/**
 * The allowed values as a list. In the form: separated by commas or new lines, or, for values
 * that contain commas, a JSON list such as ["calm, slow", "tense"].
 */
export function splitEnumValues(label: string, value: string | string[] | undefined): string[] {
	if (value === undefined) return [];
	let list: unknown[];
	if (Array.isArray(value)) list = value;
	else if (value.trim().startsWith('[')) {
		const parsed = parseJsonParameter(label, value);
		if (!Array.isArray(parsed) || parsed.some((entry) => typeof entry !== 'string'))
			fail(label, 'is not a JSON list of strings', 'Write e.g. ["calm", "tense, loud"].');
		list = parsed;
	} else list = value.split(/[\n,]/);
	return list.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}

function buildField(label: string, field: FieldInput): SegmentField {
	if (isBlank(field.name)) fail(`${label} › Name`, 'is empty', 'Name the field, e.g. "sentiment".');
	const name = field.name.trim();
	if (field.type === 'timestamp' && RESERVED_TIMESTAMP_FIELD_NAMES.includes(name)) {
		fail(
			`${label} › Name`,
			`is "${name}", a name TwelveLabs reserves for timestamp fields`,
			'Choose another name for this timestamp field: start_time, end_time and metadata mark each segment already.',
		);
	}
	if (!(FIELD_TYPES as readonly string[]).includes(field.type)) {
		fail(
			`${label} › Type`,
			`is "${field.type}", not a known type`,
			`Use one of: ${FIELD_TYPES.join(', ')}.`,
		);
	}
	if (isBlank(field.description))
		fail(
			`${label} › Description`,
			'is empty',
			'Describe what the field should hold; the model reads it.',
		);
	const built: SegmentField = {
		name,
		description: field.description.trim(),
		type: field.type as SegmentField['type'],
	};
	if (field.type === 'timestamp') {
		if (!field.format || !TIMESTAMP_FORMATS.includes(field.format as TimestampFormat)) {
			fail(
				`${label} › Timestamp Format`,
				'is missing',
				`A timestamp field needs a format: ${TIMESTAMP_FORMATS.join(', ')}.`,
			);
		}
		built.format = field.format as TimestampFormat;
	} else if (field.format) {
		fail(
			`${label} › Timestamp Format`,
			`is set for a ${field.type} field`,
			'Only timestamp fields take a format: remove it or change the type to timestamp.',
		);
	}
	const enumValues = splitEnumValues(`${label} › Allowed Values`, field.enumValues);
	if (enumValues.length > 0) {
		if (field.type === 'timestamp')
			fail(
				`${label} › Allowed Values`,
				'is set for a timestamp field',
				'Remove the allowed values, or change the type.',
			);
		if (enumValues.length > MAX_ENUM_VALUES) {
			fail(
				`${label} › Allowed Values`,
				`lists ${enumValues.length} values; at most ${MAX_ENUM_VALUES} are allowed`,
				'Shorten the list.',
			);
		}
		built.enum = enumValues;
	}
	if (field.type === 'array') {
		if (!field.itemType || !(ARRAY_ITEM_TYPES as readonly string[]).includes(field.itemType)) {
			fail(
				`${label} › Array Item Type`,
				'is missing',
				`An array field needs an item type: ${ARRAY_ITEM_TYPES.join(', ')}.`,
			);
		}
		built.items = { type: field.itemType as NonNullable<SegmentField['items']>['type'] };
	} else if (field.itemType !== undefined) {
		// SegmentField.items: "Not supported when type is timestamp"; other types: no rule.
		if (field.type === 'timestamp')
			fail(
				`${label} › Array Item Type`,
				'is set for a timestamp field',
				'Remove "items": only array fields need an item type, and timestamp fields refuse it.',
			);
		built.items = { type: field.itemType as NonNullable<SegmentField['items']>['type'] };
	}
	return built;
}

function buildTimeRanges(label: string, ranges: DefinitionInput['timeRanges']): TimeRange[] {
	const built = ranges.map((range, index) => {
		const rangeLabel = `${label} › Range ${index + 1}`;
		if (!Number.isFinite(range.startTime) || range.startTime < 0) {
			fail(
				`${rangeLabel} › Start Time`,
				'must be a number of seconds, 0 or more',
				'Enter the start in seconds from the beginning of the video.',
			);
		}
		if (!Number.isFinite(range.endTime) || range.endTime <= range.startTime) {
			fail(
				`${rangeLabel} › End Time`,
				'must be after the start time',
				'Enter an end later than the start, in seconds.',
			);
		}
		if (range.endTime - range.startTime < 2) {
			fail(
				rangeLabel,
				'is shorter than 2 seconds',
				'Make each time range at least 2 seconds long.',
			);
		}
		return { start_time: range.startTime, end_time: range.endTime };
	});
	const sorted = [...built].sort((a, b) => a.start_time - b.start_time);
	for (let i = 1; i < sorted.length; i++) {
		if (sorted[i].start_time < sorted[i - 1].end_time) {
			fail(
				label,
				`has overlapping ranges (${sorted[i - 1].start_time}–${sorted[i - 1].end_time} s and ${sorted[i].start_time}–${sorted[i].end_time} s)`,
				'Make the time ranges not overlap.',
			);
		}
	}
	return built;
}

function buildDefinitions(
	labelOf: (index: number) => string,
	definitions: DefinitionInput[],
	listLabel: string,
): SegmentDefinition[] {
	if (definitions.length === 0)
		fail(
			listLabel,
			'is empty',
			'Add at least one segment definition (an ID and a description of the segments to find).',
		);
	if (definitions.length > MAX_SEGMENT_DEFINITIONS) {
		fail(
			listLabel,
			`has ${definitions.length} definitions; at most ${MAX_SEGMENT_DEFINITIONS} are allowed`,
			'Remove definitions (each one is billed).',
		);
	}
	const ids = new Set<string>();
	return definitions.map((definition, index) => {
		const label = labelOf(index);
		if (isBlank(definition.id))
			fail(
				`${label} › ID`,
				'is empty',
				'Give the definition an ID such as "scene"; it becomes the key of its results.',
			);
		const id = definition.id.trim();
		if (ids.has(id))
			fail(`${label} › ID`, `repeats the ID "${id}"`, 'Give every segment definition its own ID.');
		ids.add(id);
		if (isBlank(definition.description))
			fail(
				`${label} › Description`,
				'is empty',
				'Describe the segments to find, e.g. "each scene with a change of location".',
			);
		const built: SegmentDefinition = { id, description: definition.description.trim() };
		const fieldNames = new Set<string>();
		if (definition.fields.length > 0) {
			built.fields = definition.fields.map((field, fieldIndex) => {
				const fieldLabel = `${label} › Custom Fields › Field ${fieldIndex + 1}`;
				const builtField = buildField(fieldLabel, field);
				if (fieldNames.has(builtField.name))
					fail(
						`${fieldLabel} › Name`,
						`repeats the field name "${builtField.name}"`,
						'Give every field of a definition its own name.',
					);
				fieldNames.add(builtField.name);
				return builtField;
			});
		}
		if (definition.referenceImages.length > 0) {
			built.media_sources = buildMediaSources(
				`${label} › Reference Images`,
				definition.referenceImages,
			);
		}
		if (definition.timeRanges.length > 0) {
			built.time_ranges = buildTimeRanges(`${label} › Time Ranges`, definition.timeRanges);
		}
		return built;
	});
}

/** Reads segment definitions given as JSON (object, list, or `{segment_definitions: […]}`). */
export function definitionsFromJson(value: unknown): DefinitionInput[] {
	const parsed = parseJsonParameter(L.definitionsJson, value);
	const list = Array.isArray(parsed)
		? parsed
		: isRecord(parsed) && Array.isArray(parsed.segment_definitions)
			? parsed.segment_definitions
			: isRecord(parsed) && 'id' in parsed
				? [parsed]
				: fail(
						L.definitionsJson,
						'is not a list of definitions',
						'Write a JSON list such as [{"id": "scene", "description": "…", "fields": [ … ]}].',
					);
	return list.map((entry: unknown, index: number): DefinitionInput => {
		const label = `Segment Definitions (JSON) › [${index}]`;
		if (!isRecord(entry))
			fail(
				label,
				'is not an object',
				'Each definition is an object with "id", "description" and optional "fields".',
			);
		const fields = entry.fields === undefined ? [] : entry.fields;
		if (!Array.isArray(fields))
			fail(
				`${label} › fields`,
				'is not a list',
				'Write "fields": [{"name": …, "type": …, "description": …}].',
			);
		const timeRanges = entry.time_ranges === undefined ? [] : entry.time_ranges;
		if (!Array.isArray(timeRanges))
			fail(
				`${label} › time_ranges`,
				'is not a list',
				'Write "time_ranges": [{"start_time": 0, "end_time": 30}].',
			);
		const mediaSources = entry.media_sources === undefined ? [] : entry.media_sources;
		if (!Array.isArray(mediaSources))
			fail(
				`${label} › media_sources`,
				'is not a list',
				'Write "media_sources": [{"name": …, "media_type": "image", "url": …}].',
			);
		return {
			id: typeof entry.id === 'string' ? entry.id : '',
			description: typeof entry.description === 'string' ? entry.description : '',
			fields: fields.map((field: unknown, fieldIndex: number) => {
				const record = isRecord(field) ? field : {};
				const items = isRecord(record.items) ? record.items : {};
				if (record.enum !== undefined && record.enum !== null && !Array.isArray(record.enum))
					fail(
						`${label} › fields[${fieldIndex}] › enum`,
						'is not a list',
						'Write "enum": ["a", "b"], or remove it.',
					);
				return {
					name: typeof record.name === 'string' ? record.name : '',
					type: typeof record.type === 'string' ? record.type : String(record.type),
					description: typeof record.description === 'string' ? record.description : '',
					enumValues: Array.isArray(record.enum) ? record.enum.map(String) : undefined,
					itemType: typeof items.type === 'string' ? items.type : undefined,
					format: typeof record.format === 'string' ? record.format : undefined,
				};
			}),
			referenceImages: mediaSources.map((source: unknown, sourceIndex: number): ImageInput => {
				const record = isRecord(source) ? source : {};
				const name = typeof record.name === 'string' ? record.name : '';
				// SmeMediaSource.media_type: only "image"; the node sends it, so it may be left out.
				if (record.media_type !== undefined && record.media_type !== 'image')
					fail(
						`${label} › media_sources[${sourceIndex}] › media_type`,
						`is ${JSON.stringify(record.media_type)}; TwelveLabs takes only "image"`,
						'Write "media_type": "image", or leave it out.',
					);
				if (typeof record.asset_id === 'string')
					return { name, source: 'assetId', assetId: record.asset_id };
				if (typeof record.base64_string === 'string') {
					return {
						name,
						source: 'binary',
						base64: record.base64_string,
						sizeBytes: Math.floor((record.base64_string.length * 3) / 4),
					};
				}
				return { name, source: 'url', url: typeof record.url === 'string' ? record.url : '' };
			}),
			timeRanges: timeRanges.map((range: unknown) => {
				const record = isRecord(range) ? range : {};
				return { startTime: Number(record.start_time), endTime: Number(record.end_time) };
			}),
		};
	});
}

function checkNumber(
	field: string,
	value: number | undefined,
	min: number,
	max: number,
	fix: string,
): void {
	if (value === undefined) return;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
		fail(field, `is ${String(value)}, outside ${min}–${max}`, fix);
	}
}

/** Builds the body of POST /analyze/tasks, or throws InvalidParameterError naming the field. */
export function buildCreateBody(input: CreateInput): CreateTaskBody {
	const { model, options } = input;
	const mode = input.analysisMode;
	if (isBlank(model))
		fail(L.model, 'is empty', 'Choose Pegasus 1.5 (all features) or Pegasus 1.2.');
	if (mode !== 'general' && mode !== 'time_based_metadata') {
		fail(L.mode, `is "${mode}", not a known mode`, 'Choose General (text) or Video Segmentation.');
	}
	const legacy = isLegacyModel(model);
	const segmentation = mode === 'time_based_metadata';
	if (segmentation && legacy) {
		fail(
			L.mode,
			'Video Segmentation needs Pegasus 1.5',
			'Choose the model Pegasus 1.5, or the mode General.',
		);
	}

	const body: CreateTaskBody = {
		video: buildVideoSource(input.video),
		model_name: model,
		analysis_mode: mode,
	};

	if (segmentation) {
		const fromJson = input.definitionsSource === 'json';
		const definitions = fromJson
			? definitionsFromJson(input.definitionsJson)
			: (input.definitions ?? []);
		const labelOf = fromJson
			? (index: number) => `Segment Definitions (JSON) › [${index}]`
			: (index: number) => `Segment Definitions › Definition ${index + 1}`;
		body.response_format = {
			type: 'segment_definitions',
			segment_definitions: buildDefinitions(
				labelOf,
				definitions,
				fromJson ? L.definitionsJson : L.definitions,
			),
		};
		if (options.segmentTimeFormat !== undefined) {
			if (!TIMESTAMP_FORMATS.includes(options.segmentTimeFormat as TimestampFormat)) {
				fail(
					L.timeFormat,
					`is "${options.segmentTimeFormat}"`,
					`Use one of: ${TIMESTAMP_FORMATS.join(', ')}.`,
				);
			}
			body.response_format.segment_time_format = options.segmentTimeFormat as TimestampFormat;
		}
	} else {
		if (isBlank(input.prompt))
			fail(
				L.prompt,
				'is empty',
				'Write what you want to know about the video, e.g. "Summarize this video in three sentences".',
			);
		const prompt = (input.prompt as string).trim();
		const images = input.referenceImages ?? [];
		if (images.length > 0) {
			if (legacy)
				fail(
					L.images,
					'need Pegasus 1.5',
					'Choose the model Pegasus 1.5, or remove the reference images.',
				);
			body.prompt_v2 = { input_text: prompt, media_sources: buildMediaSources(L.images, images) };
		} else {
			body.prompt = prompt;
		}
		if (input.responseFormat === 'jsonSchema') {
			const schema = parseJsonParameter(L.jsonSchema, input.jsonSchema);
			const problem = findSchemaProblem(schema, { timestampAllowed: !legacy });
			if (problem) fail(`${L.jsonSchema} at ${problem.path}`, problem.problem, problem.fix);
			body.response_format = {
				type: 'json_schema',
				json_schema: schema as Record<string, unknown>,
			};
		}
		for (const [key, label] of [
			['minSegmentDuration', L.minSegment],
			['maxSegmentDuration', L.maxSegment],
			['segmentTimeFormat', L.timeFormat],
		] as const) {
			if (options[key] !== undefined)
				fail(
					label,
					'applies to Video Segmentation only',
					'Remove it from Options, or switch Analysis Mode to Video Segmentation.',
				);
		}
	}

	checkNumber(
		L.temperature,
		options.temperature,
		0,
		1,
		'Use a value from 0 (focused) to 1 (creative); the default is 0.2.',
	);
	if (options.temperature !== undefined) body.temperature = options.temperature;

	if (options.maxTokens !== undefined) {
		const range = maxTokensRange(model, mode);
		if (!Number.isInteger(options.maxTokens))
			fail(
				L.maxTokens,
				`is ${options.maxTokens}, not a whole number`,
				`Use a whole number from ${range.min} to ${range.max}.`,
			);
		checkNumber(
			L.maxTokens,
			options.maxTokens,
			range.min,
			range.max,
			`For this model and mode use ${range.min}–${range.max}, or remove it to use the default (${range.defaultValue}).`,
		);
		body.max_tokens = options.maxTokens;
	}

	const usesTimeRanges =
		body.response_format?.segment_definitions?.some((definition) => definition.time_ranges) ??
		false;
	if (options.startTime !== undefined || options.endTime !== undefined) {
		if (legacy)
			fail(
				options.startTime !== undefined ? L.startTime : L.endTime,
				'needs Pegasus 1.5',
				'Choose the model Pegasus 1.5, or remove Analyze From and Analyze Until.',
			);
		if (usesTimeRanges)
			fail(
				options.startTime !== undefined ? L.startTime : L.endTime,
				'cannot be combined with time ranges in segment definitions',
				'Use either Analyze From/Until or per-definition time ranges.',
			);
		checkNumber(
			L.startTime,
			options.startTime,
			0,
			Number.MAX_SAFE_INTEGER,
			'Enter seconds from the start of the video, 0 or more.',
		);
		checkNumber(
			L.endTime,
			options.endTime,
			0,
			Number.MAX_SAFE_INTEGER,
			'Enter seconds from the start of the video.',
		);
		const start = options.startTime ?? 0;
		if (options.endTime !== undefined) {
			if (options.endTime <= start)
				fail(
					L.endTime,
					`(${options.endTime} s) is not after the start (${start} s)`,
					'Set Analyze Until later than Analyze From.',
				);
			if (options.endTime - start < 4)
				fail(
					L.endTime,
					`leaves a window of ${options.endTime - start} s; at least 4 s is needed`,
					'Widen the window between Analyze From and Analyze Until to 4 seconds or more.',
				);
		}
		if (options.startTime !== undefined) body.start_time = options.startTime;
		if (options.endTime !== undefined) body.end_time = options.endTime;
	}

	if (
		segmentation &&
		(options.minSegmentDuration !== undefined || options.maxSegmentDuration !== undefined)
	) {
		if (usesTimeRanges)
			fail(
				options.minSegmentDuration !== undefined ? L.minSegment : L.maxSegment,
				'cannot be combined with time ranges in segment definitions',
				'Use either segment durations or time ranges.',
			);
		checkNumber(
			L.minSegment,
			options.minSegmentDuration,
			2,
			Number.MAX_SAFE_INTEGER,
			'Use 2 seconds or more.',
		);
		checkNumber(
			L.maxSegment,
			options.maxSegmentDuration,
			2,
			Number.MAX_SAFE_INTEGER,
			'Use 2 seconds or more.',
		);
		if (
			options.minSegmentDuration !== undefined &&
			options.maxSegmentDuration !== undefined &&
			options.maxSegmentDuration < options.minSegmentDuration
		) {
			fail(
				L.maxSegment,
				`(${options.maxSegmentDuration} s) is below Shortest Segment (${options.minSegmentDuration} s)`,
				'Make Longest Segment at least Shortest Segment.',
			);
		}
		if (options.minSegmentDuration !== undefined)
			body.min_segment_duration = options.minSegmentDuration;
		if (options.maxSegmentDuration !== undefined)
			body.max_segment_duration = options.maxSegmentDuration;
	}

	if (options.customId !== undefined && options.customId !== '') {
		if (!CUSTOM_ID_PATTERN.test(options.customId)) {
			fail(
				L.customId,
				`("${options.customId}") must be 1–64 letters, digits, "_" or "-"`,
				'Remove spaces and other characters, e.g. "batch-7_video-12".',
			);
		}
		body.custom_id = options.customId;
	}
	return body;
}
