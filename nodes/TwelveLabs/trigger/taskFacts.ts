/** Small readings of task objects and reader errors that the trigger's bookkeeping relies on. */
import { instantMs, type Task } from '../api/types';

/** The statuses a task passes through before it is final, in lifecycle order. */
export const IN_FLIGHT_STATUSES = ['queued', 'pending', 'processing'] as const;

/** created_at as epoch ms; undefined when it does not parse (such a task cannot be ordered). */
export function createdMs(task: Task): number | undefined {
	return instantMs(task.created_at);
}

/**
 * A lower bound of the server's clock when a page was served: nothing on the page can carry a
 * timestamp (creation or completion) later than the moment the page was produced. Completions
 * keep this moving while no task is created, which lets the trigger forget settled ids.
 */
export function serverClockLowerBound(tasks: readonly Task[]): number | undefined {
	let bound: number | undefined;
	for (const task of tasks) {
		for (const instant of [instantMs(task.created_at), instantMs(task.completed_at)]) {
			if (instant !== undefined && (bound === undefined || instant > bound)) bound = instant;
		}
	}
	return bound;
}
