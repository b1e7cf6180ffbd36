/**
 * The TwelveLabs Trigger through n8n-core's real PollContext against the simulator over HTTP:
 * every finished task exactly once, whatever the order of completion, deletions, failed or
 * overlapping polls and restarts; its filters, events and output options; manual mode; and
 * what a poll costs.
 *
 * Polls of one trigger share one Workflow, as in n8n: its static data is the ObservableObject
 * every poll (overlapping ones too) reads and writes. The sim clock moves only by advance().
 */
import type { IDataObject, INodeExecutionData, Workflow } from 'n8n-workflow';
import { pollTrigger, triggerWorkflow } from '../harness/engine';
import {
	API_KEY,
	expectNoSecret,
	isThinnedFrom,
	optional,
	startSimulator,
	type SimulatorFixture,
} from './support';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const ALL_EVENTS = ['ready', 'failed', 'canceled'];
/** A quota error: Retry-After far beyond what the transport waits out, so it is not retried. */
const QUOTA = { status: 429, retryAfterMs: 3_600_000 } as const;

let fixture: SimulatorFixture;
beforeAll(async () => {
	fixture = await startSimulator();
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	// The sim clock starts a day behind the real one: the trigger never lets its watermark pass
	// the local clock (plus a few seconds), so a sim clock that advance() pushed ahead would only
	// make every poll re-read more (the clock-skew tests are in hostileTrigger.test.ts).
	fixture.sim.reset({ apiKeys: [API_KEY], seed: 7, startAt: Date.now() - DAY });
});

interface TaskOptions {
	durationMs?: number;
	outcome?: 'ready' | 'failed';
	customId?: string | null;
	videoUrl?: string;
	segmentation?: boolean;
}

const LONG_PROMPT = 'Describe every scene of this video in detail, with the people and the places.';

/** Creates a task at the current sim time; returns its id. */
function createTask(name: string, options: TaskOptions = {}): string {
	const body: Record<string, unknown> = {
		video: { type: 'url', url: options.videoUrl ?? `https://videos.example.com/${name}.mp4` },
	};
	if (options.customId !== null) body.custom_id = options.customId ?? name;
	if (options.segmentation) {
		body.analysis_mode = 'time_based_metadata';
		body.response_format = {
			type: 'segment_definitions',
			segment_definitions: [
				{
					id: 'scene',
					description: 'Each distinct scene',
					fields: [{ name: 'label', type: 'string', description: 'What happens' }],
				},
			],
		};
	} else {
		body.prompt = LONG_PROMPT;
	}
	return fixture.sim.createTaskDirect(body, {
		durationMs: options.durationMs ?? 30 * SECOND,
		outcome: options.outcome ?? 'ready',
	}).taskId;
}

/** Creates tasks `spacingMs` apart (moving the clock), the i-th with `options(i)`. */
function createTasks(
	count: number,
	spacingMs: number,
	options: (i: number) => TaskOptions,
): string[] {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		if (i > 0 && spacingMs > 0) fixture.sim.advance(spacingMs);
		ids.push(createTask(`task-${i}`, options(i)));
	}
	return ids;
}

interface PollOutcome {
	/** Emitted task ids, in output order (one per task except in segment mode). */
	ids: string[];
	items: INodeExecutionData[];
	result: INodeExecutionData[][] | null;
	/** HTTP attempts the poll made. */
	requests: number;
}

/** What the trigger keeps in its static data (see nodes/TwelveLabs/trigger/completions.ts). */
interface TriggerState {
	inFlight?: Record<string, number>;
	retired?: Record<string, number>;
	watermark?: number;
	baselineAt?: number;
}

/** One trigger: a workflow whose static data every poll shares, as in an active n8n workflow. */
class Trigger {
	private constructor(public workflow: Workflow) {}

	static async create(parameters: IDataObject = {}, staticData?: IDataObject): Promise<Trigger> {
		return new Trigger(
			await triggerWorkflow({ parameters: { events: ALL_EVENTS, ...parameters }, staticData }),
		);
	}

	/** n8n restarted: the same trigger, rebuilt from the static data it saved as JSON. */
	async restart(parameters: IDataObject = {}): Promise<Trigger> {
		return await Trigger.create(
			{ ...this.workflow.getNode('TwelveLabs Trigger')?.parameters, ...parameters },
			JSON.parse(this.stateJson()) as IDataObject,
		);
	}

	async poll(
		options: {
			mode?: 'trigger' | 'manual';
			pollBudgetMs?: number | null;
			onRequest?: (n: number) => void;
		} = {},
	): Promise<PollOutcome> {
		const { result, requests } = await pollTrigger({
			workflow: this.workflow,
			credentials: fixture.credentials,
			...options,
		});
		expectNoSecret(result);
		expectNoSecret(this.workflow.staticData);
		const items = result?.[0] ?? [];
		return { ids: items.map((item) => String(item.json.task_id)), items, result, requests };
	}

