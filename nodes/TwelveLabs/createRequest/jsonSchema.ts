/**
 * Checks a response JSON schema against the Draft 2020-12 subset TwelveLabs documents
 * (twelvelabs-js 1.3.4, AsyncResponseFormat.jsonSchema), so what the API would refuse (400 or
 * 422) is refused before the request, and nothing it documents as allowed is. The walk is
 * iterative: a schema nested thousands of levels deep gets an answer, not a stack overflow.
 */
import { isRecord } from '../api/errors';

/** 422 in the reference: the five it names, and every composition keyword but anyOf. */
export const UNSUPPORTED_SCHEMA_KEYWORDS = [
	'minLength',
	'maxLength',
	'additionalProperties',
	'uniqueItems',
	'maxItems',
	'oneOf',
	'allOf',
	'not',
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
const SUBSCHEMA_MAPS = ['properties', '$defs'];
const SUBSCHEMA_LISTS = ['anyOf', 'prefixItems'];
/** Property names the API fills with times at any depth; their declared type is restricted. */
const TIME_PROPERTY_NAMES = ['start_time', 'end_time'];
const TIME_PROPERTY_REFUSED_TYPES = ['boolean', 'object', 'array', 'null'];
const REF_PATTERN = /^#\/\$defs\/([^/]+)$/;

export interface SchemaProblem {
	path: string;
	problem: string;
	fix: string;
}

/** One step from a schema to a sub-schema: `properties.name`, `anyOf[1]`, `items`. */
interface Step {
	container: string;
	key?: string;
}

/** A sub-schema and how it was reached (a parent chain, so deep schemas cost no copies). */
interface Visit {
	schema: unknown;
	step?: Step;
	parent?: Visit;
}

function stepsOf(visit: Visit): Step[] {
	const steps: Step[] = [];
	for (let at: Visit | undefined = visit; at?.step; at = at.parent) steps.push(at.step);
	return steps.reverse();
}

function pathText(steps: readonly Step[]): string {
	let text = '(root)';
	for (const step of steps) {
		if (step.key === undefined) text += `.${step.container}`;
		else if (SUBSCHEMA_LISTS.includes(step.container)) text += `.${step.container}[${step.key}]`;
		else text += `.${step.container}.${step.key}`;
	}
	return text;
}

/** Documented positions: properties.<name>, or properties.<array>.items.properties.<name>. */
function isTimestampPosition(steps: readonly Step[]): boolean {
	const shape = steps.map((step) => step.container).join('/');
	return shape === 'properties' || shape === 'properties/items/properties';
}

function typesOf(schema: Record<string, unknown>): unknown[] {
	if (Array.isArray(schema.type)) return schema.type;
	return schema.type === undefined ? [] : [schema.type];
}

type Check = (
	schema: Record<string, unknown>,
	visit: Visit,
	context: { root: Record<string, unknown>; timestampAllowed: boolean },
) => Omit<SchemaProblem, 'path'> | undefined;

const checkKeywords: Check = (schema) => {
	const keyword = UNSUPPORTED_SCHEMA_KEYWORDS.find((name) => name in schema);
	if (!keyword) return undefined;
	return {
		problem: `uses "${keyword}", which TwelveLabs does not support`,
		fix: `Remove "${keyword}" from the schema (supported: properties, required, items, minItems 0 or 1, minimum/maximum, pattern, format, const, enum, anyOf, $ref into $defs).`,
	};
};

const checkTypes: Check = (schema, visit, { timestampAllowed }) => {
	for (const type of typesOf(schema)) {
		if (typeof type !== 'string' || !SUPPORTED_TYPES.includes(type)) {
			return {
				problem: `has the unsupported type ${JSON.stringify(type)}`,
				fix: `Use one of: ${SUPPORTED_TYPES.join(', ')}.`,
			};
		}
		if (type !== 'timestamp') continue;
		if (!timestampAllowed) {
			return {
				problem: 'uses the type "timestamp", which needs Pegasus 1.5',
				fix: 'Choose the model Pegasus 1.5, or use "number".',
			};
		}
		if (typeof schema.format !== 'string' || !TIMESTAMP_FORMATS.includes(schema.format)) {
			return {
				problem: 'is a timestamp without a valid "format"',
				fix: `Add "format": one of ${TIMESTAMP_FORMATS.join(', ')}.`,
			};
		}
		if (!isTimestampPosition(stepsOf(visit))) {
			return {
				problem:
					'declares a timestamp where TwelveLabs does not allow one (deeper nesting, inside anyOf, or in $defs)',
				fix: 'Declare timestamps only as properties.<name> or properties.<array>.items.properties.<name>; elsewhere use "number".',
			};
		}
	}
	if (
		typeof schema.format === 'string' &&
		!typesOf(schema).includes('timestamp') &&
		!STRING_FORMATS.includes(schema.format)
	) {
		return {
			problem: `uses the unsupported format "${schema.format}"`,
			fix: `Use one of: ${STRING_FORMATS.join(', ')} (or remove "format").`,
		};
	}
	return undefined;
};

/** start_time/end_time: number, integer, timestamp or a string without format (reference table). */
const checkTimeProperty: Check = (schema, visit) => {
	const last = visit.step;
	if (last?.container !== 'properties' || !TIME_PROPERTY_NAMES.includes(last.key ?? '')) {
		return undefined;
	}
	const types = typesOf(schema);
	const refused = types.find((type) => TIME_PROPERTY_REFUSED_TYPES.includes(String(type)));
	const stringWithFormat = types.includes('string') && schema.format !== undefined;
	if (refused === undefined && !stringWithFormat) return undefined;
	return {
		problem: `declares "${last.key}" as ${stringWithFormat ? 'a string with a format' : `"${String(refused)}"`}, which TwelveLabs refuses for this name`,
		fix: `TwelveLabs fills "${last.key}" with a time: declare it as number, integer, timestamp (with a format) or string without "format", or rename the property.`,
	};
};

const checkConstraints: Check = (schema) => {
	if ('minItems' in schema && schema.minItems !== 0 && schema.minItems !== 1) {
		return {
			problem: 'sets "minItems" to a value other than 0 or 1',
			fix: 'Set "minItems" to 0 or 1, or remove it.',
		};
	}
	if (
		'required' in schema &&
		(!Array.isArray(schema.required) || schema.required.some((name) => typeof name !== 'string'))
	) {
		return {
			problem: 'has a "required" that is not a list of property names',
			fix: 'Write "required": ["name", …].',
		};
	}
	if ('enum' in schema && (!Array.isArray(schema.enum) || schema.enum.length === 0)) {
		return {
			problem: 'has an "enum" that is not a non-empty list',
			fix: 'Write "enum": ["a", "b", …].',
		};
	}
	return undefined;
};

/** `$ref` only into the schema's own `$defs`, to a definition that exists. */
const checkRef: Check = (schema, _visit, { root }) => {
	if (!('$ref' in schema)) return undefined;
	const ref = schema.$ref;
	const match = typeof ref === 'string' ? REF_PATTERN.exec(ref) : null;
	if (!match) {
		return {
			problem: `has a "$ref" outside "#/$defs/" (${JSON.stringify(ref)})`,
			fix: 'Put the sub-schema under "$defs" at the top of the schema and point to it, e.g. "#/$defs/person".',
		};
	}
	const name = decodeURIComponent(match[1].replace(/~1/g, '/').replace(/~0/g, '~'));
	if (!isRecord(root.$defs) || !isRecord(root.$defs[name])) {
		return {
			problem: `has a "$ref" to "${ref}", which is not defined`,
			fix: `Add "${name}" under "$defs" at the top of the schema, or fix the reference.`,
		};
	}
	return undefined;
};

const CHECKS: Check[] = [checkKeywords, checkTypes, checkTimeProperty, checkConstraints, checkRef];

/** The sub-schemas of a schema, in document order, or a problem with how they are written. */
function children(
	schema: Record<string, unknown>,
	parent: Visit,
): Visit[] | Omit<SchemaProblem, 'path'> {
	const found: Visit[] = [];
	for (const key of SUBSCHEMA_MAPS) {
		if (!(key in schema)) continue;
		const map = schema[key];
		if (!isRecord(map)) {
			return {
				problem: `has a "${key}" that is not an object`,
				fix: `Write "${key}": {"name": {…schema…}}.`,
			};
		}
		for (const [name, child] of Object.entries(map))
			found.push({ schema: child, parent, step: { container: key, key: name } });
	}
	for (const key of SUBSCHEMA_LISTS) {
		if (!(key in schema)) continue;
		const list = schema[key];
		if (!Array.isArray(list) || list.length === 0) {
			return {
				problem: `has a "${key}" that is not a non-empty list`,
				fix: `Write "${key}": [{…schema…}, …].`,
			};
		}
		list.forEach((child: unknown, index) =>
			found.push({ schema: child, parent, step: { container: key, key: String(index) } }),
		);
	}
	if ('items' in schema) found.push({ schema: schema.items, parent, step: { container: 'items' } });
	return found;
}

/** Returns the first problem found, depth first in document order; undefined when it is usable. */
export function findSchemaProblem(
	schema: unknown,
	options: { timestampAllowed: boolean },
): SchemaProblem | undefined {
	if (!isRecord(schema)) {
		return {
			path: '(root)',
			problem: 'is not a JSON object',
			fix: 'The schema must be an object such as {"type": "object", "properties": {…}}.',
		};
	}
	const context = { root: schema, timestampAllowed: options.timestampAllowed };
	const stack: Visit[] = [{ schema }];
	while (stack.length > 0) {
		const visit = stack.pop() as Visit;
		const node = visit.schema;
		if (!isRecord(node)) {
			return {
				path: pathText(stepsOf(visit)),
				problem: 'is not a JSON object',
				fix: 'Each schema and sub-schema must be an object such as {"type": "string"}.',
			};
		}
		for (const check of CHECKS) {
			const problem = check(node, visit, context);
			if (problem) return { path: pathText(stepsOf(visit)), ...problem };
		}
		const next = children(node, visit);
		if (!Array.isArray(next)) return { path: pathText(stepsOf(visit)), ...next };
		for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
	}
	return undefined;
}
