/** A baseline poll (trigger/baseline.ts), straight against a fake task store with a request budget. */
import { observeBaseline } from '../../../nodes/TwelveLabs/trigger/baseline';
import { BudgetedReader } from '../../../nodes/TwelveLabs/trigger/budget';
import { resolveSettings } from '../../../nodes/TwelveLabs/trigger/settings';
import { FakeTaskStore } from '../fakeTaskStore';

const MINUTE = 60_000;

function reader(store: FakeTaskStore, maxRequests = 100): BudgetedReader {
	return new BudgetedReader(store, undefined, () => store.now, maxRequests);
}

describe('observeBaseline', () => {
	it('one request when the whole list fits: the watermark, the in-flight tasks, the final ones of the window', async () => {
		const store = new FakeTaskStore();
		const old = store.create({ createdAt: store.now - 10 * MINUTE, status: 'ready' });
		const running = store.create({ createdAt: store.now - 5 * MINUTE, status: 'processing' });
		const recent = store.create({ createdAt: store.now - 30_000, status: 'failed' });
		const settings = resolveSettings({ now: store.now });
		const observation = await observeBaseline(undefined, reader(store), settings, store.now);
		expect(store.requests).toHaveLength(1);
		expect(observation).toMatchObject({
			kind: 'baseline',
			complete: true,
			baselineAt: store.now,
			watermark: store.now - 30_000,
			requests: 1,
		});
		expect(observation.progress).toEqual({
			from: undefined,
			next: {
				filterKey: settings.filterKey,
				startedAt: store.now,
				since: store.now - 30_000,
				step: 1,
				list: 0,
				cursor: undefined,
				inFlight: { [running]: store.now - 5 * MINUTE },
				retired: { [recent]: store.now - 30_000 },
			},
		});
		expect(observation.sightings.map((s) => s.taskId).sort()).toEqual(
			[old, running, recent].sort(),
		);
	});

	it('reads the in-flight lists when the list is long, resuming them poll after poll', async () => {
		const store = new FakeTaskStore();
		const running: string[] = [];
		for (let i = 200; i >= 1; i--) {
			const status = i % 4 === 0 ? 'queued' : 'ready';
			const id = store.create({ createdAt: store.now - i * MINUTE, status });
			if (status === 'queued') running.push(id);
		}
		const settings = resolveSettings({ now: store.now, pageLimit: 10 });
		const first = await observeBaseline(undefined, reader(store, 3), settings, store.now);
		expect(first.complete).toBe(false);
		expect(first.watermark).toBeUndefined();
		const progress = first.progress?.next;
		expect(progress).toMatchObject({ step: 1, list: 0, since: store.now - MINUTE });
		expect(progress?.cursor).toBeDefined();
		let next = progress;
		let polls = 1;
		let last = first;
		while (!last.complete && polls < 20) {
			last = await observeBaseline(next, reader(store, 3), settings, store.now + polls);
			next = last.progress?.next;
			polls++;
		}
		expect(last.complete).toBe(true);
		expect(last.watermark).toBe(store.now - MINUTE);
		expect(last.baselineAt).toBe(store.now); // the first poll's
		expect(Object.keys(last.progress?.next.inFlight ?? {}).sort()).toEqual(running.sort());
		// Every queued task was met once its list was read: the polls resumed, not restarted.
		const queuedReads = store.requests.filter((r) => r.query?.status === 'queued').length;
		expect(queuedReads).toBeLessThan(12);
	});

	it('an empty budget reads nothing and keeps no progress', async () => {
		const store = new FakeTaskStore();
		const settings = resolveSettings({ now: store.now });
		const observation = await observeBaseline(undefined, reader(store, 0), settings, store.now);
		expect(observation).toMatchObject({ complete: false, requests: 0, progress: undefined });
	});
});