	/** A poll expected to fail: its error. */
	async failingPoll(
		options: { mode?: 'trigger' | 'manual' } = {},
	): Promise<Error & { httpCode?: string }> {
		const error = await pollTrigger({
			workflow: this.workflow,
			credentials: fixture.credentials,
			...options,
		}).then(
			() => undefined,
			(thrown: unknown) => thrown as Error & { httpCode?: string },
		);
		if (!error) throw new Error('the poll was expected to fail');
		expectNoSecret(error);
		return error;
	}

	stateJson(): string {
		return JSON.stringify(this.workflow.staticData);
	}

	/** The trigger's own static data (node scope). */
	state(): TriggerState {
		const all = JSON.parse(this.stateJson()) as Record<string, TriggerState | undefined>;
		return all['node:TwelveLabs Trigger'] ?? {};
	}
}

/** Moves the sim clock, as the time between two polls. */
function wait(ms: number): void {
	fixture.sim.advance(ms);
}

/** Resolves when the poll has made its first request: a second poll started then overlaps it. */
function firstRequestOf(): { onRequest: (n: number) => void; reached: Promise<void> } {
	let resolve: () => void = () => {};
	const reached = new Promise<void>((done) => {
		resolve = done;
	});
	return { onRequest: () => resolve(), reached };
}

/** The list queries the simulator received since the last resetLog(). */
function listQueries(): Array<Record<string, string>> {
	return fixture.sim
		.requests()
		.filter((entry) => entry.route === '/analyze/tasks' && entry.method === 'GET')
		.map((entry) => entry.query);
}

describe('activation', () => {
	it('records a baseline without emitting anything, then emits the tasks in flight at that moment when they finish', async () => {
		fixture.sim.seedTasks(40, { status: ['ready', 'failed', 'canceled'] });
		const early = createTask('early', { durationMs: 2 * MINUTE });
		const late = createTask('late', { durationMs: 5 * MINUTE });
		const failing = createTask('failing', { durationMs: 3 * MINUTE, outcome: 'failed' });
		const trigger = await Trigger.create();

		const baseline = await trigger.poll();
		expect(baseline.result).toBeNull();
		expect(Object.keys(trigger.state().inFlight ?? {}).sort()).toEqual(
			[early, late, failing].sort(),
		);

		wait(2.5 * MINUTE);
		expect((await trigger.poll()).ids).toEqual([early]);
		wait(1 * MINUTE);
		expect((await trigger.poll()).ids).toEqual([failing]);
		wait(2 * MINUTE);
		expect((await trigger.poll()).ids).toEqual([late]);
		wait(1 * MINUTE);
		expect((await trigger.poll()).result).toBeNull();
		expect(trigger.state().inFlight).toEqual({});
	});

	it('two activations polling at once on empty static data take one baseline and emit nothing', async () => {
		fixture.sim.seedTasks(120);
		const running = createTask('running', { durationMs: 2 * MINUTE });
		const trigger = await Trigger.create();
		const [a, b] = await Promise.all([trigger.poll(), trigger.poll()]);
		expect([a.result, b.result]).toEqual([null, null]);
		expect(Object.keys(trigger.state().inFlight ?? {})).toEqual([running]);

		wait(3 * MINUTE);
		expect((await trigger.poll()).ids).toEqual([running]);
	});

	it('a baseline poll that fails records nothing; the next poll takes the baseline', async () => {
		fixture.sim.seedTasks(120);
		const trigger = await Trigger.create();
		fixture.sim.failNext(1, { ...QUOTA, method: 'GET', pathPrefix: '/analyze/tasks' });
		const error = await trigger.failingPoll();
		expect(error.httpCode).toBe('429');
		expect(trigger.state()).toEqual({});

		const running = createTask('running', { durationMs: 2 * MINUTE });
		expect((await trigger.poll()).result).toBeNull();
		wait(3 * MINUTE);
		expect((await trigger.poll()).ids).toEqual([running]);
	});
});

