/**
 * The input reader (nodes/TwelveLabs/task/createInput.ts) on its own: a fake ParameterSource
 * stands in for n8n, and records which parameters and binaries were read.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { InvalidParameterError } from '../../../nodes/TwelveLabs/createRequest/input';
import {
	itemParameters,
	knownBinarySize,
	readCreateInput,
	type ParameterSource,
} from '../../../nodes/TwelveLabs/task/createInput';
import { rejectionOf } from '../rejection';

const MB = 1024 * 1024;

interface FakeBinary {
	metadata: Partial<IBinaryData>;
	bytes: Buffer;
}

/** A form as n8n would hand it over, plus what the reader asked for. */
function fakeSource(
	values: Record<string, unknown>,
	binaries: Record<string, FakeBinary> = {},
): ParameterSource & { read: string[]; buffersRead: string[] } {
	const read: string[] = [];
	const buffersRead: string[] = [];
	return {
		read,
		buffersRead,
		get(name, fallback) {
			read.push(name);
			return name in values ? values[name] : fallback;
		},
		binaryMetadata(property) {
			const binary = binaries[property];
			if (!binary) throw new Error(`no binary ${property}`);
			// In memory unless the test gives an id: n8n then carries the bytes inline as base64.
			const data = binary.bytes.toString('base64');
			return { mimeType: 'video/mp4', data, ...binary.metadata } as IBinaryData;
		},
		async binaryBuffer(property) {
			buffersRead.push(property);
			return binaries[property].bytes;
		},
		async binaryFile(field, property) {
			const binary = binaries[property];
			if (!binary) throw new InvalidParameterError(field, `names the binary field "${property}", which the input item does not have`, '');
			// The binary data service knows the exact size without reading the bytes.
			const size = binary.metadata.bytes ?? binary.bytes.length;
			return {
				fileName: binary.metadata.fileName ?? 'clip.mp4',
				mimeType: binary.metadata.mimeType ?? 'video/mp4',
				size,
				open: async () => binary.bytes,
				chunks: async function* () {
					yield binary.bytes;
				},
			};
		},
	};
}

const refusal = async (promise: Promise<unknown>) =>
	await rejectionOf(promise, InvalidParameterError);

const URL_VIDEO = { videoSource: 'url', videoUrl: 'https://videos.example.com/a.mp4' };
/** A Pegasus 1.5 form with a URL video, plus the given values. */
const form15 = (values: Record<string, unknown>) => ({
	...URL_VIDEO,
	model: 'pegasus1.5',
	...values,
});

describe('readCreateInput: the video source', () => {
	it('reads a URL (the default source when none is chosen)', async () => {
		const source = fakeSource({
			videoUrl: 'https://videos.example.com/a.mp4',
			model: 'pegasus1.5',
		});
		const input = await readCreateInput(source);
		expect(input.video).toEqual({ source: 'url', url: 'https://videos.example.com/a.mp4' });
		expect(source.read).not.toContain('assetId');
		expect(source.read).not.toContain('binaryPropertyName');
	});

	it('reads an asset ID and nothing of the other sources', async () => {
		const source = fakeSource({ videoSource: 'assetId', assetId: 'a'.repeat(24) });
		expect((await readCreateInput(source)).video).toEqual({
			source: 'assetId',
			assetId: 'a'.repeat(24),
		});
		expect(source.read).not.toContain('videoUrl');
	});

	it('reads a binary file as base64 with its size, from "data" when the field is blank', async () => {
		const bytes = Buffer.from('not really a video');
		const source = fakeSource(
			{ videoSource: 'binary', binaryPropertyName: '' },
			{ data: { metadata: { bytes: bytes.length }, bytes } },
		);
		expect((await readCreateInput(source)).video).toEqual({
			source: 'binary',
			base64: bytes.toString('base64'),
			sizeBytes: bytes.length,
		});
		expect(source.buffersRead).toEqual(['data']);
	});

	it('trims the binary property name', async () => {
		const bytes = Buffer.from('clip');
		const source = fakeSource(
			{ videoSource: 'binary', binaryPropertyName: ' clip ' },
			{ clip: { metadata: {}, bytes } },
		);
		expect((await readCreateInput(source)).video).toMatchObject({ sizeBytes: 4 });
	});

	it('refuses a binary field the item does not have, naming it', async () => {
		const source = fakeSource({ videoSource: 'binary', binaryPropertyName: 'movie' });
		const error = await refusal(readCreateInput(source));
		expect(error.field).toBe('Input Binary Field');
		expect(error.problem).toBe(
			'names the binary field "movie", which the input item does not have',
		);
	});

	it('refuses an unknown source', async () => {
		const error = await refusal(readCreateInput(fakeSource({ videoSource: 'ftp' })));
		expect(error.field).toBe('Video Source');
		expect(error.message).toBe(`'Video Source' is "ftp", not a known source`);
	});
});

