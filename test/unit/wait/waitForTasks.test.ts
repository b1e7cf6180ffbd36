import {
	chooseObservation,
	estimatePagesToCover,
	retryAfterMsOf,
	shouldReadNextPage,
	waitForTasks,
	type RoundInfo,
	type TrackedTask,
	type WaitDeps,
	type WaitOptions,
	type WaitOutcome,
} from '../../../nodes/TwelveLabs/wait/waitForTasks';
import {
	FakeClock,
	FakeTaskApi,
	T0,
	notFoundError,
	rateLimitedError,
	type FakeTaskSpec,
} from '../waitFakes';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const OPTIONS: WaitOptions = {
	timeoutMs: 10 * MINUTE,
	initialIntervalMs: 2 * SECOND,
	maxIntervalMs: 30 * SECOND,
};

function setup(latencyMs = 0) {
	const clock = new FakeClock();
	const api = new FakeTaskApi(clock, latencyMs);
	const rounds: RoundInfo[] = [];
	const deps = (extra: Partial<WaitDeps> = {}): WaitDeps => ({
		reader: api,
		now: clock.now,
		sleep: clock.sleep,
		onRound: (info) => rounds.push(info),
		...extra,
	});
	/** Creates our tasks, just before the wait starts (100 ms apart, oldest first). */
	const create = (
		specs: Array<Omit<FakeTaskSpec, 'createdAtMs'> & { createdAtMs?: number }>,
	): TrackedTask[] =>
		specs.map((spec, index) => ({
			taskId: api.add({ createdAtMs: T0 - (specs.length - index) * 100, ...spec }),
			status: 'pending',
		}));
	return { clock, api, rounds, deps, create };
}

const states = (outcomes: WaitOutcome[]) => outcomes.map((outcome) => outcome.state);