describe('completion order', () => {
	it('tasks finishing in reverse creation order are each emitted once, by the first poll after they finish', async () => {
		fixture.sim.seedTasks(200);
		const trigger = await Trigger.create();
		await trigger.poll();
		// Created 10 s apart; the newest finishes first, the oldest last, one per minute.
		const ids = createTasks(5, 10 * SECOND, (i) => ({
			durationMs: (6 - i) * MINUTE - i * 10 * SECOND,
		}));
		const emitted: string[][] = [];
		for (let minute = 0; minute < 7; minute++) {
			wait(MINUTE);
			emitted.push((await trigger.poll()).ids);
		}
		expect(emitted).toEqual([[], [ids[4]], [ids[3]], [ids[2]], [ids[1]], [ids[0]], []]);
	});

	it('a burst of 130 tasks finishing in reverse order between two polls is emitted in one poll, oldest first', async () => {
		fixture.sim.seedTasks(500);
		const trigger = await Trigger.create({ fetchFullTask: false });
		await trigger.poll();
		const ids = createTasks(130, SECOND, (i) => ({ durationMs: (200 - i) * SECOND }));
		wait(4 * MINUTE);
		const burst = await trigger.poll();
		expect(burst.ids).toEqual(ids);
		expect(burst.requests).toBeLessThanOrEqual(4); // three overlapping pages of 50, no per-task reads
		expect((await trigger.poll()).result).toBeNull();
	});

	it('tracked tasks pushed off the first page by newer ones are still emitted once, in reverse order', async () => {
		fixture.sim.seedTasks(300);
		const trigger = await Trigger.create();
		await trigger.poll();
		// Each finishes two minutes before the one created a second earlier: one per poll, newest first.
		const slow = createTasks(12, SECOND, (i) => ({ durationMs: (30 - 2 * i) * MINUTE }));
		wait(MINUTE);
		await trigger.poll(); // sees them in flight
		expect(Object.keys(trigger.state().inFlight ?? {})).toHaveLength(12);
		// 120 quick tasks bury them under more than two pages.
		const quick = createTasks(120, SECOND, () => ({ durationMs: 10 * SECOND }));
		const emitted: string[] = [];
		for (let minute = 0; minute < 32; minute++) {
			wait(MINUTE);
			const { ids } = await trigger.poll();
			expect(ids.filter((id) => slow.includes(id)).length).toBeLessThanOrEqual(1);
			emitted.push(...ids);
		}
		expect(emitted).toHaveLength(132);
		expect(new Set(emitted).size).toBe(132);
		expect(emitted.filter((id) => slow.includes(id))).toEqual([...slow].reverse());
		expect(emitted.filter((id) => quick.includes(id))).toEqual(quick);
		expect(trigger.state().inFlight).toEqual({});
	});
});

describe('deletion', () => {
	it('a task deleted while in flight is dropped without emission; the others still arrive', async () => {
		fixture.sim.seedTasks(100);
		const trigger = await Trigger.create();
		await trigger.poll();
		const doomed = createTask('doomed', { durationMs: 3 * MINUTE });
		const kept = createTask('kept', { durationMs: 2 * MINUTE });
		wait(30 * SECOND);
		await trigger.poll();
		expect(Object.keys(trigger.state().inFlight ?? {}).sort()).toEqual([doomed, kept].sort());

		fixture.sim.deleteTaskDirect(doomed);
		wait(2 * MINUTE);
		expect((await trigger.poll()).ids).toEqual([kept]);
		expect(trigger.state().inFlight).toEqual({});
		wait(2 * MINUTE);
		expect((await trigger.poll()).result).toBeNull();
	});

	it('a tracked task deleted after newer tasks buried it is settled by a 404, not retried forever', async () => {
		fixture.sim.seedTasks(100);
		const trigger = await Trigger.create({ fetchFullTask: false });
		await trigger.poll();
		const doomed = createTask('doomed', { durationMs: 10 * MINUTE });
		wait(30 * SECOND);
		await trigger.poll();
		const newer = createTasks(60, 2 * SECOND, () => ({ durationMs: 5 * SECOND }));
		fixture.sim.deleteTaskDirect(doomed);
		wait(MINUTE);
		fixture.sim.resetLog();
		const poll = await trigger.poll();
		expect(poll.ids).toEqual(newer);
		expect(fixture.sim.requests().filter((entry) => entry.status === 404)).toHaveLength(1);
		expect(trigger.state().inFlight).toEqual({});
		wait(MINUTE);
		expect((await trigger.poll()).requests).toBe(1);
	});

	it('a task created and deleted between two polls is never emitted', async () => {
		const trigger = await Trigger.create();
		await trigger.poll();
		const ghost = createTask('ghost', { durationMs: 5 * MINUTE });
		wait(20 * SECOND);
		fixture.sim.deleteTaskDirect(ghost);
		wait(MINUTE);
		expect((await trigger.poll()).result).toBeNull();
		expect(trigger.state().inFlight).toEqual({});
	});
});

