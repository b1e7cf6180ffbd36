/**
 * The trigger's completion tracking through its front door (trigger/completions.ts: poll,
 * observe, commit, latestCompleted), against a fake task store: baselines, completions in any
 * order, deletions, filters, overlapping polls, restarts; and against skewed clocks, tasks that
 * cannot be read, corrupt saved state, task ids that are names of Object.prototype, and tens of
 * thousands of tasks in flight (each failed on the code before issue 10).
 */
import type {
	ListTasksQuery,
	Task,
	TaskListResponse,
	TaskReader,
} from '../../../nodes/TwelveLabs/api/types';
import { isFinalStatus } from '../../../nodes/TwelveLabs/api/types';
import type {
	CompletionState,
	FinalStatus,
	Observation,
	PollOptions,
	TriggerFilters,
} from '../../../nodes/TwelveLabs/trigger/completions';
import {
	DEFAULT_MAX_REQUESTS,
	commit,
	fetchedInFull,
	isBaselinedFor,
	latestCompleted,
	observe,
	poll,
	readState,
	resetMalformedState,
} from '../../../nodes/TwelveLabs/trigger/completions';
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

/** `count` ready tasks created `spacing` apart, the newest one `spacing` ago. */
function addHistory(store: FakeTaskStore, count: number, spacing = MINUTE): string[] {
	const created: string[] = [];
	for (let i = count; i >= 1; i--)
		created.push(store.create({ createdAt: store.now - i * spacing, status: 'ready' }));
	return created;
}

/** Requests made by `action`. */
async function countRequests<T>(
	store: FakeTaskStore,
	action: () => Promise<T>,
): Promise<{ result: T; requests: number }> {
	const before = store.requests.length;
	const result = await action();
	return { result, requests: store.requests.length - before };
}

/** A task that the list shows at once although its created_at lies ahead of the server clock. */
function createFutureTask(store: FakeTaskStore, aheadMs: number, status: string): string {
	return store.create({ createdAt: store.now + aheadMs, listingLagMs: -aheadMs, status });
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

function stateBytes(state: CompletionState): number {
	return JSON.stringify(state).length;
}

describe('baseline', () => {
	it('emits nothing at first, then emits the tasks that were in flight at the baseline when they finish', async () => {
		const store = new FakeTaskStore();
		const history = addHistory(store, 200);
		const oldInFlight = [
			store.create({ createdAt: store.now - 190 * MINUTE - 1, status: 'processing' }),
			store.create({ createdAt: store.now - 150 * MINUTE - 1, status: 'queued' }),
			store.create({ createdAt: store.now - 120 * MINUTE - 1, status: 'pending' }),
		];
		const recentInFlight = store.create({ status: 'processing' });
		store.advance(SECOND);
		const state: CompletionState = {};

		const first = await run(state, store);
		expect(first.baseline).toBe(true);
		expect(first.emit).toEqual([]);
		expect(first.requests).toBe(4); // newest page + queued, pending, processing lists
		expect(Object.keys(state.inFlight ?? {}).sort()).toEqual(
			[...oldInFlight, recentInFlight].sort(),
		);

		store.advance(MINUTE);
		const idle = await run(state, store);
		expect(idle.emit).toEqual([]);
		expect(idle.requests).toBe(1 + 3); // newest page + one GET per tracked task it did not show

		store.setStatus(oldInFlight[0], 'ready');
		store.setStatus(oldInFlight[1], 'failed');
		store.setStatus(oldInFlight[2], 'canceled');
		store.setStatus(recentInFlight, 'ready');
		store.advance(MINUTE);
		const finished = await run(state, store);
		expect(idsOf(finished.emit)).toEqual([...oldInFlight, recentInFlight]); // oldest created first
		expect(idsOf(finished.emit).some((id) => history.includes(id))).toBe(false);
		expect(state.inFlight).toEqual({});

		store.advance(MINUTE);
		expect((await run(state, store)).emit).toEqual([]);
	});

	it('costs one request when the whole list fits on the first page', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 12);
		const inFlight = store.create({ status: 'pending' });
		const state: CompletionState = {};
		const first = await run(state, store);
		expect(first.requests).toBe(1);
		expect(Object.keys(state.inFlight ?? {})).toEqual([inFlight]);
	});

	it('tracks a task that advances between the in-flight list reads', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 100);
		const mover = store.create({ createdAt: store.now - 500 * MINUTE, status: 'pending' });
		store.beforeRequest = (info) => {
			// After the queued list was read, before the pending list is: pending -> processing.
			if (info.query?.status === 'pending') store.setStatus(mover, 'processing');
		};
		const state: CompletionState = {};
		await run(state, store);
		expect(Object.keys(state.inFlight ?? {})).toEqual([mover]);
	});

	it('does not commit an incomplete baseline (it keeps its progress), and never emits history', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 300);
		store.create({ createdAt: store.now - 250 * MINUTE, status: 'processing' });
		store.beforeRequest = () => store.advance(SECOND);
		const state: CompletionState = {};
		const cut = await run(state, store, {
			clock: () => store.now,
			deadline: store.now + 2.5 * SECOND,
		});
		expect(cut.complete).toBe(false);
		expect(cut.requests).toBe(3);
		expect(isBaselinedFor(state, cut.observation.filterKey)).toBe(false);
		expect(Object.keys(state)).toEqual(['baselining']);
		const again = await run(state, store);
		expect(again.baseline).toBe(true);
		expect(isBaselinedFor(state, again.observation.filterKey)).toBe(true);
		store.advance(MINUTE);
		expect((await run(state, store)).emit).toEqual([]);
	});
});

