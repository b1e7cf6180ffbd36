/** A task reader that counts a poll's requests and refuses new ones past its deadline or request cap. */
import type { ListTasksQuery, TaskReader } from '../api/types';

export class BudgetedReader implements TaskReader {
	requests = 0;

	/** Set once a wanted request was refused: the poll is incomplete. */
	stopped = false;

	constructor(
		private readonly inner: TaskReader,
		private readonly deadline: number | undefined,
		private readonly clock: () => number,
		private readonly maxRequests: number,
	) {}

	/** Whether one more request may start. Ask only when about to send one. */
	canSend(): boolean {
		if (!this.stopped) {
			const timeUp = this.deadline !== undefined && this.clock() >= this.deadline;
			this.stopped = timeUp || this.requests >= this.maxRequests;
		}
		return !this.stopped;
	}

	/** Requests still allowed by the cap (the deadline may end the poll sooner). */
	remaining(): number {
		return this.stopped ? 0 : Math.max(0, this.maxRequests - this.requests);
	}

	async listTasks(query: ListTasksQuery) {
		this.requests++;
		return await this.inner.listTasks(query);
	}

	async getTask(taskId: string) {
		this.requests++;
		return await this.inner.getTask(taskId);
	}
}

export function budgetedReader(
	reader: TaskReader,
	options: { deadline?: number; clock?: () => number; maxRequests?: number },
	defaultMaxRequests: number,
): BudgetedReader {
	const clock = options.clock ?? (() => Date.now());
	return new BudgetedReader(
		reader,
		options.deadline,
		clock,
		options.maxRequests ?? defaultMaxRequests,
	);
}
