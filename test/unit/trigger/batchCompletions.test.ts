/** The trigger's batch events (nodes/TwelveLabs/trigger/batchCompletions.ts) over a fake batch list. */
import type { Batch, ListBatchesQuery } from '../../../nodes/TwelveLabs/api/batchTypes';
import {
	MAX_TRACKED_READS,
	batchEventItem,
	commitBatches,
	pollBatches,
	readBatchState,
	type BatchReader,
} from '../../../nodes/TwelveLabs/trigger/batchCompletions';

const batch = (id: string, status: string): Batch =>
	({ batch_id: id, status, analysis_mode: 'general', model_name: 'pegasus1.5', total_items: 1 }) as Batch;

/** A list newest first (index 0), pages of `page_limit`; records the requests. */
function reader(list: Batch[]): BatchReader & { requests: string[] } {
	const requests: string[] = [];
	return {
		requests,
		list: async (query: ListBatchesQuery) => {
			requests.push(`list ${query.page}${query.status ? ' active' : ''}`);
			const rows = query.status ? list.filter((b) => ['pending', 'processing', 'canceling'].includes(b.status)) : list;
			const limit = query.page_limit ?? 10;
			const start = ((query.page ?? 1) - 1) * limit;
			return { data: rows.slice(start, start + limit) };
		},
		get: async (id: string) => {
			requests.push(`get ${id}`);
			return list.find((b) => b.batch_id === id);
		},
	};
}

describe('pollBatches', () => {
	it('takes a baseline of the newest page and the running batches, emitting nothing', async () => {
		const list = [batch('b3', 'processing'), batch('b2', 'completed'), batch('b1', 'pending')];
		const api = reader(list);
		const { next, emit } = await pollBatches(undefined, api, ['batchCompleted']);
		expect(emit).toEqual([]);
		expect(next).toEqual({ v: 1, tracked: ['b3', 'b1'], known: ['b3', 'b2', 'b1'], emitted: [] });
		expect(api.requests).toEqual(['list 1', 'list 1 active']);
	});

	it('reads the list only down to a known ID, then each tracked batch once', async () => {
		const saved = { v: 1 as const, tracked: ['b2'], known: ['b2', 'b1'], emitted: [] };
		const list = [batch('b4', 'completed'), batch('b3', 'processing'), batch('b2', 'completed'), batch('b1', 'completed')];
		const api = reader(list);
		const { next, emit } = await pollBatches(saved, api, ['batchCompleted']);
		expect(emit.map((b) => b.batch_id)).toEqual(['b4', 'b2']);
		expect(next).toEqual({ v: 1, tracked: ['b3'], known: ['b4', 'b3', 'b2', 'b1'], emitted: ['b4', 'b2'] });
		expect(api.requests).toEqual(['list 1', 'get b2']);
	});

	it('does not emit a tracked batch twice when the scan finds it among the new ones', async () => {
		// Tracked from the baseline's running list, but older than the newest page it remembered.
		const saved = { v: 1 as const, tracked: ['old'], known: ['k'], emitted: [] };
		const api = reader([batch('old', 'completed')]);
		const { emit } = await pollBatches(saved, api, ['batchCompleted']);
		expect(emit.map((b) => b.batch_id)).toEqual(['old']);
		expect(api.requests).toEqual(['list 1']);
	});

	it('reads at most MAX_TRACKED_READS tracked batches a poll; the rest stay tracked', async () => {
		const ids = Array.from({ length: MAX_TRACKED_READS + 5 }, (_, i) => `t${i}`);
		const saved = { v: 1 as const, tracked: ids, known: ids, emitted: [] };
		const api = reader(ids.map((id) => batch(id, 'completed')));
		const { next, emit } = await pollBatches(saved, api, ['batchCompleted']);
		expect(emit).toHaveLength(MAX_TRACKED_READS);
		expect(next.tracked).toEqual(ids.slice(MAX_TRACKED_READS));
	});

	it('forgets a tracked batch that no longer exists, and retires final batches of other events silently', async () => {
		const saved = { v: 1 as const, tracked: ['gone', 'x'], known: ['x', 'gone'], emitted: [] };
		const { next, emit } = await pollBatches(saved, reader([batch('x', 'canceled')]), ['batchCompleted']);
		expect(emit).toEqual([]);
		expect(next.tracked).toEqual([]);
	});
});

describe('commitBatches', () => {
	it('drops what a poll that committed meanwhile emitted, and keeps what both learned', () => {
		const polled = {
			next: { v: 1 as const, tracked: ['r'], known: ['a', 'r'], emitted: ['a'] },
			emit: [batch('a', 'completed')],
		};
		const current = { v: 1 as const, tracked: [], known: ['a', 'z'], emitted: ['a'] };
		expect(commitBatches(current, polled)).toEqual({
			state: { v: 1, tracked: ['r'], known: ['a', 'r', 'z'], emitted: ['a'] },
			emit: [],
		});
		expect(commitBatches(undefined, polled).emit.map((b) => b.batch_id)).toEqual(['a']);
	});
});

describe('readBatchState and batchEventItem', () => {
	it.each([null, 'x', [], { v: 2, tracked: [], known: [], emitted: [] }, { v: 1, tracked: [1], known: [], emitted: [] }, { v: 1, tracked: [], known: [] }])(
		'reads %j as no state',
		(raw) => expect(readBatchState(raw)).toBeUndefined(),
	);

	it('names the event first', () => {
		expect(Object.keys(batchEventItem(batch('e', 'expired')))[0]).toBe('event');
		expect(batchEventItem(batch('e', 'expired')).event).toBe('batchExpired');
	});
});