describe('completion order and deletion', () => {
	it('emits tasks that finish in reverse creation order, each in the poll after it finished', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 20);
		const state: CompletionState = {};
		await run(state, store);
		const [a, b, c] = [0, 1, 2].map((i) =>
			store.create({ createdAt: store.now + i * SECOND, status: 'processing' }),
		);
		store.advance(10 * SECOND);
		expect((await run(state, store)).emit).toEqual([]);
		for (const id of [c, b, a]) {
			store.setStatus(id, 'ready');
			store.advance(MINUTE);
			expect(idsOf((await run(state, store)).emit)).toEqual([id]);
		}

		const [d, e, f] = [0, 1, 2].map((i) =>
			store.create({ createdAt: store.now + i * SECOND, status: 'queued' }),
		);
		store.advance(10 * SECOND);
		await run(state, store);
		for (const id of [f, e, d]) {
			store.setStatus(id, 'failed');
			store.advance(SECOND);
		}
		store.advance(MINUTE);
		expect(idsOf((await run(state, store)).emit)).toEqual([d, e, f]);
		expect((await run(state, store)).emit).toEqual([]);
	});

	it('drops a task deleted while in flight: no emission, no flood of history, state cleaned', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 200);
		const old = store.create({ createdAt: store.now - 300 * MINUTE, status: 'processing' });
		const state: CompletionState = {};
		await run(state, store);
		const recent = store.create({ status: 'queued' });
		store.advance(MINUTE);
		await run(state, store);
		expect(Object.keys(state.inFlight ?? {}).sort()).toEqual([old, recent].sort());

		store.delete(old);
		store.delete(recent);
		store.advance(MINUTE);
		const afterDelete = await run(state, store);
		expect(afterDelete.emit).toEqual([]);
		expect(afterDelete.requests).toBe(1 + 2); // newest page, then a GET (404) for each
		expect(
			store.requests
				.slice(-2)
				.map((r) => r.taskId)
				.sort(),
		).toEqual([old, recent].sort());
		expect(state.inFlight).toEqual({});

		store.advance(MINUTE);
		const quiet = await run(state, store);
		expect(quiet.emit).toEqual([]);
		expect(quiet.requests).toBe(1);
	});

	it('resolves many tracked tasks through the in-flight lists, then GETs only the missing ones', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 2000);
		const tracked = Array.from({ length: 10 }, (_, i) =>
			store.create({ createdAt: store.now - (2500 + i) * MINUTE, status: 'processing' }),
		);
		const state: CompletionState = {};
		await run(state, store);
		store.advance(MINUTE);
		const stillRunning = await run(state, store);
		expect(stillRunning.requests).toBe(1 + 3); // newest page + three one-page in-flight lists
		expect(stillRunning.emit).toEqual([]);

		store.setStatus(tracked[3], 'ready');
		store.setStatus(tracked[7], 'failed');
		store.delete(tracked[5]);
		store.advance(MINUTE);
		const some = await run(state, store);
		expect(some.requests).toBe(1 + 3 + 3); // + a GET for each task absent from every list
		expect(idsOf(some.emit)).toEqual([tracked[7], tracked[3]]); // tracked[7] was created first
		expect(Object.keys(state.inFlight ?? {})).toHaveLength(7);
		expect(fetchedInFull(some.observation)).toEqual(new Set([tracked[3], tracked[7]]));
	});
});

