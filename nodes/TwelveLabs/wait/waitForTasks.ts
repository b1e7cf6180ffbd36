/**
 * The engine behind "Create and Wait": waits for many analysis tasks together.
 *
 * Each round observes the pending tasks with as few requests as it can: one newest-first
 * list page shows the status of up to 50 tasks, while a GET shows one. Tasks seen final
 * on a list page are then fetched in full (list items are abbreviated), once each. When
 * GETting the pending tasks directly is no dearer than paging down to the oldest of them,
 * they are GET directly: a GET of a final task is already the full task.
 *
 * No n8n context here: the reader, the clock, the sleep and the cancel signal are injected,
 * so unit tests run it instantly on a fake clock.
 */
import { RateLimitedError } from '../api/rateLimitedError';
import { DEFAULT_RETRY_LIMITS } from '../api/retryPolicy';
import {
	instantMs,
	isFinalStatus,
	isLastListPage,
	MAX_PAGE_LIMIT,
	type Task,
	type TaskReader,
} from '../api/types';
import { isNotFound } from '../api/errors';
import { CancelledError, mapWithConcurrency } from './concurrency';
import { settled } from '../settled';
import { nextIntervalMs, sleepBeforeNextRoundMs } from './pollSchedule';

/** Single-task GETs in flight at once (the same bound as creates). */
const GET_CONCURRENCY = 4;

/** What one round did, for tests and benchmarks. */
export interface RoundInfo {
	/** 0 for the first round, which runs at once. */
	round: number;
	/** Tasks not settled (final or deleted) after this round. */
	pending: number;
	/** Requests made so far, all rounds included. */
	requests: number;
	/** List requests made in this round. */
	listPages: number;
	/** Single-task GETs made in this round. */
	taskGets: number;
	/** Set when a request of this round was refused with a Retry-After. */
	retryAfterMs?: number;
	/** Set when a read failed for good (5xx or network, after the transport's retries); the next round tries again. */
	failed?: boolean;
}

export interface WaitDeps {
	/** The node wires it to its retrying HTTP transport. */
	reader: TaskReader;
	/** Epoch milliseconds. */
	now(): number;
	/** The engine sleeps in slices of at most {@link SLEEP_SLICE_MS}, so a plain sleep is enough. */
	sleep(ms: number): Promise<void>;
	/** Execution cancelled: no further request, and the wait returns `cancelled: true` within one sleep slice. */
	signal?: AbortSignal;
	onRound?(info: RoundInfo): void;
}

export interface WaitOptions {
	/** Longest wait, from the call. */
	timeoutMs: number;
	initialIntervalMs: number;
	maxIntervalMs: number;
	/** Largest growth of the interval per round (default 1.5). */
	growthFactor?: number;
	/** Largest interval as a fraction of the time since `startedAtMs` (default 0.2). */
	maxLagRatio?: number;
	/** When the batch started (before its tasks were created); default: the call. */
	startedAtMs?: number;
	/** With this many pending tasks or fewer, always GET them directly (default 1). */
	directGetThreshold?: number;
	/** List page size, 1..50 (default 50). */
	pageLimit?: number;
	/** Rounds in a row that may fail with a transient error before the wait gives up (default 5). */
	maxFailedRoundsInARow?: number;
	/**
	 * A refusal asking to wait longer than this (a daily quota) ends the wait with its error
	 * instead of sitting out the timeout (default: the transport's own bound, 65 s).
	 */
	maxRetryAfterMs?: number;
}

export interface TrackedTask {
	taskId: string;
	/** RFC 3339, when the create response or an earlier read gave it; learnt from the list otherwise. */
	createdAt?: string;
	/** Status last known (the create response has one); reported if the task is never observed. */
	status?: string;
}

export type WaitOutcome =
	/** The full task, from a GET. */
	| { taskId: string; state: 'final'; task: Task }
	/** Deadline reached (or cancelled): the last status seen and the last task object read, possibly a list item. */
	| { taskId: string; state: 'unfinished'; lastStatus: string; task?: Task }
	/** 404 while waiting. */
	| { taskId: string; state: 'deleted' };

export interface WaitResult {
	/** One per input task, in input order. */
	outcomes: WaitOutcome[];
	cancelled: boolean;
	/** Requests made (list pages and GETs, refused ones included). */
	requests: number;
}

export const DEFAULT_DIRECT_GET_THRESHOLD = 1;
export const DEFAULT_MAX_FAILED_ROUNDS_IN_A_ROW = 5;
export const SLEEP_SLICE_MS = 1_000;
/** Reported as `lastStatus` for a task never observed and created without a status. */
export const UNKNOWN_STATUS = 'unknown';

function propertyOf(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)[key]
		: undefined;
}

