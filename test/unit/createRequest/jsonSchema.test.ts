/**
 * The JSON schema check (nodes/TwelveLabs/createRequest/jsonSchema.ts) on its own: where each
 * problem is reported and what it says. Which schemas the reference refuses or accepts is in
 * fidelity.test.ts.
 */
import {
	findSchemaProblem,
	UNSUPPORTED_SCHEMA_KEYWORDS,
} from '../../../nodes/TwelveLabs/createRequest/jsonSchema';

const check = (schema: unknown, timestampAllowed = true) =>
	findSchemaProblem(schema, { timestampAllowed });
const object = (properties: Record<string, unknown>) => ({ type: 'object', properties });

describe('findSchemaProblem', () => {
	it('accepts a usable schema', () => {
		expect(
			check({
				type: 'object',
				required: ['title', 'at'],
				$defs: { person: { type: 'object', properties: { name: { type: 'string' } } } },
				properties: {
					title: { type: ['string', 'null'], pattern: '^[A-Z]' },
					at: { type: 'timestamp', format: 'hh:mm:ss' },
					start_time: { type: 'number' },
					people: { type: 'array', minItems: 1, items: { $ref: '#/$defs/person' } },
					kind: { enum: ['a', 'b'] },
					when: { type: 'string', format: 'date-time' },
					either: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }] },
				},
			}),
		).toBeUndefined();
	});

	it.each([null, [], 'text', 3])('refuses a root that is not an object: %j', (schema) => {
		expect(check(schema)).toEqual({
			path: '(root)',
			problem: 'is not a JSON object',
			fix: expect.stringContaining('{"type": "object"'),
		});
	});

	it('names the path of a sub-schema that is not an object', () => {
		expect(check({ anyOf: [{ type: 'string' }, 5] })).toMatchObject({
			path: '(root).anyOf[1]',
			problem: 'is not a JSON object',
		});
		expect(check(object({ list: { type: 'array', items: true } }))?.path).toBe(
			'(root).properties.list.items',
		);
	});

	it.each(UNSUPPORTED_SCHEMA_KEYWORDS)('names the unsupported keyword %s', (keyword) => {
		expect(check(object({ a: { type: 'string', [keyword]: 1 } }))).toMatchObject({
			path: '(root).properties.a',
			problem: `uses "${keyword}", which TwelveLabs does not support`,
		});
	});

	it.each([
		[{ type: 'date' }, 'has the unsupported type "date"'],
		[{ type: ['string', 7] }, 'has the unsupported type 7'],
		[{ type: 'timestamp' }, 'is a timestamp without a valid "format"'],
		[{ type: 'timestamp', format: 'minutes' }, 'is a timestamp without a valid "format"'],
		[{ type: 'string', format: 'email' }, 'uses the unsupported format "email"'],
		[{ type: 'array', minItems: 2 }, 'sets "minItems" to a value other than 0 or 1'],
		[{ type: 'object', required: 'a' }, 'has a "required" that is not a list of property names'],
		[{ type: 'object', required: [1] }, 'has a "required" that is not a list of property names'],
		[{ enum: [] }, 'has an "enum" that is not a non-empty list'],
		[{ properties: [] }, 'has a "properties" that is not an object'],
		[{ anyOf: [] }, 'has a "anyOf" that is not a non-empty list'],
		[{ prefixItems: {} }, 'has a "prefixItems" that is not a non-empty list'],
	])('says what is wrong with %j', (schema, problem) => {
		expect(check(object({ a: schema }))).toMatchObject({ path: '(root).properties.a', problem });
	});

	it('refuses timestamps for a model without them, with the fix', () => {
		expect(check(object({ t: { type: 'timestamp', format: 'seconds' } }), false)).toEqual({
			path: '(root).properties.t',
			problem: 'uses the type "timestamp", which needs Pegasus 1.5',
			fix: 'Choose the model Pegasus 1.5, or use "number".',
		});
	});

	it('accepts a timestamp in an array of objects, and refuses one inside items directly', () => {
		const ts = { type: 'timestamp', format: 'seconds' };
		expect(
			check(object({ list: { type: 'array', items: { type: 'object', properties: { t: ts } } } })),
		).toBeUndefined();
		expect(check(object({ list: { type: 'array', items: ts } }))?.problem).toMatch(
			/^declares a timestamp where TwelveLabs does not allow one/,
		);
	});

	it('restricts start_time and end_time by name', () => {
		expect(check(object({ end_time: { type: 'string', format: 'time' } }))?.problem).toBe(
			'declares "end_time" as a string with a format, which TwelveLabs refuses for this name',
		);
		expect(check(object({ start_time: { type: ['number', 'null'] } }))?.problem).toBe(
			'declares "start_time" as "null", which TwelveLabs refuses for this name',
		);
		expect(check(object({ start_time: { type: 'string' } }))).toBeUndefined();
	});

	it('resolves $ref into $defs with JSON pointer escapes, and names a missing target', () => {
		const defs = { 'a/b': { type: 'string' }, 'c~d': { type: 'number' } };
		expect(
			check({
				$defs: defs,
				properties: { x: { $ref: '#/$defs/a~1b' }, y: { $ref: '#/$defs/c~0d' } },
			}),
		).toBeUndefined();
		expect(check({ $defs: defs, properties: { x: { $ref: '#/$defs/nope' } } })).toEqual({
			path: '(root).properties.x',
			problem: 'has a "$ref" to "#/$defs/nope", which is not defined',
			fix: 'Add "nope" under "$defs" at the top of the schema, or fix the reference.',
		});
		expect(check(object({ x: { $ref: 'https://example.com/s.json' } }))?.problem).toBe(
			'has a "$ref" outside "#/$defs/" ("https://example.com/s.json")',
		);
	});

	it('reports the first problem in document order', () => {
		expect(
			check(object({ a: { type: 'string' }, b: { type: 'nope' }, c: { minLength: 1 } }))?.path,
		).toBe('(root).properties.b');
	});

	it('answers for a schema nested 20,000 levels deep, without overflowing the stack', () => {
		let schema: Record<string, unknown> = { type: 'date' };
		for (let i = 0; i < 20_000; i++) schema = { type: 'array', items: schema };
		const problem = check(schema);
		expect(problem?.problem).toBe('has the unsupported type "date"');
		expect(problem?.path).toBe(`(root)${'.items'.repeat(20_000)}`);
	});
});