describe('events and filters', () => {
	async function threeFinished(events: readonly FinalStatus[]) {
		const store = new FakeTaskStore();
		addHistory(store, 30);
		const state: CompletionState = {};
		await run(state, store);
		const [r, f, c] = [0, 1, 2].map((i) =>
			store.create({ createdAt: store.now + i * SECOND, status: 'processing' }),
		);
		store.advance(10 * SECOND);
		await run(state, store);
		store.setStatus(r, 'ready');
		store.setStatus(f, 'failed');
		store.setStatus(c, 'canceled');
		store.advance(MINUTE);
		const emitted = idsOf((await run(state, store, { events })).emit);
		return { store, state, ids: { r, f, c }, emitted };
	}

	it('emits only the wanted final statuses and settles the others silently for good', async () => {
		const onlyReady = await threeFinished(['ready']);
		expect(onlyReady.emitted).toEqual([onlyReady.ids.r]);
		expect(onlyReady.state.inFlight).toEqual({});
		onlyReady.store.advance(MINUTE);
		expect((await run(onlyReady.state, onlyReady.store)).emit).toEqual([]); // all events now: nothing comes back

		const failures = await threeFinished(['failed', 'canceled']);
		expect(failures.emitted).toEqual([failures.ids.f, failures.ids.c]);
	});

	it('sends analysis mode, asset id and video URL to the server and applies the custom id prefix itself', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 5);
		const filters: TriggerFilters = {
			analysisMode: 'time_based_metadata',
			assetId: 'asset-1',
			customIdPrefix: 'batch-',
		};
		const state: CompletionState = {};
		await run(state, store, { filters });
		const wanted = store.create({
			status: 'ready',
			analysisMode: 'time_based_metadata',
			assetId: 'asset-1',
			customId: 'batch-7',
		});
		store.create({
			status: 'ready',
			analysisMode: 'time_based_metadata',
			assetId: 'asset-1',
			customId: 'other-7',
		});
		store.create({
			status: 'ready',
			analysisMode: 'time_based_metadata',
			assetId: 'asset-1',
			customId: null,
		});
		store.create({
			status: 'ready',
			analysisMode: 'general',
			assetId: 'asset-1',
			customId: 'batch-8',
		});
		store.create({
			status: 'ready',
			analysisMode: 'time_based_metadata',
			assetId: 'asset-2',
			customId: 'batch-9',
		});
		store.advance(MINUTE);
		const outcome = await run(state, store, { filters });
		expect(idsOf(outcome.emit)).toEqual([wanted]);
		for (const request of store.requests) {
			expect(request.query).toMatchObject({
				analysis_mode: 'time_based_metadata',
				asset_id: 'asset-1',
			});
		}

		const byUrl: CompletionState = {};
		await run(byUrl, store, { filters: { videoUrl: 'https://videos.example.com/1.mp4' } });
		expect(store.requests.at(-1)?.query).toMatchObject({
			video_url: 'https://videos.example.com/1.mp4',
		});
	});

	it('takes a new baseline when the filters change, without emitting history', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 50);
		const state: CompletionState = {};
		await run(state, store, { filters: { customIdPrefix: 'a-' } });
		store.create({ status: 'ready', customId: 'b-1' });
		store.advance(MINUTE);
		const changed = await run(state, store, { filters: { customIdPrefix: 'b-' } });
		expect(changed.baseline).toBe(true);
		expect(changed.emit).toEqual([]);
		const next = store.create({ status: 'ready', customId: 'b-2' });
		store.advance(MINUTE);
		expect(idsOf((await run(state, store, { filters: { customIdPrefix: 'b-' } })).emit)).toEqual([
			next,
		]);
	});

	it('treats unknown statuses as in flight without crashing', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 200);
		const state: CompletionState = {};
		await run(state, store);
		const odd = store.create({ status: 'retrying' });
		store.advance(MINUTE);
		expect((await run(state, store)).emit).toEqual([]);
		expect(Object.keys(state.inFlight ?? {})).toEqual([odd]);
		store.advance(MINUTE);
		expect((await run(state, store)).emit).toEqual([]);
		store.setStatus(odd, 'ready');
		store.advance(MINUTE);
		expect(idsOf((await run(state, store)).emit)).toEqual([odd]);
	});
});

