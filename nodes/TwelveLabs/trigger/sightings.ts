/** What one poll learned about each task: the latest status it saw. */
import type { Task } from '../api/types';
import { isFinalStatus } from '../api/types';
import { isValidTaskId } from '../api/taskIds';
import { createdMs } from './taskFacts';

export interface Sighting {
	taskId: string;
	createdMs: number;
	phase: 'in-flight' | 'final' | 'deleted';
	/** The task as read (a list item, or the full task from GET); absent for deleted tasks. */
	task?: Task;
	/** Whether `task` came from GET (complete) rather than a list page (abbreviated). */
	full: boolean;
}

/** A tracked task whose GET failed (not with a 404): it stays tracked and is read again later. */
export interface ReadFailure {
	taskId: string;
	error: unknown;
}

export class SightingLog {
	private readonly byId = new Map<string, Sighting>();

	constructor(private readonly customIdPrefix: string | undefined) {}

	record(tasks: readonly Task[], full: boolean): void {
		for (const task of tasks) this.recordTask(task, full);
	}

	recordDeleted(taskId: string, created: number): void {
		this.byId.set(taskId, { taskId, createdMs: created, phase: 'deleted', full: false });
	}

	has(taskId: string): boolean {
		return this.byId.has(taskId);
	}

	list(): Sighting[] {
		return [...this.byId.values()];
	}

	private recordTask(task: Task, full: boolean): void {
		if (!isValidTaskId(task?.task_id)) return; // could not be read by id, nor safely kept as a key
		const customId = typeof task.custom_id === 'string' ? task.custom_id : '';
		if (this.customIdPrefix !== undefined && !customId.startsWith(this.customIdPrefix)) return;
		const created = createdMs(task);
		if (created === undefined) return; // cannot be ordered against the watermark: the API promises it parses
		const phase = isFinalStatus(task.status) ? 'final' : 'in-flight';
		const previous = this.byId.get(task.task_id);
		// Statuses only move forward; a full copy beats an abbreviated one of the same status.
		if (previous?.phase === 'final' && (phase !== 'final' || (previous.full && !full))) return;
		this.byId.set(task.task_id, { taskId: task.task_id, createdMs: created, phase, task, full });
	}
}
