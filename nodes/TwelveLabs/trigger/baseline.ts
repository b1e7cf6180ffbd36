/**
 * A baseline poll (observe's first step when the state has none for these filters): what the
 * tracking starts from. Makes requests, changes nothing; `commit` keeps what it found.
 */
import type { BudgetedReader } from './budget';
import { cursorOf, NewestFirstScan, type ResumePoint } from './listScan';
import type { Observation } from './observe';
import type { Settings } from './settings';
import { SightingLog } from './sightings';
import type { BaselineProgress, ScanCursor } from './state';
import { writeTaskTimes } from './state';
import { IN_FLIGHT_STATUSES, serverClockLowerBound } from './taskFacts';

interface BaselineStart {
	startedAt: number;
	since: number;
	list: number;
	cursor?: ScanCursor;
	step: number | undefined;
	inFlight: Map<string, number>;
	retired: Map<string, number>;
}

/** What a baseline poll works with: its budget, its settings, what it saw. */
interface BaselinePoll {
	reader: BudgetedReader;
	settings: Settings;
	now: number;
	log: SightingLog;
}

/**
 * A baseline: the newest tasks give the watermark and the ids of its window, which the next
 * scan meets again; then every task in flight, read list by list in lifecycle order (a task
 * that advances between two reads moves to a list read later). When the lists are too long for
 * one poll, the next polls resume where this one stopped; the baseline is committed when the
 * last list is done, with the watermark of its first poll, so the next scan also meets every
 * task created meanwhile. A task that was in flight when the baseline started and finished
 * before the lists showed it counts as history, as it did for a one-poll baseline.
 */
export async function observeBaseline(
	progress: BaselineProgress | undefined,
	reader: BudgetedReader,
	settings: Settings,
	now: number,
): Promise<Observation> {
	const poll: BaselinePoll = {
		reader,
		settings,
		now,
		log: new SightingLog(settings.customIdPrefix),
	};
	let start: BaselineStart;
	if (progress && progress.filterKey === settings.filterKey) {
		start = resumedBaseline(progress);
	} else {
		const started = await startBaseline(poll);
		if (started === undefined) return baselineObservation(poll, false, undefined);
		// The whole list fitted: nothing is in flight that was not seen.
		if (started.wholeListRead) return baselineObservation(poll, true, started.start);
		start = started.start;
	}
	const stopped = await readInFlightLists(poll, start);
	return stopped === undefined
		? baselineObservation(poll, true, start)
		: baselineObservation(poll, false, start, stopped.cursor, stopped.list);
}

/** A baseline continued from the progress an earlier poll stored. */
function resumedBaseline(progress: BaselineProgress): BaselineStart {
	return {
		...progress,
		step: progress.step,
		inFlight: new Map(Object.entries(progress.inFlight)),
		retired: new Map(Object.entries(progress.retired)),
	};
}

/**
 * The first poll of a baseline: the list from the top until the watermark's window is covered.
 * Undefined when the budget ran out first; `wholeListRead` when that read the whole list.
 */
async function startBaseline(
	poll: BaselinePoll,
): Promise<{ start: BaselineStart; wholeListRead: boolean } | undefined> {
	const { reader, settings, log } = poll;
	const recent = new NewestFirstScan(reader, settings.serverQuery, settings.pageLimit);
	let watermark: number | undefined;
	const windowCovered = () =>
		watermark !== undefined && recent.covers(watermark - settings.overlapMs);
	while (!windowCovered() && reader.canSend()) {
		await recent.readNext();
		watermark ??= Math.min(
			serverClockLowerBound(recent.firstPage?.data ?? []) ?? 0,
			settings.latestWatermark,
		);
	}
	log.record(recent.tasks, false);
	if (!windowCovered() || watermark === undefined) return undefined;
	const start: BaselineStart = {
		startedAt: poll.now,
		since: watermark,
		list: 0,
		step: undefined,
		inFlight: new Map(),
		retired: finalTasksSince(log, watermark - settings.overlapMs),
	};
	return { start, wholeListRead: recent.reachedEnd };
}

/** The final tasks seen that were created at or after `windowStart`: the next scan meets them again. */
function finalTasksSince(log: SightingLog, windowStart: number): Map<string, number> {
	const retired = new Map<string, number>();
	for (const sighting of log.list()) {
		if (sighting.phase !== 'in-flight' && sighting.createdMs >= windowStart)
			retired.set(sighting.taskId, sighting.createdMs);
	}
	return retired;
}

/**
 * The in-flight lists, in lifecycle order, from where the baseline got to. Undefined when all
 * were read to the end; else the list the budget stopped in and where it resumes.
 */
async function readInFlightLists(
	poll: BaselinePoll,
	start: BaselineStart,
): Promise<{ list: number; cursor: ScanCursor | undefined } | undefined> {
	const { reader, settings, log } = poll;
	for (let list = start.list; list < IN_FLIGHT_STATUSES.length; list++) {
		const resume: ResumePoint | undefined =
			list === start.list && start.cursor ? start.cursor : undefined;
		const scan = new NewestFirstScan(
			reader,
			{ ...settings.serverQuery, status: IN_FLIGHT_STATUSES[list] },
			settings.pageLimit,
			resume,
		);
		while (!scan.reachedEnd && reader.canSend()) log.record(await scan.readNext(), false);
		if (!scan.reachedEnd)
			return { list, cursor: cursorOf(scan) ?? (resume ? start.cursor : undefined) };
	}
	return undefined;
}

/** The Observation of a baseline poll; `start` undefined: not even the newest tasks were read. */
function baselineObservation(
	poll: BaselinePoll,
	complete: boolean,
	start: BaselineStart | undefined,
	cursor?: ScanCursor,
	list?: number,
): Observation {
	const { reader, settings, log } = poll;
	const inFlight = new Map(start?.inFlight);
	for (const sighting of log.list())
		if (sighting.phase === 'in-flight') inFlight.set(sighting.taskId, sighting.createdMs);
	return {
		kind: 'baseline',
		filterKey: settings.filterKey,
		baselineAt: start?.startedAt ?? poll.now,
		watermark: complete ? start?.since : undefined,
		complete,
		sightings: log.list(),
		events: settings.events,
		overlapMs: settings.overlapMs,
		requests: reader.requests,
		latestWatermark: settings.latestWatermark,
		readFailures: [],
		progress: start && {
			from: start.step,
			next: {
				filterKey: settings.filterKey,
				startedAt: start.startedAt,
				since: start.since,
				step: (start.step ?? 0) + 1,
				list: list ?? start.list,
				cursor,
				inFlight: writeTaskTimes(inFlight),
				retired: writeTaskTimes(start.retired),
			},
		},
	};
}
