'use strict';
/**
 * Task results that follow the request, deterministic from the seed and the task id:
 * plain text for prompts, JSON satisfying the json_schema, or segments per definition
 * whose metadata matches each field. Output longer than max_tokens is cut and reported
 * as finish_reason "length" (the caller adds the truncation warning).
 */
const { rngFor, randomInt, pick, uuid } = require('./prng');
const { formatTimestamp, clockText } = require('./timefmt');
const { generateFromSchema, PHRASES } = require('./schema-values');

/**
 * Smallest output, in tokens, each kind of task produces. max_tokens below it always
 * truncates; general text is 1 to 1.5 times this long.
 */
const MIN_OUTPUT_TOKENS = { legacyGeneral: 64, general: 600, segmentation: 2500 };
const CHARS_PER_TOKEN = 4;

const OPENINGS = [
	'opens on a wide establishing shot', 'starts with a short title card', 'begins with a close-up of the main subject',
	'opens with handheld footage', 'starts in the middle of the action',
];
const CONNECTORS = ['Then', 'After that', 'Shortly after', 'Next', 'Meanwhile', 'Later'];
const CLOSINGS = [
	'The overall tone is upbeat and informative.', 'Lighting stays natural throughout.',
	'Background music underlines the key moments.', 'The pacing is steady, with few cuts.',
	'No on-screen text appears apart from the opening title.',
];

function minOutputTokens(request) {
	if (request.mode === 'time_based_metadata') return MIN_OUTPUT_TOKENS.segmentation;
	return request.family === '1.2' ? MIN_OUTPUT_TOKENS.legacyGeneral : MIN_OUTPUT_TOKENS.general;
}

