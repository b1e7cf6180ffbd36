/**
 * The TwelveLabs Trigger's completion tracking: emit every analysis task that becomes final
 * (ready, failed, canceled) exactly once.
 *
 * The API lists tasks newest-CREATED first, with no "completed since" filter and no cursor; a
 * task created long ago can finish after newer ones and tasks can be deleted while in flight.
 * So the trigger tracks tasks rather than positions:
 *
 * - `watermark`: a lower bound of the server's clock at the last fully scanned list read.
 *   Every task created before `watermark - overlap` has been seen by a committed scan.
 * - `inFlight`: ids seen in flight that must be emitted when they finish.
 * - `retired`: ids already emitted or settled silently, kept only while a scan can still meet
 *   them as "new" (created at or after `watermark - overlap`).
 *
 * A poll is two steps. `observe` makes every request and changes nothing; `commit` runs
 * synchronously against the CURRENT state object (n8n's workflow static data) and decides what
 * to emit. A poll that throws is never committed, and two overlapping polls each commit against
 * what the other already committed.
 */
import type { AnalysisMode, ListTasksQuery, Task, TaskReader } from '../api/types';
import { MAX_PAGE_LIMIT, isFinalStatus, isSdkStatus } from '../api/types';
import { isValidTaskId } from '../api/taskIds';
import { NewestFirstScan } from './listScan';
import { IN_FLIGHT_STATUSES, createdMs, isNotFoundError, serverClockLowerBound } from './taskFacts';

export type FinalStatus = 'ready' | 'failed' | 'canceled';

export const ALL_EVENTS: readonly FinalStatus[] = ['ready', 'failed', 'canceled'];

/**
 * How far below the watermark each scan re-reads: absorbs equal timestamps, clock skew between
 * API servers and the lag between a task's created_at and its appearance in the list. A task is
 * assumed to be listed within this long after its created_at.
 */
export const DEFAULT_OVERLAP_MS = 60_000;

/** A safety valve against runaway polls; the deadline is the real limit. */
export const DEFAULT_MAX_REQUESTS = 1000;

const STATE_VERSION = 1;

export interface TriggerFilters {
	/** Sent as `analysis_mode`. */
	analysisMode?: AnalysisMode;
	/** Sent as `asset_id`. */
	assetId?: string;
	/** Sent as `video_url` (exact match). */
	videoUrl?: string;
	/** Applied here: only tasks whose custom_id starts with it are tracked and emitted. */
	customIdPrefix?: string;
}

/**
 * Lives in n8n's workflow static data: JSON only, mutated in place by `commit`. An empty object
 * means "no baseline yet". Size: about 40 bytes per id in `inFlight` and `retired`.
 */
export interface CompletionState {
	/** Format version; any other value means "take a new baseline". */
	v?: number;
	/** The filters the lists were read with; other filters mean "take a new baseline". */
	filterKey?: string;
	/** When the baseline was committed (the `now` of that poll, epoch ms). Identifies the baseline. */
	baselineAt?: number;
	/** Server-clock lower bound (epoch ms) of the last committed full scan. */
	watermark?: number;
	/** Tasks seen in flight, to emit when they finish: task id → created_at (epoch ms). */
	inFlight?: Record<string, number>;
	/** Tasks emitted or settled silently that a scan may meet again: task id → created_at (epoch ms). */
	retired?: Record<string, number>;
}

export interface PollOptions {
	/** Epoch ms when the poll starts (local clock; identifies a baseline, never compared with server times). */
	now: number;
	/** Epoch ms: no request is started at or after it (n8n's poll budget). */
	deadline?: number;
	/** Reads the current time (epoch ms) for the deadline during the poll; default `Date.now`. Tests inject one. */
	clock?: () => number;
	/** Requests one poll may make; default DEFAULT_MAX_REQUESTS. Reaching it ends the poll like the deadline. */
	maxRequests?: number;
	filters?: TriggerFilters;
	/** Which final statuses to emit; the others are settled silently. Default: all. */
	events?: readonly FinalStatus[];
	/** Page size, 1..50; default 50. */
	pageLimit?: number;
	/** See DEFAULT_OVERLAP_MS. */
	overlapMs?: number;
	/** Whether a getTask error means the task was deleted; default: HTTP 404 in the usual error shapes. */
	isNotFound?: (error: unknown) => boolean;
}

export type LatestCompletedOptions = Pick<
	PollOptions,
	'filters' | 'events' | 'pageLimit' | 'deadline' | 'clock' | 'maxRequests'
