/**
 * The newest-first list scanner (trigger/listScan.ts): overlapping page plans, no task lost
 * when the list shifts between reads, resuming from a stale position, and its estimates.
 */
import type { Task } from '../../../nodes/TwelveLabs/api/types';
import {
	cursorOf,
	NewestFirstScan,
	planNextRead,
	planOverlappingRead,
} from '../../../nodes/TwelveLabs/trigger/listScan';
import { FakeTaskStore } from '../fakeTaskStore';

const MINUTE = 60_000;

function idsOf(tasks: readonly Task[]): string[] {
	return tasks.map((task) => task.task_id);
}

/** `count` ready tasks created `spacing` apart, the newest one `spacing` ago. */
function addHistory(store: FakeTaskStore, count: number, spacing = MINUTE): void {
	for (let i = count; i >= 1; i--)
		store.create({ createdAt: store.now - i * spacing, status: 'ready' });
}

describe('planNextRead', () => {
	it('continues a scan with an overlapping page that reaches as far as possible', () => {
		expect(planNextRead(0, 50, 2)).toEqual({ page: 1, limit: 50, overlapping: true });
		expect(planNextRead(50, 50, 2)).toEqual({ page: 2, limit: 48, overlapping: true }); // positions 49..96
		expect(planNextRead(96, 50, 2)).toEqual({ page: 3, limit: 47, overlapping: true }); // positions 95..141
	});

	it('with 50 per page always re-reads two positions and moves at least 20 further', () => {
		for (let covered = 2; covered <= 20_000; covered++) {
			const { page, limit, overlapping } = planNextRead(covered, 50, 2);
			expect(overlapping).toBe(true);
			expect((page - 1) * limit + 1).toBeLessThanOrEqual(covered - 1);
			expect(page * limit).toBeGreaterThanOrEqual(covered + 20);
		}
	});

	it('never exceeds the limit, always moves forward, and only small pages ever skip the overlap', () => {
		for (const maxLimit of [1, 3, 4, 7, 10, 20, 50]) {
			for (let covered = 1; covered <= 3000; covered++) {
				const { page, limit, overlapping } = planNextRead(covered, maxLimit, 2);
				const start = (page - 1) * limit + 1;
				expect(limit).toBeLessThanOrEqual(maxLimit);
				expect(page * limit).toBeGreaterThan(covered);
				if (overlapping) expect(start).toBeLessThanOrEqual(covered);
				else expect([maxLimit < 20, start]).toEqual([true, covered + 1]);
			}
		}
	});

	it('steps back with a larger overlap, reaching page 1 when the overlap covers everything read', () => {
		for (const overlap of [4, 8, 16, 32]) {
			const { page, limit } = planOverlappingRead(100, 50, overlap);
			expect((page - 1) * limit + 1).toBeLessThanOrEqual(100 - overlap + 1);
		}
		expect(planOverlappingRead(100, 50, 128)).toEqual({ page: 1, limit: 50 });
	});
});

