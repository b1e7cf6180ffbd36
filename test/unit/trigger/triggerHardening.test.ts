/**
 * The trigger's completion tracking (nodes/TwelveLabs/trigger) against skewed clocks, tasks that
 * cannot be read, corrupt saved state, task ids that are names of Object.prototype, and tens of
 * thousands of tasks in flight — each failed on the code before issue 10.
 */
import type {
	ListTasksQuery,
	Task,
	TaskListResponse,
	TaskReader,
} from '../../../nodes/TwelveLabs/api/types';
import type { CompletionState, PollOptions } from '../../../nodes/TwelveLabs/trigger/completions';
import {
	DEFAULT_MAX_REQUESTS,
	DEFAULT_OVERLAP_MS,
	clockAllowanceMs,
	poll,
	readState,
	resetMalformedState,
} from '../../../nodes/TwelveLabs/trigger/completions';
import { NewestFirstScan } from '../../../nodes/TwelveLabs/trigger/listScan';
import { FakeApiError, FakeTaskStore } from '../fakeTaskStore';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const YEAR_2099 = Date.UTC(2099, 0, 1);

function idsOf(tasks: readonly Task[]): string[] {
	return tasks.map((task) => task.task_id);
}

function run(
	state: CompletionState,
	reader: TaskReader & { now: number },
	options: Partial<PollOptions> = {},
) {
	return poll(state, reader, { now: reader.now, ...options });
}

/** A task that the list shows at once although its created_at lies ahead of the server clock. */
function createFutureTask(store: FakeTaskStore, aheadMs: number, status: string): string {
	return store.create({ createdAt: store.now + aheadMs, listingLagMs: -aheadMs, status });
}

function addHistory(store: FakeTaskStore, count: number, spacing = MINUTE): void {
	for (let i = count; i >= 1; i--)
		store.create({ createdAt: store.now - i * spacing, status: 'ready' });
}

/** Counts emissions per task id over many polls. */
class Emissions {
	readonly counts = new Map<string, number>();

	add(tasks: readonly Task[]): string[] {
		for (const task of tasks)
			this.counts.set(task.task_id, (this.counts.get(task.task_id) ?? 0) + 1);
		return idsOf(tasks);
	}

	duplicates(): string[] {
		return [...this.counts].filter(([, count]) => count > 1).map(([id]) => id);
	}
}

describe('clock skew: the watermark never passes the local clock plus an allowance', () => {
	/** 15 s: a quarter of the overlap (settings.ts says why). */
	const allowance = 15 * SECOND;

	it('keeps the allowance within the overlap (capping lower only re-reads more)', () => {
		expect(clockAllowanceMs(DEFAULT_OVERLAP_MS)).toBe(allowance);
		expect(allowance).toBeLessThanOrEqual(DEFAULT_OVERLAP_MS / 2);
	});

	it('a task dated minutes ahead does not hide newer tasks, and is emitted once when it finishes', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 20);
		const state: CompletionState = {};
		await run(state, store);
		const future = createFutureTask(store, 5 * MINUTE, 'processing');
		store.advance(MINUTE);
		expect((await run(state, store)).emit).toEqual([]);
		expect(state.watermark).toBeLessThanOrEqual(store.now + allowance);

		const emissions = new Emissions();
		const newer: string[] = [];
		for (let i = 0; i < 4; i++) {
			newer.push(store.create({ status: 'ready' }));
			store.advance(MINUTE);
			expect(emissions.add((await run(state, store)).emit)).toEqual([newer[i]]);
			expect(state.watermark).toBeLessThanOrEqual(store.now + allowance);
		}
		store.setStatus(future, 'ready');
		store.advance(MINUTE);
		expect(emissions.add((await run(state, store)).emit)).toEqual([future]);
		for (let i = 0; i < 8; i++) {
			store.advance(MINUTE);
			emissions.add((await run(state, store)).emit);
		}
		expect(emissions.duplicates()).toEqual([]);
		expect([...emissions.counts.keys()].sort()).toEqual([...newer, future].sort());
	});

	it('a task dated 2099 is emitted once and does not silence the trigger', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 20);
		const state: CompletionState = {};
		await run(state, store);
		const farFuture = createFutureTask(store, YEAR_2099 - store.now, 'ready');
		store.advance(MINUTE);
		const emissions = new Emissions();
		expect(emissions.add((await run(state, store)).emit)).toEqual([farFuture]);
		for (let i = 0; i < 5; i++) {
			const fresh = store.create({ status: 'queued', durationMs: 30 * SECOND });
			store.advance(MINUTE);
			expect(emissions.add((await run(state, store)).emit)).toEqual([fresh]);
		}
		expect(emissions.duplicates()).toEqual([]);
		expect(state.watermark).toBeLessThanOrEqual(store.now + allowance);
	});

	it('a baseline next to a future-dated task still emits the tasks created after it', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 20);
		createFutureTask(store, 10 * MINUTE, 'ready');
		const state: CompletionState = {};
		await run(state, store);
		expect(state.watermark).toBeLessThanOrEqual(store.now + allowance);
		const fresh = store.create({ status: 'ready' });
		store.advance(MINUTE);
		expect(idsOf((await run(state, store)).emit)).toEqual([fresh]);
	});

	it('a saved watermark ahead of the clock (written before the cap) takes a new baseline', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 20);
		const state: CompletionState = {};
		await run(state, store);
		state.watermark = YEAR_2099;
		const reset = resetMalformedState(state, { now: store.now });
		expect(reset).toMatch(/watermark is ahead of the local clock/);
		expect(state).toEqual({});
		expect((await run(state, store)).baseline).toBe(true);
		const fresh = store.create({ status: 'ready' });
		store.advance(MINUTE);
		expect(idsOf((await run(state, store)).emit)).toEqual([fresh]);
	});
});

