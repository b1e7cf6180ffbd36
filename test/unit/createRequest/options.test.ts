/** The Options of a create request (nodes/TwelveLabs/createRequest/options.ts). */
import type { CreateTaskBody } from '../../../nodes/TwelveLabs/api/types';
import type { CreateOptions } from '../../../nodes/TwelveLabs/createRequest/input';
import { rulesOf } from '../../../nodes/TwelveLabs/createRequest/models';
import { applyOptions } from '../../../nodes/TwelveLabs/createRequest/options';
import { refusalOf } from './refusal';

function applied(
	options: CreateOptions,
	{ model = 'pegasus1.5', mode = 'general', timeRanges = false } = {},
): CreateTaskBody {
	const body = {
		video: { type: 'url', url: 'https://v.example/a.mp4' },
		model_name: model,
		analysis_mode: mode,
	} as CreateTaskBody;
	if (timeRanges)
		body.response_format = {
			type: 'segment_definitions',
			segment_definitions: [
				{ id: 's', description: 'd', time_ranges: [{ start_time: 0, end_time: 9 }] },
			],
		};
	const segmentation = mode === 'time_based_metadata';
	applyOptions(body, options, { model, mode, rules: rulesOf(model), segmentation });
	return body;
}

/** The body without the parts applyOptions does not add. */
const only = (body: CreateTaskBody): Record<string, unknown> =>
	Object.fromEntries(
		Object.entries(body).filter(
			([key]) => !['video', 'model_name', 'analysis_mode', 'response_format'].includes(key),
		),
	);

describe('applyOptions', () => {
	it('adds what was set, and nothing else', () => {
		expect(only(applied({}))).toEqual({});
		expect(
			only(applied({ temperature: 0, maxTokens: 512, startTime: 0, endTime: 4, customId: 'a_1' })),
		).toEqual({ temperature: 0, max_tokens: 512, start_time: 0, end_time: 4, custom_id: 'a_1' });
		expect(
			only(
				applied({ minSegmentDuration: 2, maxSegmentDuration: 2 }, { mode: 'time_based_metadata' }),
			),
		).toEqual({ min_segment_duration: 2, max_segment_duration: 2 });
	});

	it('refuses the analysed window outside Pegasus 1.5, beside time ranges, or under 4 s', () => {
		expect(refusalOf(() => applied({ endTime: 10 }, { model: 'pegasus1.2' }))).toMatch(
			/^Options › Analyze Until \(Seconds\): needs Pegasus 1\.5 \| /,
		);
		expect(
			refusalOf(() => applied({ startTime: 1 }, { mode: 'time_based_metadata', timeRanges: true })),
		).toBe(
			'Options › Analyze From (Seconds): cannot be combined with time ranges in segment definitions | Use either Analyze From/Until or per-definition time ranges.',
		);
		expect(refusalOf(() => applied({ startTime: -1 }))).toMatch(
			/^Options › Analyze From \(Seconds\): is -1, outside 0–/,
		);
		expect(refusalOf(() => applied({ startTime: 10, endTime: 10 }))).toBe(
			'Options › Analyze Until (Seconds): (10 s) is not after the start (10 s) | Set Analyze Until later than Analyze From.',
		);
		expect(refusalOf(() => applied({ endTime: 3 }))).toMatch(
			/^Options › Analyze Until \(Seconds\): leaves a window of 3 s; at least 4 s is needed/,
		);
	});

	it('refuses segment options outside segmentation, beside time ranges, under 2 s or crossed', () => {
		expect(refusalOf(() => applied({ segmentTimeFormat: 'seconds' }))).toMatch(
			/^Options › Segment Time Format: applies to Video Segmentation only/,
		);
		const segmentation = { mode: 'time_based_metadata' };
		expect(
			refusalOf(() => applied({ maxSegmentDuration: 5 }, { ...segmentation, timeRanges: true })),
		).toBe(
			'Options › Longest Segment (Seconds): cannot be combined with time ranges in segment definitions | Use either segment durations or time ranges.',
		);
		expect(refusalOf(() => applied({ minSegmentDuration: 1 }, segmentation))).toMatch(
			/^Options › Shortest Segment \(Seconds\): is 1, outside 2–/,
		);
		expect(
			refusalOf(() => applied({ minSegmentDuration: 6, maxSegmentDuration: 5 }, segmentation)),
		).toBe(
			'Options › Longest Segment (Seconds): (5 s) is below Shortest Segment (6 s) | Make Longest Segment at least Shortest Segment.',
		);
	});

	it('refuses temperature out of 0–1, max tokens out of the model range, a malformed custom ID', () => {
		expect(refusalOf(() => applied({ temperature: 1.1 }))).toMatch(
			/^Options › Temperature: is 1\.1, outside 0–1/,
		);
		expect(refusalOf(() => applied({ maxTokens: 10.5 }))).toMatch(
			/^Options › Max Tokens: is 10\.5, not a whole number/,
		);
		expect(refusalOf(() => applied({ maxTokens: 10_000_000 }))).toMatch(
			/^Options › Max Tokens: is 10000000, outside /,
		);
		expect(refusalOf(() => applied({ customId: 'has space' }))).toMatch(
			/^Options › Custom ID: \("has space"\) must be 1–64 letters, digits, "_" or "-"/,
		);
	});
});
