/**
 * An item's "Overrides (JSON)": the batch fields one item may set differently from the form
 * (BatchItemRequest: prompt, response_format, temperature, max_tokens, the segment durations,
 * start_time, end_time), applied to the item's CreateInput so that the task create rules
 * (createRequest/) check the result exactly as they check a task. Pure.
 */
import { isRecord } from '../api/errors';
import { BATCH_SETTING_KEYS } from '../api/batchTypes';
import { fail, parseJsonParameter } from '../createRequest/checks';
import type { CreateInput, ImageInput } from '../createRequest/input';

export const OVERRIDES_LABEL = 'Overrides (JSON)';

const at = (key: string) => `${OVERRIDES_LABEL} › ${key}`;

/** The parsed overrides of one item; undefined when the field is empty. */
export function parseOverrides(value: unknown): Record<string, unknown> | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	const parsed = parseJsonParameter(OVERRIDES_LABEL, value);
	if (!isRecord(parsed))
		fail(
			OVERRIDES_LABEL,
			`is ${Array.isArray(parsed) ? 'a list' : JSON.stringify(parsed)}, not an object`,
			'Write an object such as {"prompt": "List the products shown", "temperature": 0.5}, or leave it empty.',
		);
	const allowed: readonly string[] = BATCH_SETTING_KEYS;
	for (const key of Object.keys(parsed)) {
		if (!allowed.includes(key))
			fail(
				at(key),
				'is not a field an item can override',
				`Use only ${BATCH_SETTING_KEYS.join(', ')}. The model and the analysis mode are the same for the whole batch; the asset and the custom ID have their own fields.`,
			);
	}
	return Object.keys(parsed).length > 0 ? parsed : undefined;
}

function numberAt(overrides: Record<string, unknown>, key: string): number | undefined {
	const value = overrides[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value))
		fail(at(key), `is ${JSON.stringify(value)}, not a number`, `Write a number, e.g. "${key}": 10.`);
	return value;
}

/** SmeMediaSource entries as the create rules read reference images. */
function imagesOf(key: string, value: unknown): ImageInput[] {
	if (value === undefined) return [];
	if (!Array.isArray(value))
		fail(at(key), 'is not a list', 'Write "media_sources": [{"name": …, "media_type": "image", "url": …}].');
	return value.map((entry: unknown): ImageInput => {
		const record = isRecord(entry) ? entry : {};
		const name = typeof record.name === 'string' ? record.name : '';
		if (typeof record.asset_id === 'string') return { name, source: 'assetId', assetId: record.asset_id };
		if (typeof record.base64_string === 'string')
			return {
				name,
				source: 'binary',
				base64: record.base64_string,
				sizeBytes: Math.floor((record.base64_string.length * 3) / 4),
			};
		return { name, source: 'url', url: typeof record.url === 'string' ? record.url : '' };
	});
}

function applyPrompt(input: CreateInput, value: unknown): void {
	if (input.analysisMode === 'time_based_metadata')
		fail(
			at('prompt'),
			'is not allowed in Video Segmentation mode',
			'Remove "prompt": segmentation is driven by the segment definitions (override "response_format" instead).',
		);
	if (typeof value === 'string') {
		input.prompt = value;
		input.referenceImages = undefined;
		return;
	}
	if (!isRecord(value) || typeof value.input_text !== 'string')
		fail(
			at('prompt'),
			'is neither text nor {"input_text": …}',
			'Write "prompt": "…", or "prompt": {"input_text": "…", "media_sources": [ … ]}.',
		);
	input.prompt = value.input_text;
	input.referenceImages = imagesOf('prompt › media_sources', value.media_sources);
}

function applyResponseFormat(input: CreateInput, value: unknown): void {
	const segmentation = input.analysisMode === 'time_based_metadata';
	const wanted = segmentation ? 'segment_definitions' : 'json_schema';
	if (!isRecord(value) || value.type !== wanted)
		fail(
			at('response_format'),
			`must have "type": "${wanted}" in ${segmentation ? 'Video Segmentation' : 'General'} mode`,
			segmentation
				? 'Write {"type": "segment_definitions", "segment_definitions": [ … ]}.'
				: 'Write {"type": "json_schema", "json_schema": { … }}.',
		);
	if (segmentation) {
		input.definitionsSource = 'json';
		input.definitionsJson = value.segment_definitions ?? [];
		input.definitions = undefined;
		input.options = {
			...input.options,
			segmentTimeFormat:
				value.segment_time_format === undefined ? undefined : String(value.segment_time_format),
		};
		return;
	}
	input.responseFormat = 'jsonSchema';
	input.jsonSchema = value.json_schema;
}

/** The item's CreateInput with its overrides applied (a copy; `input` is left as it was). */
export function applyOverrides(input: CreateInput, overrides: Record<string, unknown>): CreateInput {
	const merged: CreateInput = { ...input, options: { ...input.options } };
	if ('prompt' in overrides) applyPrompt(merged, overrides.prompt);
	if ('response_format' in overrides) applyResponseFormat(merged, overrides.response_format);
	const numbers = [
		['temperature', 'temperature'],
		['max_tokens', 'maxTokens'],
		['start_time', 'startTime'],
		['end_time', 'endTime'],
		['min_segment_duration', 'minSegmentDuration'],
		['max_segment_duration', 'maxSegmentDuration'],
	] as const;
	for (const [key, option] of numbers) {
		if (key in overrides) merged.options[option] = numberAt(overrides, key);
	}
	return merged;
}
