/** What one poll saw of each task (trigger/sightings.ts). */
import type { Task } from '../../../nodes/TwelveLabs/api/types';
import { SightingLog } from '../../../nodes/TwelveLabs/trigger/sightings';

const ID_A = '6650000000000000000000aa';
const ID_B = '6650000000000000000000bb';
const CREATED = '2026-01-01T00:00:00Z';
const CREATED_MS = Date.UTC(2026, 0, 1);

function task(taskId: string, status: string, extra: Partial<Task> = {}): Task {
	return { task_id: taskId, status, created_at: CREATED, ...extra } as Task;
}

describe('SightingLog', () => {
	it('keeps the latest phase of each task, a final status never going back', () => {
		const log = new SightingLog(undefined);
		log.record([task(ID_A, 'processing'), task(ID_B, 'ready')], false);
		log.record([task(ID_A, 'ready'), task(ID_B, 'processing')], false);
		expect(log.list().map((s) => [s.taskId, s.phase, s.createdMs, s.full])).toEqual([
			[ID_A, 'final', CREATED_MS, false],
			[ID_B, 'final', CREATED_MS, false],
		]);
	});

	it('prefers a full read (GET) to a list item of the same final status, not the reverse', () => {
		const log = new SightingLog(undefined);
		log.record([task(ID_A, 'ready', { custom_id: 'list' })], false);
		log.record([task(ID_A, 'ready', { custom_id: 'get' })], true);
		log.record([task(ID_A, 'ready', { custom_id: 'list again' })], false);
		const [sighting] = log.list();
		expect([sighting.full, sighting.task?.custom_id]).toEqual([true, 'get']);
	});

	it('skips tasks it cannot key or order, and those outside the custom ID prefix', () => {
		const log = new SightingLog('batch-');
		log.record(
			[
				task('../etc', 'ready', { custom_id: 'batch-1' }),
				task(ID_A, 'ready', { custom_id: 'batch-1', created_at: 'yesterday' }),
				task(ID_B, 'ready', { custom_id: 'other' }),
				task(ID_B, 'failed', { custom_id: null as unknown as string }),
			],
			false,
		);
		expect(log.list()).toEqual([]);
		log.record([task(ID_B, 'failed', { custom_id: 'batch-9' })], false);
		expect(log.list().map((s) => s.taskId)).toEqual([ID_B]);
	});

	it('records a deletion with the creation time it was tracked with', () => {
		const log = new SightingLog(undefined);
		expect(log.has(ID_A)).toBe(false);
		log.recordDeleted(ID_A, 42);
		expect(log.has(ID_A)).toBe(true);
		expect(log.list()).toEqual([{ taskId: ID_A, createdMs: 42, phase: 'deleted', full: false }]);
	});
});
