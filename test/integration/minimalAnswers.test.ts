/**
 * Through n8n's engine against a server that answers exactly as little as twelvelabs-js 1.3.4
 * requires (task_id, status, created_at, and result on ready): no request_params, no
 * video_source, no page_info. Each case fixes one answer, so what the sparse pass meets by
 * chance is checked here every time.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness/engine';
import { startMinimalApi, type MinimalApi } from '../harness/minimalApi';
import { API_KEY, CREATE_GENERAL, expectNoSecret } from './support';

const SEGMENTS = {
	scene: [
		{ start_time: 0, end_time: 12.5, metadata: { mood: 'calm' } },
		{ start_time: 12.5, end_time: 30, metadata: { mood: 'tense' } },
	],
	logo: [{ start_time: 3, end_time: 9, metadata: {} }],
};
const id = (n: number) => n.toString(16).padStart(24, '0');

/** The minimal task: only what the SDK requires. */
const minimalTask = (n: number, status = 'ready', data = JSON.stringify(SEGMENTS)) => ({
	task_id: id(n),
	status,
	created_at: new Date(Date.UTC(2026, 0, 1) - n * 1000).toISOString(),
	...(status === 'ready'
		? { result: { generation_id: 'g', data, finish_reason: 'stop', usage: { output_tokens: 10 } } }
		: {}),
});

let api: MinimalApi;
let finalStatus = 'ready';
const TOTAL_TASKS = 60;

beforeAll(async () => {
	api = await startMinimalApi({
		created: { task_id: id(1), status: 'queued' },
		tasks: (page, limit) =>
			Array.from({ length: TOTAL_TASKS }, (_, i) => minimalTask(i + 2)).slice(
				(page - 1) * limit,
				page * limit,
			),
		task: (taskId) => {
			const n = Number.parseInt(taskId, 16);
			return n === 1 ? minimalTask(1, finalStatus) : minimalTask(n);
		},
	});
});

afterAll(async () => {
	await api.stop();
});

beforeEach(() => {
	api.requests.length = 0;
	finalStatus = 'ready';
});

async function run(parameters: IDataObject) {
	const result = await runNode({
		parameters,
		credentials: { apiKey: API_KEY, baseUrl: api.baseUrl },
	});
	expectNoSecret(result);
	return result;
}

describe('answers with only the fields the SDK requires', () => {
	it('Get gives one item per segment for a ready segmentation task without request_params', async () => {
		const result = await run({
			resource: 'analysisTask',
			operation: 'get',
			taskId: { __rl: true, mode: 'id', value: id(5) },
			output: 'segments',
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{
				definition_id: 'scene',
				start_time: 0,
				end_time: 12.5,
				fields: { mood: 'calm' },
				segment_index: 0,
				task_id: id(5),
			},
			{
				definition_id: 'scene',
				start_time: 12.5,
				end_time: 30,
				fields: { mood: 'tense' },
				segment_index: 1,
				task_id: id(5),
			},
			{
				definition_id: 'logo',
				start_time: 3,
				end_time: 9,
				fields: {},
				segment_index: 0,
				task_id: id(5),
			},
		]);
	});

	it('Get Many reads every page when the list has no page_info', async () => {
		const result = await run({
			resource: 'analysisTask',
			operation: 'getMany',
			returnAll: true,
			output: 'raw',
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(TOTAL_TASKS);
		expect(api.requests.filter((line) => line.startsWith('GET /analyze/tasks?'))).toHaveLength(2);
	});

	it('Create and Wait ends on a final-looking status it does not know, long before its timeout', async () => {
		finalStatus = 'cancelled_by_operator';
		const result = await run({
			...CREATE_GENERAL,
			operation: 'createAndWait',
			output: 'simplified',
			options: { waitTimeout: 600, initialPollInterval: 1, maxPollInterval: 1 },
		});
		expect(result.error?.message).toContain(`${id(1)} ended with status 'cancelled_by_operator'`);
		expect(api.requests.filter((line) => line.startsWith('GET')).length).toBeLessThan(5);
	}, 20_000);
});