const REFUSE_LARGE = { largeBinaryFiles: 'refuse' };

describe('readCreateInput: a binary above 30 MB becomes an upload (the default)', () => {
	it('reads no byte of it, and keeps what the upload needs', async () => {
		const source = fakeSource(
			{ videoSource: 'binary', binaryPropertyName: ' movie ' },
			{ movie: { metadata: { bytes: 30 * MB + 1, fileName: 'long.mov', mimeType: 'video/quicktime' }, bytes: Buffer.from('x') } },
		);
		expect((await readCreateInput(source)).video).toEqual({
			source: 'upload',
			propertyName: 'movie',
			fileName: 'long.mov',
			mimeType: 'video/quicktime',
			sizeBytes: 30 * MB + 1,
		});
		expect(source.buffersRead).toEqual([]);
	});

	it('sends a file of exactly 30 MB inline', async () => {
		const bytes = Buffer.alloc(30 * MB);
		const source = fakeSource({ videoSource: 'binary' }, { data: { metadata: {}, bytes } });
		expect((await readCreateInput(source)).video).toMatchObject({ source: 'binary', sizeBytes: 30 * MB });
		expect(source.buffersRead).toEqual(['data']);
	});

	it('refuses an unknown choice, naming the option', async () => {
		const source = fakeSource(
			{ videoSource: 'binary', options: { largeBinaryFiles: 'split' } },
			{ data: { metadata: {}, bytes: Buffer.from('x') } },
		);
		const error = await refusal(readCreateInput(source));
		expect(error.field).toBe('Options › Binary Files Over 30 MB');
		expect(error.problem).toBe('is "split", not a known choice');
	});
});

describe('readCreateInput: binary size is known before the bytes are read (large files refused)', () => {
	it('refuses a file n8n says is too large without reading it', async () => {
		const source = fakeSource(
			{ videoSource: 'binary', options: REFUSE_LARGE },
			{ data: { metadata: { id: 'fs:1', fileSize: '31.5 MB' }, bytes: Buffer.from('x') } },
		);
		const error = await refusal(readCreateInput(source));
		expect(error.field).toBe('Input Binary Field');
		expect(error.problem).toContain('31.5 MB, above the 30 MB');
		expect(source.buffersRead).toEqual([]);
	});

	it('checks the bytes read when the size was not known', async () => {
		const big = Buffer.alloc(30 * MB + 1);
		const source = fakeSource(
			{ videoSource: 'binary', options: REFUSE_LARGE },
			{ data: { metadata: { id: 'fs:2' }, bytes: big } },
		);
		expect((await refusal(readCreateInput(source))).problem).toContain('above the 30 MB');
		expect(source.buffersRead).toEqual(['data']);
	});

	it('refuses an empty file', async () => {
		const source = fakeSource(
			{ videoSource: 'binary' },
			{ data: { metadata: { id: 'fs:3' }, bytes: Buffer.alloc(0) } },
		);
		expect((await refusal(readCreateInput(source))).problem).toBe('holds an empty file');
	});
});

describe('knownBinarySize', () => {
	const binary = (metadata: Partial<IBinaryData>) =>
		({ mimeType: 'video/mp4', data: '', ...metadata }) as IBinaryData;

	it('takes bytes when n8n has them', () => {
		expect(knownBinarySize(binary({ id: 'fs:1', bytes: 1234, fileSize: '9 MB' }))).toBe(1234);
	});

	it.each([
		['31.5 MB', Math.round(31.5 * MB)],
		['12 kB', 12 * 1024],
		[' 2 GB ', 2 * 1024 * MB],
		['700 B', 700],
		['1.25mb', Math.round(1.25 * MB)],
	])('reads the fileSize %j', (fileSize, expected) => {
		expect(knownBinarySize(binary({ id: 'fs:1', fileSize }))).toBe(expected);
	});

	it('counts inline base64 data of an in-memory binary', () => {
		const data = Buffer.alloc(300).toString('base64');
		expect(knownBinarySize(binary({ data }))).toBe(300);
	});

	it('is unknown for a stored binary without size, or with a size it cannot read', () => {
		expect(knownBinarySize(binary({ id: 'fs:1', data: 'filesystem-v2' }))).toBeUndefined();
		expect(knownBinarySize(binary({ id: 'fs:1', fileSize: 'about 3 MB' }))).toBeUndefined();
	});
});

