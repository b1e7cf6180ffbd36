/**
 * Reading a newest-first list that changes while it is read.
 *
 * `GET /analyze/tasks` pages by offset (`page`, `page_limit`). Between two page reads tasks
 * are created (they enter at the top), deleted, or, in a status-filtered list, enter and leave
 * anywhere. A removal above the page boundary shifts every later task up by one, so plain
 * `page + 1` can silently skip a task. This scanner never trusts a page boundary: every read
 * after the first re-reads a few positions it has already seen, and a page only counts when it
 * contains a task seen by an earlier counted read (or is page 1). That makes the counted reads
 * a chain of overlapping contiguous slices of the list, hence:
 *
 *   every task that stayed listed during the scan and sorts at or above the oldest counted
 *   task has been returned by some read.
 *
 * Pages are aligned to their size, so the overlap comes from
 * varying the size: after positions 1..50, `page 2, limit 48` re-reads 49..50 and reaches 96.
 * With 50 per page every read re-reads 2 positions and moves 20 to 48 further (41 on average).
 *
 * A page that proves nothing (the overlap moved above it) is kept as plain data and the next
 * read steps further back, doubling the overlap until it finds known ground (page 1 at worst).
 * Limits under 20 can meet a boundary no page size straddles; the scan then reads on unverified
 * (plain paging) there. The trigger uses 50.
 *
 * A scan can also resume one that an earlier poll left at some position (`ResumePoint`): the
 * list has shifted since, so the position is only a guess, and a read counts only once it shows
 * a task created after the instant the earlier scan had reached — then every task at or below
 * that instant is at or below that read. Otherwise it steps back as above.
 */
import type { ListTasksQuery, Task, TaskListResponse, TaskReader } from '../api/types';
import type { ScanCursor } from './state';
import { createdMs } from './taskFacts';

/** Which page of which size to request. */
export interface PageRead {
	page: number;
	limit: number;
}

/**
 * The page, of any size up to `maxLimit`, that re-reads at least `overlap` positions ending at
 * `covered` (1-based) and reaches furthest; larger pages win ties. It may not reach past
 * `covered`: pages are aligned to their size, so some boundaries are only straddled by few
 * sizes. Page 1 when the overlap reaches the top.
 */
export function planOverlappingRead(covered: number, maxLimit: number, overlap: number): PageRead {
	let best: PageRead = { page: 1, limit: maxLimit };
	if (covered <= overlap) return best;
	let bestReach = maxLimit;
	for (let limit = maxLimit; limit >= 1; limit--) {
		const page = Math.floor((covered - overlap) / limit) + 1;
		const reach = page * limit;
		if (reach > bestReach) {
			best = { page, limit };
			bestReach = reach;
		}
	}
	return best;
}

/**
 * The read that continues a scan past `covered`: overlapping by `overlap` positions when some
 * page size allows it, else by fewer, else (only when every size up to `maxLimit` divides
 * `covered`, which needs a limit under 20) the page that starts right after, unverified.
 */
export function planNextRead(
	covered: number,
	maxLimit: number,
	overlap: number,
): PageRead & { overlapping: boolean } {
	for (let wanted = overlap; wanted >= 1; wanted--) {
		const read = planOverlappingRead(covered, maxLimit, wanted);
		if (read.page * read.limit > covered) return { ...read, overlapping: true };
	}
	return { page: Math.floor(covered / maxLimit) + 1, limit: maxLimit, overlapping: false };
}

/** Positions re-read by each read: two absorb one removal between reads, one for tiny pages. */
function minimumOverlap(pageLimit: number): number {
	return pageLimit >= 10 ? 2 : 1;
}

/** Average positions a read moves forward (measured: about 41 of 50 with an overlap of 2). */
function typicalStride(pageLimit: number): number {
	return Math.max(1, Math.floor(pageLimit * 0.8));
}

/** Where an earlier scan of the same list stopped. */
export interface ResumePoint {
	/** Every listed task created after this instant (epoch ms) was read by the earlier scan. */
	below: number;
	/** The estimated list position (1-based) of the last task it read, now. */
	position: number;
}

/** One scan of one list (one query), newest first, read page by page on demand. */
export class NewestFirstScan {
	/** Every task any read returned, counted or not, in read order. */
	readonly tasks: Task[] = [];

	/** The response to the first read (page 1). */
	firstPage: TaskListResponse | undefined;

	/** Whether a counted read reached the end of the list: every task that stayed listed was seen. */
	reachedEnd = false;

	/** created_at (epoch ms) of the oldest counted task: every task that stayed listed and is newer was seen. */
	oldestCounted = Number.POSITIVE_INFINITY;