/**
 * A 5xx answer, or no answer at all: network errors carry `httpCode: null` or, once n8n's
 * NodeApiError has picked up the socket error code, a code such as 'ECONNRESET'.
 */
export function isTransientReadError(error: unknown): boolean {
	const httpCode = propertyOf(error, 'httpCode') ?? propertyOf(error, 'statusCode');
	if (httpCode === null) return true;
	if (typeof httpCode === 'string' && /^E[A-Z_]+$/.test(httpCode)) return true;
	const status = Number(httpCode);
	return Number.isInteger(status) && status >= 500 && status <= 599;
}

/** The delay the API asked for when it refused a request with a 429. */
export function retryAfterMsOf(error: unknown): number | undefined {
	return error instanceof RateLimitedError ? error.retryAfterMs : undefined;
}

/**
 * Pages needed to reach the deepest pending task, from where each was last seen in the
 * newest-first list. Tasks never seen are assumed to be among the newest (they were just
 * created), so n of them need at least ceil(n / pageLimit) pages. An estimate: tasks
 * created or deleted meanwhile shift positions; a wrong guess costs requests, not results.
 */
export function estimatePagesToCover(
	listPositions: Array<number | undefined>,
	pageLimit: number,
): number {
	let deepest = listPositions.length - 1;
	for (const position of listPositions) {
		if (position !== undefined) deepest = Math.max(deepest, position);
	}
	return Math.floor(Math.max(0, deepest) / pageLimit) + 1;
}

/**
 * List or GET? Listing costs the pages down to the oldest pending task plus a GET per task
 * found final; GETting costs one request per pending task and needs no second GET. So list
 * only when it takes fewer pages than there are pending tasks.
 */
export function chooseObservation(
	pendingCount: number,
	estimatedPages: number,
	directGetThreshold: number,
): 'list' | 'get' {
	return pendingCount > directGetThreshold && estimatedPages < pendingCount ? 'list' : 'get';
}

/**
 * Whether reading the next list page can still show an unseen pending task.
 * - A task whose creation time is known and newer than the oldest item read should already
 *   have shown: it is missing (deleted, or shifted by a concurrent deletion) and gets a GET.
 *   One created at or before that item may be further down: read on.
 * - Tasks of unknown creation time may be anywhere: read on for them alone only while the
 *   pages spent on them stay fewer than the GETs they would cost (at worst twice the
 *   cheaper of the two choices).
 */
export function shouldReadNextPage(
	unseenCreatedAtMs: Array<number | undefined>,
	oldestReadMs: number | undefined,
	pagesReadForUnknownOnly: number,
): { readNext: boolean; forUnknownOnly: boolean } {
	const knownAhead = unseenCreatedAtMs.some(
		(createdAtMs) =>
			createdAtMs !== undefined && (oldestReadMs === undefined || createdAtMs <= oldestReadMs),
	);
	if (knownAhead) return { readNext: true, forUnknownOnly: false };
	const unknownCount = unseenCreatedAtMs.filter((createdAtMs) => createdAtMs === undefined).length;
	return { readNext: unknownCount > pagesReadForUnknownOnly, forUnknownOnly: true };
}

/** Oldest parseable `created_at` of a page (its last item, since the list is newest first). */
function oldestCreatedAtMs(items: Task[]): number | undefined {
	let oldest: number | undefined;
	for (const item of items) {
		const ms = instantMs(item.created_at);
		if (ms !== undefined && (oldest === undefined || ms < oldest)) oldest = ms;
	}
	return oldest;
}

/** What the engine knows about one task. */
interface Watch {
	taskId: string;
	createdAtMs?: number;
	lastStatus: string;
	lastSeen?: Task;
	/** 0-based index in the newest-first list when last seen there. */
	listPosition?: number;
	/** pending → (seen final on a list page: finalUnfetched →) settled. */
	phase: 'pending' | 'finalUnfetched' | 'settled';
	outcome?: WaitOutcome;
}

/** Thrown inside the engine to unwind a round when the signal aborted. */
const CANCELLED = Symbol('cancelled');

/** Thrown inside the engine to end a round when the API asked to slow down. */
class SlowDown {
	constructor(readonly retryAfterMs: number) {}
}

class WaitRun {
	private readonly watches = new Map<string, Watch>();
	private readonly pageLimit: number;
	private readonly directGetThreshold: number;
	private requests = 0;
	private failedRoundsInARow = 0;
	private round: RoundInfo = { round: 0, pending: 0, requests: 0, listPages: 0, taskGets: 0 };