describe('NewestFirstScan', () => {
	function fortyTasksLosingThreeAfterTheFirstRead() {
		const store = new FakeTaskStore();
		addHistory(store, 40);
		const everyId = store.ids();
		const deleted = everyId.slice(2, 5);
		store.beforeRequest = (info) => {
			if (info.n === 2) deleted.forEach((id) => store.delete(id));
		};
		return { store, everyId, deleted };
	}

	it('plain page + 1 paging skips tasks when tasks above the boundary are deleted (the problem)', async () => {
		const { store, everyId } = fortyTasksLosingThreeAfterTheFirstRead();
		const first = await store.listTasks({ page: 1, page_limit: 10 });
		const second = await store.listTasks({ page: 2, page_limit: 10 });
		const seen = new Set(idsOf([...first.data, ...second.data]));
		expect(everyId.slice(10, 13).filter((id) => seen.has(id))).toEqual([]);
	});

	it('loses no task when tasks above the page boundary are deleted between two reads', async () => {
		const { store, everyId, deleted } = fortyTasksLosingThreeAfterTheFirstRead();
		const scan = new NewestFirstScan(store, {}, 10);
		while (!scan.reachedEnd) await scan.readNext();
		const seen = new Set(idsOf(scan.tasks));
		expect(everyId.filter((id) => !deleted.includes(id) && !seen.has(id))).toEqual([]);
	});

	it('sees every task that stays in a status list while others leave and enter it mid-scan', async () => {
		const store = new FakeTaskStore();
		const processing: string[] = [];
		for (let i = 30; i >= 1; i--) {
			processing.push(store.create({ createdAt: store.now - i * MINUTE, status: 'processing' }));
		}
		const joiner = store.create({ createdAt: store.now - 15.5 * MINUTE, status: 'pending' });
		const leaving = new Set<string>();
		store.beforeRequest = (info) => {
			// Before reads 2 to 5: the newest task of the list finishes (everything below slides up)
			// and an older task joins it in the middle (everything below slides down).
			if (info.n < 2 || info.n > 5) return;
			const top = store.ids((status) => status === 'processing')[0];
			store.setStatus(top, 'ready');
			leaving.add(top);
			if (info.n === 3) store.setStatus(joiner, 'processing');
		};
		const scan = new NewestFirstScan(store, { status: 'processing' }, 5);
		while (!scan.reachedEnd) await scan.readNext();
		const seen = new Set(idsOf(scan.tasks));
		const stayed = processing.filter((id) => !leaving.has(id));
		expect(stayed.length).toBe(26);
		expect(stayed.filter((id) => !seen.has(id))).toEqual([]);
	});

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
});

describe('what a scan knows after its reads', () => {
	it('covers what it counted, estimates reads from the density seen, and gives a cursor', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 120); // one a minute, the newest a minute ago
		const scan = new NewestFirstScan(store, {}, 50);
		expect(scan.readsToEnd()).toBe(1);
		expect(cursorOf(scan)).toBeUndefined();
		await scan.readNext();
		expect([scan.covered, scan.total, scan.reachedEnd]).toEqual([50, 120, false]);
		expect(scan.oldestCounted).toBe(store.now - 50 * MINUTE);
		expect(scan.covers(store.now - 50 * MINUTE)).toBe(false);
		expect(scan.covers(store.now - 50 * MINUTE + 1)).toBe(true);
		// 70 positions left at 40 a read (80 % of 50)
		expect(scan.readsToEnd()).toBe(2);
		// 30 minutes below the oldest counted task: 30 positions at a task a minute, one read
		expect(scan.readsToReach(store.now - 80 * MINUTE)).toBe(1);
		expect(scan.readsToReach(store.now - 119 * MINUTE)).toBe(2);
		// inside what was covered, reading on cannot find it
		expect(scan.readsToReach(store.now - 10 * MINUTE)).toBe(Number.POSITIVE_INFINITY);
		expect(cursorOf(scan)).toEqual({ below: store.now - 50 * MINUTE, position: 50, total: 120 });
		while (!scan.reachedEnd) await scan.readNext();
		expect(scan.readsToEnd()).toBe(0);
		expect(scan.covers(Number.NEGATIVE_INFINITY)).toBe(true);
		expect(scan.readsToReach(0)).toBe(Number.POSITIVE_INFINITY);
		expect(scan.tasks.length).toBeGreaterThan(120); // overlapping reads re-read some
		expect(new Set(idsOf(scan.tasks)).size).toBe(120);
	});

	it('asks for the next overlapping page with the query it was given', async () => {
		const store = new FakeTaskStore();
		addHistory(store, 60);
		const scan = new NewestFirstScan(store, { analysis_mode: 'general' }, 50);
		await scan.readNext();
		await scan.readNext();
		expect(store.requests.map((request) => request.query)).toEqual([
			{ analysis_mode: 'general', page: 1, page_limit: 50 },
			{ analysis_mode: 'general', page: 2, page_limit: 48 },
		]);
	});
});