	/** created_at (epoch ms) of the newest counted task. */
	newestCounted = Number.NEGATIVE_INFINITY;

	/** Positions 1..covered of the list were covered by the last counted read. */
	covered = 0;

	/** total_results of the last response. */
	total: number | undefined;

	reads = 0;

	private readonly counted = new Set<string>();

	private failedReads = 0;

	constructor(
		private readonly reader: TaskReader,
		private readonly query: ListTasksQuery,
		private readonly pageLimit: number,
		private readonly resume?: ResumePoint,
	) {
		if (resume) this.covered = Math.max(0, Math.floor(resume.position));
	}

	/** Reads the next page; returns what it returned. */
	async readNext(): Promise<Task[]> {
		const read = this.planRead();
		const response = await this.reader.listTasks({
			...this.query,
			page: read.page,
			page_limit: read.limit,
		});
		const data = Array.isArray(response.data) ? response.data : [];
		this.reads++;
		if (this.firstPage === undefined) this.firstPage = response;
		this.tasks.push(...data);
		this.total = response.page_info?.total_results ?? undefined;

		const resume = this.counted.size === 0 ? this.resume : undefined;
		const isCounted =
			read.page === 1 ||
			(resume !== undefined
				? data.some((task) => (createdMs(task) ?? Number.NEGATIVE_INFINITY) > resume.below)
				: !read.overlapping || data.some((task) => this.counted.has(task.task_id)));
		if (!isCounted) {
			this.failedReads++;
			return data;
		}
		this.failedReads = 0;
		for (const task of data) {
			this.counted.add(task.task_id);
			const created = createdMs(task);
			if (created === undefined) continue;
			this.oldestCounted = Math.min(this.oldestCounted, created);
			this.newestCounted = Math.max(this.newestCounted, created);
		}
		const start = (read.page - 1) * read.limit;
		this.covered = start + data.length;
		const total = this.total ?? Number.POSITIVE_INFINITY;
		this.reachedEnd = data.length < read.limit || this.covered >= total;
		return data;
	}

	private planRead(): PageRead & { overlapping: boolean } {
		const overlap = minimumOverlap(this.pageLimit);
		if (this.reads === 0 && this.resume !== undefined && this.covered > 0) {
			// A guess: a few positions more of overlap absorb a few deletions above it.
			return {
				...planOverlappingRead(this.covered, this.pageLimit, overlap * 2),
				overlapping: true,
			};
		}
		if (this.reads === 0) return { page: 1, limit: this.pageLimit, overlapping: true };
		// After a read that proved nothing, step back: overlap twice as much each time, down to page 1.
		if (this.failedReads > 0) {
			return {
				...planOverlappingRead(this.covered, this.pageLimit, overlap * 2 ** this.failedReads),
				overlapping: true,
			};
		}
		return planNextRead(this.covered, this.pageLimit, overlap);
	}

	/** Whether every task created at or after `instant` (epoch ms) that stayed listed was seen. */
	covers(instant: number): boolean {
		return this.reachedEnd || this.oldestCounted < instant;
	}

	/**
	 * Estimated further reads to reach tasks created at `instant`, extrapolating the density of
	 * tasks seen so far; Infinity when reading on cannot reach them (end of list, or the instant
	 * lies inside the covered range, where a missing task can only have been deleted).
	 */
	readsToReach(instant: number): number {
		if (this.reachedEnd || this.reads === 0 || instant > this.oldestCounted)
			return Number.POSITIVE_INFINITY;
		const span = Math.max(this.newestCounted - this.oldestCounted, 1);
		let positions = ((this.oldestCounted - instant) * this.covered) / span;
		if (this.total !== undefined)
			positions = Math.min(positions, Math.max(this.total - this.covered, 0));
		return Math.max(1, Math.ceil(positions / typicalStride(this.pageLimit)));
	}

	/** Estimated further reads to the end of the list (at least one until it is reached). */
	readsToEnd(): number {
		if (this.reachedEnd) return 0;
		if (this.reads === 0 || this.total === undefined) return 1;
		return Math.max(1, Math.ceil((this.total - this.covered) / typicalStride(this.pageLimit)));
	}
}

/** A ScanCursor for where `scan` got to, when it counted anything. */
export function cursorOf(scan: NewestFirstScan): ScanCursor | undefined {
	if (!Number.isFinite(scan.oldestCounted) || scan.covered <= 0) return undefined;
	const total = Number.isSafeInteger(scan.total) && (scan.total ?? 0) >= 0 ? scan.total : undefined;
	return { below: scan.oldestCounted, position: scan.covered, total: total ?? scan.covered };
}