describe('events', () => {
	it('failed and canceled tasks are emitted only when their event is selected, and settled either way', async () => {
		fixture.sim.seedTasks(60);
		const readyOnly = await Trigger.create({ events: ['ready'] });
		const problems = await Trigger.create({ events: ['failed', 'canceled'] });
		await readyOnly.poll();
		await problems.poll();
		const ok = createTask('ok', { durationMs: MINUTE });
		wait(SECOND);
		const broken = createTask('broken', { durationMs: MINUTE, outcome: 'failed' });
		wait(SECOND);
		const stopped = createTask('stopped', { durationMs: 10 * MINUTE });
		wait(30 * SECOND);
		await readyOnly.poll(); // all three in flight
		fixture.sim.completeTask(stopped, 'canceled');
		wait(MINUTE);

		expect((await readyOnly.poll()).ids).toEqual([ok]);
		const reported = await problems.poll();
		expect(reported.ids).toEqual([broken, stopped]);
		expect(reported.items.map((item) => item.json.status)).toEqual(['failed', 'canceled']);
		expect(reported.items[0].json.error).toEqual(expect.any(String));

		wait(10 * MINUTE);
		expect((await readyOnly.poll()).result).toBeNull();
		expect((await problems.poll()).result).toBeNull();
		expect(readyOnly.state().inFlight).toEqual({});
		expect(problems.state().inFlight).toEqual({});
	});
});

describe('filters', () => {
	it('custom ID prefix: only matching tasks are tracked and emitted', async () => {
		fixture.sim.seedTasks(60, { customIdPrefix: 'batch-7_old' });
		const trigger = await Trigger.create({ filters: { customIdPrefix: 'batch-7_' } });
		await trigger.poll();
		const match = createTask('a', { customId: 'batch-7_a', durationMs: 2 * MINUTE });
		const other = createTask('b', { customId: 'batch-8_b', durationMs: 2 * MINUTE });
		createTask('c', { customId: null, durationMs: 2 * MINUTE });
		wait(30 * SECOND);
		await trigger.poll();
		expect(Object.keys(trigger.state().inFlight ?? {})).toEqual([match]);
		expect(other).not.toBe(match);
		wait(2 * MINUTE);
		const poll = await trigger.poll();
		expect(poll.ids).toEqual([match]);
		expect(poll.items[0].json.custom_id).toBe('batch-7_a');
	});

	it('analysis mode is sent as analysis_mode and only segmentation tasks arrive', async () => {
		const trigger = await Trigger.create({ filters: { analysisMode: 'time_based_metadata' } });
		await trigger.poll();
		const segmented = createTask('seg', { segmentation: true });
		createTask('general');
		wait(MINUTE);
		fixture.sim.resetLog();
		expect((await trigger.poll()).ids).toEqual([segmented]);
		expect(listQueries()).toEqual([
			{ analysis_mode: 'time_based_metadata', page: '1', page_limit: '50' },
		]);
	});

	it('video URL is sent as video_url and matches exactly', async () => {
		const url = 'https://videos.example.com/watched.mp4';
		const trigger = await Trigger.create({ filters: { videoUrl: url } });
		await trigger.poll();
		const watched = createTask('w', { videoUrl: url });
		createTask('x', { videoUrl: `${url}?v=2` });
		wait(MINUTE);
		fixture.sim.resetLog();
		expect((await trigger.poll()).ids).toEqual([watched]);
		expect(listQueries()[0]).toMatchObject({ video_url: url });
	});

	it('asset ID is sent as asset_id', async () => {
		const asset = '0123456789abcdef01234567';
		const trigger = await Trigger.create({ filters: { assetId: asset } });
		await trigger.poll();
		const onAsset = fixture.sim.createTaskDirect(
			{ video: { type: 'asset_id', asset_id: asset }, prompt: LONG_PROMPT },
			{ durationMs: 20 * SECOND },
		).taskId;
		createTask('url');
		wait(MINUTE);
		fixture.sim.resetLog();
		expect((await trigger.poll()).ids).toEqual([onAsset]);
		expect(listQueries()[0]).toMatchObject({ asset_id: asset });
	});

	it('changing the filters takes a new baseline instead of emitting the backlog', async () => {
		const trigger = await Trigger.create();
		await trigger.poll();
		createTasks(3, SECOND, (i) => ({ customId: `batch-9_${i}`, durationMs: 10 * SECOND }));
		const running = createTask('running', { customId: 'batch-9_r', durationMs: 3 * MINUTE });
		wait(MINUTE);
		const edited = await trigger.restart({ filters: { customIdPrefix: 'batch-9_' } });
		expect((await edited.poll()).result).toBeNull();
		wait(3 * MINUTE);
		expect((await edited.poll()).ids).toEqual([running]);
	});
});

