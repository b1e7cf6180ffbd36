/**
 * The task picker (nodes/TwelveLabs/methods/searchTasks.ts): entry labels, and the list
 * search over a mocked n8n load-options context (its HTTP helper answers; nothing is sent).
 */
import type {
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	ILoadOptionsFunctions,
	INode,
} from 'n8n-workflow';
import type { Task, TaskListResponse } from '../../../nodes/TwelveLabs/api/types';
import { searchTasks, shortVideoName, taskLabel } from '../../../nodes/TwelveLabs/methods/searchTasks';

const task = (overrides: Partial<Task> = {}): Task => ({
	task_id: 'a'.repeat(24),
	status: 'ready',
	created_at: '2026-03-04T05:06:07Z',
	...overrides,
});

const url = (value: string) => task({ video_source: { type: 'url', url: value } });

describe('shortVideoName', () => {
	it.each([
		['https://videos.example.com/a/b/clip.mp4', 'clip.mp4'],
		['https://videos.example.com/a/b/my%20clip.mp4?sig=1#t=3', 'my clip.mp4'],
		['https://videos.example.com/folder/', 'folder'],
		['https://videos.example.com/', 'videos.example.com'],
		['not a url', 'not a url'],
	])('names %s %j', (value, expected) => {
		expect(shortVideoName(url(value))).toBe(expected);
	});

	it('names an asset by its ID', () => {
		expect(shortVideoName(task({ video_source: { type: 'asset_id', asset_id: 'b1' } }))).toBe(
			'asset b1',
		);
	});

	it('is undefined without a source, or with empty or null members', () => {
		expect(shortVideoName(task())).toBeUndefined();
		expect(shortVideoName(task({ video_source: null }))).toBeUndefined();
		expect(shortVideoName(task({ video_source: { url: '', asset_id: null } }))).toBeUndefined();
	});
});

describe('taskLabel', () => {
	it('leads with status and creation minute, then custom ID and video', () => {
		expect(
			taskLabel(
				task({
					custom_id: 'run-1',
					video_source: { url: 'https://videos.example.com/x.mp4' },
				}),
			),
		).toBe('ready · 2026-03-04 05:06 · run-1 · x.mp4');
	});

	it('adds the task ID when nothing but status and time tells tasks apart', () => {
		expect(taskLabel(task({ custom_id: null }))).toBe(
			`ready · 2026-03-04 05:06 · ${'a'.repeat(24)}`,
		);
	});

	it('copes without a creation time', () => {
		const bare = { task_id: 'id1', status: 'failed' } as unknown as Task;
		expect(taskLabel(bare)).toBe('failed · id1');
		expect(taskLabel({ ...bare, video_source: { asset_id: 'z' } } as unknown as Task)).toBe(
			'failed · asset z',
		);
	});
});

describe('searchTasks over a mocked load-options context', () => {
	const NODE = {
		name: 'TwelveLabs',
		type: 'x',
		typeVersion: 1,
		parameters: {},
	} as unknown as INode;

	function context(pages: TaskListResponse[]) {
		const sent: IHttpRequestOptions[] = [];
		const fake = {
			getNode: () => NODE,
			getCredentials: async () => ({ apiKey: 'key-123456', baseUrl: 'api.example.com/v1.3/' }),
			helpers: {
				httpRequestWithAuthentication: async (
					credential: string,
					options: IHttpRequestOptions,
				): Promise<IN8nHttpFullResponse> => {
					expect(credential).toBe('twelveLabsApi');
					sent.push(options);
					return { statusCode: 200, headers: {}, body: JSON.stringify(pages.shift()) };
				},
			},
		};
		return { fake: fake as unknown as ILoadOptionsFunctions, sent };
	}

	const full = (prefix: string) =>
		Array.from({ length: 50 }, (_, i) =>
			task({ task_id: `${prefix}${i}`, custom_id: `${prefix}-${i}` }),
		);

	it('lists the first page, 50 at a time, and offers the next', async () => {
		const { fake, sent } = context([{ data: full('p'), page_info: { total_page: 3 } }]);
		const result = await searchTasks.call(fake);
		expect(result.results).toHaveLength(50);
		expect(result.results[0]).toEqual({
			name: 'ready · 2026-03-04 05:06 · p-0',
			value: 'p0',
		});
		expect(result.paginationToken).toBe('2');
		expect(sent[0]).toMatchObject({
			method: 'GET',
			baseURL: 'https://api.example.com/v1.3',
			url: '/analyze/tasks',
			qs: { page: 1, page_limit: 50 },
		});
	});

	it('filters by label or ID, case-insensitively, on the page of the token', async () => {
		const { fake, sent } = context([{ data: full('q'), page_info: { total_page: 2 } }]);
		const result = await searchTasks.call(fake, '  Q-1 ', '2');
		expect(result.results.map((entry) => entry.value)).toEqual([
			'q1',
			...Array.from({ length: 10 }, (_, i) => `q${10 + i}`),
		]);
		expect(result.paginationToken).toBeUndefined();
		expect(sent[0].qs).toEqual({ page: 2, page_limit: 50 });
	});

	it('stops at a short page, and after 20 pages whatever the server claims', async () => {
		const short = context([{ data: [task()], page_info: { total_page: 9 } }]);
		expect((await searchTasks.call(short.fake)).paginationToken).toBeUndefined();
		const endless = context([{ data: full('r'), page_info: { total_page: 1000 } }]);
		expect((await searchTasks.call(endless.fake, undefined, '20')).paginationToken).toBeUndefined();
	});
});