describe('failures, overlap, restart', () => {
	async function scenarioWithPendingWork() {
		const store = new FakeTaskStore();
		addHistory(store, 300);
		const tracked = Array.from({ length: 6 }, (_, i) =>
			store.create({ createdAt: store.now - (400 + i) * MINUTE, status: 'processing' }),
		);
		const state: CompletionState = {};
		await run(state, store);
		store.advance(MINUTE);
		store.setStatus(tracked[0], 'ready');
		store.setStatus(tracked[2], 'failed');
		store.setStatus(tracked[4], 'ready');
		const fresh = [store.create({ status: 'ready' }), store.create({ status: 'ready' })];
		store.create({ status: 'queued' });
		store.advance(MINUTE);
		const expected = [tracked[4], tracked[2], tracked[0], ...fresh];
		return { store, state, expected };
	}

	it.each([1, 2, 3, 4])(
		'a poll whose list read %i fails changes nothing, and the next poll catches up exactly once',
		async (failing) => {
			const { store, state, expected } = await scenarioWithPendingWork();
			const before = JSON.stringify(state);
			const first = store.requests.length + failing;
			store.beforeRequest = (info) => {
				if (info.n === first) throw new FakeApiError('500', 'socket hang up');
			};
			await expect(run(state, store)).rejects.toThrow('socket hang up');
			expect(JSON.stringify(state)).toBe(before);
			store.beforeRequest = undefined;
			expect(idsOf((await run(state, store)).emit)).toEqual(expected);
			expect((await run(state, store)).emit).toEqual([]);
		},
	);

	describe('two polls observed from the same state', () => {
		async function twoObservations() {
			const store = new FakeTaskStore();
			addHistory(store, 100);
			const state: CompletionState = {};
			await run(state, store);
			const t1 = store.create({ status: 'processing' });
			const t2 = store.create({ status: 'processing' });
			const gone = store.create({ status: 'queued' });
			store.advance(MINUTE);
			await run(state, store);
			const options = { now: store.now };
			const older = await observe(state, store, options); // t1, t2, gone in flight
			store.setStatus(t1, 'ready');
			store.delete(gone);
			const fresh = store.create({ status: 'ready' });
			store.advance(MINUTE);
			const newer = await observe(state, store, options); // t1 and fresh final, gone deleted
			return { store, state, older, newer, t1, t2, gone, fresh };
		}

		it.each([
			['older first', false],
			['newer first', true],
		])(
			'commit %s: each completion once, no regressed watermark, no resurrected id',
			async (_, newerFirst) => {
				const { store, state, older, newer, t1, t2, gone, fresh } = await twoObservations();
				const order: Observation[] = newerFirst ? [newer, older] : [older, newer];
				const emitted = [...commit(state, order[0]), ...commit(state, order[1])];
				expect(idsOf(emitted)).toEqual([t1, fresh]);
				expect(state.watermark).toBe(newer.watermark);
				expect(Object.keys(state.inFlight ?? {})).toEqual([t2]);
				expect(Object.keys(state.inFlight ?? {})).not.toContain(gone);

				store.setStatus(t2, 'ready');
				store.advance(MINUTE);
				expect(idsOf((await run(state, store)).emit)).toEqual([t2]);
				expect((await run(state, store)).emit).toEqual([]);
			},
		);

		it('two polls running concurrently emit a completion once in total', async () => {
			const store = new FakeTaskStore();
			addHistory(store, 100);
			const state: CompletionState = {};
			await run(state, store);
			const t = store.create({ status: 'processing' });
			store.advance(MINUTE);
			await run(state, store);
			store.setStatus(t, 'ready');
			store.advance(MINUTE);
			const [a, b] = await Promise.all([run(state, store), run(state, store)]);
			expect([...idsOf(a.emit), ...idsOf(b.emit)]).toEqual([t]);
		});
	});

	it.each([5, 6, 7])(
		'a GET failing on request %i leaves that task tracked: the poll emits the others, the next poll that task, each once',
		async (failing) => {
			const { store, state, expected } = await scenarioWithPendingWork();
			const first = store.requests.length + failing;
			let failedId: string | undefined;
			store.beforeRequest = (info) => {
				if (info.n !== first) return;
				failedId = info.taskId;
				throw new FakeApiError('500', 'socket hang up');
			};
			const partial = await run(state, store);
			expect(failedId).toBeDefined();
			expect(partial.observation.readFailures.map((failure) => failure.taskId)).toEqual([failedId]);
			expect(idsOf(partial.emit)).toEqual(expected.filter((id) => id !== failedId));
			expect(Object.keys(state.inFlight ?? {})).toContain(failedId);
			store.beforeRequest = undefined;
			expect(idsOf((await run(state, store)).emit)).toEqual([failedId]);
			expect((await run(state, store)).emit).toEqual([]);
		},
	);

	it('behaves identically after a JSON round trip of the state (restart)', async () => {
		const store = new FakeTaskStore({ timestampResolutionMs: SECOND });
		addHistory(store, 150);
		const live: CompletionState = {};
		for (let round = 0; round < 8; round++) {
			for (let i = 0; i < 4; i++)
				store.create({ durationMs: (1 + ((round * 7 + i * 3) % 5)) * MINUTE });
			store.advance(MINUTE);
			const restored = JSON.parse(JSON.stringify(live)) as CompletionState;
			const options = { now: store.now, pageLimit: 7 };
			const fromLive = await observe(live, store, options);
			const fromRestored = await observe(restored, store, options);
			expect(fromRestored).toEqual(fromLive);
			expect(commit(restored, fromRestored)).toEqual(commit(live, fromLive));
			expect(restored).toEqual(live);
		}
	});
});