describe('Fetch Full Task and output', () => {
	it('Fetch Full Task reads each emitted task once in full; off, the list item is emitted with one request', async () => {
		const full = await Trigger.create({ output: 'raw' });
		const abbreviated = await Trigger.create({ output: 'raw', fetchFullTask: false });
		await full.poll();
		await abbreviated.poll();
		const ids = createTasks(2, SECOND, () => ({ durationMs: 20 * SECOND }));
		wait(MINUTE);

		const fullPoll = await full.poll();
		expect(fullPoll.ids).toEqual(ids);
		expect(fullPoll.requests).toBe(3); // the list, then one GET per task
		for (const item of fullPoll.items) {
			expect(
				isThinnedFrom(item.json, fixture.sim.getTaskDirect(String(item.json.task_id))?.json),
			).toBe(true);
			expect((item.json.request_params as IDataObject | null)?.prompt).toEqual(
				optional(LONG_PROMPT),
			);
		}

		const listPoll = await abbreviated.poll();
		expect(listPoll.ids).toEqual(ids);
		expect(listPoll.requests).toBe(1);
		expect((listPoll.items[0].json.request_params as IDataObject | null)?.prompt).toEqual(
			optional(LONG_PROMPT.slice(0, 30)),
		);
	});

	it('a task the poll already read in full (GET) is not read twice', async () => {
		fixture.sim.seedTasks(100);
		const trigger = await Trigger.create();
		await trigger.poll();
		const buried = createTask('buried', { durationMs: 3 * MINUTE });
		wait(30 * SECOND);
		await trigger.poll();
		// Newer tasks push it off page 1; they finish at once, so it is the only tracked task left.
		createTasks(60, 2 * SECOND, () => ({ durationMs: 5 * SECOND }));
		wait(10 * SECOND);
		expect((await trigger.poll()).ids).toHaveLength(60);
		wait(3 * MINUTE);
		fixture.sim.resetLog();
		const poll = await trigger.poll();
		expect(poll.ids).toEqual([buried]);
		// Page 1 no longer shows it: one GET finds it ready, and that copy is the one emitted.
		expect(fixture.sim.requests().map((entry) => entry.route)).toEqual([
			'/analyze/tasks',
			'/analyze/tasks/:id',
		]);
		expect((poll.items[0].json.video as IDataObject).url).toEqual(
			optional('https://videos.example.com/buried.mp4'),
		);
	});

	it('simplified output: id, status, text and usage', async () => {
		const trigger = await Trigger.create();
		await trigger.poll();
		const id = createTask('plain');
		wait(MINUTE);
		const [item] = (await trigger.poll()).items;
		expect(item.json).toMatchObject({
			task_id: id,
			custom_id: 'plain',
			status: 'ready',
			analysis_mode: optional('general'),
			text: expect.any(String),
			finish_reason: expect.any(String),
			usage: { output_tokens: expect.any(Number) },
		});
	});

	it('one item per segment for segmentation tasks; other tasks stay one simplified item', async () => {
		const trigger = await Trigger.create({ output: 'segments' });
		await trigger.poll();
		const segmented = createTask('seg', { segmentation: true });
		const general = createTask('general');
		wait(MINUTE);
		const { items } = await trigger.poll();
		const task = fixture.sim.getTaskDirect(segmented)?.json as IDataObject;
		const scenes = (JSON.parse(String((task.result as IDataObject).data)) as { scene: unknown[] })
			.scene;
		expect(scenes.length).toBeGreaterThan(0);
		const segmentItems = items.filter((item) => item.json.task_id === segmented);
		expect(segmentItems).toHaveLength(scenes.length);
		segmentItems.forEach((item, index) =>
			expect(item.json).toMatchObject({
				definition_id: 'scene',
				segment_index: index,
				fields: expect.any(Object),
			}),
		);
		expect(items.filter((item) => item.json.task_id === general)).toEqual([
			{ json: expect.objectContaining({ status: 'ready', text: expect.any(String) }) },
		]);
	});
});