/** The store, with `beforeGet(taskId)` able to fail a GET, and GETs of some ids answering something that is not a task. */
function poisonable(store: FakeTaskStore) {
	const failing = new Map<string, () => Error>();
	store.beforeRequest = (info) => {
		const failure = info.kind === 'get' && info.taskId ? failing.get(info.taskId) : undefined;
		if (failure) throw failure();
	};
	return failing;
}

/** `count` tracked tasks buried under 300 finished ones, so the trigger GETs them. */
async function trackedAndBuried(count: number) {
	const store = new FakeTaskStore();
	addHistory(store, 300);
	const tracked = Array.from({ length: count }, (_, i) =>
		store.create({ createdAt: store.now - (400 + i) * MINUTE, status: 'processing' }),
	);
	const state: CompletionState = {};
	await run(state, store);
	return { store, state, tracked };
}

describe('poison tasks: a task that cannot be read does not block the others', () => {
	const notATask = () => new Error('TwelveLabs returned a task without task_id, status');
	const serverError = () => new FakeApiError('500', 'internal error');

	it.each([
		['answers 500 forever', serverError],
		['answers something that is not a task', notATask],
	])(
		'a tracked task whose GET %s: the others are emitted; it is emitted once readable',
		async (_name, failure) => {
			const { store, state, tracked } = await trackedAndBuried(3);
			const failing = poisonable(store);
			const [poison, ...healthy] = tracked;
			failing.set(poison, failure);
			tracked.forEach((id) => store.setStatus(id, 'ready'));
			store.advance(MINUTE);
			const emissions = new Emissions();
			const first = await run(state, store);
			expect(first.observation.readFailures.map((f) => f.taskId)).toEqual([poison]);
			expect(emissions.add(first.emit).sort()).toEqual([...healthy].sort());
			expect(Object.keys(state.inFlight ?? {})).toEqual([poison]);
			for (let i = 0; i < 3; i++) {
				store.advance(MINUTE);
				expect(emissions.add((await run(state, store)).emit)).toEqual([]);
			}
			failing.delete(poison);
			store.advance(MINUTE);
			expect(emissions.add((await run(state, store)).emit)).toEqual([poison]);
			store.advance(MINUTE);
			expect((await run(state, store)).emit).toEqual([]);
			expect(emissions.duplicates()).toEqual([]);
			expect(state.inFlight).toEqual({});
		},
	);

	it('several unreadable tasks ahead of a healthy one only delay it by a poll (reads rotate)', async () => {
		const { store, state, tracked } = await trackedAndBuried(5);
		const failing = poisonable(store);
		// Rotation reads the oldest first: the four oldest are unreadable.
		const oldestFirst = [...tracked].reverse();
		oldestFirst.slice(0, 4).forEach((id) => failing.set(id, serverError));
		const healthy = oldestFirst[4];
		// All finished, so no in-flight list shows them: each needs a GET.
		tracked.forEach((id) => store.setStatus(id, 'ready'));
		const emitted: string[][] = [];
		for (let i = 0; i < 3; i++) {
			store.advance(MINUTE);
			emitted.push(idsOf((await run(state, store)).emit));
		}
		// The first poll stops after three failures in a row; the second goes on after them.
		expect(emitted).toEqual([[], [healthy], []]);
		expect(Object.keys(state.inFlight ?? {}).length).toBe(4);
	});

	it('an account error (429) on a GET still fails the poll, changing nothing', async () => {
		const { store, state, tracked } = await trackedAndBuried(2);
		const failing = poisonable(store);
		failing.set(tracked[0], () => new FakeApiError('429', 'quota'));
		tracked.forEach((id) => store.setStatus(id, 'ready'));
		store.advance(MINUTE);
		const before = JSON.stringify(state);
		await expect(run(state, store)).rejects.toThrow('quota');
		expect(JSON.stringify(state)).toBe(before);
		failing.clear();
		expect(idsOf((await run(state, store)).emit).sort()).toEqual([...tracked].sort());
	});

	it('a failing list read still fails the poll (the API is down or the key is wrong)', async () => {
		const { store, state } = await trackedAndBuried(2);
		store.beforeRequest = (info) => {
			if (info.kind === 'list') throw new FakeApiError('500', 'down');
		};
		await expect(run(state, store)).rejects.toThrow('down');
	});
});

