import type { Task } from '../../nodes/TwelveLabs/api/types';
import {
	parseResultData,
	segmentRecords,
	shapeTask,
	simplifyTask,
} from '../../nodes/TwelveLabs/results';

const task = (overrides: Partial<Task>): Task => ({
	task_id: 'a'.repeat(24),
	custom_id: null,
	status: 'ready',
	created_at: '2026-11-28T10:00:00.000Z',
	completed_at: '2026-11-28T10:01:00.000Z',
	request_params: { analysis_mode: 'general' },
	result: {
		generation_id: 'g',
		data: 'A short summary.',
		finish_reason: 'stop',
		usage: { output_tokens: 12, input_tokens: 900 },
	},
	...overrides,
});

const segmentation = task({
	request_params: {
		analysis_mode: 'time_based_metadata',
		response_format: { type: 'segment_definitions' },
	},
	result: {
		data: JSON.stringify({
			scene: [
				{ start_time: 0, end_time: 12.5, metadata: { mood: 'calm' } },
				{ start_time: 12.5, end_time: 30, metadata: { mood: 'tense' } },
			],
			logo: [{ start_time: '00:00:03', end_time: '00:00:09', metadata: {} }],
		}),
		finish_reason: 'stop',
	},
});

describe('result shaping', () => {
	it('keeps prose as text and parses JSON when JSON was asked for', () => {
		expect(parseResultData(task({}))).toEqual({ kind: 'text', text: 'A short summary.' });
		const json = task({
			request_params: { analysis_mode: 'general', response_format: { type: 'json_schema' } },
			result: { data: '{"a":1}' },
		});
		expect(parseResultData(json)).toEqual({ kind: 'json', data: { a: 1 } });
	});

	it('reports cut-off JSON as unparsable text with a truncation warning', () => {
		const cut = task({
			request_params: { analysis_mode: 'general', response_format: { type: 'json_schema' } },
			result: { data: '{"a":', finish_reason: 'length' },
		});
		const simplified = simplifyTask(cut);
		expect(simplified.text).toBe('{"a":');
		expect(simplified.data).toBeUndefined();
		expect(simplified.warning).toContain('could not be parsed');
	});

	it('simplifies to the fields a workflow needs', () => {
		expect(
			simplifyTask(
				task({
					custom_id: 'c-1',
					video_source: {
						type: 'url',
						url: 'https://v.example.com/a.mp4',
						system_metadata: { duration: 61 },
					},
				}),
			),
		).toEqual({
			task_id: 'a'.repeat(24),
			custom_id: 'c-1',
			status: 'ready',
			analysis_mode: 'general',
			created_at: '2026-11-28T10:00:00.000Z',
			completed_at: '2026-11-28T10:01:00.000Z',
			video: { type: 'url', url: 'https://v.example.com/a.mp4', asset_id: null, duration: 61 },
			text: 'A short summary.',
			finish_reason: 'stop',
			usage: { output_tokens: 12, input_tokens: 900 },
		});
	});

	it('shows the failure message of a failed task', () => {
		const failed = task({
			status: 'failed',
			result: undefined,
			error: { message: 'Video duration exceeds maximum allowed duration' },
		});
		expect(simplifyTask(failed).error).toBe('Video duration exceeds maximum allowed duration');
	});

	it('turns a segmentation result into one record per segment', () => {
		expect(segmentRecords(segmentation)).toEqual([
			{
				definition_id: 'scene',
				start_time: 0,
				end_time: 12.5,
				fields: { mood: 'calm' },
				segment_index: 0,
				task_id: 'a'.repeat(24),
			},
			{
				definition_id: 'scene',
				start_time: 12.5,
				end_time: 30,
				fields: { mood: 'tense' },
				segment_index: 1,
				task_id: 'a'.repeat(24),
			},
			{
				definition_id: 'logo',
				start_time: '00:00:03',
				end_time: '00:00:09',
				fields: {},
				segment_index: 0,
				task_id: 'a'.repeat(24),
			},
		]);
	});

	it('keeps a task without segments as one simplified record in segment mode', () => {
		expect(shapeTask(task({}), 'segments')).toHaveLength(1);
		expect(shapeTask(segmentation, 'segments')).toHaveLength(3);
		expect(shapeTask(segmentation, 'raw')).toEqual([segmentation]);
	});

	it('keeps a status it does not know as data', () => {
		const unknown = task({ status: 'archived', result: undefined });
		expect(simplifyTask(unknown)).toMatchObject({ status: 'archived', finish_reason: null });
		expect(shapeTask(unknown, 'segments')).toHaveLength(1);
	});
});