>;

/** What one poll learned about one task: the latest status it saw. */
export interface Sighting {
	taskId: string;
	createdMs: number;
	phase: 'in-flight' | 'final' | 'deleted';
	/** The task as read (a list item, or the full task from GET); absent for deleted tasks. */
	task?: Task;
	/** Whether `task` came from GET (complete) rather than a list page (abbreviated). */
	full: boolean;
}

/** The result of `observe`: facts only, to be judged by `commit` against the current state. */
export interface Observation {
	kind: 'baseline' | 'changes';
	filterKey: string;
	/** The baseline this poll started from (changes), or the one it would create (baseline). */
	baselineAt: number;
	/** Set when the scan from the top reached the previous watermark's window (and, for a baseline, every in-flight list was read). */
	watermark?: number;
	/** Whether the poll made every request it planned (false: deadline or request budget reached). */
	complete: boolean;
	sightings: Sighting[];
	events: readonly string[];
	overlapMs: number;
	requests: number;
}

export interface PollOutcome {
	/** Tasks to emit now, oldest-created first. */
	emit: Task[];
	requests: number;
	/** Whether this poll took (or tried to take) the baseline. */
	baseline: boolean;
	complete: boolean;
	observation: Observation;
}

interface Settings {
	filterKey: string;
	serverQuery: ListTasksQuery;
	customIdPrefix: string | undefined;
	events: readonly string[];
	pageLimit: number;
	overlapMs: number;
	isNotFound: (error: unknown) => boolean;
}

function nonEmpty(value: string | undefined): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function resolveSettings(options: Omit<PollOptions, 'now'>): Settings {
	const filters = options.filters ?? {};
	const analysisMode = filters.analysisMode || undefined;
	const assetId = nonEmpty(filters.assetId);
	const videoUrl = nonEmpty(filters.videoUrl);
	const customIdPrefix = nonEmpty(filters.customIdPrefix);
	const serverQuery: ListTasksQuery = {};
	if (analysisMode) serverQuery.analysis_mode = analysisMode;
	if (assetId) serverQuery.asset_id = assetId;
	if (videoUrl) serverQuery.video_url = videoUrl;
	const requestedLimit = Math.floor(options.pageLimit ?? MAX_PAGE_LIMIT);
	return {
		filterKey: JSON.stringify([
			analysisMode ?? null,
			assetId ?? null,
			videoUrl ?? null,
			customIdPrefix ?? null,
		]),
		serverQuery,
		customIdPrefix,
		events: options.events ?? ALL_EVENTS,
		pageLimit: Math.min(Math.max(requestedLimit || MAX_PAGE_LIMIT, 1), MAX_PAGE_LIMIT),
		overlapMs: Math.max(options.overlapMs ?? DEFAULT_OVERLAP_MS, 0),
		isNotFound: options.isNotFound ?? isNotFoundError,
	};
}

/** Counts requests and refuses new ones once the deadline or the request budget is reached. */
class BudgetedReader implements TaskReader {
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

	async listTasks(query: ListTasksQuery) {
		this.requests++;
		return await this.inner.listTasks(query);
	}

	async getTask(taskId: string) {
		this.requests++;
		return await this.inner.getTask(taskId);
	}
}

function budgetedReader(
	reader: TaskReader,
	options: Omit<PollOptions, 'now'>,
	defaultMaxRequests = DEFAULT_MAX_REQUESTS,
): BudgetedReader {
	const clock = options.clock ?? (() => Date.now());
	return new BudgetedReader(
		reader,
		options.deadline,
		clock,
		options.maxRequests ?? defaultMaxRequests,
	);
}

/** The latest status seen for each task during one poll. */
class SightingLog {
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
		if (
			this.customIdPrefix !== undefined &&
			!(task.custom_id ?? '').startsWith(this.customIdPrefix)
		)
			return;
		const created = createdMs(task);
		if (created === undefined) return; // cannot be ordered against the watermark: the API promises it parses
		const phase = isFinalStatus(task.status) ? 'final' : 'in-flight';
		const previous = this.byId.get(task.task_id);
		// Statuses only move forward; a full copy beats an abbreviated one of the same status.
		if (previous?.phase === 'final' && (phase !== 'final' || (previous.full && !full))) return;
		this.byId.set(task.task_id, { taskId: task.task_id, createdMs: created, phase, task, full });
	}
}