describe('readCreateInput: only the fields the model and mode show', () => {
	const GENERAL_15 = form15({
		analysisMode: 'general',
		prompt: 'Summarize',
		responseFormat: 'text',
		jsonSchema: '{"type":"object"}',
		promptType: 'text',
		referenceImages: { fromUrl: [{ name: 'logo', url: 'https://img.example.com/l.png' }] },
		segmentDefinitions: { definition: [{ id: 'scene' }] },
		options: { startTime: 5, endTime: 60, minSegmentDuration: 3, segmentTimeFormat: 'seconds' },
	});

	it('Pegasus 1.5, general: prompt and time window; no segmentation, schema or images', async () => {
		const source = fakeSource(GENERAL_15);
		const input = await readCreateInput(source);
		expect(input).toEqual({
			video: { source: 'url', url: URL_VIDEO.videoUrl },
			model: 'pegasus1.5',
			analysisMode: 'general',
			prompt: 'Summarize',
			responseFormat: 'text',
			options: {
				temperature: undefined,
				maxTokens: undefined,
				customId: undefined,
				startTime: 5,
				endTime: 60,
			},
		});
		for (const hidden of ['jsonSchema', 'referenceImages', 'segmentDefinitions'])
			expect(source.read).not.toContain(hidden);
		expect(source.read).toContain('promptType');
	});

	it('Pegasus 1.2: neither the mode, the time window nor the prompt type is read', async () => {
		const source = fakeSource({
			...GENERAL_15,
			model: 'pegasus1.2',
			analysisMode: 'time_based_metadata',
			promptType: 'textWithImages',
		});
		const input = await readCreateInput(source);
		expect(input.analysisMode).toBe('general');
		expect(input.prompt).toBe('Summarize');
		expect(input.referenceImages).toBeUndefined();
		expect(input.options).not.toHaveProperty('startTime');
		expect(input.options).not.toHaveProperty('endTime');
		for (const hidden of ['analysisMode', 'promptType', 'referenceImages', 'segmentDefinitions'])
			expect(source.read).not.toContain(hidden);
	});

	it('a model the table does not know is read like the current one', async () => {
		const source = fakeSource({
			...GENERAL_15,
			model: ' pegasus9 ',
			analysisMode: 'time_based_metadata',
		});
		const input = await readCreateInput(source);
		expect(input.model).toBe('pegasus9');
		expect(input.analysisMode).toBe('time_based_metadata');
		expect(source.read).toContain('segmentDefinitions');
	});

	it('reads the JSON schema only for the JSON Schema response format', async () => {
		const input = await readCreateInput(
			fakeSource({ ...GENERAL_15, responseFormat: 'jsonSchema' }),
		);
		expect(input.responseFormat).toBe('jsonSchema');
		expect(input.jsonSchema).toBe('{"type":"object"}');
	});

	it('segmentation from JSON: the JSON as given, no prompt, segment options read', async () => {
		const json = [{ id: 'scene', description: 'Each scene', fields: [] }];
		const source = fakeSource({
			...GENERAL_15,
			analysisMode: 'time_based_metadata',
			definitionsSource: 'json',
			segmentDefinitionsJson: json,
			options: { minSegmentDuration: 0, maxSegmentDuration: '12', segmentTimeFormat: 'hh:mm:ss' },
		});
		const input = await readCreateInput(source);
		expect(input.definitionsSource).toBe('json');
		expect(input.definitionsJson).toBe(json);
		expect(input.definitions).toBeUndefined();
		expect(input.prompt).toBeUndefined();
		expect(input.options).toMatchObject({
			minSegmentDuration: undefined,
			maxSegmentDuration: 12,
			segmentTimeFormat: 'hh:mm:ss',
		});
		for (const hidden of ['prompt', 'responseFormat', 'promptType', 'segmentDefinitions'])
			expect(source.read).not.toContain(hidden);
	});
});

