/**
 * Through n8n's engine against a server that answers exactly as little as twelvelabs-js 1.3.4
 * requires (task_id, status, created_at, and result on ready): no request_params, no
 * video_source, no page_info. Each case fixes one answer, so what the sparse pass meets by
 * chance is checked here every time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness/engine';
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

let server: Server;
let baseUrl: string;
let requests: string[] = [];
let finalStatus = 'ready';
const TOTAL_TASKS = 60;

beforeAll(async () => {
	server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const path = url.pathname.replace(/^\/v1\.3/, '');
		requests.push(`${req.method} ${path}${url.search}`);
		const send = (status: number, body: unknown) => {
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		req.resume();
		req.on('end', () => {
			if (req.method === 'POST' && path === '/analyze/tasks') return send(202, { task_id: id(1), status: 'queued' });
			if (req.method === 'GET' && path === '/analyze/tasks') {
				const page = Number(url.searchParams.get('page') ?? 1);
				const limit = Number(url.searchParams.get('page_limit') ?? 10);
				const all = Array.from({ length: TOTAL_TASKS }, (_, i) => minimalTask(i + 2));
				return send(200, { data: all.slice((page - 1) * limit, page * limit) });
			}
			const match = /^\/analyze\/tasks\/([0-9a-f]{24})$/.exec(path);
			if (req.method === 'GET' && match) {
				const n = Number.parseInt(match[1], 16);
				return send(200, n === 1 ? minimalTask(1, finalStatus) : minimalTask(n));
			}
			return send(404, { code: 'endpoint_not_exist', message: 'no' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.3`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	requests = [];
	finalStatus = 'ready';
});

async function run(parameters: IDataObject) {
	const result = await runNode({ parameters, credentials: { apiKey: API_KEY, baseUrl } });
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
			{ definition_id: 'scene', start_time: 0, end_time: 12.5, fields: { mood: 'calm' }, segment_index: 0, task_id: id(5) },
			{ definition_id: 'scene', start_time: 12.5, end_time: 30, fields: { mood: 'tense' }, segment_index: 1, task_id: id(5) },
			{ definition_id: 'logo', start_time: 3, end_time: 9, fields: {}, segment_index: 0, task_id: id(5) },
		]);
	});

	it('Get Many reads every page when the list has no page_info', async () => {
		const result = await run({ resource: 'analysisTask', operation: 'getMany', returnAll: true, output: 'raw' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(TOTAL_TASKS);
		expect(requests.filter((line) => line.startsWith('GET /analyze/tasks?'))).toHaveLength(2);
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
		expect(requests.filter((line) => line.startsWith('GET')).length).toBeLessThan(5);
	}, 20_000);
});