/** Whether `state` holds a baseline taken with these filters. */
export function isBaselinedFor(
	state: Readonly<CompletionState> | undefined,
	filterKey: string,
): boolean {
	return (
		state?.v === STATE_VERSION &&
		state.filterKey === filterKey &&
		typeof state.watermark === 'number' &&
		typeof state.baselineAt === 'number'
	);
}

/** The key `observe` compares with `state.filterKey` for these filters. */
export function filterKeyOf(filters: TriggerFilters | undefined): string {
	return resolveSettings({ filters }).filterKey;
}

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

async function observeBaseline(
	reader: BudgetedReader,
	settings: Settings,
	now: number,
): Promise<Observation> {
	const log = new SightingLog(settings.customIdPrefix);
	// The newest tasks give the watermark, and the ids of its overlap window, which the next scan meets again.
	const recent = new NewestFirstScan(reader, settings.serverQuery, settings.pageLimit);
	let watermark: number | undefined;
	const windowCovered = () =>
		watermark !== undefined && recent.covers(watermark - settings.overlapMs);
	while (!windowCovered() && reader.canSend()) {
		await recent.readNext();
		watermark ??= serverClockLowerBound(recent.firstPage?.data ?? []) ?? 0;
	}
	log.record(recent.tasks, false);
	let complete = windowCovered();
	// Every task in flight, unless the whole list was read already. Lifecycle order: a task that
	// advances between two of these reads moves to a list that is read later, so it is met.
	if (complete && !recent.reachedEnd) {
		for (const status of IN_FLIGHT_STATUSES) {
			const scan = new NewestFirstScan(
				reader,
				{ ...settings.serverQuery, status },
				settings.pageLimit,
			);
			while (!scan.reachedEnd && reader.canSend()) await scan.readNext();
			log.record(scan.tasks, false);
			if (!scan.reachedEnd) {
				complete = false;
				break;
			}
		}
	}
	return {
		kind: 'baseline',
		filterKey: settings.filterKey,
		baselineAt: now,
		watermark: complete ? watermark : undefined,
		complete,
		sightings: log.list(),
		events: settings.events,
		overlapMs: settings.overlapMs,
		requests: reader.requests,
	};
}

async function observeChanges(
	state: Readonly<CompletionState>,
	reader: BudgetedReader,
	settings: Settings,
): Promise<Observation> {
	// Snapshot now: an overlapping poll may commit into `state` while this one awaits.
	const floor = (state.watermark ?? 0) - settings.overlapMs;
	const tracked: Array<[string, number]> = Object.entries(state.inFlight ?? {});
	const baselineAt = state.baselineAt ?? 0;
	const log = new SightingLog(settings.customIdPrefix);
	const trackedIds = new Set(tracked.map(([taskId]) => taskId));
	const unresolved = () => tracked.filter(([taskId]) => !log.has(taskId));

	// 1. From the top down to the watermark's window: every task created since the last
	// committed scan, final or not. Read on while that is the cheapest way to settle tracked tasks.
	const recent = new NewestFirstScan(reader, settings.serverQuery, settings.pageLimit);
	// Among the tracked tasks seen so far this poll, the share that had finished: a guess for the rest.
	const finishedShareOfTrackedSeen = () => {
		const seen = log.list().filter((sighting) => trackedIds.has(sighting.taskId));
		return seen.length === 0
			? 0
			: seen.filter((sighting) => sighting.phase !== 'in-flight').length / seen.length;
	};
	const cost = (listReads: number): ResolutionCost => {
		const pending = unresolved();
		return {
			unresolved: pending.length,
			extendReads: recent.readsToReach(Math.min(...pending.map(([, created]) => created))),
			// Once the whole list was read, a tracked task it did not show is gone from every list.
			listReads: recent.reachedEnd ? Number.POSITIVE_INFINITY : listReads,
			expectedFinished: Math.round(pending.length * finishedShareOfTrackedSeen()),
		};
	};
	const wantsMore = () =>
		recent.reads === 0 ||
		!recent.covers(floor) ||
		cheapestResolution(cost(IN_FLIGHT_STATUSES.length)) === 'extend';
	while (!recent.reachedEnd && wantsMore() && reader.canSend()) {
		log.record(await recent.readNext(), false);
	}
	const watermark = recent.covers(floor)
		? serverClockLowerBound(recent.firstPage?.data ?? [])
		: undefined;

	// 2. The in-flight lists, in lifecycle order, read only while cheaper than GETting the rest.
	if (cheapestResolution(cost(IN_FLIGHT_STATUSES.length)) === 'lists') {
		for (const [index, status] of IN_FLIGHT_STATUSES.entries()) {
			const scan = new NewestFirstScan(
				reader,
				{ ...settings.serverQuery, status },
				settings.pageLimit,
			);
			const listsAfter = IN_FLIGHT_STATUSES.length - index - 1;
			const listsStillCheaper = () =>
				cheapestResolution({
					...cost(scan.readsToEnd() + listsAfter),
					extendReads: Number.POSITIVE_INFINITY,
				}) === 'lists';
			while (!scan.reachedEnd && listsStillCheaper() && reader.canSend()) {
				log.record(await scan.readNext(), false);
			}
			if (!scan.reachedEnd) break;
		}
	}

	// 3. Whatever is left is final, deleted, or in a status no list shows: ask for each.
	for (const [taskId, created] of unresolved()) {
		if (!reader.canSend()) break;
		// Only a 404 is an answer; any other error (already the transport's NodeApiError) fails the poll unchanged.
		const task = await reader.getTask(taskId).catch((error: unknown) => {
			if (settings.isNotFound(error)) return undefined;
			throw error;
		});
		if (task) log.record([task], true);
		else log.recordDeleted(taskId, created);
	}

	return {
		kind: 'changes',
		filterKey: settings.filterKey,
		baselineAt,
		watermark,
		complete: !reader.stopped,
		sightings: log.list(),
		events: settings.events,
		overlapMs: settings.overlapMs,
		requests: reader.requests,
	};
}