describe('waitForTasks with many pending tasks', () => {
	it('lists one page per round, GETs each task once when final, and keeps input order', async () => {
		const { clock, api, rounds, deps, create } = setup();
		const tracked = create([
			{ durationMs: 40 * SECOND },
			{ durationMs: 10 * SECOND },
			{ durationMs: 25 * SECOND },
			{ durationMs: 10 * SECOND, finalStatus: 'failed' },
			{ durationMs: 60 * SECOND },
		]);

		const result = await waitForTasks(tracked, deps(), OPTIONS);

		expect(result.cancelled).toBe(false);
		expect(states(result.outcomes)).toEqual(['final', 'final', 'final', 'final', 'final']);
		expect(result.outcomes.map((outcome) => outcome.taskId)).toEqual(
			tracked.map((task) => task.taskId),
		);
		const statuses = result.outcomes.map((outcome) =>
			outcome.state === 'final' ? outcome.task.status : '',
		);
		expect(statuses).toEqual(['ready', 'ready', 'ready', 'failed', 'ready']);
		// The full task, not the abbreviated list item.
		const first = result.outcomes[0];
		const fullPrompt = api.fullTask(tracked[0].taskId).request_params?.prompt as string;
		expect(fullPrompt.length).toBeGreaterThan(30);
		expect(first.state === 'final' && first.task.request_params?.prompt).toBe(fullPrompt);

		// Rounds at 0, 2, …, 10, 12, 14.4, 17.28, 20.7, 24.9, 29.9, 35.8, 43.0 s list while ≥ 2 are
		// pending (14 pages); the last task is then GET directly at 51.6 and 61.9 s.
		expect(api.listCalls()).toHaveLength(14);
		expect(api.listCalls().every((call) => call.page === 1)).toBe(true);
		for (const task of tracked) expect(api.finalGets(task.taskId)).toBe(1);
		expect(api.getCalls()).toHaveLength(6);
		expect(result.requests).toBe(20);
		expect(rounds.map((round) => round.listPages).join('')).toBe('1111111111111100');
		// Out of order: the 10 s tasks settled first, the 60 s task last, noticed 2 s after it finished.
		expect(clock.now() - T0).toBeLessThan(62 * SECOND);
		expect(rounds[rounds.length - 1].pending).toBe(0);
	});

	it('uses one list page for two pending tasks instead of two GETs', async () => {
		const { api, deps, create } = setup();
		const tracked = create([{ durationMs: 9 * SECOND }, { durationMs: 9 * SECOND }]);

		const result = await waitForTasks(tracked, deps(), OPTIONS);

		// Rounds at 0, 2, 4, 6, 8 s see both pending (5 pages); at 10 s both are final: 2 GETs.
		expect(states(result.outcomes)).toEqual(['final', 'final']);
		expect(api.listCalls()).toHaveLength(6);
		expect(api.getCalls()).toHaveLength(2);
		expect(result.requests).toBe(8);
	});

	it('pages until the oldest pending task is covered when tasks span 3 pages, and never further', async () => {
		const { api, rounds, deps } = setup();
		// The account: 250 other tasks (5 pages), ours interleaved among the newest 150, at list
		// positions 5, 31, 51 (pages 1 and 2), …, 148 (page 3); each finishes 20 + 5 × i s from now.
		const others = api.addOthers(250, T0 - 1000);
		const tracked: TrackedTask[] = [5, 30, 49, 60, 75, 99, 101, 120, 130, 140].map(
			(otherIndex, index) => {
				const createdAtMs = T0 - 1000 - otherIndex * 1000 + 500;
				return {
					taskId: api.add({
						createdAtMs,
						durationMs: T0 - createdAtMs + (20 + index * 5) * SECOND,
					}),
				};
			},
		);
		expect(others).toHaveLength(250);

		const result = await waitForTasks(tracked, deps(), OPTIONS);

		expect(states(result.outcomes)).toEqual(Array(10).fill('final'));
		// First round: creation times unknown, learnt from pages 1, 2 and 3, where all ten show.
		expect(
			api
				.listCalls()
				.slice(0, 3)
				.map((call) => call.page),
		).toEqual([1, 2, 3]);
		expect(rounds[0]).toMatchObject({ listPages: 3, taskGets: 0 });
		// Never past page 3, though the account has 6.
		expect(Math.max(...api.listCalls().map((call) => call.page ?? 0))).toBe(3);
		for (const task of tracked) expect(api.finalGets(task.taskId)).toBe(1);
		// Once fewer tasks are pending than pages to read, they are GET directly.
		const lastListRound = rounds.filter((round) => round.listPages > 0).pop() as RoundInfo;
		expect(lastListRound.pending).toBeLessThanOrEqual(3);
	});

	it('stops paging at the first page older than the oldest pending task, and GETs a missing one', async () => {
		const { clock, api, rounds, deps, create } = setup();
		api.addOthers(500, T0 - 10 * SECOND); // 10 older pages
		const tracked = create([
			{ durationMs: 30 * SECOND },
			{ durationMs: 30 * SECOND },
			{ durationMs: 30 * SECOND },
			{ durationMs: 30 * SECOND },
		]);
		clock.at(T0 + 5 * SECOND, () => api.delete(tracked[1].taskId));

		const result = await waitForTasks(tracked, deps(), OPTIONS);

		expect(states(result.outcomes)).toEqual(['final', 'deleted', 'final', 'final']);
		// Every round reads page 1 only; the round at 6 s GETs the vanished task: 404.
		expect(api.listCalls().every((call) => call.page === 1)).toBe(true);
		expect(rounds[3]).toMatchObject({ round: 3, listPages: 1, taskGets: 1, pending: 3 });
		expect(api.getCalls(tracked[1].taskId)).toHaveLength(1);
	});

	it('with unknown creation times, stops paging for a missing task once pages would cost more than GETs', async () => {
		const { api, rounds, deps, create } = setup();
		api.addOthers(500, T0 - 10 * SECOND);
		const tracked = create([
			{ durationMs: 4 * SECOND },
			{ durationMs: 4 * SECOND },
			{ durationMs: 4 * SECOND },
		]);
		api.delete(tracked[2].taskId);

		const result = await waitForTasks(tracked, deps(), OPTIONS);

		expect(states(result.outcomes)).toEqual(['final', 'final', 'deleted']);
		// Round 0: page 1 shows two; one more page for the unknown third, then a GET (404).
		expect(rounds[0]).toMatchObject({ listPages: 2, taskGets: 1, pending: 2 });
	});

	it('GETs pending tasks directly when they sit deeper than their number of pages', async () => {
		const { api, rounds, deps } = setup();
		api.addOthers(240, T0 - 1000);
		// Four of ours, old, between positions 200 and 240: page 5.
		const tracked: TrackedTask[] = [0, 1, 2, 3].map((index) => ({
			taskId: api.add({
				createdAtMs: T0 - 1000 - (201 + index * 10) * 1000 + 500,
				durationMs: 1000 * SECOND,
			}),
		}));

		await waitForTasks(tracked, deps(), { ...OPTIONS, timeoutMs: 10 * SECOND });

		// Round 0 does not know where they are: pages 1..5 (the ski-rental bound lets it). Then
		// 5 pages ≥ 4 tasks: direct GETs.
		expect(rounds[0]).toMatchObject({ listPages: 5, taskGets: 0 });
		expect(rounds.slice(1).every((round) => round.listPages === 0 && round.taskGets === 4)).toBe(
			true,
		);
	});
});

