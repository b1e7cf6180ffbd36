/**
 * Segment definitions written as JSON (an expression, an AI agent, or pasted), read into
 * the same shape the form gives, so one set of checks serves both.
 */
import { isRecord } from '../api/errors';
import { fail, LABELS, parseJsonParameter } from './checks';
import type { DefinitionInput, FieldInput, ImageInput } from './input';

/** Reads segment definitions given as JSON (object, list, or `{segment_definitions: […]}`). */
export function definitionsFromJson(value: unknown): DefinitionInput[] {
	const list = definitionList(parseJsonParameter(LABELS.definitionsJson, value));
	return list.map((entry: unknown, index: number) =>
		definitionFromJson(entry, `${LABELS.definitionsJson} › [${index}]`),
	);
}

/** The list of definitions: the value itself, its `segment_definitions`, or one definition. */
function definitionList(parsed: unknown): unknown[] {
	if (Array.isArray(parsed)) return parsed;
	if (isRecord(parsed) && Array.isArray(parsed.segment_definitions))
		return parsed.segment_definitions;
	if (isRecord(parsed) && 'id' in parsed) return [parsed];
	return fail(
		LABELS.definitionsJson,
		'is not a list of definitions',
		'Write a JSON list such as [{"id": "scene", "description": "…", "fields": [ … ]}].',
	);
}

function definitionFromJson(entry: unknown, label: string): DefinitionInput {
	if (!isRecord(entry))
		fail(
			label,
			'is not an object',
			'Each definition is an object with "id", "description" and optional "fields".',
		);
	const fields = listIn(
		entry,
		'fields',
		label,
		'"fields": [{"name": …, "type": …, "description": …}]',
	);
	const timeRanges = listIn(
		entry,
		'time_ranges',
		label,
		'"time_ranges": [{"start_time": 0, "end_time": 30}]',
	);
	const mediaSources = listIn(
		entry,
		'media_sources',
		label,
		'"media_sources": [{"name": …, "media_type": "image", "url": …}]',
	);
	return {
		id: stringOr(entry.id, ''),
		description: stringOr(entry.description, ''),
		fields: fields.map((field, index) => fieldFromJson(field, `${label} › fields[${index}]`)),
		referenceImages: mediaSources.map((source, index) =>
			imageFromJson(source, `${label} › media_sources[${index}]`),
		),
		timeRanges: timeRanges.map(timeRangeFromJson),
	};
}

/** `entry[key]` as a list (absent: empty), or a refusal showing how to write it. */
function listIn(
	entry: Record<string, unknown>,
	key: string,
	label: string,
	example: string,
): unknown[] {
	const value = entry[key] === undefined ? [] : entry[key];
	if (!Array.isArray(value)) fail(`${label} › ${key}`, 'is not a list', `Write ${example}.`);
	return value;
}

function stringOr<T>(value: unknown, otherwise: T): string | T {
	return typeof value === 'string' ? value : otherwise;
}

function fieldFromJson(field: unknown, label: string): FieldInput {
	const record = isRecord(field) ? field : {};
	const items = isRecord(record.items) ? record.items : {};
	if (record.enum !== undefined && record.enum !== null && !Array.isArray(record.enum))
		fail(`${label} › enum`, 'is not a list', 'Write "enum": ["a", "b"], or remove it.');
	return {
		name: stringOr(record.name, ''),
		type: stringOr(record.type, String(record.type)),
		description: stringOr(record.description, ''),
		enumValues: Array.isArray(record.enum) ? record.enum.map(String) : undefined,
		itemType: stringOr(items.type, undefined),
		format: stringOr(record.format, undefined),
	};
}

function imageFromJson(source: unknown, label: string): ImageInput {
	const record = isRecord(source) ? source : {};
	const name = stringOr(record.name, '');
	// SmeMediaSource.media_type: only "image"; the node sends it, so it may be left out.
	if (record.media_type !== undefined && record.media_type !== 'image')
		fail(
			`${label} › media_type`,
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
	return { name, source: 'url', url: stringOr(record.url, '') };
}

function timeRangeFromJson(range: unknown): { startTime: number; endTime: number } {
	const record = isRecord(range) ? range : {};
	return { startTime: Number(record.start_time), endTime: Number(record.end_time) };
}
