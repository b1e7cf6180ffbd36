/** Step 2 of a poll (trigger/commit.ts): what to emit, judged against the state as it is now. */
import type { Task } from '../../../nodes/TwelveLabs/api/types';
import { asInFlight, commit, fetchedInFull } from '../../../nodes/TwelveLabs/trigger/commit';
import type { Observation } from '../../../nodes/TwelveLabs/trigger/observe';
import type { Sighting } from '../../../nodes/TwelveLabs/trigger/sightings';
import type { CompletionState } from '../../../nodes/TwelveLabs/trigger/state';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const id = (n: number) => `66500000000000000000000${n}`;

function final(n: number, createdMs: number, status = 'ready', full = false): Sighting {
	const task = { task_id: id(n), status, created_at: new Date(createdMs).toISOString() } as Task;
	return { taskId: id(n), createdMs, phase: 'final', task, full };
}

function inFlight(n: number, createdMs: number): Sighting {
	return { taskId: id(n), createdMs, phase: 'in-flight', full: false };
}

function tracking(): CompletionState {
	return {
		v: 2,
		filterKey: 'k',
		baselineAt: T0,
		watermark: T0,
		inFlight: { [id(1)]: T0 - 10 * MINUTE },
		retired: { [id(2)]: T0 - 30_000 },
	};
}

function changes(sightings: Sighting[], extra: Partial<Observation> = {}): Observation {
	return {
		kind: 'changes',
		filterKey: 'k',
		baselineAt: T0,
		watermark: T0 + 2 * MINUTE,
		complete: true,
		sightings,
		events: ['ready', 'failed', 'canceled'],
		overlapMs: MINUTE,
		requests: 1,
		latestWatermark: T0 + 10 * MINUTE,
		readFailures: [],
		...extra,
	};
}

describe('commit of a changes poll', () => {
	it('emits tracked and new final tasks oldest first, tracks new in-flight ones, skips history', () => {
		const state = tracking();
		const emitted = commit(
			state,
			changes([
				final(3, T0 + MINUTE), // new
				final(1, T0 - 10 * MINUTE), // tracked
				final(2, T0 - 30_000), // retired already
				final(4, T0 - 5 * MINUTE), // older than the window and untracked: history
				inFlight(5, T0 + 30_000),
			]),
		);
		expect(emitted.map((task) => task.task_id)).toEqual([id(1), id(3)]);
		expect(state).toEqual({
			v: 2,
			filterKey: 'k',
			baselineAt: T0,
			watermark: T0 + 2 * MINUTE,
			inFlight: { [id(5)]: T0 + 30_000 },
			// the window now starts at T0 + 1 min: id(1) and id(2) are forgotten
			retired: { [id(3)]: T0 + MINUTE },
		});
	});

	it('settles a final task of an unwanted status silently, and a deleted one too', () => {
		const state = tracking();
		const deleted: Sighting = {
			taskId: id(1),
			createdMs: T0 - 10 * MINUTE,
			phase: 'deleted',
			full: false,
		};
		const emitted = commit(
			state,
			changes([final(3, T0 + MINUTE, 'failed'), deleted], { events: ['ready'], watermark: T0 }),
		);
		expect(emitted).toEqual([]);
		expect(state.inFlight).toEqual({});
		// retired while the window (from T0 - 1 min) can meet them again: not id(1)
		expect(state.retired).toEqual({
			[id(2)]: T0 - 30_000,
			[id(3)]: T0 + MINUTE,
		});
	});

	it('keeps a later watermark an overlapping poll committed, and the stored sweep when it did not sweep', () => {
		const state = {
			...tracking(),
			watermark: T0 + 5 * MINUTE,
			sweep: { below: 1, position: 2, total: 3 },
		};
		commit(state, changes([], { watermark: T0 + MINUTE }));
		expect(state.watermark).toBe(T0 + 5 * MINUTE);
		expect(state.sweep).toEqual({ below: 1, position: 2, total: 3 });
		commit(state, changes([], { sweep: { cursor: undefined }, rotation: { checkedUpTo: 'r' } }));
		expect(state.sweep).toBeUndefined();
		expect(state.checkedUpTo).toBe('r');
	});

	it('judges nothing against another baseline or filters', () => {
		for (const observation of [
			changes([final(3, T0 + MINUTE)], { filterKey: 'other' }),
			changes([final(3, T0 + MINUTE)], { baselineAt: T0 - 1 }),
		]) {
			const state = tracking();
			expect(commit(state, observation)).toEqual([]);
			expect(state).toEqual(tracking());
		}
		const empty: CompletionState = {};
		expect(commit(empty, changes([final(3, T0 + MINUTE)]))).toEqual([]);
		expect(empty).toEqual({});
	});
});

describe('commit of a baseline poll', () => {
	const next = {
		filterKey: 'k',
		startedAt: T0,
		since: T0 - MINUTE,
		step: 1,
		list: 1,
		inFlight: { [id(1)]: T0 - 10 * MINUTE },
		retired: {},
	};
	const baseline = (complete: boolean, from: number | undefined): Observation => ({
		...changes([]),
		kind: 'baseline',
		complete,
		watermark: complete ? T0 - MINUTE : undefined,
		progress: { from, next },
	});

	it('a complete baseline becomes the state; it emits nothing', () => {
		const state: CompletionState = {};
		expect(commit(state, baseline(true, undefined))).toEqual([]);
		expect(state).toEqual({
			v: 2,
			filterKey: 'k',
			baselineAt: T0,
			watermark: T0 - MINUTE,
			inFlight: next.inFlight,
			retired: {},
		});
		// Another poll's baseline for the same filters is kept.
		commit(state, { ...baseline(true, undefined), watermark: T0 + MINUTE });
		expect(state.watermark).toBe(T0 - MINUTE);
	});

	it('stores progress only on top of the step it continued', () => {
		const state: CompletionState = {};
		commit(state, baseline(false, undefined));
		expect(state).toEqual({ baselining: next });
		commit(state, baseline(false, 5)); // stale: step 5 is not what is stored
		expect(state).toEqual({ baselining: next });
		commit(state, { ...baseline(false, 1), progress: { from: 1, next: { ...next, step: 2 } } });
		expect(state.baselining?.step).toBe(2);
	});
});

describe('fetchedInFull and asInFlight', () => {
	it('name the tasks read by GET, and turn final ones back to in flight', () => {
		const observation = changes([final(1, T0, 'ready', true), final(3, T0), inFlight(5, T0)]);
		expect([...fetchedInFull(observation)]).toEqual([id(1)]);
		const held = asInFlight(observation, new Set([id(1), id(5)]));
		expect(held.sightings.map((s) => s.phase)).toEqual(['in-flight', 'final', 'in-flight']);
		const state = tracking();
		expect(commit(state, held).map((task) => task.task_id)).toEqual([id(3)]);
		expect(state.inFlight).toEqual({ [id(1)]: T0, [id(5)]: T0 });
	});
});