describe('waitForTasks with few pending tasks', () => {
	it('GETs a single task directly and needs no second GET when it is final', async () => {
		const { api, deps, create } = setup();
		const tracked = create([{ durationMs: 7 * SECOND }]);

		const result = await waitForTasks(tracked, deps(), OPTIONS);

		// GETs at 0, 2, 4, 6 s (processing) and 8 s (ready).
		expect(api.listCalls()).toHaveLength(0);
		expect(api.getCalls().map((call) => call.status)).toEqual([
			'queued',
			'processing',
			'processing',
			'processing',
			'ready',
		]);
		expect(api.finalGets(tracked[0].taskId)).toBe(1);
		expect(result.requests).toBe(5);
		expect(result.outcomes[0]).toMatchObject({ state: 'final', task: { status: 'ready' } });
	});

	it('GETs directly up to directGetThreshold pending tasks', async () => {
		const { api, deps, create } = setup();
		const tracked = create([{ durationMs: 3 * SECOND }, { durationMs: 5 * SECOND }]);

		const result = await waitForTasks(tracked, deps(), { ...OPTIONS, directGetThreshold: 2 });

		// 0 s and 2 s: 2 GETs each; 4 s: 2 GETs, the 3 s task is ready; 6 s: 1 GET, the 5 s one is.
		expect(api.listCalls()).toHaveLength(0);
		expect(api.getCalls()).toHaveLength(7);
		expect(states(result.outcomes)).toEqual(['final', 'final']);
		for (const task of tracked) expect(api.finalGets(task.taskId)).toBe(1);
	});

	it('reports a task deleted while waiting (404) as deleted', async () => {
		const { clock, api, deps, create } = setup();
		const tracked = create([{ durationMs: MINUTE }]);
		clock.at(T0 + 3 * SECOND, () => api.delete(tracked[0].taskId));

		const result = await waitForTasks(tracked, deps(), OPTIONS);

		expect(result.outcomes).toEqual([{ taskId: tracked[0].taskId, state: 'deleted' }]);
		expect(result.requests).toBe(3); // 0 s, 2 s, 4 s (404)
	});
});