/**
 * Step 1 of a poll: make the requests, change nothing. Takes a baseline when `state` has none
 * for these filters. Throws when the reader throws (other than a 404 on GET).
 */
export async function observe(
	state: Readonly<CompletionState> | undefined,
	reader: TaskReader,
	options: PollOptions,
): Promise<Observation> {
	const settings = resolveSettings(options);
	const budgeted = budgetedReader(reader, options);
	if (!state || !isBaselinedFor(state, settings.filterKey)) {
		return await observeBaseline(budgeted, settings, options.now);
	}
	return await observeChanges(state, budgeted, settings);
}

function commitBaseline(state: CompletionState, observation: Observation): void {
	// Another poll committed a baseline first, or this one is incomplete: keep what is there.
	if (isBaselinedFor(state, observation.filterKey)) return;
	if (!observation.complete || observation.watermark === undefined) return;
	const windowStart = observation.watermark - observation.overlapMs;
	const inFlight: Record<string, number> = {};
	const retired: Record<string, number> = {};
	for (const sighting of observation.sightings) {
		if (sighting.phase === 'in-flight') inFlight[sighting.taskId] = sighting.createdMs;
		else if (sighting.createdMs >= windowStart) retired[sighting.taskId] = sighting.createdMs;
	}
	Object.assign(state, {
		v: STATE_VERSION,
		filterKey: observation.filterKey,
		baselineAt: observation.baselineAt,
		watermark: observation.watermark,
		inFlight,
		retired,
	});
}

function withoutOlderThan(ids: Record<string, number>, instant: number): Record<string, number> {
	return Object.fromEntries(Object.entries(ids).filter(([, created]) => created >= instant));
}

function sameIds(
	a: Readonly<Record<string, number>>,
	b: Readonly<Record<string, number>>,
): boolean {
	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key));
}

function oldestCreatedFirst(a: Sighting, b: Sighting): number {
	return a.createdMs - b.createdMs || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0);
}

/**
 * Step 2 of a poll: judge the observation against the CURRENT state (mutated in place) and
 * return the tasks to emit now, oldest-created first. Synchronous, so overlapping polls commit
 * one after the other.
 *
 * A task is emitted when it is final, its status is among the events, it is not retired, and
 * either it is tracked in flight or it was created inside the scanned window (at or after
 * `watermark - overlap`) — which, as it is neither tracked nor retired, means no committed scan
 * had met it yet: it is new.
 */