function shorten(text, max) {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function generalText(task, rng) {
	const { request } = task;
	const prompt = request.prompt ?? request.promptV2.input_text;
	const seconds = task.videoSeconds;
	const targetChars = randomInt(rng, minOutputTokens(request), Math.floor(minOutputTokens(request) * 1.5)) * CHARS_PER_TOKEN;
	const sentences = [
		`Summary of ${task.videoName}: the ${Math.round(seconds)}-second video ${pick(rng, OPENINGS)}.`,
		`In answer to "${shorten(prompt, 120)}": the video shows ${pick(rng, PHRASES)}.`,
	];
	for (const source of request.promptV2?.media_sources ?? []) {
		sentences.push(`The reference image <@${source.name}> matches what appears at ${clockText(Math.floor(rng() * seconds))}.`);
	}
	let text = sentences.join(' ');
	let at = 0;
	while (text.length < targetChars) {
		at = Math.min(seconds, at + rng() * (seconds / 8));
		const sentence = rng() < 0.2 ? pick(rng, CLOSINGS) : `${pick(rng, CONNECTORS)}, at ${clockText(Math.floor(at))}, ${pick(rng, PHRASES)}.`;
		text += ` ${sentence}`;
	}
	return text;
}

/** Consecutive segments inside [from, to], each between minLength and maxLength long. */
function planSegments(rng, from, to, minLength, maxLength, maxCount) {
	const span = to - from;
	const minLen = Math.min(minLength ?? 2, span);
	const maxLen = Math.max(minLen, Math.min(maxLength ?? Math.max(minLen, span / 2), span));
	const count = randomInt(rng, 1, maxCount);
	const spans = [];
	let cursor = from;
	for (let i = 0; i < count; i++) {
		// Spread the segments over the window instead of bunching them at its start.
		const gapRoom = Math.max(0, (to - cursor) / (count - i) - maxLen);
		const gap = Math.min(rng() * gapRoom, to - cursor - minLen);
		const start = Math.round((cursor + Math.max(gap, 0)) * 10) / 10;
		if (start + minLen > to + 1e-9) break;
		const room = Math.min(maxLen, to - start);
		const length = minLen + rng() * (room - minLen);
		const end = Math.min(Math.max(Math.round((start + length) * 10) / 10, start + minLen), start + maxLen, to);
		spans.push([round3(start), round3(end)]);
		cursor = end;
	}
	if (spans.length === 0) spans.push([round3(from), round3(from + minLen)]);
	return spans;
}

const round3 = (x) => Math.round(x * 1000) / 1000;

/** Turns an enum's string into the field's type when it reads as one. */
function coerce(value, type) {
	if ((type === 'number' || type === 'integer') && Number.isFinite(Number(value))) return Number(value);
	if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
	return value;
}

function scalarValue(type, rng, field) {
	if (Array.isArray(field.enum)) return coerce(pick(rng, field.enum), type);
	if (type === 'boolean') return rng() < 0.5;
	if (type === 'number') return Math.round(rng() * 10000) / 100;
	if (type === 'integer') return randomInt(rng, 0, 100);
	return pick(rng, PHRASES);
}

function fieldValue(field, start, end, rng) {
	if (field.type === 'timestamp') return formatTimestamp(start + rng() * (end - start), field.format);
	if (field.type === 'array') {
		const count = randomInt(rng, 1, 3);
		return Array.from({ length: count }, () => scalarValue(field.items.type, rng, field));
	}
	return scalarValue(field.type, rng, field);
}

function segmentationData(task, rng) {
	const { request } = task;
	const format = request.responseFormat;
	const timeFormat = format.segment_time_format ?? 'seconds';
	const windowStart = request.startTime ?? 0;
	const windowEnd = Math.min(request.endTime ?? task.videoSeconds, task.videoSeconds);
	const data = {};
	for (const definition of format.segment_definitions) {
		const spans = definition.time_ranges
			? definition.time_ranges.flatMap((r) => planSegments(rng, r.start_time, r.end_time, 2, undefined, 2))
			: planSegments(rng, windowStart, windowEnd, request.minSegmentDuration, request.maxSegmentDuration, 5);
		data[definition.id] = spans.map(([start, end]) => {
			const metadata = {};
			for (const field of definition.fields ?? []) metadata[field.name] = fieldValue(field, start, end, rng);
			return { start_time: formatTimestamp(start, timeFormat), end_time: formatTimestamp(end, timeFormat), metadata };
		});
	}
	return data;
}

function estimateInputTokens(task) {
	const { request } = task;
	const windowSeconds = Math.min(request.endTime ?? task.videoSeconds, task.videoSeconds) - (request.startTime ?? 0);
	const promptChars = (request.prompt ?? request.promptV2?.input_text ?? '').length;
	const definitions = request.responseFormat?.segment_definitions ?? [];
	const images = (request.promptV2?.media_sources?.length ?? 0)
		+ definitions.reduce((n, d) => n + (d.media_sources?.length ?? 0), 0);
	return Math.round(Math.max(windowSeconds, 1) * 25) + Math.ceil(promptChars / CHARS_PER_TOKEN) + definitions.length * 32 + images * 258 + 40;
}

/** Cuts the output where max_tokens ran out; always removes at least one character. */
function truncate(text, maxTokens, neededTokens) {
	const length = Math.max(1, Math.min(text.length - 1, Math.floor((text.length * maxTokens) / neededTokens)));
	return text.slice(0, length);
}

/**
 * Builds the result of a ready task: {wire: {generation_id, data, finish_reason, usage},
 * truncated}. `truncated` is false, 'max_tokens' (the output reached max_tokens) or
 * 'context_window' (the URL knob sim_truncate=context: input and output reached the model's
 * context window first, so output_tokens stays below max_tokens).
 */
function buildResult(task, seed) {
	const rng = rngFor(seed, 'result', task.id);
	const { request } = task;
	let text;
	if (request.mode === 'time_based_metadata') text = JSON.stringify(segmentationData(task, rng));
	else if (request.responseFormat) {
		text = JSON.stringify(generateFromSchema(request.responseFormat.json_schema, {
			rng, videoSeconds: task.videoSeconds, baseEpochMs: task.createdAt,
		}));
	} else text = generalText(task, rng);
	const neededTokens = Math.max(Math.ceil(text.length / CHARS_PER_TOKEN), minOutputTokens(request));
	const truncated = task.knobs?.truncate === 'context'
		? 'context_window'
		: request.maxTokens < neededTokens ? 'max_tokens' : false;
	const outputTokens = truncated === 'context_window'
		? Math.max(1, Math.floor(Math.min(request.maxTokens, neededTokens) / 2))
		: truncated ? request.maxTokens : Math.ceil(text.length / CHARS_PER_TOKEN);
	const wire = {
		generation_id: uuid(rng),
		data: truncated ? truncate(text, outputTokens, neededTokens) : text,
		finish_reason: truncated ? 'length' : 'stop',
		usage: { output_tokens: outputTokens, input_tokens: estimateInputTokens(task) },
	};
	return { wire, truncated };
}

module.exports = { buildResult, MIN_OUTPUT_TOKENS, planSegments };