describe('waitForTasks deadline', () => {
	it('returns the unfinished tasks with their last status at the deadline, sleeping no further', async () => {
		const { clock, api, deps, create } = setup();
		const tracked = create([
			{ durationMs: 5 * SECOND },
			{ durationMs: 100 * SECOND },
			{ durationMs: 100 * SECOND, queuedMs: 100 * SECOND },
		]);

		const result = await waitForTasks(tracked, deps(), { ...OPTIONS, timeoutMs: 20 * SECOND });

		expect(result.cancelled).toBe(false);
		expect(result.outcomes[0]).toMatchObject({ state: 'final' });
		expect(result.outcomes[1]).toMatchObject({
			state: 'unfinished',
			lastStatus: 'processing',
			task: { status: 'processing' },
		});
		expect(result.outcomes[2]).toMatchObject({ state: 'unfinished', lastStatus: 'queued' });
		// The last round runs exactly at the deadline (17.28 s + 3.46 s would overshoot it).
		expect(clock.now()).toBe(T0 + 20 * SECOND);
		expect(api.calls[api.calls.length - 1].atMs).toBe(T0 + 20 * SECOND);
	});

	it('with a zero timeout, looks once and returns', async () => {
		const { api, deps, create } = setup();
		const tracked = create([{ durationMs: MINUTE }, { durationMs: MINUTE }]);

		const result = await waitForTasks(tracked, deps(), { ...OPTIONS, timeoutMs: 0 });

		expect(result.requests).toBe(1);
		expect(api.listCalls()).toHaveLength(1);
		expect(states(result.outcomes)).toEqual(['unfinished', 'unfinished']);
	});

	it('reports the initial status of a task never observed', async () => {
		const { api, deps } = setup();
		const taskId = api.add({ createdAtMs: T0, durationMs: MINUTE });
		const controller = new AbortController();
		controller.abort();

		const result = await waitForTasks(
			[{ taskId, status: 'pending' }, { taskId }],
			deps({ signal: controller.signal }),
			OPTIONS,
		);

		expect(result.outcomes).toEqual([
			{ taskId, state: 'unfinished', lastStatus: 'pending' },
			{ taskId, state: 'unfinished', lastStatus: 'pending' },
		]);
	});
});

describe('waitForTasks and the rate limit', () => {
	it('sleeps at least Retry-After before the next request, then carries on', async () => {
		const { api, rounds, deps, create } = setup();
		const tracked = create([
			{ durationMs: 30 * SECOND },
			{ durationMs: 30 * SECOND },
			{ durationMs: 30 * SECOND },
		]);
		let listsSoFar = 0;
		const reader = {
			listTasks: async (query: Parameters<FakeTaskApi['listTasks']>[0]) => {
				if (++listsSoFar === 3) api.failNext('list', rateLimitedError(7 * SECOND));
				return await api.listTasks(query);
			},
			getTask: async (taskId: string) => await api.getTask(taskId),
		};

		const result = await waitForTasks(tracked, deps({ reader }), OPTIONS);

		const refusedAt = api.calls.findIndex((call) => call.failed);
		expect(refusedAt).toBe(2);
		expect(api.calls[refusedAt + 1].atMs - api.calls[refusedAt].atMs).toBeGreaterThanOrEqual(
			7 * SECOND,
		);
		expect(rounds[2].retryAfterMs).toBe(7 * SECOND);
		expect(states(result.outcomes)).toEqual(['final', 'final', 'final']);
	});

	it('fetches a task seen final after its refused GET, without listing it again', async () => {
		const { api, rounds, deps, create } = setup();
		const tracked = create([
			{ durationMs: 5 * SECOND },
			{ durationMs: MINUTE },
			{ durationMs: MINUTE },
		]);
		api.failNext('get', rateLimitedError(3 * SECOND));

		const result = await waitForTasks(tracked, deps(), { ...OPTIONS, timeoutMs: 20 * SECOND });

		// 6 s: list shows task 0 ready, its GET is refused; 9 s: list (two pending) + GET.
		expect(rounds[3]).toMatchObject({ listPages: 1, taskGets: 1, pending: 3, retryAfterMs: 3000 });
		expect(rounds[4]).toMatchObject({ listPages: 1, taskGets: 1, pending: 2 });
		expect(api.calls[api.calls.indexOf(api.getCalls()[1])].atMs - T0).toBe(9 * SECOND);
		expect(result.outcomes[0]).toMatchObject({ state: 'final', task: { status: 'ready' } });
		expect(api.finalGets(tracked[0].taskId)).toBe(1);
	});

	it('does not ask again at the deadline when Retry-After reaches past it', async () => {
		const { clock, api, deps, create } = setup();
		const tracked = create([{ durationMs: MINUTE }, { durationMs: MINUTE }]);
		api.failNext('list', rateLimitedError(MINUTE));

		const result = await waitForTasks(tracked, deps(), { ...OPTIONS, timeoutMs: 10 * SECOND });

		expect(api.calls).toHaveLength(1);
		expect(clock.now()).toBe(T0 + 10 * SECOND);
		expect(states(result.outcomes)).toEqual(['unfinished', 'unfinished']);
	});

	it('lets errors that are not transient propagate', async () => {
		const { api, deps, create } = setup();
		const tracked = create([{ durationMs: MINUTE }, { durationMs: MINUTE }]);
		api.failNext('list', Object.assign(new Error('The API key was rejected'), { httpCode: '401' }));

		await expect(waitForTasks(tracked, deps(), OPTIONS)).rejects.toThrow(
			'The API key was rejected',
		);
	});

	it('treats a read that failed after the transport retries as a lost round, not a lost batch', async () => {
		const { api, deps, create } = setup();
		const tracked = create([{ durationMs: MINUTE }, { durationMs: MINUTE }]);
		api.failNext(
			'list',
			Object.assign(new Error('TwelveLabs had a server error (500)'), { httpCode: '500' }),
		);
		api.failNext(
			'list',
			Object.assign(new Error('Could not reach TwelveLabs'), { httpCode: 'ECONNRESET' }),
		);

		const result = await waitForTasks(tracked, deps(), OPTIONS);
		expect(result.outcomes.map((outcome) => outcome.state)).toEqual(['final', 'final']);
	});

	it('gives up after five failed rounds in a row', async () => {
		const { api, deps, create } = setup();
		const tracked = create([{ durationMs: 10 * MINUTE }, { durationMs: 10 * MINUTE }]);
		for (let i = 0; i < 5; i++) {
			api.failNext(
				'list',
				Object.assign(new Error('TwelveLabs had a server error (503)'), { httpCode: '503' }),
			);
		}
		await expect(waitForTasks(tracked, deps(), OPTIONS)).rejects.toThrow('server error (503)');
	});
});