describe('corrupt static data: anything malformed resets to a fresh baseline', () => {
	const NOW = Date.UTC(2026, 0, 1);
	const valid = (): Record<string, unknown> => ({
		v: 2,
		filterKey: '[null,null,null,null]',
		baselineAt: NOW - MINUTE,
		watermark: NOW - MINUTE,
		inFlight: { '6650000000000000000000aa': NOW - 5 * MINUTE },
		retired: { '6650000000000000000000bb': NOW - 2 * MINUTE },
	});

	it('accepts a valid state, an empty one, and the previous version', () => {
		expect(readState(valid(), NOW).kind).toBe('tracking');
		expect(readState({ ...valid(), v: 1 }, NOW).kind).toBe('tracking');
		expect(readState({}, NOW).kind).toBe('empty');
	});

	it.each([null, 'state', [], 42, true])('the whole state %p is malformed', (raw) => {
		expect(readState(raw, NOW)).toMatchObject({ kind: 'malformed' });
	});

	const broken: Array<[string, unknown]> = [];
	for (const field of ['v', 'filterKey', 'baselineAt', 'watermark', 'inFlight', 'retired']) {
		for (const value of [null, field === 'filterKey' ? 42 : 'text', [], {}, undefined]) {
			// {} is a valid (empty) map, and a missing field only in some places
			if (
				value !== undefined &&
				typeof value === 'object' &&
				!Array.isArray(value) &&
				['inFlight', 'retired'].includes(field)
			)
				continue;
			broken.push([field, value]);
		}
	}
	it.each(broken)('%s = %p is malformed', (field, value) => {
		const state = { ...valid(), [field]: value };
		if (value === undefined) delete state[field];
		expect(readState(state, NOW)).toMatchObject({ kind: 'malformed' });
	});

	it.each([
		['a non-finite time', { '6650000000000000000000aa': null }],
		['a string time', { '6650000000000000000000aa': '1767225600000' }],
		['an invalid task id', { '../secret': NOW }],
		['an empty task id', { '': NOW }],
	])('an entry with %s in inFlight or retired is malformed', (_name, entries) => {
		expect(readState({ ...valid(), inFlight: entries }, NOW).kind).toBe('malformed');
		expect(readState({ ...valid(), retired: entries }, NOW).kind).toBe('malformed');
	});

	it.each([
		['watermark', 'soon'],
		['inFlight', 'abc'],
		['retired', ['x']],
		['inFlight', { x: 'y' }],
		['filterKey', null],
		['baselineAt', null],
		['v', 99],
	])(
		'a poll over %s = %p warns, takes a new baseline, and then emits as usual',
		async (field, value) => {
			const store = new FakeTaskStore();
			addHistory(store, 20);
			const state: CompletionState = {};
			await run(state, store);
			(state as Record<string, unknown>)[field] = value;
			expect(resetMalformedState(state, { now: store.now })).toBeDefined();
			expect((await run(state, store)).baseline).toBe(true);
			const fresh = store.create({ status: 'ready' });
			store.advance(MINUTE);
			expect(idsOf((await run(state, store)).emit)).toEqual([fresh]);
			store.advance(MINUTE);
			expect((await run(state, store)).emit).toEqual([]);
		},
	);

	it('the poll itself resets a malformed state instead of failing or going silent', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 20);
		const state = { ...valid(), inFlight: 'abc' } as unknown as CompletionState;
		const first = await run(state, store);
		expect(first.baseline).toBe(true);
		expect(readState(state, store.now).kind).toBe('tracking');
	});
});

