'use strict';
/**
 * Validation of the create body (contract §4) and of the list query (§2), with the
 * real API's codes: parameter_unknown, parameter_not_provided, parameter_invalid (400)
 * and 422 for unsupported json_schema keywords. Every message names the parameter.
 * null counts as "not sent": the official SDK serialises unset optional fields as null.
 */
const { ApiError, invalid, missing, unknownParam } = require('./errors');
const { checkJsonSchema } = require('./schema-rules');

const TOP_LEVEL_FIELDS = [
	'video', 'model_name', 'analysis_mode', 'prompt', 'prompt_v2', 'temperature', 'max_tokens',
	'response_format', 'min_segment_duration', 'max_segment_duration', 'start_time', 'end_time', 'custom_id',
];
/**
 * Model name → capability family: the models the SDKs and the reference name (twelvelabs-js
 * 1.3.4 lists pegasus1.5 only; the reference and twelvelabs-python also pegasus1.2).
 */
const MODEL_FAMILY = { 'pegasus1.2': '1.2', 'pegasus1.5': '1.5' };
const DEFAULT_MODEL = 'pegasus1.5';
const ANALYSIS_MODES = ['general', 'time_based_metadata'];
/** The list filter's statuses as the SDK types them (AnalyzeTaskStatus: no 'canceled'). */
const STATUSES = ['queued', 'pending', 'processing', 'ready', 'failed'];
/** [min, max, default] per family and mode. */
const MAX_TOKENS = {
	'1.2': { general: [2, 4096, 4096] },
	'1.5': { general: [512, 98304, 4096], time_based_metadata: [2048, 98304, 32768] },
};
const DEFAULT_TEMPERATURE = 0.2;
const MAX_BASE64_BYTES = 30 * 1024 * 1024;
const TIME_FORMATS = ['seconds', 'hh:mm:ss', 'hh:mm:ss.fff'];
const FIELD_TYPES = ['string', 'boolean', 'number', 'integer', 'array', 'timestamp'];
const ITEM_TYPES = ['string', 'number', 'boolean', 'integer'];
const RESERVED_FIELD_NAMES = ['start_time', 'end_time', 'metadata'];
const CUSTOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Pages of video platforms are not media files; the real API refuses them. */
const SHARE_PAGE_HOSTS = /(^|\.)(youtube\.com|youtu\.be|vimeo\.com|drive\.google\.com|dropbox\.com)$/i;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const present = (v) => v !== undefined && v !== null;
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

function rejectUnknownKeys(obj, allowed, prefix) {
	for (const key of Object.keys(obj)) {
		if (!allowed.includes(key)) throw unknownParam(prefix ? `${prefix}.${key}` : key);
	}
}

function requireNonEmptyString(value, param) {
	if (!present(value)) throw missing(param);
	if (typeof value !== 'string' || value.trim() === '') throw invalid(param, 'It must be a non-empty string.');
	return value;
}

/** Videos may come over http or https; reference images only over https (SmeMediaSource.url). */
function checkHttpUrl(value, param, protocols = ['http:', 'https:']) {
	requireNonEmptyString(value, param);
	const wanted = protocols.length === 1 ? 'an absolute https URL' : 'an absolute http(s) URL';
	let url;
	try {
		url = new URL(value);
	} catch {
		throw invalid(param, `It must be ${wanted}.`);
	}
	if (!protocols.includes(url.protocol)) throw invalid(param, `It must be ${wanted}.`);
	return url;
}

/** Decoded size of a base64 string, computed without decoding it (it may be 40 MB). */
function base64DecodedBytes(text) {
	const clean = text.replace(/\s/g, '');
	const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
	return Math.floor((clean.length * 3) / 4) - padding;
}

function checkBase64(value, param) {
	requireNonEmptyString(value, param);
	if (!/^[A-Za-z0-9+/\s]*={0,2}$/.test(value)) throw invalid(param, 'It must be base64-encoded data.');
	if (base64DecodedBytes(value) > MAX_BASE64_BYTES) {
		throw invalid(param, 'The decoded file must not exceed 30 MB; upload larger files as an asset.');
	}
}