	constructor(
		private readonly tasks: TrackedTask[],
		private readonly deps: WaitDeps,
		private readonly options: WaitOptions,
	) {
		for (const task of tasks) {
			if (this.watches.has(task.taskId)) continue;
			this.watches.set(task.taskId, {
				taskId: task.taskId,
				createdAtMs: instantMs(task.createdAt),
				lastStatus: task.status ?? UNKNOWN_STATUS,
				phase: 'pending',
			});
		}
		const limit = Math.floor(options.pageLimit ?? MAX_PAGE_LIMIT);
		this.pageLimit = Number.isFinite(limit)
			? Math.min(MAX_PAGE_LIMIT, Math.max(1, limit))
			: MAX_PAGE_LIMIT;
		this.directGetThreshold = options.directGetThreshold ?? DEFAULT_DIRECT_GET_THRESHOLD;
	}

	async wait(): Promise<WaitResult> {
		const { now } = this.deps;
		const startMs = now();
		const deadlineMs = startMs + Math.max(0, this.options.timeoutMs);
		const originMs = this.options.startedAtMs ?? startMs;
		let intervalMs: number | undefined;
		let apiClosedUntilMs = -Infinity;

		const run = await settled(async () => {
			this.throwIfCancelled();
			for (let round = 0; this.unsettledCount() > 0; round++) {
				const info = await this.runRound(round);
				this.deps.onRound?.(info);
				if (info.pending === 0 || now() >= deadlineMs) break;

				if (info.retryAfterMs !== undefined) apiClosedUntilMs = now() + info.retryAfterMs;
				intervalMs = nextIntervalMs(intervalMs, now() - originMs, this.options);
				await this.sleepInSlices(
					sleepBeforeNextRoundMs({
						intervalMs,
						nowMs: now(),
						deadlineMs,
						retryAfterMs: info.retryAfterMs,
					}),
				);
				this.throwIfCancelled();
				// At the deadline with the API still refusing us: one more request would be wasted.
				if (now() >= deadlineMs && now() < apiClosedUntilMs) break;
			}
		});
		if (!run.ok && run.error !== CANCELLED) throw run.error;
		return this.result(!run.ok);
	}

	private async runRound(round: number): Promise<RoundInfo> {
		this.round = { round, pending: 0, requests: 0, listPages: 0, taskGets: 0 };
		const work = await settled(() => this.observeAndFetch());
		if (work.ok) {
			this.failedRoundsInARow = 0;
		} else if (work.error instanceof SlowDown) {
			// What this round learnt stays; the rest is for the next round, after the pause.
			this.round.retryAfterMs = work.error.retryAfterMs;
		} else if (
			isTransientReadError(work.error) &&
			++this.failedRoundsInARow <
				(this.options.maxFailedRoundsInARow ?? DEFAULT_MAX_FAILED_ROUNDS_IN_A_ROW)
		) {
			// The transport already retried this read; the tasks keep running at TwelveLabs,
			// so an API hiccup costs a round, not the whole batch. Looked at again next round.
			this.round.failed = true;
		} else {
			throw work.error;
		}
		this.round.pending = this.unsettledCount();
		this.round.requests = this.requests;
		return this.round;
	}

	/** Observes the pending tasks (list pages or GETs), then GETs those seen final on the list. */
	private async observeAndFetch(): Promise<void> {
		const observing = this.watchesIn('pending');
		if (observing.length > 0) {
			const pages = estimatePagesToCover(
				observing.map((watch) => watch.listPosition),
				this.pageLimit,
			);
			if (chooseObservation(observing.length, pages, this.directGetThreshold) === 'list') {
				const missing = await this.scanList(observing);
				await this.getAllAndSettle(missing);
			} else {
				await this.getAllAndSettle(observing);
			}
		}
		await this.getAllAndSettle(this.watchesIn('finalUnfetched'));
	}

	/** GETs several tasks a few at a time: a slow or retried GET does not hold up the others. */
	private async getAllAndSettle(watches: Watch[]): Promise<void> {
		const done = await settled(
			async () =>
				await mapWithConcurrency(
					watches,
					GET_CONCURRENCY,
					async (watch) => await this.getAndSettle(watch),
					this.deps.signal,
				),
		);
		// Stopped by the signal between two GETs: a cancellation like any other.
		if (!done.ok) throw done.error instanceof CancelledError ? CANCELLED : done.error;
	}