/** The store, with some task ids renamed on the wire (both ways). */
class RenamingReader implements TaskReader {
	private readonly toWire = new Map<string, string>();

	private readonly fromWire = new Map<string, string>();

	constructor(private readonly store: FakeTaskStore) {}

	get now(): number {
		return this.store.now;
	}

	rename(storeId: string, wireId: string): void {
		this.toWire.set(storeId, wireId);
		this.fromWire.set(wireId, storeId);
	}

	private renamed(task: Task): Task {
		return { ...task, task_id: this.toWire.get(task.task_id) ?? task.task_id };
	}

	async listTasks(query: ListTasksQuery): Promise<TaskListResponse> {
		const page = await this.store.listTasks(query);
		return { ...page, data: page.data.map((task) => this.renamed(task)) };
	}

	async getTask(taskId: string): Promise<Task> {
		return this.renamed(await this.store.getTask(this.fromWire.get(taskId) ?? taskId));
	}
}

describe('task ids named like Object.prototype members', () => {
	const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];

	it('are tracked, emitted once, and survive a JSON round trip of the state', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 20);
		const reader = new RenamingReader(store);
		let state: CompletionState = {};
		const inFlight = NAMES.map((name) => {
			const id = store.create({ createdAt: store.now - 3 * MINUTE, status: 'processing' });
			reader.rename(id, name);
			return id;
		});
		await run(state, reader);
		expect(Object.keys(state.inFlight ?? {}).sort()).toEqual([...NAMES].sort());
		state = JSON.parse(JSON.stringify(state)) as CompletionState; // n8n saved and loaded it
		expect(Object.keys(state.inFlight ?? {}).sort()).toEqual([...NAMES].sort());

		const emissions = new Emissions();
		inFlight.forEach((id) => store.setStatus(id, 'ready'));
		store.advance(MINUTE);
		expect(emissions.add((await run(state, reader)).emit).sort()).toEqual([...NAMES].sort());
		for (let i = 0; i < 4; i++) {
			store.advance(MINUTE);
			emissions.add((await run(state, reader)).emit);
		}
		expect(emissions.duplicates()).toEqual([]);
		expect(Object.getPrototypeOf(state.retired)).toBe(Object.prototype);
	});

	it('a new task named __proto__ that finished between two polls is emitted once, not on every poll', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 20);
		const reader = new RenamingReader(store);
		const state: CompletionState = {};
		await run(state, reader);
		for (const name of NAMES) reader.rename(store.create({ status: 'ready' }), name);
		store.advance(MINUTE);
		const emissions = new Emissions();
		emissions.add((await run(state, reader)).emit);
		for (let i = 0; i < 3; i++) {
			store.advance(10 * SECOND);
			emissions.add((await run(state, reader)).emit);
		}
		expect([...emissions.counts.keys()].sort()).toEqual([...NAMES].sort());
		expect(emissions.duplicates()).toEqual([]);
	});
});

/**
 * A lean in-memory task list for tens of thousands of tasks: the same answers as FakeTaskStore
 * (newest-created first, offset paging, status filter, 404), with each filtered list computed
 * once per change instead of once per request.
 */