describe('cost and size', () => {
	it('an idle poll costs one request with 10,000 tasks in the account', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 10_000);
		const state: CompletionState = {};
		await run(state, store);
		for (let i = 0; i < 3; i++) {
			store.advance(MINUTE);
			const idle = await run(state, store);
			expect(idle.requests).toBe(1);
			expect(idle.emit).toEqual([]);
		}
		// Tracked tasks that the first page shows cost nothing more.
		[0, 1, 2].forEach(() => store.create({ status: 'processing' }));
		store.advance(MINUTE);
		await run(state, store);
		store.advance(MINUTE);
		expect((await run(state, store)).requests).toBe(1);
		expect(Object.keys(state.inFlight ?? {})).toHaveLength(3);
	});

	it('stays under 64 KB with 500 tasks in flight, settles their completion in a few reads, shrinks back', async () => {
		const store = new FakeTaskStore({ timestampResolutionMs: SECOND });
		addHistory(store, 1000);
		const state: CompletionState = {};
		await run(state, store);
		const burst = Array.from({ length: 500 }, (_, i) =>
			store.create({ createdAt: store.now + i * 200, status: 'processing' }),
		);
		store.advance(2 * MINUTE);
		const tracking = await run(state, store);
		expect(tracking.emit).toEqual([]);
		expect(Object.keys(state.inFlight ?? {})).toHaveLength(500);
		expect(stateBytes(state)).toBeLessThan(64 * 1024);

		store.advance(10 * MINUTE);
		burst.forEach((id) => store.setStatus(id, 'ready'));
		store.advance(MINUTE);
		const finished = await run(state, store);
		expect(idsOf(finished.emit)).toEqual(burst);
		expect(finished.requests).toBeLessThan(20); // read the list down, no GET per task
		expect(state.inFlight).toEqual({});
		expect(stateBytes(state)).toBeLessThan(300);
	});

	it('stops at the deadline, emits what it proved, keeps the watermark, and the next polls catch up', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 100);
		const state: CompletionState = {};
		await run(state, store, { pageLimit: 10 });
		const created = Array.from({ length: 150 }, (_, i) =>
			store.create({
				createdAt: store.now + i * 12 * SECOND,
				status: i % 2 === 0 ? 'ready' : 'processing',
			}),
		);
		store.advance(31 * MINUTE);
		const watermark = state.watermark;
		store.beforeRequest = () => store.advance(SECOND);
		const clock = () => store.now;
		const cut = await run(state, store, {
			pageLimit: 10,
			clock,
			deadline: store.now + 3.5 * SECOND,
		});
		expect(cut.complete).toBe(false);
		expect(cut.requests).toBe(4);
		expect(cut.emit.length).toBeGreaterThan(0);
		expect(state.watermark).toBe(watermark);

		store.beforeRequest = undefined;
		const rest = await run(state, store, { pageLimit: 10 });
		expect(rest.complete).toBe(true);
		const emitted = [...idsOf(cut.emit), ...idsOf(rest.emit)];
		expect(emitted.sort()).toEqual(created.filter((_, i) => i % 2 === 0).sort());
		expect(Object.keys(state.inFlight ?? {}).sort()).toEqual(
			created.filter((_, i) => i % 2 === 1).sort(),
		);
		expect((await run(state, store, { pageLimit: 10 })).emit).toEqual([]);
	});

	it('finds a task created in the same second as the newest task a poll saw, after that poll', async () => {
		const store = new FakeTaskStore({ timestampResolutionMs: SECOND });
		addHistory(store, 60);
		const state: CompletionState = {};
		await run(state, store);
		store.advance(MINUTE);
		const first = store.create({ status: 'ready' });
		expect(idsOf((await run(state, store)).emit)).toEqual([first]);
		store.advance(400); // still the same second: both carry the same created_at
		const late = store.create({ status: 'ready' });
		store.advance(MINUTE);
		expect(idsOf((await run(state, store)).emit)).toEqual([late]);
	});
});

