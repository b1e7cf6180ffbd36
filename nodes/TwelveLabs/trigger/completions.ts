/**
 * The TwelveLabs Trigger's completion tracking: emit every analysis task that becomes final
 * (ready, failed, canceled) exactly once.
 *
 * The API lists tasks newest-CREATED first, with no "completed since" filter and no cursor; a
 * task created long ago can finish after newer ones and tasks can be deleted while in flight.
 * So the trigger tracks tasks rather than positions:
 *
 * - `watermark`: a lower bound of the server's clock at the last fully scanned list read, never
 *   past the local clock plus a small allowance (settings.ts: a future-dated task must not hide
 *   newer ones). Every task created before `watermark - overlap` has been seen by a committed scan.
 * - `inFlight`: ids seen in flight that must be emitted when they finish.
 * - `retired`: ids already emitted or settled silently, kept only while a scan can still meet
 *   them as "new" (created at or after `watermark - overlap`).
 *
 * A poll is two steps. `observe` (observe.ts) makes every request and changes nothing; `commit`
 * (commit.ts) runs synchronously against the CURRENT state object (n8n's workflow static data)
 * and decides what to emit. A poll that throws is never committed, and two overlapping polls each
 * commit against what the other already committed. The state is checked whole before use
 * (state.ts): anything malformed is replaced by a fresh baseline.
 */
import type { Task, TaskReader } from '../api/types';
import { isSdkStatus } from '../api/types';
import { budgetedReader } from './budget';
import { commit } from './commit';
import { observeBaseline } from './baseline';
import { observeChanges, type Observation } from './observe';
import { DEFAULT_MAX_REQUESTS, resolveSettings, type PollOptions } from './settings';
import { readState, replaceState, type CompletionState } from './state';
import { createdMs } from './taskFacts';

export { commit, fetchedInFull, asInFlight } from './commit';
export { cheapestResolution } from './cost';
export type { Resolution, ResolutionCost } from './cost';
export { isAccountError } from './observe';
export type { Observation } from './observe';
export {
	ALL_EVENTS,
	DEFAULT_MAX_REQUESTS,
	DEFAULT_OVERLAP_MS,
	clockAllowanceMs,
	filterKeyOf,
} from './settings';
export type { FinalStatus, PollOptions, TriggerFilters } from './settings';
export type { Sighting, ReadFailure } from './sightings';
export { readState, STATE_VERSION } from './state';
export type { CompletionState, StateReading } from './state';

export type LatestCompletedOptions = Pick<
	PollOptions,
	'filters' | 'events' | 'pageLimit' | 'deadline' | 'clock' | 'maxRequests'
>;

export interface PollOutcome {
	/** Tasks to emit now, oldest-created first. */
	emit: Task[];
	requests: number;
	/** Whether this poll took (or tried to take) the baseline. */
	baseline: boolean;
	complete: boolean;
	observation: Observation;
}

/** Whether `state` holds a baseline taken with these filters. */
export function isBaselinedFor(state: unknown, filterKey: string): boolean {
	const reading = readState(state, Number.POSITIVE_INFINITY, { checkEntries: false });
	return reading.kind === 'tracking' && reading.state.filterKey === filterKey;
}

/**
 * Empties a malformed state (see readState) so the poll takes a fresh baseline instead of
 * failing or going silent; returns what was wrong, for a warning. Synchronous, before `observe`.
 */
export function resetMalformedState(
	state: CompletionState,
	options: Pick<PollOptions, 'now' | 'overlapMs'>,
): string | undefined {
	const reading = readState(state, resolveSettings(options).latestWatermark);
	if (reading.kind !== 'malformed') return undefined;
	replaceState(state, {});
	return reading.problem;
}

/**
 * Step 1 of a poll: make the requests, change nothing. Takes (or continues) a baseline when
 * `state` has none for these filters. Run resetMalformedState first (`poll` does). Throws when a list read throws, or a GET with an account
 * error (401, 403, 429); another failed GET leaves that task tracked (see `readFailures`).
 */
export async function observe(
	state: Readonly<CompletionState> | undefined,
	reader: TaskReader,
	options: PollOptions,
): Promise<Observation> {
	const settings = resolveSettings(options);
	const budgeted = budgetedReader(reader, options, DEFAULT_MAX_REQUESTS);
	// Entries were checked by resetMalformedState, which every poll runs first.
	const reading = readState(state ?? {}, settings.latestWatermark, { checkEntries: false });
	if (reading.kind === 'tracking' && reading.state.filterKey === settings.filterKey) {
		return await observeChanges(reading.state, budgeted, settings);
	}
	const progress = reading.kind === 'empty' ? reading.baselining : undefined;
	return await observeBaseline(progress, budgeted, settings, options.now);
}

/** reset (if malformed) + observe + commit: one whole poll against the shared state object. */
export async function poll(
	state: CompletionState,
	reader: TaskReader,
	options: PollOptions,
): Promise<PollOutcome> {
	resetMalformedState(state, options);
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