class ScaleStore implements TaskReader {
	now = Date.UTC(2026, 0, 1);

	private readonly newestFirst: Array<{
		id: string;
		created: number;
		status: string;
		completed?: number;
	}> = [];

	private readonly byId = new Map<
		string,
		{ id: string; created: number; status: string; completed?: number }
	>();

	private readonly lists = new Map<string, Task[]>();

	private seq = 0;

	/** Tasks must be created oldest first. */
	create(created: number, status: string): string {
		const id = `5ca1e${(++this.seq).toString(16).padStart(19, '0')}`;
		const task = { id, created, status, completed: status === 'ready' ? created : undefined };
		this.newestFirst.unshift(task);
		this.byId.set(id, task);
		this.lists.clear();
		return id;
	}

	setStatus(id: string, status: string): void {
		const task = this.byId.get(id);
		if (!task) throw new Error(`no task ${id}`);
		task.status = status;
		if (status === 'ready') task.completed = this.now;
		this.lists.clear();
	}

	advance(ms: number): void {
		this.now += ms;
	}

	private toTask(task: { id: string; created: number; status: string; completed?: number }): Task {
		return {
			task_id: task.id,
			status: task.status,
			created_at: new Date(task.created).toISOString(),
			...(task.completed !== undefined && { completed_at: new Date(task.completed).toISOString() }),
		};
	}

	async listTasks(query: ListTasksQuery): Promise<TaskListResponse> {
		const key = query.status ?? '';
		let list = this.lists.get(key);
		if (!list) {
			list = this.newestFirst
				.filter((task) => query.status === undefined || task.status === query.status)
				.map((task) => this.toTask(task));
			this.lists.set(key, list);
		}
		const page = query.page ?? 1;
		const limit = query.page_limit ?? 10;
		return {
			data: list.slice((page - 1) * limit, page * limit),
			page_info: {
				page,
				limit_per_page: limit,
				total_page: Math.ceil(list.length / limit),
				total_results: list.length,
			},
		};
	}

	async getTask(taskId: string): Promise<Task> {
		const task = this.byId.get(taskId);
		if (!task) throw new FakeApiError('404', 'resource_not_exist');
		return this.toTask(task);
	}
}

