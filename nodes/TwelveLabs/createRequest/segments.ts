/**
 * Segment definitions (video segmentation): their custom fields, allowed values,
 * reference images and time ranges, checked and turned into the API's format.
 */
import type { SegmentDefinition, SegmentField, TimeRange, TimestampFormat } from '../api/types';
import { checkAtMost, distinctName, fail, isBlank, parseJsonParameter } from './checks';
import {
	ARRAY_ITEM_TYPES,
	FIELD_TYPES,
	MAX_ENUM_VALUES,
	MAX_SEGMENT_DEFINITIONS,
	RESERVED_TIMESTAMP_FIELD_NAMES,
	TIMESTAMP_FORMATS,
	type DefinitionInput,
	type FieldInput,
} from './input';
import { buildMediaSources } from './media';

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

/** One custom field of a definition, checked in the order the form shows its parts. */
function buildField(label: string, field: FieldInput): SegmentField {
	const name = checkedFieldName(label, field);
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
	addFormat(built, label, field);
	addEnum(built, label, field);
	addItems(built, label, field);
	return built;
}

/** The field's name, trimmed: not empty, and not a name reserved for timestamp fields. */
function checkedFieldName(label: string, field: FieldInput): string {
	if (isBlank(field.name)) fail(`${label} › Name`, 'is empty', 'Name the field, e.g. "sentiment".');
	const name = field.name.trim();
	if (field.type === 'timestamp' && RESERVED_TIMESTAMP_FIELD_NAMES.includes(name)) {
		fail(
			`${label} › Name`,
			`is "${name}", a name TwelveLabs reserves for timestamp fields`,
			'Choose another name for this timestamp field: start_time, end_time and metadata mark each segment already.',
		);
	}
	return name;
}

/** Timestamp Format: required by timestamp fields, refused by the others. */
function addFormat(built: SegmentField, label: string, field: FieldInput): void {
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
}

/** Allowed Values: at most MAX_ENUM_VALUES, not for timestamp fields. */
function addEnum(built: SegmentField, label: string, field: FieldInput): void {
	const enumValues = splitEnumValues(`${label} › Allowed Values`, field.enumValues);
	if (enumValues.length === 0) return;
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

/** Array Item Type: required by array fields, refused by timestamp fields, passed on by the others. */
function addItems(built: SegmentField, label: string, field: FieldInput): void {
	if (field.type === 'array') {
		if (!field.itemType || !(ARRAY_ITEM_TYPES as readonly string[]).includes(field.itemType)) {
			fail(
				`${label} › Array Item Type`,
				'is missing',
				`An array field needs an item type: ${ARRAY_ITEM_TYPES.join(', ')}.`,
			);
		}
	} else if (field.itemType === undefined) {
		return;
	} else if (field.type === 'timestamp') {
		// SegmentField.items: "Not supported when type is timestamp"; other types: no rule.
		fail(
			`${label} › Array Item Type`,
			'is set for a timestamp field',
			'Remove "items": only array fields need an item type, and timestamp fields refuse it.',
		);
	}
	built.items = { type: field.itemType as NonNullable<SegmentField['items']>['type'] };
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

export function buildDefinitions(
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
	checkAtMost(
		listLabel,
		definitions.length,
		MAX_SEGMENT_DEFINITIONS,
		'definitions',
		'Remove definitions (each one is billed).',
	);
	const ids = new Set<string>();
	return definitions.map((definition, index) => buildDefinition(labelOf(index), definition, ids));
}

/** One definition; `ids` holds the IDs of the definitions before it (each ID once). */
function buildDefinition(
	label: string,
	definition: DefinitionInput,
	ids: Set<string>,
): SegmentDefinition {
	const id = distinctName(`${label} › ID`, definition.id, ids, {
		noun: 'ID',
		empty: 'Give the definition an ID such as "scene"; it becomes the key of its results.',
		repeated: 'Give every segment definition its own ID.',
	});
	if (isBlank(definition.description))
		fail(
			`${label} › Description`,
			'is empty',
			'Describe the segments to find, e.g. "each scene with a change of location".',
		);
	const built: SegmentDefinition = { id, description: definition.description.trim() };
	if (definition.fields.length > 0) built.fields = buildFields(label, definition.fields);
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
}

/** The custom fields of one definition, each name once. */
function buildFields(label: string, fields: FieldInput[]): SegmentField[] {
	const fieldNames = new Set<string>();
	return fields.map((field, fieldIndex) => {
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