export function commit(state: CompletionState, observation: Observation): Task[] {
	if (observation.kind === 'baseline') {
		commitBaseline(state, observation);
		return [];
	}
	// A different baseline (filters changed, state reset meanwhile): these facts were judged against another history.
	if (!isBaselinedFor(state, observation.filterKey) || state.baselineAt !== observation.baselineAt)
		return [];
	// Work on copies and assign them back at the top level: n8n notices changes to static data
	// through a proxy that only wraps the objects it loaded.
	const inFlight = { ...state.inFlight };
	const retired = { ...state.retired };
	const windowStart = (state.watermark ?? 0) - observation.overlapMs;
	const emitted: Sighting[] = [];
	for (const sighting of [...observation.sightings].sort(oldestCreatedFirst)) {
		const { taskId } = sighting;
		if (Object.hasOwn(retired, taskId)) continue;
		const tracked = Object.hasOwn(inFlight, taskId);
		// Older than the window and untracked: history, or settled by a commit that moved the watermark.
		if (!tracked && sighting.createdMs < windowStart) continue;
		if (sighting.phase === 'in-flight') {
			inFlight[taskId] = sighting.createdMs;
			continue;
		}
		delete inFlight[taskId];
		retired[taskId] = sighting.createdMs;
		if (
			sighting.phase === 'final' &&
			sighting.task &&
			observation.events.includes(sighting.task.status)
		) {
			emitted.push(sighting);
		}
	}
	const watermark = Math.max(
		state.watermark ?? 0,
		observation.watermark ?? Number.NEGATIVE_INFINITY,
	);
	const keptRetired = withoutOlderThan(retired, watermark - observation.overlapMs);
	if (watermark !== state.watermark) state.watermark = watermark;
	if (!sameIds(inFlight, state.inFlight ?? {})) state.inFlight = inFlight;
	if (!sameIds(keptRetired, state.retired ?? {})) state.retired = keptRetired;
	return emitted.map((sighting) => sighting.task as Task);
}

/** The ids of tasks in `observation` that were read in full (GET), so the node need not GET them again. */
export function fetchedInFull(observation: Observation): Set<string> {
	return new Set(observation.sightings.filter((s) => s.full).map((s) => s.taskId));
}

/**
 * The observation with these final tasks seen as still in flight: `commit` tracks them instead
 * of emitting them, and the next poll learns their status again. For the tasks the node could
 * not read in full (the poll budget ran out, or the task was deleted meanwhile).
 */
export function asInFlight(observation: Observation, taskIds: ReadonlySet<string>): Observation {
	return {
		...observation,
		sightings: observation.sightings.map((sighting) =>
			taskIds.has(sighting.taskId) && sighting.phase === 'final'
				? { ...sighting, phase: 'in-flight' as const }
				: sighting,
		),
	};
}

/** observe + commit: one whole poll against the shared state object. */
export async function poll(
	state: CompletionState,
	reader: TaskReader,
	options: PollOptions,
): Promise<PollOutcome> {
	const observation = await observe(state, reader, options);
	const emit = commit(state, observation);
	return {
		emit,
		requests: observation.requests,
		baseline: observation.kind === 'baseline',
		complete: observation.complete,
		observation,
	};
}

/**
 * For "Fetch Test Event": the newest-created final task matching the filters and events, with
 * no state. Usually one request (the newest page holds one); otherwise the first matching item
 * of each wanted status list.
 */
export async function latestCompleted(
	reader: TaskReader,
	options: LatestCompletedOptions = {},
): Promise<Task | undefined> {
	const settings = resolveSettings(options);
	const budgeted = budgetedReader(reader, options, 20);
	const matches = (task: Task) =>
		settings.events.includes(task.status) &&
		createdMs(task) !== undefined &&
		(settings.customIdPrefix === undefined ||
			(task.custom_id ?? '').startsWith(settings.customIdPrefix));

	if (!budgeted.canSend()) return undefined;
	const newest = await budgeted.listTasks({
		...settings.serverQuery,
		page: 1,
		page_limit: settings.pageLimit,
	});
	const onFirstPage = (newest.data ?? []).find(matches);
	if (onFirstPage || (newest.data ?? []).length < settings.pageLimit) return onFirstPage;

	const candidates: Task[] = [];
	// Only statuses the SDK lists are sent as filters ('canceled' is met on the first page only).
	for (const status of settings.events.filter(isSdkStatus)) {
		for (let page = 1; budgeted.canSend(); page++) {
			const response = await budgeted.listTasks({
				...settings.serverQuery,
				status,
				page,
				page_limit: settings.pageLimit,
			});
			const data = response.data ?? [];
			const found = data.find(matches);
			if (found) candidates.push(found);
			if (found || data.length < settings.pageLimit) break;
		}
	}
	const newestFirst = (a: Task, b: Task) => (createdMs(b) ?? 0) - (createdMs(a) ?? 0);
	return candidates.sort(newestFirst)[0];
}
