/** Small readings of task objects and reader errors that the trigger's bookkeeping relies on. */
import type { Task } from '../api/types';

/** The statuses a task passes through before it is final, in lifecycle order. */
export const IN_FLIGHT_STATUSES = ['queued', 'pending', 'processing'] as const;

function parseInstant(value: string | undefined | null): number | undefined {
	if (typeof value !== 'string') return undefined;
	const ms = Date.parse(value);
	return Number.isFinite(ms) ? ms : undefined;
}

/** created_at as epoch ms; undefined when it does not parse (such a task cannot be ordered). */
export function createdMs(task: Task): number | undefined {
	return parseInstant(task.created_at);
}

/**
 * A lower bound of the server's clock when a page was served: nothing on the page can carry a
 * timestamp (creation or completion) later than the moment the page was produced. Completions
 * keep this moving while no task is created, which lets the trigger forget settled ids.
 */
export function serverClockLowerBound(tasks: readonly Task[]): number | undefined {
	let bound: number | undefined;
	for (const task of tasks) {
		for (const instant of [parseInstant(task.created_at), parseInstant(task.completed_at)]) {
			if (instant !== undefined && (bound === undefined || instant > bound)) bound = instant;
		}
	}
	return bound;
}

/** Whether a reader error means "this task does not exist" (HTTP 404), in the shapes n8n and HTTP clients use. */
export function isNotFoundError(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false;
	const candidate = error as {
		httpCode?: unknown;
		statusCode?: unknown;
		status?: unknown;
		response?: { status?: unknown; statusCode?: unknown };
	};
	const codes = [
		candidate.httpCode,
		candidate.statusCode,
		candidate.status,
		candidate.response?.status,
		candidate.response?.statusCode,
	];
	return codes.some((code) => code === 404 || code === '404');
}
