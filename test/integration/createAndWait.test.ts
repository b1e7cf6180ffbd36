/**
 * Create and Wait through n8n's engine against the simulator on a sped-up clock: tasks are
 * created first, waited for together, and each item gets its own result in input order.
 */
import { sleep, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import { runNode } from '../harness/engine';
import { createAndWaitParameters } from '../harness/parameters';
import { expectNoSecret, scriptedVideo, startSimulator, type SimulatorFixture } from './support';

/** 50 simulated ms per real ms: a 10 s task takes 200 ms. */
const SPEED = 50;

const waitOptions = { initialPollInterval: 0.02, maxPollInterval: 0.1, waitTimeout: 60 };
const parameters = (overrides: IDataObject = {}): IDataObject =>
	createAndWaitParameters(waitOptions, overrides);
const itemsFor = (videos: string[]): INodeExecutionData[] =>
	videos.map((url) => ({ json: { url } }));

let fixture: SimulatorFixture;
beforeAll(async () => {
	fixture = await startSimulator({ speed: SPEED });
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	fixture.sim.reset({ apiKeys: [String(fixture.credentials.apiKey)], seed: 7, speed: SPEED });
});

const taskGets = () =>
	fixture.sim
		.requests()
		.filter((entry) => entry.method === 'GET' && entry.route === '/analyze/tasks/:id');
const creates = () => fixture.sim.requests().filter((entry) => entry.method === 'POST');

describe('Create and Wait', () => {
	it('waits for tasks that finish out of order and outputs them in input order', async () => {
		const durations = [40_000, 10_000, 30_000, 20_000, 5_000];
		const videos = durations.map((ms, index) => scriptedVideo(`v${index}`, ms));
		const result = await runNode({
			parameters: parameters(),
			items: itemsFor(videos),
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		const tasks = fixture.sim.tasks();
		result.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.status).toBe('ready');
			expect(typeof item.json.text).toBe('string');
			const task = tasks.find((entry) => entry.taskId === item.json.task_id);
			expect(task?.durationMs).toBe(durations[index]);
		});
		// The order of completion differs from the order of input.
		const completion = [...tasks]
			.sort((a, b) => (a.completedAt ?? 0) - (b.completedAt ?? 0))
			.map((task) => task.taskId);
		expect(completion).not.toEqual(result.items.map((item) => item.json.task_id));
		// All created before waiting; each final task read in full exactly once.
		expect(creates()).toHaveLength(5);
		const lastCreate = Math.max(...creates().map((entry) => entry.time));
		expect(
			fixture.sim.requests().filter((entry) => entry.method === 'GET' && entry.time < lastCreate),
		).toHaveLength(0);
		const getsPerTask = new Map<string, number>();
		for (const entry of taskGets())
			getsPerTask.set(entry.path, (getsPerTask.get(entry.path) ?? 0) + 1);
		expect(getsPerTask.size).toBe(5);
		// List pages observe many tasks per request instead of one GET per task per round.
		expect(
			fixture.sim
				.requests()
				.filter((entry) => entry.route === '/analyze/tasks' && entry.method === 'GET').length,
		).toBeGreaterThan(0);
		expectNoSecret(result);
	});

	it('fails the run when a task fails, naming the task', async () => {
		const videos = [scriptedVideo('ok', 5_000), scriptedVideo('bad', 8_000, 'failed')];
		const result = await runNode({
			parameters: parameters(),
			items: itemsFor(videos),
			credentials: fixture.credentials,
		});
		expect(result.error?.message).toMatch(/^The task [0-9a-f]{24} failed: /);
		expect(result.error?.description).toContain('video');
	});

	it('with Continue On Fail, a failed task fails only its own item', async () => {
		const videos = [
			scriptedVideo('a', 5_000),
			scriptedVideo('b', 8_000, 'failed'),
			scriptedVideo('c', 3_000),
		];
		const result = await runNode({
			parameters: parameters(),
			items: itemsFor(videos),
			credentials: fixture.credentials,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.status).toBe('ready');
		// n8n keeps only the message in an error item's JSON; the message names the task.
		const failedId = fixture.sim.tasks().find((task) => task.outcome === 'failed')?.taskId;
		expect(result.items[1].json).toEqual({
			error: expect.stringMatching(new RegExp(`^The task ${failedId} failed: `)),
		});
		expect(result.items[1].error?.description).toContain('video');
		expect(result.items[2].json.status).toBe('ready');
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	it('on timeout, fails naming every unfinished task and its last status', async () => {
		const videos = [
			scriptedVideo('quick', 2_000),
			scriptedVideo('slow1', 3_600_000),
			scriptedVideo('slow2', 3_600_000),
		];
		const result = await runNode({
			parameters: parameters({ options: { waitTimeout: 1 } }),
			items: itemsFor(videos),
			credentials: fixture.credentials,
		});
		const slowIds = fixture.sim
			.tasks()
			.filter((task) => task.durationMs === 3_600_000)
			.map((task) => task.taskId);
		expect(result.error?.message).toMatch(/^2 of 3 tasks did not finish within the wait timeout/);
		for (const id of slowIds)
			expect(result.error?.message).toMatch(new RegExp(`${id} \\((queued|pending|processing)\\)`));
		expect(result.error?.description).toContain('TwelveLabs Trigger');
	});

	it('on timeout, can return the unfinished tasks as they are', async () => {
		const videos = [scriptedVideo('quick', 2_000), scriptedVideo('slow', 3_600_000)];
		const result = await runNode({
			parameters: parameters({ options: { waitTimeout: 1, onTimeout: 'returnUnfinished' } }),
			items: itemsFor(videos),
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('ready');
		expect(['queued', 'pending', 'processing']).toContain(result.items[1].json.status);
		expect(result.items[1].json.task_id).toMatch(/^[0-9a-f]{24}$/);
	});

	it('keeps waiting through a 429 and honours its Retry-After', async () => {
		fixture.sim.failNext(2, { status: 429, retryAfterMs: 150, method: 'GET' });
		const videos = [
			scriptedVideo('a', 5_000),
			scriptedVideo('b', 10_000),
			scriptedVideo('c', 7_000),
		];
		const result = await runNode({
			parameters: parameters(),
			items: itemsFor(videos),
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(['ready', 'ready', 'ready']);
		expect(fixture.sim.counts().rateLimited).toBe(2);
		const log = fixture.sim.requests();
		const limited = log.findIndex((entry) => entry.status === 429);
		// The next request waited at least the Retry-After (150 real ms = 7.5 s on the sim clock).
		expect(log[limited + 1].time - log[limited].time).toBeGreaterThanOrEqual(150 * SPEED * 0.9);
	});

	it('stops waiting when the execution is cancelled', async () => {
		const videos = [scriptedVideo('long1', 3_600_000), scriptedVideo('long2', 3_600_000)];
		let cancelledAt = 0;
		const result = await runNode({
			parameters: parameters({
				options: { waitTimeout: 600, initialPollInterval: 0.05, maxPollInterval: 0.2 },
			}),
			items: itemsFor(videos),
			credentials: fixture.credentials,
			onStart: (cancel) => {
				void sleep(400).then(() => {
					cancelledAt = fixture.sim.now();
					cancel();
				});
			},
		});
		expect(cancelledAt).toBeGreaterThan(0);
		expect(result.status).toBe('canceled');
		// At most the request in flight and one more slice's worth: waiting really stopped.
		expect(
			fixture.sim.requests().filter((entry) => entry.time > cancelledAt).length,
		).toBeLessThanOrEqual(2);
	});

	it('stops creating tasks when the execution is cancelled during the creates', async () => {
		fixture.sim.failNext(12, { latencyMs: 300, method: 'POST' });
		const videos = Array.from({ length: 12 }, (_, index) => scriptedVideo(`c${index}`, 60_000));
		const result = await runNode({
			parameters: parameters(),
			items: itemsFor(videos),
			credentials: fixture.credentials,
			onStart: (cancel) => {
				void sleep(150).then(cancel);
			},
		});
		expect(result.status).toBe('canceled');
		// The four creates in flight finish; no new one starts.
		expect(creates().length).toBeLessThan(12);
	});

	it('emits one item per segment across several input items, each paired with its item', async () => {
		const definitions = {
			definition: [
				{
					id: 'scene',
					description: 'Each scene',
					fields: {
						field: [
							{ name: 'mood', type: 'string', description: 'Mood', enumValues: 'calm, tense' },
						],
					},
				},
			],
		};
		const videos = [scriptedVideo('s0', 6_000), scriptedVideo('s1', 3_000)];
		const result = await runNode({
			parameters: parameters({
				analysisMode: 'time_based_metadata',
				definitionsSource: 'form',
				segmentDefinitions: definitions,
				output: 'segments',
			}),
			items: itemsFor(videos),
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		const tasks = fixture.sim.tasks();
		for (const [index, url] of videos.entries()) {
			const task = tasks.find((entry) => (entry.request.video as IDataObject).url === url);
			const data = JSON.parse(
				String(
					(
						(fixture.sim.getTaskDirect(task?.taskId ?? '')?.json as IDataObject)
							.result as IDataObject
					).data,
				),
			) as IDataObject;
			const mine = result.items.filter((item) => item.json.task_id === task?.taskId);
			expect(mine).toHaveLength((data.scene as unknown[]).length);
			for (const item of mine) {
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json.definition_id).toBe('scene');
				expect(['calm', 'tense']).toContain((item.json.fields as IDataObject).mood);
			}
		}
		// Segments of the first input item come before those of the second.
		const order = result.items.map((item) => (item.pairedItem as { item: number }).item);
		expect([...order].sort()).toEqual(order);
	});

	it('refuses every invalid item before creating any task', async () => {
		const result = await runNode({
			parameters: parameters({ prompt: '={{ $json.prompt }}' }),
			items: [
				{ json: { url: scriptedVideo('a', 1000), prompt: 'ok' } },
				{ json: { url: scriptedVideo('b', 1000), prompt: '' } },
			],
			credentials: fixture.credentials,
		});
		expect(result.error?.message).toBe("'Prompt' is empty");
		expect(fixture.sim.requests()).toHaveLength(0);
	});
});