describe('readCreateInput: segment definitions from the form', () => {
	const png = Buffer.from('png bytes');
	const segmentation = (definition: Record<string, unknown>) =>
		form15({
			analysisMode: 'time_based_metadata',
			definitionsSource: 'form',
			segmentDefinitions: { definition: [definition] },
		});

	it('decodes each custom field type; allowed values only where the type takes them', async () => {
		const types = [
			'string',
			'number',
			'integer',
			'boolean',
			'array:string',
			'array:boolean',
			'timestamp:hh:mm:ss.fff',
			'timestamp:seconds',
		];
		const input = await readCreateInput(
			fakeSource(
				segmentation({
					id: 'scene',
					description: 'Each scene',
					fields: {
						field: types.map((type, index) => ({
							name: `f${index}`,
							type,
							description: `d${index}`,
							enumValues: 'a, b',
						})),
					},
				}),
			),
		);
		const fields = input.definitions?.[0].fields ?? [];
		expect(fields.map(({ name, ...rest }) => ({ name, ...rest }))).toEqual([
			{ name: 'f0', type: 'string', description: 'd0', enumValues: 'a, b' },
			{ name: 'f1', type: 'number', description: 'd1', enumValues: 'a, b' },
			{ name: 'f2', type: 'integer', description: 'd2', enumValues: 'a, b' },
			{ name: 'f3', type: 'boolean', description: 'd3', enumValues: undefined },
			{ name: 'f4', type: 'array', itemType: 'string', description: 'd4', enumValues: 'a, b' },
			{ name: 'f5', type: 'array', itemType: 'boolean', description: 'd5', enumValues: undefined },
			{
				name: 'f6',
				type: 'timestamp',
				format: 'hh:mm:ss.fff',
				description: 'd6',
				enumValues: undefined,
			},
			{
				name: 'f7',
				type: 'timestamp',
				format: 'seconds',
				description: 'd7',
				enumValues: undefined,
			},
		]);
	});

	it('a field without a type is a string; a definition without fields has none', async () => {
		const input = await readCreateInput(
			fakeSource(segmentation({ id: 'a', fields: { field: [{ name: 'x' }] } })),
		);
		expect(input.definitions).toEqual([
			{
				id: 'a',
				description: '',
				fields: [{ name: 'x', type: 'string', description: '', enumValues: '' }],
				referenceImages: [],
				timeRanges: [],
			},
		]);
	});

	it('reads reference images of each source and time ranges as numbers', async () => {
		const source = fakeSource(
			segmentation({
				id: 'logo',
				description: 'The logo',
				definitionOptions: {
					referenceImages: {
						fromBinary: [{ name: 'mark', binaryPropertyName: 'image' }],
						fromAsset: [{ name: 'badge', assetId: 'b'.repeat(24) }],
						fromUrl: [{ name: 'logo', url: 'https://img.example.com/l.png' }],
					},
					timeRanges: { range: [{ startTime: '1.5', endTime: 9 }] },
				},
			}),
			{ image: { metadata: { mimeType: 'image/png', bytes: png.length }, bytes: png } },
		);
		const [definition] = (await readCreateInput(source)).definitions ?? [];
		expect(definition.referenceImages).toEqual([
			{ name: 'logo', source: 'url', url: 'https://img.example.com/l.png' },
			{ name: 'badge', source: 'assetId', assetId: 'b'.repeat(24) },
			{ name: 'mark', source: 'binary', base64: png.toString('base64'), sizeBytes: png.length },
		]);
		expect(definition.timeRanges).toEqual([{ startTime: 1.5, endTime: 9 }]);
	});

	it('names the definition and row of a missing image binary', async () => {
		const source = fakeSource(
			segmentation({
				id: 'logo',
				definitionOptions: { referenceImages: { fromBinary: [{ name: 'mark' }] } },
			}),
		);
		expect((await refusal(readCreateInput(source))).field).toBe(
			'Segment Definitions › Definition 1 › Definition Options › Reference Images › Image From Binary Field 1 › Input Binary Field',
		);
	});
});

describe('readCreateInput: reference images in the prompt', () => {
	const withImages = form15({ prompt: 'Is <@logo> shown?', promptType: 'textWithImages' });

	it('reads each source when the prompt type asks for images', async () => {
		const jpg = Buffer.from('jpg');
		const source = fakeSource(
			{
				...withImages,
				referenceImages: {
					fromUrl: [{ name: 'logo', url: 'https://img.example.com/l.png' }],
					fromAsset: [{ name: 'shot', assetId: 'c'.repeat(24) }],
					fromBinary: [{ name: 'photo' }],
				},
			},
			{ data: { metadata: { mimeType: 'image/jpeg' }, bytes: jpg } },
		);
		expect((await readCreateInput(source)).referenceImages).toEqual([
			{ name: 'logo', source: 'url', url: 'https://img.example.com/l.png' },
			{ name: 'shot', source: 'assetId', assetId: 'c'.repeat(24) },
			{ name: 'photo', source: 'binary', base64: jpg.toString('base64'), sizeBytes: 3 },
		]);
	});

	it('gives an empty list for an empty or malformed image collection', async () => {
		expect((await readCreateInput(fakeSource(withImages))).referenceImages).toEqual([]);
		const odd = fakeSource({ ...withImages, referenceImages: { fromUrl: 'not a list' } });
		expect((await readCreateInput(odd)).referenceImages).toEqual([]);
	});

	it('refuses an image binary above 30 MB by its declared size, naming the row', async () => {
		const source = fakeSource(
			{
				...withImages,
				referenceImages: { fromBinary: [{ name: 'a' }, { name: 'b', binaryPropertyName: 'big' }] },
			},
			{
				data: { metadata: { bytes: 10 }, bytes: Buffer.alloc(10) },
				big: { metadata: { id: 'fs:9', fileSize: '40 MB' }, bytes: Buffer.alloc(1) },
			},
		);
		const error = await refusal(readCreateInput(source));
		expect(error.field).toBe('Reference Images › Image From Binary Field 2 › Input Binary Field');
		expect(source.buffersRead).toEqual(['data']);
	});
});