function checkVideo(video) {
	if (!present(video)) throw missing('video', 'Provide the video as a URL, an asset id or a base64 string.');
	if (!isObject(video)) throw invalid('video', 'It must be an object with a type and exactly one source.');
	rejectUnknownKeys(video, ['type', 'url', 'asset_id', 'base64_string'], 'video');
	if (!present(video.type)) throw missing('video.type');
	if (!['url', 'asset_id', 'base64_string'].includes(video.type)) {
		throw invalid('video.type', "It must be one of 'url', 'asset_id', 'base64_string'.");
	}
	const sources = ['url', 'asset_id', 'base64_string'].filter((key) => present(video[key]));
	if (sources.length !== 1 || sources[0] !== video.type) {
		throw invalid('video', `Provide exactly one source: the field '${video.type}' named by 'video.type'.`);
	}
	if (video.type === 'url') {
		const url = checkHttpUrl(video.url, 'video.url');
		if (SHARE_PAGE_HOSTS.test(url.hostname)) {
			throw invalid('video.url', 'It must be a direct link to a media file; pages of video platforms are not supported.');
		}
	}
	if (video.type === 'asset_id') requireNonEmptyString(video.asset_id, 'video.asset_id');
	if (video.type === 'base64_string') checkBase64(video.base64_string, 'video.base64_string');
}

function checkMediaSources(list, param) {
	if (!present(list)) return;
	if (!Array.isArray(list)) throw invalid(param, 'It must be a list of media sources.');
	if (list.length > 4) throw invalid(param, 'At most 4 media sources are allowed.');
	const names = new Set();
	list.forEach((source, i) => {
		const p = `${param}[${i}]`;
		if (!isObject(source)) throw invalid(p, 'Each media source must be an object.');
		rejectUnknownKeys(source, ['name', 'media_type', 'url', 'asset_id', 'base64_string'], p);
		requireNonEmptyString(source.name, `${p}.name`);
		if (names.has(source.name)) throw invalid(`${p}.name`, `Media source names must be unique; '${source.name}' is used twice.`);
		names.add(source.name);
		if (!present(source.media_type)) throw missing(`${p}.media_type`);
		if (source.media_type !== 'image') throw invalid(`${p}.media_type`, "The only supported value is 'image'.");
		const given = ['url', 'asset_id', 'base64_string'].filter((key) => present(source[key]));
		if (given.length !== 1) throw invalid(p, 'Provide exactly one of url, asset_id or base64_string.');
		if (given[0] === 'url') checkHttpUrl(source.url, `${p}.url`, ['https:']);
		if (given[0] === 'asset_id') requireNonEmptyString(source.asset_id, `${p}.asset_id`);
		if (given[0] === 'base64_string') checkBase64(source.base64_string, `${p}.base64_string`);
	});
}

function checkPrompts(body, mode, family) {
	const hasPrompt = present(body.prompt);
	const hasPromptV2 = present(body.prompt_v2);
	if (mode === 'time_based_metadata') {
		if (hasPrompt) throw invalid('prompt', "It is not allowed with analysis_mode 'time_based_metadata'; describe segments in segment_definitions.");
		if (hasPromptV2) throw invalid('prompt_v2', "It is not allowed with analysis_mode 'time_based_metadata'.");
		return;
	}
	if (hasPrompt && hasPromptV2) throw invalid('prompt', "'prompt' and 'prompt_v2' are mutually exclusive; send only one.");
	if (!hasPrompt && !hasPromptV2) throw missing('prompt', "General analysis needs 'prompt' or 'prompt_v2'.");
	if (hasPrompt) requireNonEmptyString(body.prompt, 'prompt');
	if (hasPromptV2) {
		if (family !== '1.5') throw invalid('prompt_v2', `It requires model 'pegasus1.5'; got '${body.model_name}'.`);
		if (!isObject(body.prompt_v2)) throw invalid('prompt_v2', 'It must be an object with input_text.');
		rejectUnknownKeys(body.prompt_v2, ['input_text', 'media_sources'], 'prompt_v2');
		requireNonEmptyString(body.prompt_v2.input_text, 'prompt_v2.input_text');
		checkMediaSources(body.prompt_v2.media_sources, 'prompt_v2.media_sources');
	}
}

