/** Segment definitions checked and built (nodes/TwelveLabs/createRequest/segments.ts). */
import type { DefinitionInput, FieldInput } from '../../../nodes/TwelveLabs/createRequest/input';
import {
	buildDefinitions,
	splitEnumValues,
} from '../../../nodes/TwelveLabs/createRequest/segments';
import { refusalOf } from './refusal';

const labelOf = (index: number) => `Definition ${index + 1}`;
const definition = (extra: Partial<DefinitionInput> = {}): DefinitionInput => ({
	id: ' scene ',
	description: ' each scene ',
	fields: [],
	referenceImages: [],
	timeRanges: [],
	...extra,
});
const field = (extra: Partial<FieldInput>): FieldInput => ({
	name: 'f',
	type: 'string',
	description: 'd',
	...extra,
});
const build = (...definitions: DefinitionInput[]) => buildDefinitions(labelOf, definitions, 'Defs');
const withField = (extra: Partial<FieldInput>) => () =>
	build(definition({ fields: [field(extra)] }));

describe('buildDefinitions', () => {
	it('builds definitions with fields, allowed values, item types, formats and time ranges', () => {
		expect(
			build(
				definition({
					fields: [
						field({ name: ' mood ', enumValues: 'calm, tense\nloud' }),
						field({ name: 'tags', type: 'array', itemType: 'string' }),
						field({ name: 'at', type: 'timestamp', format: 'hh:mm:ss' }),
						field({ name: 'n', type: 'number', itemType: 'integer' }),
					],
					timeRanges: [
						{ startTime: 10, endTime: 20 },
						{ startTime: 0, endTime: 5 },
					],
				}),
			),
		).toEqual([
			{
				id: 'scene',
				description: 'each scene',
				fields: [
					{ name: 'mood', description: 'd', type: 'string', enum: ['calm', 'tense', 'loud'] },
					{ name: 'tags', description: 'd', type: 'array', items: { type: 'string' } },
					{ name: 'at', description: 'd', type: 'timestamp', format: 'hh:mm:ss' },
					{ name: 'n', description: 'd', type: 'number', items: { type: 'integer' } },
				],
				time_ranges: [
					{ start_time: 10, end_time: 20 },
					{ start_time: 0, end_time: 5 },
				],
			},
		]);
	});

	it('refuses an empty or too long list, and repeated IDs', () => {
		expect(refusalOf(() => build())).toMatch(/^Defs: is empty \| /);
		expect(
			refusalOf(() => build(...Array.from({ length: 21 }, (_, i) => definition({ id: `d${i}` })))),
		).toBe(
			'Defs: has 21 definitions; at most 20 are allowed | Remove definitions (each one is billed).',
		);
		expect(refusalOf(() => build(definition(), definition({ id: 'scene' })))).toBe(
			'Definition 2 › ID: repeats the ID "scene" | Give every segment definition its own ID.',
		);
		expect(refusalOf(() => build(definition({ description: '' })))).toMatch(
			/^Definition 1 › Description: is empty \| /,
		);
	});

	it('refuses each field rule in the order the form shows the parts', () => {
		const at = 'Definition 1 › Custom Fields › Field 1';
		expect(refusalOf(withField({ name: ' ' }))).toBe(
			`${at} › Name: is empty | Name the field, e.g. "sentiment".`,
		);
		expect(refusalOf(withField({ name: 'end_time', type: 'timestamp' }))).toMatch(
			new RegExp(`^${at} › Name: is "end_time", a name TwelveLabs reserves`),
		);
		expect(refusalOf(withField({ type: 'date', description: '' }))).toMatch(
			new RegExp(`^${at} › Type: is "date", not a known type`),
		);
		expect(refusalOf(withField({ type: 'timestamp' }))).toMatch(
			new RegExp(`^${at} › Timestamp Format: is missing`),
		);
		expect(refusalOf(withField({ format: 'seconds' }))).toMatch(
			new RegExp(`^${at} › Timestamp Format: is set for a string field`),
		);
		expect(refusalOf(withField({ type: 'timestamp', format: 'seconds', enumValues: 'a' }))).toMatch(
			new RegExp(`^${at} › Allowed Values: is set for a timestamp field`),
		);
		expect(
			refusalOf(withField({ enumValues: Array.from({ length: 101 }, (_, i) => `v${i}`) })),
		).toMatch(new RegExp(`^${at} › Allowed Values: lists 101 values; at most 100 are allowed`));
		expect(refusalOf(withField({ type: 'array' }))).toMatch(
			new RegExp(`^${at} › Array Item Type: is missing`),
		);
		expect(
			refusalOf(withField({ type: 'timestamp', format: 'seconds', itemType: 'string' })),
		).toMatch(new RegExp(`^${at} › Array Item Type: is set for a timestamp field`));
		expect(refusalOf(() => build(definition({ fields: [field({}), field({ name: ' f' })] })))).toBe(
			'Definition 1 › Custom Fields › Field 2 › Name: repeats the field name "f" | Give every field of a definition its own name.',
		);
	});

	it('refuses time ranges that start below 0, end first, last under 2 s or overlap', () => {
		const ranges =
			(...timeRanges: DefinitionInput['timeRanges']) =>
			() =>
				build(definition({ timeRanges }));
		const at = 'Definition 1 › Time Ranges';
		expect(refusalOf(ranges({ startTime: -1, endTime: 5 }))).toMatch(
			new RegExp(`^${at} › Range 1 › Start Time:`),
		);
		expect(refusalOf(ranges({ startTime: 5, endTime: 5 }))).toMatch(
			new RegExp(`^${at} › Range 1 › End Time:`),
		);
		expect(refusalOf(ranges({ startTime: 5, endTime: 6 }))).toMatch(
			new RegExp(`^${at} › Range 1: is shorter than 2 seconds`),
		);
		expect(refusalOf(ranges({ startTime: 0, endTime: 10 }, { startTime: 8, endTime: 20 }))).toBe(
			`${at}: has overlapping ranges (0–10 s and 8–20 s) | Make the time ranges not overlap.`,
		);
	});
});

describe('splitEnumValues', () => {
	it('splits on commas and lines, or reads a JSON list for values with commas', () => {
		expect(splitEnumValues('V', ' a, b \n\nc,')).toEqual(['a', 'b', 'c']);
		expect(splitEnumValues('V', '["calm, slow", "tense"]')).toEqual(['calm, slow', 'tense']);
		expect(splitEnumValues('V', ['x', ' '])).toEqual(['x']);
		expect(splitEnumValues('V', undefined)).toEqual([]);
		expect(refusalOf(() => splitEnumValues('V', '[1, 2]'))).toBe(
			'V: is not a JSON list of strings | Write e.g. ["calm", "tense, loud"].',
		);
	});
});