describe('latestCompleted', () => {
	it('returns the newest matching final task without any state', async () => {
		const store = new FakeTaskStore();
		const oldReady = store.create({
			createdAt: store.now - 3 * MINUTE,
			status: 'ready',
			customId: 'x-1',
		});
		const newerFailed = store.create({
			createdAt: store.now - 2 * MINUTE,
			status: 'failed',
			customId: 'y-2',
		});
		store.create({ createdAt: store.now - MINUTE, status: 'processing', customId: 'x-3' });
		expect((await latestCompleted(store))?.task_id).toBe(newerFailed);
		expect((await latestCompleted(store, { events: ['ready'] }))?.task_id).toBe(oldReady);
		expect((await latestCompleted(store, { filters: { customIdPrefix: 'x-' } }))?.task_id).toBe(
			oldReady,
		);
		expect(await latestCompleted(store, { filters: { customIdPrefix: 'zzz' } })).toBeUndefined();
	});

	it('looks in the final-status lists when the newest page holds no final task', async () => {
		const store = new FakeTaskStore();
		const ready = store.create({ createdAt: store.now - 100 * MINUTE, status: 'ready' });
		store.create({ createdAt: store.now - 200 * MINUTE, status: 'failed' });
		for (let i = 60; i >= 1; i--)
			store.create({ createdAt: store.now - i * SECOND, status: 'processing' });
		const { result, requests } = await countRequests(store, () => latestCompleted(store));
		expect(result?.task_id).toBe(ready);
		// One list per wanted status the SDK knows: 'canceled' is never sent as a filter.
		expect(requests).toBe(1 + 2);
	});
});