function checkTimeRanges(ranges, param, body) {
	if (!present(ranges)) return;
	if (!Array.isArray(ranges) || ranges.length === 0) throw invalid(param, 'It must be a non-empty list of {start_time, end_time}.');
	for (const other of ['min_segment_duration', 'max_segment_duration', 'start_time', 'end_time']) {
		if (present(body[other])) throw invalid(param, `It cannot be combined with '${other}'.`);
	}
	ranges.forEach((range, i) => {
		const p = `${param}[${i}]`;
		if (!isObject(range)) throw invalid(p, 'Each time range must be an object {start_time, end_time}.');
		rejectUnknownKeys(range, ['start_time', 'end_time'], p);
		if (!isNumber(range.start_time) || range.start_time < 0) throw invalid(`${p}.start_time`, 'It must be a number of seconds >= 0.');
		if (!isNumber(range.end_time)) throw invalid(`${p}.end_time`, 'It must be a number of seconds.');
		if (range.end_time - range.start_time < 2) throw invalid(p, 'Each time range must be at least 2 seconds long (end_time - start_time >= 2).');
	});
	const sorted = [...ranges].sort((a, b) => a.start_time - b.start_time);
	for (let i = 1; i < sorted.length; i++) {
		if (sorted[i].start_time < sorted[i - 1].end_time) throw invalid(param, 'Time ranges must not overlap (touching is allowed).');
	}
}

function checkField(field, p, namesSeen) {
	if (!isObject(field)) throw invalid(p, 'Each field must be an object.');
	rejectUnknownKeys(field, ['name', 'description', 'type', 'format', 'enum', 'items'], p);
	requireNonEmptyString(field.name, `${p}.name`);
	// SegmentField: these names "are reserved and cannot be used for timestamp fields".
	if (field.type === 'timestamp' && RESERVED_FIELD_NAMES.includes(field.name)) {
		throw invalid(`${p}.name`, `'${field.name}' is reserved for timestamp fields (start_time, end_time and metadata are set by the API).`);
	}
	if (namesSeen.has(field.name)) throw invalid(`${p}.name`, `Field names must be unique in a definition; '${field.name}' is used twice.`);
	namesSeen.add(field.name);
	if (!present(field.description)) throw missing(`${p}.description`);
	if (typeof field.description !== 'string') throw invalid(`${p}.description`, 'It must be a string.');
	if (!present(field.type)) throw missing(`${p}.type`);
	if (!FIELD_TYPES.includes(field.type)) throw invalid(`${p}.type`, `It must be one of ${FIELD_TYPES.join(', ')}.`);
	if (field.type === 'timestamp') {
		if (!present(field.format)) throw missing(`${p}.format`, `A timestamp field needs a format: ${TIME_FORMATS.join(', ')}.`);
		if (!TIME_FORMATS.includes(field.format)) throw invalid(`${p}.format`, `It must be one of ${TIME_FORMATS.join(', ')}.`);
		if (present(field.enum)) throw invalid(`${p}.enum`, 'It is not allowed with type timestamp.');
	} else if (present(field.format)) {
		throw invalid(`${p}.format`, 'It is only allowed with type timestamp.');
	}
	if (present(field.enum)) {
		const ok = Array.isArray(field.enum) && field.enum.length >= 1 && field.enum.every((v) => typeof v === 'string');
		if (!ok) throw invalid(`${p}.enum`, 'It must be a non-empty list of strings.');
		if (field.enum.length > 100) throw invalid(`${p}.enum`, 'At most 100 values are allowed.');
	}
	if (field.type === 'array') {
		if (!present(field.items)) throw missing(`${p}.items`, 'An array field needs items: {type}.');
		if (!isObject(field.items)) throw invalid(`${p}.items`, 'It must be an object {type}.');
		rejectUnknownKeys(field.items, ['type'], `${p}.items`);
		if (!ITEM_TYPES.includes(field.items.type)) throw invalid(`${p}.items.type`, `It must be one of ${ITEM_TYPES.join(', ')}.`);
	} else if (field.type === 'timestamp' && present(field.items)) {
		// SegmentField.items: "Not supported when type is timestamp" (other types: not documented).
		throw invalid(`${p}.items`, 'It is not allowed with type timestamp.');
	}
}

