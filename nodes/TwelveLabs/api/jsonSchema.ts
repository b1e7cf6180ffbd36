/**
 * Checks a response JSON schema against the Draft 2020-12 subset TwelveLabs accepts, so an
 * unsupported keyword is refused before the request (the API would answer 422).
 */
import { isRecord } from './errors';

export const UNSUPPORTED_SCHEMA_KEYWORDS = [
	'minLength',
	'maxLength',
	'additionalProperties',
	'uniqueItems',
	'maxItems',
];

const SUPPORTED_TYPES = [
	'array',
	'boolean',
	'integer',
	'null',
	'number',
	'object',
	'string',
	'timestamp',
];
const STRING_FORMATS = ['uuid', 'date-time', 'date', 'time'];
const TIMESTAMP_FORMATS = ['seconds', 'hh:mm:ss', 'hh:mm:ss.fff'];
const SUBSCHEMA_MAPS = ['properties', '$defs', 'definitions'];
const SUBSCHEMA_LISTS = ['anyOf', 'prefixItems'];

export interface SchemaProblem {
	path: string;
	problem: string;
	fix: string;
}

/** Returns the first problem found, walking the schema depth first; undefined when it is usable. */
export function findSchemaProblem(
	schema: unknown,
	options: { timestampAllowed: boolean },
	path = '(root)',
): SchemaProblem | undefined {
	if (!isRecord(schema)) {
		return {
			path,
			problem: 'is not a JSON object',
			fix: 'Each schema and sub-schema must be an object such as {"type": "string"}.',
		};
	}
	for (const keyword of UNSUPPORTED_SCHEMA_KEYWORDS) {
		if (keyword in schema) {
			return {
				path,
				problem: `uses "${keyword}", which TwelveLabs does not support`,
				fix: `Remove "${keyword}" from the schema (supported: properties, required, items, minItems 0 or 1, minimum/maximum, pattern, format, const, enum, anyOf, $ref into $defs).`,
			};
		}
	}
	const types = Array.isArray(schema.type)
		? schema.type
		: schema.type === undefined
			? []
			: [schema.type];
	for (const type of types) {
		if (typeof type !== 'string' || !SUPPORTED_TYPES.includes(type)) {
			return {
				path,
				problem: `has the unsupported type ${JSON.stringify(type)}`,
				fix: `Use one of: ${SUPPORTED_TYPES.join(', ')}.`,
			};
		}
		if (type === 'timestamp') {
			if (!options.timestampAllowed) {
				return {
					path,
					problem: 'uses the type "timestamp", which needs Pegasus 1.5',
					fix: 'Choose the model Pegasus 1.5, or use "number".',
				};
			}
			if (typeof schema.format !== 'string' || !TIMESTAMP_FORMATS.includes(schema.format)) {
				return {
					path,
					problem: 'is a timestamp without a valid "format"',
					fix: `Add "format": one of ${TIMESTAMP_FORMATS.join(', ')}.`,
				};
			}
		}
	}
	if (
		typeof schema.format === 'string' &&
		!types.includes('timestamp') &&
		!STRING_FORMATS.includes(schema.format)
	) {
		return {
			path,
			problem: `uses the unsupported format "${schema.format}"`,
			fix: `Use one of: ${STRING_FORMATS.join(', ')} (or remove "format").`,
		};
	}
	if ('minItems' in schema && schema.minItems !== 0 && schema.minItems !== 1) {
		return {
			path,
			problem: 'sets "minItems" to a value other than 0 or 1',
			fix: 'Set "minItems" to 0 or 1, or remove it.',
		};
	}
	if (
		'required' in schema &&
		(!Array.isArray(schema.required) || schema.required.some((name) => typeof name !== 'string'))
	) {
		return {
			path,
			problem: 'has a "required" that is not a list of property names',
			fix: 'Write "required": ["name", …].',
		};
	}
	if ('enum' in schema && (!Array.isArray(schema.enum) || schema.enum.length === 0)) {
		return {
			path,
			problem: 'has an "enum" that is not a non-empty list',
			fix: 'Write "enum": ["a", "b", …].',
		};
	}
	for (const key of SUBSCHEMA_MAPS) {
		if (!(key in schema)) continue;
		const map = schema[key];
		if (!isRecord(map)) {
			return {
				path,
				problem: `has a "${key}" that is not an object`,
				fix: `Write "${key}": {"name": {…schema…}}.`,
			};
		}
		for (const [name, child] of Object.entries(map)) {
			const problem = findSchemaProblem(child, options, `${path}.${key}.${name}`);
			if (problem) return problem;
		}
	}
	for (const key of SUBSCHEMA_LISTS) {
		if (!(key in schema)) continue;
		const list = schema[key];
		if (!Array.isArray(list) || list.length === 0) {
			return {
				path,
				problem: `has a "${key}" that is not a non-empty list`,
				fix: `Write "${key}": [{…schema…}, …].`,
			};
		}
		for (const [index, child] of list.entries()) {
			const problem = findSchemaProblem(child, options, `${path}.${key}[${index}]`);
			if (problem) return problem;
		}
	}
	if ('items' in schema) {
		const problem = findSchemaProblem(schema.items, options, `${path}.items`);
		if (problem) return problem;
	}
	if (
		typeof schema.$ref === 'string' &&
		!schema.$ref.startsWith('#/$defs/') &&
		!schema.$ref.startsWith('#/definitions/')
	) {
		return {
			path,
			problem: `has a "$ref" outside the schema ("${schema.$ref}")`,
			fix: 'Point "$ref" into "$defs", e.g. "#/$defs/person".',
		};
	}
	return undefined;
}