/** A small seeded PRNG, so a failing run can be replayed. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface ChurnConfig {
	seed: number;
	rounds: number;
	pageLimit: number;
	events?: FinalStatus[];
	filters?: TriggerFilters;
}

interface PollRecord {
	observation?: Observation;
	started: number;
	ended: number;
}

describe('randomized churn (property)', () => {
	async function simulate(config: ChurnConfig) {
		const random = mulberry32(config.seed);
		const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
		const store = new FakeTaskStore({ timestampResolutionMs: SECOND });
		const events: readonly string[] = config.events ?? ['ready', 'failed', 'canceled'];
		const createTask = (createdAt?: number) =>
			store.create({
				createdAt,
				durationMs: (20 + random() * 500) * SECOND,
				outcome: random() < 0.8 ? 'ready' : random() < 0.75 ? 'failed' : 'canceled',
				analysisMode: random() < 0.8 ? 'general' : 'time_based_metadata',
				customId:
					random() < 0.6
						? `batch-${Math.floor(random() * 1000)}`
						: random() < 0.5
							? 'other-1'
							: null,
				listingLagMs: random() < 0.3 ? random() * 20 * SECOND : 0,
			});
		for (let i = 0; i < 300; i++) createTask(store.now - (10 * 60 + i) * MINUTE); // history, all final
		for (let i = 0; i < 12; i++) createTask(store.now - random() * 5 * MINUTE); // in flight at the start

		let deletionsLeft = 20;
		const deleteSomeInFlight = () => {
			const running = store.ids((status) => !isFinalStatus(status));
			if (deletionsLeft > 0 && running.length > 0) {
				store.delete(pick(running));
				deletionsLeft--;
			}
		};
		let failureRate = 0.05;
		store.beforeRequest = () => {
			store.advance(100 + random() * 400);
			if (random() < 0.03) createTask();
			if (random() < 0.004) deleteSomeInFlight();
			if (random() < failureRate) throw new FakeApiError('503', 'injected failure');
		};

		const state: CompletionState = {};
		const emittedInRound = new Map<string, number[]>();
		// A round succeeded for a task when a poll of it completed without failing to read that task.
		const rounds: Array<{ start: number; succeeded: boolean; unread: Set<string> }> = [];
		let baseline: PollRecord | undefined;
		const options = () => ({
			now: store.now,
			pageLimit: config.pageLimit,
			events: config.events,
			filters: config.filters,
		});
		const commitAndRecord = (record: PollRecord, round: number) => {
			if (!record.observation) return;
			const hadBaseline = isBaselinedFor(state, record.observation.filterKey);
			for (const task of commit(state, record.observation)) {
				emittedInRound.set(task.task_id, [...(emittedInRound.get(task.task_id) ?? []), round]);
			}
			if (!hadBaseline && isBaselinedFor(state, record.observation.filterKey)) baseline = record;
		};
		let failedPolls = 0;
		let overlappingRounds = 0;
		const observeOnce = async (): Promise<PollRecord> => {
			const started = store.now;
			try {
				const observation = await observe(state, store, options());
				return { observation, started, ended: store.now };
			} catch {
				failedPolls++;
				return { started, ended: store.now };
			}
		};

		let maxStateBytes = 0;
		const totalRounds = config.rounds + 3;
		for (let round = 0; round < totalRounds; round++) {
			const draining = round >= config.rounds;
			if (draining) failureRate = 0;
			for (let step = 0; step < 12; step++) {
				store.advance(5 * SECOND);
				if (!draining && random() < 0.35) createTask();
				if (!draining && random() < 0.025) deleteSomeInFlight();
			}
			while (round === config.rounds - 1 && deletionsLeft > 0) deleteSomeInFlight();
			const start = store.now;
			const overlapping = !draining && round > 0 && random() < 0.1;
			let records: PollRecord[];
			if (overlapping) overlappingRounds++;
			if (!overlapping) {
				const record = await observeOnce();
				commitAndRecord(record, round);
				records = [record];
			} else {
				// A second poll starts while the first is running, from the same state object.
				const commitOnFinish = random() < 0.5;
				const delay = Math.floor(random() * 30);
				const first = observeOnce().then((record) => {
					if (commitOnFinish) commitAndRecord(record, round);
					return record;
				});
				const second = (async () => {
					for (let i = 0; i < delay; i++) await Promise.resolve();
					const record = await observeOnce();
					if (commitOnFinish) commitAndRecord(record, round);
					return record;
				})();
				records = await Promise.all([first, second]);
				if (!commitOnFinish) {
					const order = random() < 0.5 ? records : [...records].reverse();
					order.forEach((record) => commitAndRecord(record, round));
				}
			}
			rounds.push({
				start,
				succeeded: records.some((record) => record.observation?.complete),
				unread: new Set(
					records.flatMap((record) =>
						(record.observation?.readFailures ?? []).map((failure) => failure.taskId),
					),
				),
			});
			maxStateBytes = Math.max(maxStateBytes, stateBytes(state));
		}

		// A last poll with the world standing still (once the longest listing lag has passed).
		store.beforeRequest = undefined;
		store.advance(30 * SECOND);
		rounds.push({ start: store.now, succeeded: true, unread: new Set() });
		commitAndRecord(await observeOnce(), totalRounds);

		const stats = {
			failedPolls,
			overlappingRounds,
			requests: store.requests.length,
			polls: rounds.length + overlappingRounds,
		};
		return { store, state, emittedInRound, rounds, baseline, events, maxStateBytes, stats };
	}

	const pageLimits = [10, 50, 4, 7];
	const configs: ChurnConfig[] = Array.from({ length: 12 }, (_, i) => ({
		seed: i + 1,
		rounds: 60,
		pageLimit: pageLimits[i % pageLimits.length],
		...(i % 3 === 2 && {
			events: ['ready', 'canceled'] as FinalStatus[],
			filters: { analysisMode: 'general' as const, customIdPrefix: 'batch-' },
		}),
	}));

	it.each(configs)(
		'seed $seed, page $pageLimit: no miss, no duplicate, emitted by the next successful poll',
		async (config) => {
			const { store, state, emittedInRound, rounds, baseline, events, maxStateBytes, stats } =
				await simulate(config);
			expect(baseline?.observation).toBeDefined();
			const baselineStart = baseline?.started ?? 0;
			const baselineEnd = baseline?.ended ?? 0;
			const matchesFilters = (task: Task) =>
				(!config.filters?.customIdPrefix ||
					(task.custom_id ?? '').startsWith(config.filters.customIdPrefix)) &&
				(!config.filters?.analysisMode ||
					task.request_params?.analysis_mode === config.filters.analysisMode);

			const missed: string[] = [];
			const late: string[] = [];
			let expectedCount = 0;
			for (const [id, finishedAt] of store.finishedAt) {
				const task = await store.getTask(id);
				const wanted = matchesFilters(task) && events.includes(task.status);
				const emitted = emittedInRound.get(id) ?? [];
				expect(emitted.length).toBeLessThanOrEqual(1); // never twice
				if (!wanted || finishedAt < baselineStart) {
					expect(emitted).toEqual([]); // history, filtered out or not an event: never
					continue;
				}
				if (finishedAt <= baselineEnd) continue; // finished during the baseline poll: either way
				expectedCount++;
				const due = rounds.findIndex(
					(round) => round.start > finishedAt && round.succeeded && !round.unread.has(id),
				);
				if (due === -1) continue; // finished after the last successful poll began
				if (emitted.length === 0) missed.push(id);
				else if (emitted[0] > due) late.push(id);
			}
			expect(missed).toEqual([]);
			expect(late).toEqual([]);
			expect(expectedCount).toBeGreaterThan(50);
			for (const id of store.deletedIds) expect(emittedInRound.has(id)).toBe(false);

			// After the final quiet poll, exactly the matching tasks in flight are tracked; the state stayed small.
			const inFlightNow: string[] = [];
			for (const id of store.ids((status) => !isFinalStatus(status))) {
				if (matchesFilters(await store.getTask(id))) inFlightNow.push(id);
			}
			expect(Object.keys(state.inFlight ?? {}).sort()).toEqual(inFlightNow.sort());
			expect(maxStateBytes).toBeLessThan(64 * 1024);
			// The churn did happen.
			expect(store.deletedIds.size).toBe(20);
			expect(stats.failedPolls).toBeGreaterThanOrEqual(1);
			expect(stats.overlappingRounds).toBeGreaterThanOrEqual(1);
			expect(stats.requests / stats.polls).toBeLessThan(config.pageLimit >= 10 ? 12 : 40);
		},
	);
});

describe('clock skew: the watermark never passes the local clock plus an allowance', () => {
	/** 15 s: a quarter of the overlap (settings.ts says why). */
	const allowance = 15 * SECOND;

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
		const state = {
			v: 2,
			filterKey: '[null,null,null,null]',
			baselineAt: store.now - MINUTE,
			watermark: store.now - MINUTE,
			inFlight: 'abc',
			retired: {},
		} as unknown as CompletionState;
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