describe('waitForTasks cancellation', () => {
	it('returns within one sleep slice when cancelled mid-sleep, even with a sleep that ignores the signal', async () => {
		const { clock, api, deps, create } = setup();
		const tracked = create([
			{ durationMs: 10 * MINUTE },
			{ durationMs: 10 * MINUTE },
			{ durationMs: 10 * MINUTE },
		]);
		const controller = new AbortController();
		const abortAt = T0 + 40_500; // during the 35.8 s → 43.0 s sleep
		clock.at(abortAt, () => controller.abort());

		const result = await waitForTasks(tracked, deps({ signal: controller.signal }), OPTIONS);

		expect(result.cancelled).toBe(true);
		expect(clock.now() - abortAt).toBeLessThanOrEqual(1000);
		expect(api.calls.every((call) => call.atMs < abortAt)).toBe(true);
		expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(1000);
		expect(states(result.outcomes)).toEqual(['unfinished', 'unfinished', 'unfinished']);
		expect(result.outcomes[0]).toMatchObject({ lastStatus: 'processing' });
	});

	it('returns at once with a sleep that wakes on abort', async () => {
		const { clock, deps, create } = setup();
		const tracked = create([{ durationMs: 10 * MINUTE }]);
		const controller = new AbortController();
		const abortAt = T0 + 40_500;
		clock.at(abortAt, () => controller.abort());

		const result = await waitForTasks(
			tracked,
			deps({ signal: controller.signal, sleep: clock.cancellableSleep(controller.signal) }),
			OPTIONS,
		);

		expect(result.cancelled).toBe(true);
		expect(clock.now()).toBe(abortAt);
	});

	it('treats a request failing because of the abort as a cancellation, keeping what was learnt', async () => {
		const { api, deps, create } = setup();
		const tracked = create([
			{ durationMs: 3 * SECOND },
			{ durationMs: MINUTE },
			{ durationMs: MINUTE },
		]);
		const controller = new AbortController();
		let lists = 0;
		const reader = {
			listTasks: async (query: Parameters<FakeTaskApi['listTasks']>[0]) => {
				if (++lists === 4) {
					controller.abort();
					throw Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
				}
				return await api.listTasks(query);
			},
			getTask: async (taskId: string) => await api.getTask(taskId),
		};

		const result = await waitForTasks(
			tracked,
			deps({ reader, signal: controller.signal }),
			OPTIONS,
		);

		expect(result.cancelled).toBe(true);
		expect(result.outcomes[0]).toMatchObject({ state: 'final' }); // seen ready and fetched at 4 s, before the abort at 6 s
		expect(states(result.outcomes.slice(1))).toEqual(['unfinished', 'unfinished']);
	});

	it('sends nothing when already cancelled', async () => {
		const { api, deps, create } = setup();
		const tracked = create([{ durationMs: MINUTE }]);
		const controller = new AbortController();
		controller.abort();

		const result = await waitForTasks(tracked, deps({ signal: controller.signal }), OPTIONS);

		expect(result).toMatchObject({ cancelled: true, requests: 0 });
		expect(api.calls).toHaveLength(0);
	});
});

