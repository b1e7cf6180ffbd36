/** buildCreateBody (nodes/TwelveLabs/createRequest/body.ts) on its own: no engine, no HTTP. */
import { buildCreateBody } from '../../../nodes/TwelveLabs/createRequest/body';
import {
	InvalidParameterError,
	type CreateInput,
} from '../../../nodes/TwelveLabs/createRequest/input';

const VIDEO = { source: 'url' as const, url: 'https://videos.example.com/a.mp4' };
const general = (extra: Partial<CreateInput> = {}): CreateInput => ({
	video: VIDEO,
	model: 'pegasus1.5',
	analysisMode: 'general',
	prompt: '  Summarize  ',
	options: {},
	...extra,
});

const refusal = (input: CreateInput): InvalidParameterError => {
	let caught: unknown;
	try {
		buildCreateBody(input);
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(InvalidParameterError);
	return caught as InvalidParameterError;
};

describe('buildCreateBody', () => {
	it('builds a general body with the options given, and nothing else', () => {
		expect(
			buildCreateBody(general({ options: { temperature: 0.5, customId: 'a-1', endTime: 30 } })),
		).toEqual({
			video: { type: 'url', url: VIDEO.url },
			model_name: 'pegasus1.5',
			analysis_mode: 'general',
			prompt: 'Summarize',
			temperature: 0.5,
			end_time: 30,
			custom_id: 'a-1',
		});
	});

	it('builds segmentation with definitions, time format and durations', () => {
		const body = buildCreateBody({
			video: VIDEO,
			model: 'pegasus1.5',
			analysisMode: 'time_based_metadata',
			definitionsSource: 'form',
			definitions: [
				{
					id: 'scene',
					description: 'Each scene',
					fields: [{ name: 'peak', type: 'timestamp', format: 'seconds', description: 'Peak' }],
					referenceImages: [],
					timeRanges: [],
				},
			],
			options: { segmentTimeFormat: 'hh:mm:ss', minSegmentDuration: 4, maxTokens: 4096 },
		});
		expect(body.response_format).toEqual({
			type: 'segment_definitions',
			segment_time_format: 'hh:mm:ss',
			segment_definitions: [
				{
					id: 'scene',
					description: 'Each scene',
					fields: [{ name: 'peak', type: 'timestamp', format: 'seconds', description: 'Peak' }],
				},
			],
		});
		expect(body).toMatchObject({ min_segment_duration: 4, max_tokens: 4096 });
		expect(body.prompt).toBeUndefined();
	});

	it('names the form field and the fix when it refuses', () => {
		const error = refusal(general({ options: { minSegmentDuration: 4 } }));
		expect(error.field).toBe('Options › Shortest Segment (Seconds)');
		expect(error.fix).toMatch(/Video Segmentation/);
		expect(
			refusal(general({ model: 'pegasus1.2', analysisMode: 'time_based_metadata' })).field,
		).toBe('Analysis Mode');
		expect(refusal(general({ options: { maxTokens: 100 } })).message).toContain('512–98304');
	});
});

describe('buildCreateBody: a video above 30 MB to upload as an asset first', () => {
	const MB = 1024 * 1024;
	const upload = (fileName: string, mimeType: string | undefined, sizeBytes: number) =>
		general({ video: { source: 'upload', propertyName: 'data', fileName, mimeType, sizeBytes } });

	it('leaves the asset ID to be set once the upload is ready', () => {
		expect(buildCreateBody(upload('long.mp4', 'video/mp4', 31 * MB)).video).toEqual({
			type: 'asset_id',
			asset_id: '',
		});
	});

	it('takes a file whose name and type say nothing as the video the field promises', () => {
		expect(buildCreateBody(upload('clip', 'application/octet-stream', 31 * MB)).video.type).toBe(
			'asset_id',
		);
	});

	it('refuses an image or a document, naming the field', () => {
		for (const [name, type, what] of [
			['cover.png', 'image/png', 'an image'],
			['notes.pdf', 'application/pdf', 'a document'],
		]) {
			const error = refusal(upload(name, type, 31 * MB));
			expect(error.field).toBe('Input Binary Field');
			expect(error.problem).toBe(`holds "${name}", ${what}, not a video`);
		}
	});

	it('refuses a video above the 10 GB a multipart upload takes', () => {
		const error = refusal(upload('huge.mp4', 'video/mp4', 10 * 1024 * MB + 1));
		expect(error.field).toBe('Input Binary Field');
		expect(error.problem).toContain('above the 10240.0 MB TwelveLabs accepts for video assets');
	});
});
