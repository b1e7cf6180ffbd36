/**
 * The cost model of a changes poll: which way of learning the status of tracked tasks the scan
 * from the top did not meet costs the fewest requests (observe.ts applies it).
 */
export type Resolution = 'none' | 'extend' | 'lists' | 'get';

export interface ResolutionCost {
	/** Tracked tasks whose status this poll has not seen yet. */
	unresolved: number;
	/** Estimated further reads of the full list to reach the oldest of them. */
	extendReads: number;
	/** Estimated reads of the queued, pending and processing lists still to make. */
	listReads: number;
	/** Estimated unresolved tasks that have finished (the lists cannot show those). */
	expectedFinished: number;
}

/**
 * How to learn the status of tracked tasks the scan from the top did not meet, by request count:
 * - get: one GET per task;
 * - lists: read the queued, pending and processing lists (at least one read each): a task found
 *   there is still in flight, and only the tasks found in none (final or deleted) need a GET;
 * - extend: read the full list further down to the oldest such task; each page settles every
 *   tracked task on it, finished or not, with no GET.
 * GET wins ties: it is exact and its 404 is the proof of a deletion.
 */
export function cheapestResolution(cost: ResolutionCost): Resolution {
	if (cost.unresolved === 0) return 'none';
	const listsTotal = cost.listReads + cost.expectedFinished;
	if (cost.extendReads < cost.unresolved && cost.extendReads <= listsTotal) return 'extend';
	if (listsTotal < cost.unresolved) return 'lists';
	return 'get';
}