describe('failed polls', () => {
	it('a poll failing mid-way emits nothing and changes nothing; the next poll emits everything once', async () => {
		fixture.sim.seedTasks(100);
		const trigger = await Trigger.create();
		await trigger.poll();
		const ids = createTasks(3, SECOND, () => ({ durationMs: 20 * SECOND }));
		wait(MINUTE);
		const before = trigger.stateJson();
		// The list and the first full read succeed; the second full read fails for good.
		fixture.sim.failNext(1, { ...QUOTA, method: 'GET', pathPrefix: `/analyze/tasks/${ids[1]}` });
		const error = await trigger.failingPoll();
		expect(error.httpCode).toBe('429');
		expect(trigger.stateJson()).toBe(before);

		expect((await trigger.poll()).ids).toEqual(ids);
		expect((await trigger.poll()).result).toBeNull();
	});

	it('a poll failing at its first request changes nothing; tasks that finished meanwhile arrive with the next', async () => {
		const trigger = await Trigger.create();
		await trigger.poll();
		const first = createTask('first', { durationMs: 20 * SECOND });
		wait(SECOND);
		const tracked = createTask('tracked', { durationMs: 90 * SECOND });
		wait(MINUTE);
		fixture.sim.failNext(1, { ...QUOTA, method: 'GET' });
		const before = trigger.stateJson();
		await trigger.failingPoll();
		expect(trigger.stateJson()).toBe(before);
		wait(MINUTE);
		expect((await trigger.poll()).ids).toEqual([first, tracked]);
	});

	it('a transient 503 is retried inside the poll, which emits normally', async () => {
		const trigger = await Trigger.create();
		await trigger.poll();
		const id = createTask('one', { durationMs: 20 * SECOND });
		wait(MINUTE);
		fixture.sim.failNext(1, { status: 503, method: 'GET' });
		const poll = await trigger.poll();
		expect(poll.ids).toEqual([id]);
		expect(poll.requests).toBe(3); // the list twice, then the full read
	});

	// A 404 on the full read used to fail the whole poll.
	it('a task deleted between the list read and its full read is skipped; the poll emits the others', async () => {
		const trigger = await Trigger.create();
		await trigger.poll();
		const gone = createTask('gone', { durationMs: 20 * SECOND });
		wait(SECOND);
		const kept = createTask('kept', { durationMs: 20 * SECOND });
		wait(MINUTE);
		// The full read of `gone` is slow; the task is deleted as soon as the list was read.
		fixture.sim.failNext(1, {
			latencyMs: 200,
			method: 'GET',
			pathPrefix: `/analyze/tasks/${gone}`,
		});
		const poll = await trigger.poll({
			onRequest: (n) => n === 1 && fixture.sim.deleteTaskDirect(gone),
		});
		expect(poll.ids).toEqual([kept]);
		wait(MINUTE);
		expect((await trigger.poll()).result).toBeNull();
		expect(trigger.state().inFlight).toEqual({});
	});
});

describe('overlapping polls on the same static data', () => {
	/** Baseline, then `done` finished and `running` in flight and tracked. */
	async function setup() {
		fixture.sim.seedTasks(100);
		const trigger = await Trigger.create();
		await trigger.poll();
		const running = createTask('running', { durationMs: 5 * MINUTE });
		wait(30 * SECOND);
		await trigger.poll();
		const done = createTask('done', { durationMs: 20 * SECOND });
		wait(MINUTE);
		return { trigger, done, running };
	}

	it('the later poll commits first; the earlier one, with an older view, then emits nothing again', async () => {
		const { trigger, done, running } = await setup();
		// The first poll reads the list now (running still in flight), then its full read of `done` is slow.
		fixture.sim.failNext(1, {
			latencyMs: 800,
			method: 'GET',
			pathPrefix: `/analyze/tasks/${done}`,
		});
		const first = firstRequestOf();
		const older = trigger.poll({ onRequest: first.onRequest });
		await first.reached;
		fixture.sim.completeTask(running, 'ready');
		const newer = await trigger.poll();
		expect(newer.ids).toEqual([running, done]); // oldest-created first
		expect((await older).result).toBeNull();
		// The stale view ("running" in flight) did not bring it back into the state.
		expect(trigger.state().inFlight).toEqual({});
		wait(MINUTE);
		expect((await trigger.poll()).result).toBeNull();
	});

	it('the earlier poll commits first; the later one emits only what is left', async () => {
		const { trigger, done, running } = await setup();
		fixture.sim.failNext(1, {
			latencyMs: 100,
			method: 'GET',
			pathPrefix: `/analyze/tasks/${done}`,
		});
		const first = firstRequestOf();
		const older = trigger.poll({ onRequest: first.onRequest });
		await first.reached;
		fixture.sim.completeTask(running, 'ready');
		// The later poll sees both finished, but its reads are slower, so it commits second.
		fixture.sim.failNext(1, {
			latencyMs: 700,
			method: 'GET',
			pathPrefix: `/analyze/tasks/${running}`,
		});
		const newer = trigger.poll();
		expect((await older).ids).toEqual([done]);
		expect((await newer).ids).toEqual([running]);
		expect(trigger.state().inFlight).toEqual({});
		wait(MINUTE);
		expect((await trigger.poll()).result).toBeNull();
	});

	it('rounds of fully concurrent polls emit every task exactly once', async () => {
		fixture.sim.seedTasks(200);
		const trigger = await Trigger.create();
		await trigger.poll();
		const created: string[] = [];
		const emitted: string[] = [];
		for (let round = 0; round < 6; round++) {
			created.push(
				...createTasks(15, 2 * SECOND, (i) => ({ durationMs: ((i % 4) + 1) * 40 * SECOND })),
			);
			wait(MINUTE);
			const polls = await Promise.all([trigger.poll(), trigger.poll(), trigger.poll()]);
			emitted.push(...polls.flatMap((poll) => poll.ids));
		}
		wait(5 * MINUTE);
		emitted.push(...(await trigger.poll()).ids);
		expect(emitted.sort()).toEqual([...created].sort());
	});
});

