/** Segment definitions written as JSON (nodes/TwelveLabs/createRequest/definitionsJson.ts). */
import { definitionsFromJson } from '../../../nodes/TwelveLabs/createRequest/definitionsJson';
import { refusalOf } from './refusal';

const SCENE = { id: 'scene', description: 'each scene' };

describe('definitionsFromJson', () => {
	it('reads a list, a {segment_definitions} object, or one definition, as text or value', () => {
		const read = {
			id: 'scene',
			description: 'each scene',
			fields: [],
			referenceImages: [],
			timeRanges: [],
		};
		expect(definitionsFromJson([SCENE])).toEqual([read]);
		expect(definitionsFromJson(JSON.stringify({ segment_definitions: [SCENE] }))).toEqual([read]);
		expect(definitionsFromJson(SCENE)).toEqual([read]);
	});

	it('reads fields, images of each source and time ranges into the form shape', () => {
		const [definition] = definitionsFromJson([
			{
				id: 7,
				fields: [
					{
						name: 'tags',
						type: 'array',
						description: 'd',
						items: { type: 'string' },
						enum: ['a', 1],
					},
					{ name: 'at', type: 'timestamp', format: 'seconds' },
					'not an object',
				],
				media_sources: [
					{ name: 'logo', media_type: 'image', url: 'https://i.example/l.png' },
					{ name: 'face', asset_id: 'asset-1' },
					{ name: 'raw', base64_string: 'AAAA' },
				],
				time_ranges: [{ start_time: '0', end_time: 30 }],
			},
		]);
		expect(definition).toEqual({
			id: '',
			description: '',
			fields: [
				{
					name: 'tags',
					type: 'array',
					description: 'd',
					enumValues: ['a', '1'],
					itemType: 'string',
					format: undefined,
				},
				{
					name: 'at',
					type: 'timestamp',
					description: '',
					enumValues: undefined,
					itemType: undefined,
					format: 'seconds',
				},
				{
					name: '',
					type: 'undefined',
					description: '',
					enumValues: undefined,
					itemType: undefined,
					format: undefined,
				},
			],
			referenceImages: [
				{ name: 'logo', source: 'url', url: 'https://i.example/l.png' },
				{ name: 'face', source: 'assetId', assetId: 'asset-1' },
				{ name: 'raw', source: 'binary', base64: 'AAAA', sizeBytes: 3 },
			],
			timeRanges: [{ startTime: 0, endTime: 30 }],
		});
	});

	it('names the place of what is not the right shape', () => {
		expect(refusalOf(() => definitionsFromJson('{"a": 1}'))).toMatch(
			/^Segment Definitions \(JSON\): is not a list of definitions \| /,
		);
		expect(refusalOf(() => definitionsFromJson([SCENE, 'x']))).toMatch(
			/^Segment Definitions \(JSON\) › \[1\]: is not an object \| /,
		);
		expect(refusalOf(() => definitionsFromJson([{ ...SCENE, time_ranges: {} }]))).toBe(
			'Segment Definitions (JSON) › [0] › time_ranges: is not a list | Write "time_ranges": [{"start_time": 0, "end_time": 30}].',
		);
		expect(refusalOf(() => definitionsFromJson([{ ...SCENE, fields: [{ enum: 'a,b' }] }]))).toBe(
			'Segment Definitions (JSON) › [0] › fields[0] › enum: is not a list | Write "enum": ["a", "b"], or remove it.',
		);
		expect(
			refusalOf(() =>
				definitionsFromJson([{ ...SCENE, media_sources: [{ media_type: 'video' }] }]),
			),
		).toBe(
			'Segment Definitions (JSON) › [0] › media_sources[0] › media_type: is "video"; TwelveLabs takes only "image" | Write "media_type": "image", or leave it out.',
		);
	});
});
