/**
 * Choices the create form offers in more than one place, and how a choice is read back.
 * Custom-field types fold the array item type and the timestamp format into the Type itself
 * ("Array of Strings", "Timestamp (HH:MM:SS)"), so a field row needs no extra dropdowns.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

export const TIMESTAMP_FORMAT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'HH:MM:SS (e.g. 00:01:05)', value: 'hh:mm:ss' },
	{ name: 'HH:MM:SS.fff (e.g. 00:01:05.250)', value: 'hh:mm:ss.fff' },
	{ name: 'Seconds (e.g. 65.25)', value: 'seconds' },
];

export const CUSTOM_FIELD_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Array of Booleans', value: 'array:boolean' },
	{ name: 'Array of Integers', value: 'array:integer' },
	{ name: 'Array of Numbers', value: 'array:number' },
	{ name: 'Array of Strings', value: 'array:string' },
	{ name: 'Boolean', value: 'boolean' },
	{ name: 'Integer', value: 'integer' },
	{ name: 'Number', value: 'number' },
	{ name: 'String', value: 'string' },
	// A moment in the video, written in the chosen format.
	{ name: 'Timestamp (HH:MM:SS)', value: 'timestamp:hh:mm:ss' },
	{ name: 'Timestamp (HH:MM:SS.fff)', value: 'timestamp:hh:mm:ss.fff' },
	{ name: 'Timestamp (Seconds)', value: 'timestamp:seconds' },
];

/** The custom-field types that take no list of allowed values. */
export const TYPES_WITHOUT_ALLOWED_VALUES = CUSTOM_FIELD_TYPE_OPTIONS.map((option) =>
	String(option.value),
).filter(
	(value) => value === 'boolean' || value.endsWith(':boolean') || value.startsWith('timestamp'),
);

/** Splits a form Type ("array:string", "timestamp:hh:mm:ss", "number") into the API's parts. */
export function decodeFieldType(formType: string): {
	type: string;
	itemType?: string;
	format?: string;
} {
	const colon = formType.indexOf(':');
	if (colon < 0) return { type: formType };
	const type = formType.slice(0, colon);
	const detail = formType.slice(colon + 1);
	if (type === 'array') return { type, itemType: detail };
	if (type === 'timestamp') return { type, format: detail };
	return { type: formType };
}