describe('manual mode (Fetch Test Event)', () => {
	it('returns the most recent matching completed task and leaves the static data byte-identical', async () => {
		fixture.sim.seedTasks(80, { customIdPrefix: 'batch-7_history' });
		const trigger = await Trigger.create({
			events: ['ready'],
			filters: { customIdPrefix: 'batch-7_' },
		});
		await trigger.poll();
		createTask('older', { customId: 'batch-7_older', durationMs: 10 * SECOND });
		wait(5 * SECOND);
		const newest = createTask('newest', { customId: 'batch-7_newest', durationMs: 10 * SECOND });
		wait(5 * SECOND);
		createTask('failed', {
			customId: 'batch-7_failed',
			durationMs: 10 * SECOND,
			outcome: 'failed',
		});
		createTask('other', { customId: 'batch-8_other', durationMs: 10 * SECOND });
		createTask('running', { customId: 'batch-7_running', durationMs: 10 * MINUTE });
		wait(MINUTE);
		const before = trigger.stateJson();

		const manual = await trigger.poll({ mode: 'manual' });
		expect(manual.ids).toEqual([newest]);
		expect(manual.items[0].json).toMatchObject({ custom_id: 'batch-7_newest', status: 'ready' });
		expect(manual.requests).toBe(2); // the first page, then the full read
		expect(trigger.stateJson()).toBe(before);

		// The test event did not consume anything: the next real poll emits both ready tasks.
		expect((await trigger.poll()).ids).toHaveLength(2);
	});

	it('on a fresh workflow, returns a task without creating any static data; names the settings when nothing matches', async () => {
		fixture.sim.seedTasks(30, { status: ['ready', 'failed'] });
		const failedOnly = await Trigger.create({ events: ['failed'] });
		const manual = await failedOnly.poll({ mode: 'manual' });
		expect(manual.items).toHaveLength(1);
		expect(manual.items[0].json.status).toBe('failed');
		expect(failedOnly.stateJson()).toBe('{}');

		const nothing = await Trigger.create({ filters: { customIdPrefix: 'no-such-prefix' } });
		const error = (await nothing.failingPoll({ mode: 'manual' })) as Error & {
			description?: string;
		};
		expect(error.message).toBe('No finished task matches the trigger yet');
		expect(error.description).toContain('Custom ID Prefix: no-such-prefix');
		expect(error.description).toContain('Trigger On: ready, failed, canceled');
		expect(nothing.stateJson()).toBe('{}');
	});
});

describe('restart and persistence', () => {
	it('from JSON-serialized static data: keeps the baseline, loses nothing, emits nothing twice', async () => {
		fixture.sim.seedTasks(100);
		const before = await Trigger.create();
		await before.poll();
		const tracked = createTask('tracked', { durationMs: 3 * MINUTE });
		const seen = createTask('seen', { durationMs: 40 * SECOND });
		wait(MINUTE);
		expect((await before.poll()).ids).toEqual([seen]);
		const baselineAt = before.state().baselineAt;

		// n8n is down for five minutes; tasks finish and are created meanwhile.
		wait(2 * MINUTE);
		const during = createTask('during', { durationMs: 30 * SECOND });
		wait(3 * MINUTE);
		const after = await before.restart();
		const poll = await after.poll();
		expect(poll.ids).toEqual([tracked, during]);
		expect(after.state().baselineAt).toBe(baselineAt);
		wait(MINUTE);
		expect((await after.poll()).result).toBeNull();
	});

	it("n8n's change tracking sees every state change, and an idle poll changes nothing", async () => {
		fixture.sim.seedTasks(100);
		const trigger = await Trigger.create();
		const staticData = trigger.workflow.staticData as IDataObject & { __dataChanged: boolean };
		await trigger.poll();
		expect(staticData.__dataChanged).toBe(true); // the baseline
		staticData.__dataChanged = false; // as n8n does once it saved the data
		wait(MINUTE);
		await trigger.poll();
		expect(staticData.__dataChanged).toBe(false);
		createTask('one', { durationMs: 20 * SECOND });
		wait(MINUTE);
		expect((await trigger.poll()).ids).toHaveLength(1);
		expect(staticData.__dataChanged).toBe(true);
	});

	it('restarting from the state n8n saved with the last emission (later changes lost) emits nothing twice', async () => {
		fixture.sim.seedTasks(100);
		const trigger = await Trigger.create();
		await trigger.poll();
		const first = createTask('first', { durationMs: 20 * SECOND });
		const slow = createTask('slow', { durationMs: 4 * MINUTE });
		wait(MINUTE);
		expect((await trigger.poll()).ids).toEqual([first]);
		// n8n saves static data when a poll emits; the polls after it emit nothing, so their
		// changes (a new task tracked, the watermark moved) live in memory only.
		const saved = trigger.stateJson();
		const quick = createTask('quick', { durationMs: 3 * MINUTE });
		wait(MINUTE);
		expect((await trigger.poll()).result).toBeNull();
		expect(trigger.stateJson()).not.toBe(saved);

		wait(3 * MINUTE);
		const restarted = await Trigger.create({}, JSON.parse(saved) as IDataObject);
		expect((await restarted.poll()).ids).toEqual([slow, quick]);
		wait(MINUTE);
		expect((await restarted.poll()).result).toBeNull();
	});
});

