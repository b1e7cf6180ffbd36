/**
 * A poll against a baseline (trigger/observe.ts: observeChanges), straight against a fake task
 * store with a request budget: which requests it makes, what it saw, and where it resumes.
 */
import { BudgetedReader } from '../../../nodes/TwelveLabs/trigger/budget';
import {
	inRotation,
	isAccountError,
	observeChanges,
	rotationKey,
} from '../../../nodes/TwelveLabs/trigger/observe';
import { resolveSettings } from '../../../nodes/TwelveLabs/trigger/settings';
import type { TrackedState } from '../../../nodes/TwelveLabs/trigger/state';
import { FakeApiError, FakeTaskStore } from '../fakeTaskStore';

const MINUTE = 60_000;

function reader(store: FakeTaskStore, maxRequests = 100): BudgetedReader {
	return new BudgetedReader(store, undefined, () => store.now, maxRequests);
}

function settings(store: FakeTaskStore) {
	return resolveSettings({ now: store.now });
}

/** A state whose watermark is `store.now`, tracking `inFlight`. */
function trackingFrom(store: FakeTaskStore, inFlight: string[] = []): TrackedState {
	return {
		filterKey: settings(store).filterKey,
		baselineAt: store.now - MINUTE,
		watermark: store.now,
		inFlight: new Map(inFlight.map((id, i) => [id, store.now - (1000 - i) * MINUTE])),
		retired: new Map(),
	};
}

/** `count` old tasks (tracked, created long ago) under 300 finished ones, so reads must GET them. */
function buried(store: FakeTaskStore, count: number, status = 'ready'): string[] {
	const ids: string[] = [];
	for (let i = 0; i < count; i++)
		ids.push(store.create({ createdAt: store.now - (1000 - i) * MINUTE, status }));
	for (let i = 300; i >= 1; i--)
		store.create({ createdAt: store.now - i * MINUTE, status: 'ready' });
	return ids;
}

describe('observeChanges', () => {
	it('an idle poll reads the first page once and moves the watermark to the server clock', async () => {
		const store = new FakeTaskStore();
		const newest = store.create({ createdAt: store.now - 30_000, status: 'ready' });
		const budget = reader(store);
		const observation = await observeChanges(trackingFrom(store), budget, settings(store));
		expect(store.requests.map((request) => request.kind)).toEqual(['list']);
		expect(observation).toMatchObject({
			kind: 'changes',
			complete: true,
			requests: 1,
			watermark: store.now - 30_000,
			readFailures: [],
		});
		expect(observation.sightings.map((s) => [s.taskId, s.phase])).toEqual([[newest, 'final']]);
		expect(observation.sweep).toBeUndefined();
		expect(observation.rotation).toBeUndefined();
	});

	it('GETs a few buried tracked tasks, and proves a deletion by its 404', async () => {
		const store = new FakeTaskStore();
		const [kept, gone] = buried(store, 2);
		store.delete(gone);
		const observation = await observeChanges(
			trackingFrom(store, [kept, gone]),
			reader(store),
			settings(store),
		);
		expect(store.requests.filter((r) => r.kind === 'get').map((r) => r.taskId)).toEqual([
			kept,
			gone,
		]);
		const byId = new Map(observation.sightings.map((s) => [s.taskId, s]));
		expect([byId.get(kept)?.phase, byId.get(kept)?.full]).toEqual(['final', true]);
		expect(byId.get(gone)?.phase).toBe('deleted');
		expect(observation.rotation).toEqual({ checkedUpTo: undefined });
	});

	it('rotates GETs past the cap: the next poll starts after the last task tried', async () => {
		const store = new FakeTaskStore();
		const ids = buried(store, 5, 'processing');
		const state = trackingFrom(store, ids);
		const first = await observeChanges(state, reader(store, 3), settings(store));
		expect(first.complete).toBe(false);
		const gets = () => store.requests.filter((r) => r.kind === 'get').map((r) => r.taskId);
		expect(gets()).toEqual(ids.slice(0, 2));
		expect(first.rotation).toEqual({
			checkedUpTo: rotationKey(ids[1], state.inFlight.get(ids[1]) ?? 0),
		});
		store.requests.length = 0;
		await observeChanges(
			{ ...state, checkedUpTo: first.rotation?.checkedUpTo },
			reader(store, 3),
			settings(store),
		);
		expect(gets()).toEqual(ids.slice(2, 4));
	});

	it('keeps a task whose GET failed tracked, and fails the poll on an account error', async () => {
		const store = new FakeTaskStore();
		const [flaky, fine] = buried(store, 2);
		let failure = new FakeApiError('500', 'boom');
		store.beforeRequest = (info) => {
			if (info.kind === 'get' && info.taskId === flaky) throw failure;
		};
		const state = trackingFrom(store, [flaky, fine]);
		const observation = await observeChanges(state, reader(store), settings(store));
		expect(observation.readFailures).toEqual([{ taskId: flaky, error: failure }]);
		expect(observation.sightings.map((s) => s.taskId)).toContain(fine);
		expect(observation.sightings.map((s) => s.taskId)).not.toContain(flaky);
		failure = new FakeApiError('429', 'slow down');
		await expect(observeChanges(state, reader(store), settings(store))).rejects.toBe(failure);
	});
});

describe('rotation and account errors', () => {
	it('orders by creation then id, starting after the last key tried', () => {
		const tasks = [
			['b', 20],
			['a', 20],
			['c', 10],
		] as const;
		expect(rotationKey('a', 20)).toBe('0000000000000020:a');
		expect(inRotation(tasks, undefined).map(([id]) => id)).toEqual(['c', 'a', 'b']);
		expect(inRotation(tasks, rotationKey('a', 20)).map(([id]) => id)).toEqual(['b', 'c', 'a']);
		expect(inRotation(tasks, rotationKey('z', 99)).map(([id]) => id)).toEqual(['c', 'a', 'b']);
	});

	it('takes 401, 403 and 429 in any of the usual shapes as the account, not the task', () => {
		expect(isAccountError({ httpCode: '401' })).toBe(true);
		expect(isAccountError({ statusCode: 403 })).toBe(true);
		expect(isAccountError({ status: 429 })).toBe(true);
		expect(isAccountError({ httpCode: '404' })).toBe(false);
		expect(isAccountError(new Error('429'))).toBe(false);
		expect(isAccountError(null)).toBe(false);
	});
});
