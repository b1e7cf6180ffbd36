/**
 * Segment definitions written as JSON (an expression, an AI agent, or pasted), read into
 * the same shape the form gives, so one set of checks serves both.
 */
import { isRecord } from '../api/errors';
import { fail, LABELS, parseJsonParameter } from './checks';
import type { DefinitionInput, ImageInput } from './input';

/** Reads segment definitions given as JSON (object, list, or `{segment_definitions: […]}`). */
export function definitionsFromJson(value: unknown): DefinitionInput[] {
	const parsed = parseJsonParameter(LABELS.definitionsJson, value);
	const list = Array.isArray(parsed)
		? parsed
		: isRecord(parsed) && Array.isArray(parsed.segment_definitions)
			? parsed.segment_definitions
			: isRecord(parsed) && 'id' in parsed
				? [parsed]
				: fail(
						LABELS.definitionsJson,
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