describe('waitForTasks edge cases', () => {
	it('returns at once for no tasks', async () => {
		const { api, deps } = setup();
		expect(await waitForTasks([], deps(), OPTIONS)).toEqual({
			outcomes: [],
			cancelled: false,
			requests: 0,
		});
		expect(api.calls).toHaveLength(0);
	});

	it('waits once for a task listed twice and reports it twice', async () => {
		const { api, deps, create } = setup();
		const [task] = create([{ durationMs: 3 * SECOND }]);

		const result = await waitForTasks([task, task], deps(), OPTIONS);

		expect(states(result.outcomes)).toEqual(['final', 'final']);
		expect(api.finalGets(task.taskId)).toBe(1);
	});

	it('counts request time in the schedule (requests that take time still end at the deadline)', async () => {
		const { clock, deps, create } = setup(300);
		const tracked = create([{ durationMs: 10 * MINUTE }, { durationMs: 10 * MINUTE }]);

		await waitForTasks(tracked, deps(), { ...OPTIONS, timeoutMs: 30 * SECOND });

		expect(clock.now()).toBe(T0 + 30 * SECOND + 300);
	});
});

describe('decision helpers', () => {

	it('retryAfterMsOf reads the delay of a RateLimitedError, and of nothing else', () => {
		expect(retryAfterMsOf(rateLimitedError(1500))).toBe(1500);
		expect(retryAfterMsOf({ retryAfterMs: 1500 })).toBeUndefined();
		expect(retryAfterMsOf(notFoundError())).toBeUndefined();
		expect(retryAfterMsOf(null)).toBeUndefined();
	});

	it('estimatePagesToCover uses the deepest known position, or assumes unseen tasks are the newest', () => {
		expect(estimatePagesToCover([undefined, undefined], 50)).toBe(1);
		expect(estimatePagesToCover(Array(51).fill(undefined), 50)).toBe(2);
		expect(estimatePagesToCover([3, 149, undefined], 50)).toBe(3);
		expect(estimatePagesToCover([150], 50)).toBe(4);
	});

	it('chooseObservation lists only when it takes fewer pages than pending tasks', () => {
		expect(chooseObservation(1, 1, 1)).toBe('get');
		expect(chooseObservation(2, 1, 1)).toBe('list');
		expect(chooseObservation(2, 1, 2)).toBe('get');
		expect(chooseObservation(10, 3, 1)).toBe('list');
		expect(chooseObservation(4, 4, 1)).toBe('get');
	});

	it('shouldReadNextPage reads on for tasks still ahead, and for unknown ones only while it pays', () => {
		const oldest = 1_000_000;
		expect(shouldReadNextPage([oldest - 1], oldest, 0)).toEqual({
			readNext: true,
			forUnknownOnly: false,
		});
		expect(shouldReadNextPage([oldest], oldest, 0)).toEqual({
			readNext: true,
			forUnknownOnly: false,
		});
		expect(shouldReadNextPage([oldest + 1], oldest, 0)).toEqual({
			readNext: false,
			forUnknownOnly: true,
		});
		expect(shouldReadNextPage([undefined, undefined], oldest, 1)).toEqual({
			readNext: true,
			forUnknownOnly: true,
		});
		expect(shouldReadNextPage([undefined, undefined], oldest, 2)).toEqual({
			readNext: false,
			forUnknownOnly: true,
		});
		expect(shouldReadNextPage([5], undefined, 9)).toEqual({
			readNext: true,
			forUnknownOnly: false,
		});
	});
});
