'use strict';
/**
 * Checks a request's response_format.json_schema against the subset the API supports
 * (contract §4): unsupported keywords anywhere → 422; other rule breaks → 400.
 * The walk is structural, so a *property named* "maxItems" is not mistaken for the keyword.
 */
const { ApiError, invalid, unsupportedSchema } = require('./errors');

const PARAM = 'response_format.json_schema';
/** The five keywords the docs list as 422, plus the composition keywords other than anyOf. */
const UNSUPPORTED_KEYWORDS = ['minLength', 'maxLength', 'additionalProperties', 'uniqueItems', 'maxItems', 'oneOf', 'allOf', 'not'];
const TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string', 'timestamp'];
const STRING_FORMATS = ['uuid', 'date-time', 'date', 'time'];
const TIME_FORMATS = ['seconds', 'hh:mm:ss', 'hh:mm:ss.fff'];
const RESERVED_TIME_NAMES = ['start_time', 'end_time'];

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const pathText = (path) => (path.length ? `${PARAM}.${path.join('.')}` : PARAM);

/** Calls visit(node, path) for every subschema: properties, items, anyOf, $defs. */
function walk(node, path, visit) {
	visit(node, path);
	if (!isObject(node)) return;
	if (isObject(node.properties)) {
		for (const [name, child] of Object.entries(node.properties)) walk(child, [...path, 'properties', name], visit);
	}
	if (isObject(node.items)) walk(node.items, [...path, 'items'], visit);
	if (Array.isArray(node.anyOf)) node.anyOf.forEach((child, i) => walk(child, [...path, 'anyOf', i], visit));
	if (isObject(node.$defs)) {
		for (const [name, child] of Object.entries(node.$defs)) walk(child, [...path, '$defs', name], visit);
	}
}

function typesOf(node) {
	if (Array.isArray(node.type)) return node.type;
	return node.type === undefined ? [] : [node.type];
}

/** Timestamps may only sit at properties.X or properties.A.items.properties.X. */
function isTimestampPosition(path) {
	if (path.length === 2) return path[0] === 'properties';
	return path.length === 5 && path[0] === 'properties' && path[2] === 'items' && path[3] === 'properties';
}

function checkTimestamp(node, path, family) {
	if (family !== '1.5') throw invalid(pathText(path), "The 'timestamp' type requires model 'pegasus1.5'.");
	if (!TIME_FORMATS.includes(node.format)) {
		// The documented message, verbatim.
		throw new ApiError(400, 'parameter_invalid',
			`${pathText(path)}.format: format is required for timestamp type; allowed values: seconds, hh:mm:ss, hh:mm:ss.fff`);
	}
	if (!isTimestampPosition(path)) {
		throw invalid(pathText(path), "The 'timestamp' type is only allowed at properties.<name> or properties.<name>.items.properties.<name>.");
	}
}

/**
 * start_time/end_time at any depth: the reference refuses boolean, object, array, null and a
 * string with a format (number, integer, timestamp and a plain string are converted).
 */
function checkReservedTimeName(node, path) {
	const types = typesOf(node);
	const refused = types.some((t) => ['boolean', 'object', 'array', 'null'].includes(t))
		|| (types.includes('string') && node.format !== undefined);
	if (refused) {
		throw invalid(pathText(path), `'${path[path.length - 1]}' is reserved for times: use number, integer, timestamp or string without format.`);
	}
}

function checkNode(node, path, root, family) {
	if (!isObject(node)) throw invalid(pathText(path), 'Every schema must be a JSON object.');
	for (const type of typesOf(node)) {
		if (!TYPES.includes(type)) throw invalid(pathText(path), `Unsupported type '${type}'. Supported: ${TYPES.join(', ')}.`);
	}
	if (typesOf(node).includes('timestamp')) checkTimestamp(node, path, family);
	if (node.format !== undefined && typesOf(node).includes('string') && !STRING_FORMATS.includes(node.format)) {
		throw invalid(`${pathText(path)}.format`, `Supported string formats: ${STRING_FORMATS.join(', ')}.`);
	}
	if (node.minItems !== undefined && node.minItems !== 0 && node.minItems !== 1) {
		throw invalid(`${pathText(path)}.minItems`, 'Only 0 or 1 is supported.');
	}
	if (node.required !== undefined && !(Array.isArray(node.required) && node.required.every((r) => typeof r === 'string'))) {
		throw invalid(`${pathText(path)}.required`, 'It must be a list of property names.');
	}
	if (node.properties !== undefined && !isObject(node.properties)) {
		throw invalid(`${pathText(path)}.properties`, 'It must be an object of schemas.');
	}
	if (node.enum !== undefined && !(Array.isArray(node.enum) && node.enum.length > 0)) {
		throw invalid(`${pathText(path)}.enum`, 'It must be a non-empty list.');
	}
	if (node.anyOf !== undefined && !(Array.isArray(node.anyOf) && node.anyOf.length > 0)) {
		throw invalid(`${pathText(path)}.anyOf`, 'It must be a non-empty list of schemas.');
	}
	if (node.$ref !== undefined) checkRef(node.$ref, path, root);
	const name = path[path.length - 1];
	if (path[path.length - 2] === 'properties' && RESERVED_TIME_NAMES.includes(name)) checkReservedTimeName(node, path);
}

function checkRef(ref, path, root) {
	const match = typeof ref === 'string' && /^#\/\$defs\/(.+)$/.exec(ref);
	if (!match) throw invalid(`${pathText(path)}.$ref`, "Only references into '#/$defs/' are supported.");
	if (!isObject(root.$defs) || !isObject(root.$defs[match[1]])) {
		throw invalid(`${pathText(path)}.$ref`, `The reference '${ref}' does not resolve.`);
	}
}

/** Throws ApiError 422/400 when the schema is outside the supported subset. */
function checkJsonSchema(schema, { family }) {
	if (!isObject(schema)) throw invalid(PARAM, 'It must be a JSON Schema object.');
	// Unsupported keywords first: they are a 422 wherever they appear.
	walk(schema, [], (node, path) => {
		if (!isObject(node)) return;
		const keyword = UNSUPPORTED_KEYWORDS.find((k) => k in node);
		if (keyword) {
			const at = path.length ? ` (at ${path.join('.')})` : '';
			throw unsupportedSchema(PARAM, `The keyword '${keyword}'${at} is not supported.`, keyword);
		}
	});
	walk(schema, [], (node, path) => checkNode(node, path, schema, family));
}

module.exports = { checkJsonSchema, TIME_FORMATS };