function checkSegmentDefinitions(definitions, body) {
	const param = 'response_format.segment_definitions';
	if (!present(definitions)) throw missing(param, "analysis_mode 'time_based_metadata' needs segment definitions.");
	if (!Array.isArray(definitions) || definitions.length < 1 || definitions.length > 20) {
		throw invalid(param, 'It must be a list of 1 to 20 segment definitions.');
	}
	const ids = new Set();
	definitions.forEach((definition, i) => {
		const p = `${param}[${i}]`;
		if (!isObject(definition)) throw invalid(p, 'Each segment definition must be an object.');
		rejectUnknownKeys(definition, ['id', 'description', 'fields', 'media_sources', 'time_ranges'], p);
		requireNonEmptyString(definition.id, `${p}.id`);
		if (ids.has(definition.id)) throw invalid(`${p}.id`, `Segment definition ids must be unique; '${definition.id}' is used twice.`);
		ids.add(definition.id);
		requireNonEmptyString(definition.description, `${p}.description`);
		if (present(definition.fields)) {
			if (!Array.isArray(definition.fields)) throw invalid(`${p}.fields`, 'It must be a list of fields.');
			const names = new Set();
			definition.fields.forEach((field, j) => checkField(field, `${p}.fields[${j}]`, names));
		}
		checkMediaSources(definition.media_sources, `${p}.media_sources`);
		checkTimeRanges(definition.time_ranges, `${p}.time_ranges`, body);
	});
}

function checkResponseFormat(body, mode, family) {
	const format = body.response_format;
	if (!present(format)) {
		if (mode === 'time_based_metadata') throw missing('response_format', "analysis_mode 'time_based_metadata' needs response_format.type 'segment_definitions'.");
		return;
	}
	if (!isObject(format)) throw invalid('response_format', 'It must be an object with a type.');
	rejectUnknownKeys(format, ['type', 'json_schema', 'segment_definitions', 'segment_time_format'], 'response_format');
	if (!present(format.type)) throw missing('response_format.type');
	if (!['json_schema', 'segment_definitions'].includes(format.type)) {
		throw invalid('response_format.type', "It must be 'json_schema' or 'segment_definitions'.");
	}
	if (mode === 'general') {
		if (format.type !== 'json_schema') throw invalid('response_format.type', "'segment_definitions' needs analysis_mode 'time_based_metadata'.");
		if (present(format.segment_definitions)) throw invalid('response_format.segment_definitions', "It needs analysis_mode 'time_based_metadata'.");
		if (present(format.segment_time_format)) throw invalid('response_format.segment_time_format', "It needs analysis_mode 'time_based_metadata'.");
		if (!present(format.json_schema)) throw missing('response_format.json_schema', "response_format.type 'json_schema' needs a schema.");
		checkJsonSchema(format.json_schema, { family });
		return;
	}
	if (format.type !== 'segment_definitions') {
		throw invalid('response_format.type', "With analysis_mode 'time_based_metadata' it must be 'segment_definitions'.");
	}
	if (present(format.json_schema)) throw invalid('response_format.json_schema', "It is only allowed with response_format.type 'json_schema'.");
	if (present(format.segment_time_format) && !TIME_FORMATS.includes(format.segment_time_format)) {
		throw invalid('response_format.segment_time_format', `It must be one of ${TIME_FORMATS.join(', ')}.`);
	}
	checkSegmentDefinitions(format.segment_definitions, body);
}

function checkMaxTokens(body, model, family, mode) {
	const [min, max, fallback] = MAX_TOKENS[family][mode];
	if (!present(body.max_tokens)) return fallback;
	if (!Number.isInteger(body.max_tokens) || body.max_tokens < min || body.max_tokens > max) {
		const where = family === '1.2' ? model : `${model} in ${mode} mode`;
		throw invalid('max_tokens', `For ${where} it must be an integer between ${min} and ${max}.`);
	}
	return body.max_tokens;
}

function checkSegmentDurations(body, mode) {
	for (const name of ['min_segment_duration', 'max_segment_duration']) {
		if (!present(body[name])) continue;
		if (mode !== 'time_based_metadata') throw invalid(name, "It is only allowed with analysis_mode 'time_based_metadata'.");
		if (!isNumber(body[name]) || body[name] < 2) throw invalid(name, 'It must be a number of seconds >= 2.');
	}
	if (present(body.min_segment_duration) && present(body.max_segment_duration) && body.max_segment_duration < body.min_segment_duration) {
		throw invalid('max_segment_duration', 'It must be greater than or equal to min_segment_duration.');
	}
}

function checkClipWindow(body, model, family) {
	for (const name of ['start_time', 'end_time']) {
		if (!present(body[name])) continue;
		if (family !== '1.5') throw invalid(name, `It requires model 'pegasus1.5'; got '${model}'.`);
		if (!isNumber(body[name]) || body[name] < 0) throw invalid(name, 'It must be a number of seconds >= 0.');
	}
	if (present(body.start_time) && present(body.end_time)) {
		if (body.start_time >= body.end_time) throw invalid('end_time', 'It must be greater than start_time.');
		if (body.end_time - body.start_time < 4) throw invalid('end_time', 'The analysis window (end_time - start_time) must be at least 4 seconds.');
	} else if (present(body.end_time) && body.end_time < 4) {
		throw invalid('end_time', 'The analysis window (end_time - start_time) must be at least 4 seconds.');
	}
}

