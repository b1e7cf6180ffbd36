/** The small checks of a create request (nodes/TwelveLabs/createRequest/checks.ts). */
import {
	checkAtMost,
	checkBinarySize,
	checkHttpUrl,
	checkNumber,
	distinctName,
	isBlank,
	parseJsonParameter,
} from '../../../nodes/TwelveLabs/createRequest/checks';
import { refusalOf } from './refusal';

describe('create request checks', () => {
	it('isBlank: empty, spaces, and anything that is not a string', () => {
		expect([isBlank(''), isBlank(' \n'), isBlank(undefined), isBlank(3), isBlank(' a')]).toEqual([
			true,
			true,
			true,
			true,
			false,
		]);
	});

	it('checkHttpUrl: a full link of an allowed scheme', () => {
		expect(() => checkHttpUrl('Video URL', ' https://a.example/v.mp4 ', true)).not.toThrow();
		expect(() => checkHttpUrl('Video URL', 'http://a.example/v.mp4', false)).not.toThrow();
		expect(refusalOf(() => checkHttpUrl('Image URL', 'http://a.example/i.png', true))).toBe(
			'Image URL: must start with https:// | Use a public web link to the file.',
		);
		expect(refusalOf(() => checkHttpUrl('Video URL', 'a.example/v.mp4', false))).toBe(
			'Video URL: is not a valid URL ("a.example/v.mp4") | Enter a full link such as https://example.com/video.mp4.',
		);
	});

	it('checkBinarySize: not empty, not above 30 MB', () => {
		expect(() => checkBinarySize('File', 30 * 1024 * 1024)).not.toThrow();
		expect(refusalOf(() => checkBinarySize('File', 31 * 1024 * 1024))).toMatch(
			/^File: holds a file of 31\.0 MB, above the 30 MB TwelveLabs accepts inline \| /,
		);
		expect(refusalOf(() => checkBinarySize('File', 0))).toBe(
			'File: holds an empty file | Check the node before this one: it produced no data.',
		);
	});

	it('parseJsonParameter: parses text, passes values, names the syntax error', () => {
		expect(parseJsonParameter('JSON', '{"a": [1]}')).toEqual({ a: [1] });
		expect(parseJsonParameter('JSON', { a: 1 })).toEqual({ a: 1 });
		expect(refusalOf(() => parseJsonParameter('JSON', '  '))).toBe(
			'JSON: is empty | Enter JSON, or switch back to the form.',
		);
		expect(refusalOf(() => parseJsonParameter('JSON', '{a}'))).toMatch(
			/^JSON: is not valid JSON \(/,
		);
	});

	it('checkNumber, checkAtMost and distinctName', () => {
		expect(() => checkNumber('T', undefined, 0, 1, 'fix')).not.toThrow();
		expect(() => checkNumber('T', 1, 0, 1, 'fix')).not.toThrow();
		expect(refusalOf(() => checkNumber('T', 1.5, 0, 1, 'Use 0 to 1.'))).toBe(
			'T: is 1.5, outside 0–1 | Use 0 to 1.',
		);
		expect(refusalOf(() => checkNumber('T', Number.NaN, 0, 1, 'f'))).toBe(
			'T: is NaN, outside 0–1 | f',
		);
		expect(() => checkAtMost('L', 4, 4, 'images', 'f')).not.toThrow();
		expect(refusalOf(() => checkAtMost('L', 5, 4, 'images', 'Remove some.'))).toBe(
			'L: has 5 images; at most 4 are allowed | Remove some.',
		);
		const taken = new Set<string>();
		const fix = { noun: 'ID', empty: 'Name it.', repeated: 'Rename it.' };
		expect(distinctName('ID', ' scene ', taken, fix)).toBe('scene');
		expect([...taken]).toEqual(['scene']);
		expect(refusalOf(() => distinctName('ID', 'scene', taken, fix))).toBe(
			'ID: repeats the ID "scene" | Rename it.',
		);
		expect(refusalOf(() => distinctName('ID', ' ', taken, fix))).toBe('ID: is empty | Name it.');
	});
});