describe('readCreateInput: options', () => {
	it('turns numbers given as text into numbers, and leaves blanks unset', async () => {
		const input = await readCreateInput(
			fakeSource(
				form15({
					options: { temperature: '0.3', maxTokens: '', customId: 42, startTime: 0, endTime: '90' },
				}),
			),
		);
		expect(input.options).toEqual({
			temperature: 0.3,
			maxTokens: undefined,
			customId: '42',
			startTime: undefined,
			endTime: 90,
		});
	});

	it('treats a null options collection as empty', async () => {
		const input = await readCreateInput(fakeSource({ ...URL_VIDEO, options: null }));
		expect(input.options).toMatchObject({ temperature: undefined, customId: undefined });
	});
});

describe('readCreateInput: an expression that gives the wrong type is refused, naming the field', () => {
	it.each([
		['prompt', { prompt: { text: 'hi' } }, 'Prompt', 'is an object, not text'],
		[
			'video URL',
			{ videoUrl: ['https://a.example.com/a.mp4'] },
			'Video URL',
			'is an array, not text',
		],
		[
			'asset ID',
			{ videoSource: 'assetId', assetId: { id: 'x' } },
			'Asset ID',
			'is an object, not text',
		],
		[
			'temperature',
			{ options: { temperature: [0.2] } },
			'Options › Temperature',
			'is an array, not a number',
		],
		[
			'max tokens',
			{ options: { maxTokens: { n: 1 } } },
			'Options › Max Tokens',
			'is an object, not a number',
		],
		[
			'custom ID',
			{ options: { customId: { id: 1 } } },
			'Options › Custom ID',
			'is an object, not text',
		],
		[
			'start time',
			{ options: { startTime: [1] } },
			'Options › Start Time',
			'is an array, not a number',
		],
		['model', { model: ['pegasus1.5'] }, 'model', 'is an array, not text'],
	])('%s', async (_name, values, field, problem) => {
		const error = await refusal(readCreateInput(fakeSource({ ...URL_VIDEO, ...values })));
		expect(error.field).toBe(field);
		expect(error.problem).toBe(problem);
		expect(error.fix).toContain('Make the expression return');
	});

	it('names segment durations in segmentation mode', async () => {
		const error = await refusal(
			readCreateInput(
				fakeSource({
					...URL_VIDEO,
					analysisMode: 'time_based_metadata',
					definitionsSource: 'json',
					options: { maxSegmentDuration: { s: 3 } },
				}),
			),
		);
		expect(error.field).toBe('Options › Max Segment Duration');
	});
});

describe('itemParameters', () => {
	it('reads the parameters and binaries of its item from the n8n context', async () => {
		const calls: unknown[][] = [];
		const bytes = Buffer.from('abc');
		const context = {
			getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
				calls.push(['param', name, itemIndex, fallback]);
				return `${name}@${itemIndex}`;
			},
			helpers: {
				assertBinaryData: (itemIndex: number, property: string) => {
					calls.push(['meta', itemIndex, property]);
					return { mimeType: 'video/mp4', data: '', bytes: 3 };
				},
				getBinaryDataBuffer: async (itemIndex: number, property: string) => {
					calls.push(['buffer', itemIndex, property]);
					return bytes;
				},
			},
		} as unknown as IExecuteFunctions;
		const source = itemParameters(context, 2);
		expect(source.get('prompt', 'x')).toBe('prompt@2');
		expect(source.binaryMetadata('data').bytes).toBe(3);
		expect(await source.binaryBuffer('data')).toBe(bytes);
		expect(calls).toEqual([
			['param', 'prompt', 2, 'x'],
			['meta', 2, 'data'],
			['buffer', 2, 'data'],
		]);
	});
});