describe('cost', () => {
	it('with 10,000 tasks in the account: baseline 4 requests, an idle poll 1, a finished task 2, state small', async () => {
		fixture.sim.seedTasks(10_000, { status: ['ready', 'ready', 'failed'] });
		const trigger = await Trigger.create();
		const baseline = await trigger.poll();
		expect(baseline.requests).toBe(4); // page 1, then the queued, pending and processing lists
		for (let i = 0; i < 3; i++) {
			wait(MINUTE);
			expect(await trigger.poll()).toMatchObject({ requests: 1, result: null });
		}
		const id = createTask('one', { durationMs: 30 * SECOND });
		wait(MINUTE);
		expect(await trigger.poll()).toMatchObject({ requests: 2, ids: [id] });
		wait(MINUTE);
		expect(await trigger.poll()).toMatchObject({ requests: 1, result: null });
		expect(trigger.stateJson().length).toBeLessThan(1024);
	});

	it('a tiny poll budget stops paging; the next poll catches up with nothing lost or repeated', async () => {
		fixture.sim.seedTasks(1000);
		const trigger = await Trigger.create({ fetchFullTask: false });
		await trigger.poll();
		const ids = createTasks(400, 100, () => ({ durationMs: 5 * SECOND }));
		wait(MINUTE);
		// Every request takes 200 ms; a 1 ms budget still leaves the node its 1 s minimum.
		fixture.sim.setFaults({ latency: { rate: 1, ms: 200 } });
		const started = Date.now();
		const short = await trigger.poll({ pollBudgetMs: 1 });
		expect(Date.now() - started).toBeLessThan(2500);
		expect(short.requests).toBeLessThan(8);
		expect(short.ids.length).toBeLessThan(400);
		fixture.sim.clearFaults();

		const rest = await trigger.poll();
		expect([...short.ids, ...rest.ids].sort()).toEqual([...ids].sort());
		wait(MINUTE);
		expect((await trigger.poll()).result).toBeNull();
	});

	// The full reads (Fetch Full Task) used to ignore the poll budget.
	it('the full reads stop at the poll budget too; the tasks left unread arrive with the next poll', async () => {
		fixture.sim.seedTasks(100);
		const trigger = await Trigger.create();
		await trigger.poll();
		const ids = createTasks(20, SECOND, () => ({ durationMs: 5 * SECOND }));
		wait(MINUTE);
		fixture.sim.setFaults({ latency: { rate: 1, ms: 200 } });
		const started = Date.now();
		const short = await trigger.poll({ pollBudgetMs: 1 });
		const took = Date.now() - started;
		fixture.sim.clearFaults();
		const rest = await trigger.poll();
		expect([...short.ids, ...rest.ids].sort()).toEqual([...ids].sort());
		expect(took).toBeLessThan(2000);
		expect(short.ids.length).toBeLessThan(20);
	});

	it('without getPollBudgetMs (older n8n) the poll reads what it needs', async () => {
		fixture.sim.seedTasks(200);
		const trigger = await Trigger.create({ fetchFullTask: false });
		await trigger.poll({ pollBudgetMs: null });
		const ids = createTasks(120, SECOND, () => ({ durationMs: 5 * SECOND }));
		wait(MINUTE);
		expect((await trigger.poll({ pollBudgetMs: null })).ids).toEqual(ids);
	});
});
