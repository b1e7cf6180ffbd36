import type { HostileRequest, HostileServer, ServerResponse } from './server';

export interface TaskServer extends HostileServer {
	/** Adds (or replaces) a task (its `task_id` a string); returns its id. */
	put(task: Record<string, unknown>): string;
	update(id: string, fields: Record<string, unknown>): void;
	remove(id: string): void;
	/** Takes over the GET of one task; without a handler, gives it back. */
	answerGet(
		id: string,
		handler?: (request: HostileRequest, response: ServerResponse) => void,
	): void;
	/** GETs of one task received so far. */
	getsOf(id: string): number;
}

export function startTaskServer(): Promise<TaskServer>;