	/** Pages through the list, newest first; returns the pending tasks that did not show. */
	private async scanList(observing: Watch[]): Promise<Watch[]> {
		const unseen = new Map(observing.map((watch) => [watch.taskId, watch]));
		let oldestReadMs: number | undefined;
		let pagesReadForUnknownOnly = 0;

		for (let page = 1; ; page++) {
			const response = await this.request('list', () =>
				this.deps.reader.listTasks({ page, page_limit: this.pageLimit }),
			);
			const items = response.data ?? [];
			const firstPosition = (page - 1) * (response.page_info?.limit_per_page || this.pageLimit);
			items.forEach((item, index) => {
				const watch = unseen.get(item.task_id);
				if (watch === undefined) return;
				unseen.delete(item.task_id);
				this.recordListItem(watch, item, firstPosition + index);
			});

			if (unseen.size === 0 || isLastListPage(response, page, this.pageLimit)) break;
			const oldestOnPageMs = oldestCreatedAtMs(items);
			if (oldestOnPageMs !== undefined)
				oldestReadMs = Math.min(oldestOnPageMs, oldestReadMs ?? Infinity);
			const next = shouldReadNextPage(
				[...unseen.values()].map((watch) => watch.createdAtMs),
				oldestReadMs,
				pagesReadForUnknownOnly,
			);
			if (!next.readNext) break;
			if (next.forUnknownOnly) pagesReadForUnknownOnly++;
		}
		return [...unseen.values()];
	}

	private recordListItem(watch: Watch, item: Task, listPosition: number): void {
		this.observe(watch, item);
		watch.listPosition = listPosition;
		// The list item is abbreviated: the full task comes from one GET, later this round.
		if (isFinalStatus(item.status)) watch.phase = 'finalUnfetched';
	}

	/** GETs one task: final → settled with the full task; 404 → deleted; else still pending. */
	private async getAndSettle(watch: Watch): Promise<void> {
		const read = await settled(() =>
			this.request('get', () => this.deps.reader.getTask(watch.taskId)),
		);
		if (!read.ok) {
			if (!isNotFound(read.error)) throw read.error;
			this.settle(watch, { taskId: watch.taskId, state: 'deleted' });
			return;
		}
		const task = read.value;
		this.observe(watch, task);
		if (isFinalStatus(task.status))
			this.settle(watch, { taskId: watch.taskId, state: 'final', task });
		else watch.phase = 'pending';
	}

	private observe(watch: Watch, task: Task): void {
		watch.lastStatus = task.status;
		watch.lastSeen = task;
		watch.createdAtMs = instantMs(task.created_at) ?? watch.createdAtMs;
	}

	private settle(watch: Watch, outcome: WaitOutcome): void {
		watch.phase = 'settled';
		watch.outcome = outcome;
	}

	private async request<T>(kind: 'list' | 'get', call: () => Promise<T>): Promise<T> {
		this.throwIfCancelled();
		this.requests++;
		if (kind === 'list') this.round.listPages++;
		else this.round.taskGets++;
		const response = await settled(call);
		if (response.ok) return response.value;
		// A request failing because the execution was cancelled is a cancellation, not an error.
		this.throwIfCancelled();
		const retryAfterMs = retryAfterMsOf(response.error);
		const quota = this.options.maxRetryAfterMs ?? DEFAULT_RETRY_LIMITS.maxRetryAfterMs;
		if (retryAfterMs !== undefined && retryAfterMs <= quota && !isNotFound(response.error))
			throw new SlowDown(retryAfterMs);
		throw response.error;
	}

	/** Sleeps in slices so that a cancelled execution stops within one slice, whatever sleep was injected. */
	private async sleepInSlices(ms: number): Promise<void> {
		for (
			let remaining = ms;
			remaining > 0 && !this.deps.signal?.aborted;
			remaining -= SLEEP_SLICE_MS
		) {
			await this.deps.sleep(Math.min(remaining, SLEEP_SLICE_MS));
		}
	}

	private throwIfCancelled(): void {
		if (this.deps.signal?.aborted) throw CANCELLED;
	}

	private watchesIn(phase: Watch['phase']): Watch[] {
		return [...this.watches.values()].filter((watch) => watch.phase === phase);
	}

	private unsettledCount(): number {
		return [...this.watches.values()].filter((watch) => watch.phase !== 'settled').length;
	}

	private result(cancelled: boolean): WaitResult {
		const outcomes = this.tasks.map((task): WaitOutcome => {
			const watch = this.watches.get(task.taskId) as Watch;
			if (watch.outcome !== undefined) return watch.outcome;
			const unfinished: WaitOutcome = {
				taskId: watch.taskId,
				state: 'unfinished',
				lastStatus: watch.lastStatus,
			};
			return watch.lastSeen !== undefined ? { ...unfinished, task: watch.lastSeen } : unfinished;
		});
		return { outcomes, cancelled, requests: this.requests };
	}
}

/**
 * Waits for `tasks` together until each is final or deleted, the deadline passes, or the
 * signal aborts. Reader errors other than 404 (deleted) and Retry-After (slow down)
 * propagate: the transport below already retried the transient ones.
 */
export async function waitForTasks(
	tasks: TrackedTask[],
	deps: WaitDeps,
	options: WaitOptions,
): Promise<WaitResult> {
	return await new WaitRun(tasks, deps, options).wait();
}