describe('scale: bounded requests per poll, and progress for every tracked task', () => {
	jest.setTimeout(120_000);

	/** A resumed scan finds its place again after tasks above it were deleted and others created. */
	it('a scan resumed from a stale position still sees every task below its cursor', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 400);
		const first = new NewestFirstScan(store, {}, 50);
		for (let i = 0; i < 3; i++) await first.readNext();
		const cursor = { below: first.oldestCounted, position: first.covered, total: first.total ?? 0 };
		// Above the cursor: 30 deleted, 7 created.
		store
			.ids()
			.slice(5, 35)
			.forEach((id) => store.delete(id));
		for (let i = 0; i < 7; i++) store.create({ status: 'ready' });
		const resumed = new NewestFirstScan(store, {}, 50, {
			below: cursor.below,
			position: cursor.position + 7,
		});
		while (!resumed.reachedEnd) await resumed.readNext();
		const seen = new Set(idsOf(resumed.tasks));
		const tasks = await Promise.all(store.ids().map(async (id) => await store.getTask(id)));
		const expected = tasks.filter((task) => Date.parse(task.created_at) <= cursor.below);
		expect(expected.filter((task) => !seen.has(task.task_id))).toEqual([]);
		expect(resumed.reads).toBeLessThan(15);
	});

	/**
	 * 20,000 tasks processing, 300 finishing before each poll for 20 polls, then quiet. Returns
	 * what the bench reports.
	 */
	async function twentyThousandInFlight() {
		const store = new ScaleStore();
		const running: string[] = [];
		for (let i = 0; i < 22_000; i++) {
			// 2,000 finished tasks of history among the 20,000 in flight
			const id = store.create(
				store.now - (22_000 - i) * SECOND,
				i % 11 === 0 ? 'ready' : 'processing',
			);
			if (i % 11 !== 0) running.push(id);
		}
		const state: CompletionState = {};
		const requests: number[] = [];
		const emissions = new Emissions();
		const finishedInPoll = new Map<string, number>();
		const emittedInPoll = new Map<string, number>();
		let pollIndex = 0;
		const pollOnce = async () => {
			const outcome = await run(state, store);
			requests.push(outcome.requests);
			for (const id of emissions.add(outcome.emit)) emittedInPoll.set(id, pollIndex);
			pollIndex++;
			return outcome;
		};
		let baselinePolls = 0;
		do {
			await pollOnce();
			baselinePolls++;
			store.advance(MINUTE);
		} while (state.watermark === undefined && baselinePolls < 50);
		const trackedAfterBaseline = Object.keys(state.inFlight ?? {}).length;
		const bytesAt20k = JSON.stringify(state).length;
		// Deterministic shuffle of who finishes when.
		const order = running.map((id, i) => ({ id, key: (i * 7919) % 20_000 }));
		order.sort((a, b) => a.key - b.key);
		let next = 0;
		for (let round = 0; round < 20; round++) {
			for (let i = 0; i < 300; i++) {
				const { id } = order[next++];
				store.setStatus(id, 'ready');
				finishedInPoll.set(id, pollIndex);
			}
			store.advance(MINUTE);
			await pollOnce();
		}
		let quietPolls = 0;
		while (emissions.counts.size < finishedInPoll.size && quietPolls < 60) {
			store.advance(MINUTE);
			await pollOnce();
			quietPolls++;
		}
		const missed = [...finishedInPoll.keys()].filter((id) => !emissions.counts.has(id));
		const waits = [...finishedInPoll].map(
			([id, finished]) => (emittedInPoll.get(id) ?? Infinity) - finished + 1,
		);
		return {
			requests,
			baselinePolls,
			trackedAfterBaseline,
			bytesAt20k,
			missed,
			duplicates: emissions.duplicates(),
			unexpected: [...emissions.counts.keys()].filter((id) => !finishedInPoll.has(id)),
			maxPollsToEmit: Math.max(...waits),
			quietPolls,
		};
	}

	it('20,000 in flight: every poll (baseline too) stays under the cap; each finished task emitted once within a bounded number of polls', async () => {
		const result = await twentyThousandInFlight();
		expect(Math.max(...result.requests)).toBeLessThanOrEqual(DEFAULT_MAX_REQUESTS);
		expect(DEFAULT_MAX_REQUESTS).toBeLessThanOrEqual(100);
		expect(result.trackedAfterBaseline).toBe(20_000);
		expect(result.baselinePolls).toBeGreaterThan(1); // 20,000 do not fit in one poll's cap
		expect(result.baselinePolls).toBeLessThanOrEqual(8);
		expect(result.missed).toEqual([]);
		expect(result.duplicates).toEqual([]);
		expect(result.unexpected).toEqual([]);
		expect(result.maxPollsToEmit).toBeLessThanOrEqual(12);
		// About 43 bytes per tracked task.
		expect(result.bytesAt20k / 20_000).toBeLessThan(50);
	});

	it('a baseline with 50,000 tasks in flight completes under the cap, then their completions arrive', async () => {
		const store = new ScaleStore();
		const running: string[] = [];
		for (let i = 0; i < 50_000; i++)
			running.push(store.create(store.now - (50_000 - i) * SECOND, 'processing'));
		const state: CompletionState = {};
		let polls = 0;
		while (state.watermark === undefined && polls < 40) {
			const outcome = await run(state, store);
			expect(outcome.requests).toBeLessThanOrEqual(DEFAULT_MAX_REQUESTS);
			expect(outcome.emit).toEqual([]);
			polls++;
			store.advance(MINUTE);
		}
		expect(polls).toBeLessThanOrEqual(15);
		expect(Object.keys(state.inFlight ?? {}).length).toBe(50_000);
		const finished = [running[0], running[25_000], running[49_999]];
		finished.forEach((id) => store.setStatus(id, 'ready'));
		const emitted: string[] = [];
		for (let i = 0; i < 20 && emitted.length < finished.length; i++) {
			store.advance(MINUTE);
			const outcome = await run(state, store);
			expect(outcome.requests).toBeLessThanOrEqual(DEFAULT_MAX_REQUESTS);
			emitted.push(...idsOf(outcome.emit));
		}
		expect(emitted.sort()).toEqual([...finished].sort());
	});
});