/**
 * Validates a create body. Returns the normalised request (defaults filled in) or
 * throws an ApiError. Checks that need the outside world (asset state, downloads) are
 * done later by the caller.
 */
function validateCreateBody(body) {
	if (!isObject(body)) throw new ApiError(400, 'parameter_invalid', 'The request body must be a JSON object.');
	for (const key of Object.keys(body)) {
		if (!TOP_LEVEL_FIELDS.includes(key)) throw unknownParam(key);
	}
	checkVideo(body.video);
	const model = present(body.model_name) ? body.model_name : DEFAULT_MODEL;
	const family = MODEL_FAMILY[model];
	if (!family) throw invalid('model_name', `It must be one of ${Object.keys(MODEL_FAMILY).join(', ')}.`);
	const mode = present(body.analysis_mode) ? body.analysis_mode : 'general';
	if (!ANALYSIS_MODES.includes(mode)) throw invalid('analysis_mode', "It must be 'general' or 'time_based_metadata'.");
	if (mode === 'time_based_metadata' && family !== '1.5') {
		throw invalid('analysis_mode', `'time_based_metadata' requires model 'pegasus1.5'; got '${model}'.`);
	}
	if (present(body.custom_id) && (typeof body.custom_id !== 'string' || !CUSTOM_ID_PATTERN.test(body.custom_id))) {
		throw invalid('custom_id', 'It must be 1 to 64 characters of letters, digits, underscores and hyphens.');
	}
	if (present(body.temperature) && (!isNumber(body.temperature) || body.temperature < 0 || body.temperature > 1)) {
		throw invalid('temperature', 'It must be a number between 0 and 1.');
	}
	checkPrompts(body, mode, family);
	checkResponseFormat(body, mode, family);
	const maxTokens = checkMaxTokens(body, model, family, mode);
	checkSegmentDurations(body, mode);
	checkClipWindow(body, model, family);
	return {
		model,
		family,
		mode,
		video: body.video,
		customId: present(body.custom_id) ? body.custom_id : null,
		prompt: present(body.prompt) ? body.prompt : undefined,
		promptV2: present(body.prompt_v2) ? body.prompt_v2 : undefined,
		temperature: present(body.temperature) ? body.temperature : DEFAULT_TEMPERATURE,
		maxTokens,
		responseFormat: present(body.response_format) ? body.response_format : undefined,
		minSegmentDuration: present(body.min_segment_duration) ? body.min_segment_duration : undefined,
		maxSegmentDuration: present(body.max_segment_duration) ? body.max_segment_duration : undefined,
		startTime: present(body.start_time) ? body.start_time : undefined,
		endTime: present(body.end_time) ? body.end_time : undefined,
	};
}

function parsePositiveInt(value, param, min, max) {
	if (!/^\d+$/.test(value)) throw invalid(param, `It must be an integer between ${min} and ${max}.`);
	const n = Number(value);
	if (n < min || n > max) throw invalid(param, `It must be an integer between ${min} and ${max}.`);
	return n;
}

/** Validates the list query (URLSearchParams). Unknown parameters are ignored. */
function validateListQuery(params) {
	const query = { page: 1, pageLimit: 10 };
	if (params.has('page')) query.page = parsePositiveInt(params.get('page'), 'page', 1, Number.MAX_SAFE_INTEGER);
	if (params.has('page_limit')) query.pageLimit = parsePositiveInt(params.get('page_limit'), 'page_limit', 1, 50);
	if (params.has('status')) {
		query.status = params.get('status');
		if (!STATUSES.includes(query.status)) throw invalid('status', `It must be one of ${STATUSES.join(', ')}.`);
	}
	if (params.has('analysis_mode')) {
		query.analysisMode = params.get('analysis_mode');
		if (!ANALYSIS_MODES.includes(query.analysisMode)) throw invalid('analysis_mode', "It must be 'general' or 'time_based_metadata'.");
	}
	if (params.has('video_url')) query.videoUrl = params.get('video_url');
	if (params.has('asset_id')) query.assetId = params.get('asset_id');
	return query;
}

module.exports = { validateCreateBody, validateListQuery, MAX_TOKENS, STATUSES };
