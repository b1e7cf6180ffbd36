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
