'use strict';
/**
 * Generates a value that satisfies a json_schema of the supported subset: types,
 * properties/required, items/minItems, enum/const, anyOf, $ref into $defs, numeric
 * bounds, string formats and patterns, timestamps, and the reserved names
 * start_time/end_time (generated as an ordered pair inside the video).
 */
const { randomInt, pick, uuid } = require('./prng');
const { formatTimestamp } = require('./timefmt');
const { samplePattern } = require('./pattern');

const PHRASES = [
	'a person walking along a harbor', 'close-up of a product on a table', 'two people talking in an office',
	'a drone shot over a city at dusk', 'a presenter pointing at a chart', 'children playing in a park',
	'a car driving on a coastal road', 'a chef plating a dish', 'crowd cheering in a stadium',
	'a cyclist climbing a mountain pass', 'rain falling on a window', 'a dog chasing a ball',
];
const MAX_DEPTH = 24;

/**
 * @param schema the request's json_schema
 * @param ctx {rng, videoSeconds, baseEpochMs}
 */
function generateFromSchema(schema, ctx) {
	return valueFor(schema, { ...ctx, root: schema }, 0, undefined);
}

function resolveRef(node, ctx) {
	const name = node.$ref.replace(/^#\/\$defs\//, '');
	return ctx.root.$defs[name];
}

function valueFor(node, ctx, depth, name, presetTime) {
	if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return null;
	if (node.$ref !== undefined) return valueFor(resolveRef(node, ctx), ctx, depth + 1, name, presetTime);
	if ('const' in node) return node.const;
	if (Array.isArray(node.enum)) return pick(ctx.rng, node.enum);
	if (Array.isArray(node.anyOf)) return valueFor(pick(ctx.rng, node.anyOf), ctx, depth + 1, name, presetTime);
	const type = chooseType(node, ctx);
	switch (type) {
		case 'object': return objectValue(node, ctx, depth);
		case 'array': return arrayValue(node, ctx, depth, name);
		case 'string': return stringValue(node, ctx, name, presetTime);
		case 'number': return numberValue(node, ctx, name, presetTime, false);
		case 'integer': return numberValue(node, ctx, name, presetTime, true);
		case 'boolean': return ctx.rng() < 0.5;
		case 'null': return null;
		case 'timestamp': return formatTimestamp(presetTime ?? randomTime(ctx), node.format);
		default: return stringValue(node, ctx, name, presetTime);
	}
}

/** Picks one declared type; prefers a non-null one so results carry information. */
function chooseType(node, ctx) {
	const declared = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
	if (declared.length === 0) {
		if (node.properties) return 'object';
		if (node.items) return 'array';
		return 'string';
	}
	const nonNull = declared.filter((t) => t !== 'null');
	return nonNull.length ? pick(ctx.rng, nonNull) : 'null';
}

function objectValue(node, ctx, depth) {
	const properties = node.properties || {};
	const required = new Set(node.required || []);
	const times = timePair(ctx);
	const out = {};
	for (const [key, child] of Object.entries(properties)) {
		// Optional properties are mostly present, and dropped when deep (recursive schemas end).
		const include = required.has(key) || (depth < 6 && ctx.rng() < 0.8);
		if (!include) continue;
		const preset = key === 'start_time' ? times.start : key === 'end_time' ? times.end : undefined;
		out[key] = valueFor(child, ctx, depth + 1, key, preset);
	}
	for (const key of required) {
		if (!(key in out)) out[key] = pick(ctx.rng, PHRASES);
	}
	return out;
}

function arrayValue(node, ctx, depth, name) {
	const min = node.minItems || 0;
	const count = depth > 6 ? min : Math.max(min, randomInt(ctx.rng, 1, 3));
	const items = [];
	for (let i = 0; i < count; i++) items.push(node.items ? valueFor(node.items, ctx, depth + 1, name) : pick(ctx.rng, PHRASES));
	return items;
}

function stringValue(node, ctx, name, presetTime) {
	if (presetTime !== undefined || (name === 'start_time' || name === 'end_time')) {
		return formatTimestamp(presetTime ?? randomTime(ctx), 'hh:mm:ss.fff');
	}
	const date = new Date(ctx.baseEpochMs - randomInt(ctx.rng, 0, 365) * 86400000);
	switch (node.format) {
		case 'date-time': return date.toISOString();
		case 'date': return date.toISOString().slice(0, 10);
		case 'time': return `${date.toISOString().slice(11, 19)}Z`;
		case 'uuid': return uuid(ctx.rng);
		default: break;
	}
	if (typeof node.pattern === 'string') {
		const sample = samplePattern(node.pattern, ctx.rng);
		if (sample !== null) return sample;
	}
	return pick(ctx.rng, PHRASES);
}

function numberValue(node, ctx, name, presetTime, integer) {
	if (presetTime !== undefined || name === 'start_time' || name === 'end_time') {
		const seconds = presetTime ?? randomTime(ctx);
		return integer ? Math.round(seconds) : Math.round(seconds * 1000) / 1000;
	}
	const step = integer ? 1 : 0.01;
	let low = node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + step : undefined);
	let high = node.maximum ?? (node.exclusiveMaximum !== undefined ? node.exclusiveMaximum - step : undefined);
	if (low === undefined && high === undefined) [low, high] = [0, 100];
	else if (low === undefined) low = high - 100;
	else if (high === undefined) high = low + 100;
	if (integer) {
		low = Math.ceil(low);
		high = Math.floor(high);
		return high < low ? low : randomInt(ctx.rng, low, high);
	}
	const value = Math.round((low + ctx.rng() * (high - low)) * 100) / 100;
	return Math.min(Math.max(value, low), high);
}

function randomTime(ctx) {
	return Math.round(ctx.rng() * ctx.videoSeconds * 1000) / 1000;
}

/** Ordered start/end inside the video, so objects holding both are consistent. */
function timePair(ctx) {
	const a = randomTime(ctx);
	const b = randomTime(ctx);
	const start = Math.min(a, b);
	return { start, end: Math.max(Math.max(a, b), Math.min(start + 2, ctx.videoSeconds)) };
}

module.exports = { generateFromSchema, PHRASES };
