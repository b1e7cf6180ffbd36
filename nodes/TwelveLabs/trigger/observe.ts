/**
 * Step 1 of a poll: make the requests, change nothing. The result (an Observation) is judged by
 * `commit` (commit.ts) against whatever the state is by then.
 *
 * Every poll stays under a request cap (settings.ts), however many tasks are tracked, and still
 * makes progress: work that does not fit is resumed by the next polls from a cursor kept in the
 * state, so every finished task is emitted within a bounded number of polls.
 *
 * This file: the Observation, and a poll against a baseline (observeChanges), in three steps —
 * the list from the top, the in-flight lists, then GETs in rotation or a stretch of the sweep.
 * A poll that takes the baseline is baseline.ts; the choice between those ways is cost.ts.
 */
import type { BudgetedReader } from './budget';
import { cheapestResolution, type ResolutionCost } from './cost';
import { cursorOf, NewestFirstScan } from './listScan';
import { MAX_READ_FAILURES_IN_A_ROW, type Settings } from './settings';
import { SightingLog, type ReadFailure, type Sighting } from './sightings';
import type { BaselineProgress, ScanCursor, TrackedState } from './state';
import { IN_FLIGHT_STATUSES, serverClockLowerBound } from './taskFacts';

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
	/** The highest watermark a commit may keep: the poll's `now` plus the clock allowance. */
	latestWatermark: number;
	/** Tracked tasks whose GET failed with something else than a 404: they stay tracked. */
	readFailures: ReadFailure[];
	/** Set when the sweep ran: where the next poll resumes it (undefined: the sweep is done). */
	sweep?: { cursor: ScanCursor | undefined };
	/** Set when tracked tasks were read by GET: the last one tried when not all were (undefined: all were). */
	rotation?: { checkedUpTo: string | undefined };
	/** A baseline: the step it continued (undefined: it started here), and what it knows now. */
	progress?: { from: number | undefined; next: BaselineProgress };
}

/** Orders tracked tasks for rotating GETs: by creation, then id. */
export function rotationKey(taskId: string, created: number): string {
	return `${String(Math.max(0, Math.floor(created))).padStart(16, '0')}:${taskId}`;
}

/** Tasks in rotation order: oldest created first, starting after `after` (a rotationKey). */
export function inRotation(
	tasks: ReadonlyArray<readonly [string, number]>,
	after: string | undefined,
): Array<readonly [string, number]> {
	const keyed = tasks
		.map((entry) => ({ entry, key: rotationKey(entry[0], entry[1]) }))
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const first = after === undefined ? 0 : keyed.findIndex(({ key }) => key > after);
	const start = first < 0 ? 0 : first;
	return [...keyed.slice(start), ...keyed.slice(0, start)].map(({ entry }) => entry);
}
/** GETs tasks, skipping (not failing on) a task whose read fails: one unreadable task must not block the rest. */
async function readTasks(
	tasks: ReadonlyArray<readonly [string, number]>,
	reader: BudgetedReader,
	settings: Settings,
	log: SightingLog,
	failures: ReadFailure[],
): Promise<number> {
	let read = 0;
	let failedInARow = 0;
	for (const [taskId, created] of tasks) {
		if (failedInARow >= MAX_READ_FAILURES_IN_A_ROW || !reader.canSend()) break;
		read++;
		const task = await reader.getTask(taskId).catch((error: unknown) => {
			// The key or the account (401, 403, 429) fails the poll as a list read would.
			if (isAccountError(error)) throw error;
			if (settings.isNotFound(error))
				log.recordDeleted(taskId, created); // the proof of a deletion
			else failures.push({ taskId, error });
			return undefined;
		});
		if (task !== undefined) log.record([task], true);
		failedInARow = log.has(taskId) ? 0 : failedInARow + 1;
	}
	return read;
}

/** An HTTP status that concerns the caller, not the task read: the key is wrong or a quota is spent. */
export function isAccountError(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false;
	const candidate = error as { httpCode?: unknown; statusCode?: unknown; status?: unknown };
	return [candidate.httpCode, candidate.statusCode, candidate.status].some((code) =>
		[401, 403, 429].includes(Number(code)),
	);
}
/** What a changes poll works with: the state as it began, its budget, what it saw. */
class ChangesPoll {
	/** Snapshot now: an overlapping poll may commit into the state while this one awaits. */
	readonly floor: number;
	readonly tracked: Array<[string, number]>;
	readonly log: SightingLog;
	readonly readFailures: ReadFailure[] = [];

	constructor(
		readonly state: TrackedState,
		readonly reader: BudgetedReader,
		readonly settings: Settings,
	) {
		this.floor = state.watermark - settings.overlapMs;
		this.tracked = [...state.inFlight.entries()];
		this.log = new SightingLog(settings.customIdPrefix);
	}

	/** Tracked tasks whose status this poll has not seen yet. */
	unresolved(): Array<[string, number]> {
		return this.tracked.filter(([taskId]) => !this.log.has(taskId));
	}

	/** Among the tracked tasks seen so far this poll, the share that had finished: a guess for the rest. */
	finishedShareOfTrackedSeen(): number {
		let seen = 0;
		let finished = 0;
		for (const sighting of this.log.list()) {
			if (!this.state.inFlight.has(sighting.taskId)) continue;
			seen++;
			if (sighting.phase !== 'in-flight') finished++;
		}
		return seen === 0 ? 0 : finished / seen;
	}

	/** What each way of settling the unresolved tasks costs, with `listReads` reads of the in-flight lists. */
	cost(recent: NewestFirstScan, listReads: number): ResolutionCost {
		const pending = this.unresolved();
		let oldest = Number.POSITIVE_INFINITY;
		for (const [, created] of pending) oldest = Math.min(oldest, created);
		return {
			unresolved: pending.length,
			extendReads: recent.readsToReach(oldest),
			// Once the whole list was read, a tracked task it did not show is gone from every list.
			listReads: recent.reachedEnd ? Number.POSITIVE_INFINITY : listReads,
			expectedFinished: Math.round(pending.length * this.finishedShareOfTrackedSeen()),
		};
	}

	/** Whether reading all of `estimate`'s lists (and GETting the finished) fits in the cap. */
	listsFit(estimate: ResolutionCost): boolean {
		return estimate.listReads + estimate.expectedFinished <= this.reader.remaining();
	}
}

/**
 * New tasks, and the status of tracked ones: the list from the top down to the watermark's
 * window, then, for tracked tasks it did not show, the cheapest of GETs, the in-flight lists or
 * reading on — within the request cap. Too many for the cap: a sweep of the whole list resumed
 * poll after poll (each page settles every tracked task on it, and a tracked task missing from
 * a stretch the sweep covered is read by GET: a 404 is the proof of its deletion), or GETs in
 * rotation when they are the cheaper way. A tracked task not checked this poll is deferred,
 * never dropped.
 */
export async function observeChanges(
	state: TrackedState,
	reader: BudgetedReader,
	settings: Settings,
): Promise<Observation> {
	const poll = new ChangesPoll(state, reader, settings);
	const recent = await scanFromTop(poll);
	const lowerBound = serverClockLowerBound(recent.firstPage?.data ?? []);
	const watermark =
		recent.covers(poll.floor) && lowerBound !== undefined
			? Math.min(lowerBound, settings.latestWatermark)
			: undefined;
	await readInFlightListsWhileCheaper(poll, recent);
	const settled = await settleTheRest(poll, recent);
	return {
		kind: 'changes',
		filterKey: settings.filterKey,
		baselineAt: state.baselineAt,
		watermark,
		complete: !reader.stopped,
		sightings: poll.log.list(),
		events: settings.events,
		overlapMs: settings.overlapMs,
		requests: reader.requests,
		latestWatermark: settings.latestWatermark,
		readFailures: poll.readFailures,
		...settled,
	};
}

/**
 * Step 1 of a changes poll, from the top down to the watermark's window: every task created
 * since the last committed scan, final or not. Reads on while that is the cheapest way to
 * settle tracked tasks and fits in the cap.
 */
async function scanFromTop(poll: ChangesPoll): Promise<NewestFirstScan> {
	const { reader, settings } = poll;
	const recent = new NewestFirstScan(reader, settings.serverQuery, settings.pageLimit);
	const extendingFits = () => {
		const estimate = poll.cost(recent, IN_FLIGHT_STATUSES.length);
		return cheapestResolution(estimate) === 'extend' && estimate.extendReads <= reader.remaining();
	};
	while (
		!recent.reachedEnd &&
		(recent.reads === 0 || !recent.covers(poll.floor) || extendingFits()) &&
		reader.canSend()
	) {
		poll.log.record(await recent.readNext(), false);
	}
	return recent;
}

/**
 * Step 2: the in-flight lists, in lifecycle order, read only while cheaper than GETting the
 * rest and while the whole of them fits in the cap.
 */
async function readInFlightListsWhileCheaper(
	poll: ChangesPoll,
	recent: NewestFirstScan,
): Promise<void> {
	const { reader, settings } = poll;
	const initial = poll.cost(recent, IN_FLIGHT_STATUSES.length);
	if (cheapestResolution(initial) !== 'lists' || !poll.listsFit(initial)) return;
	for (const [index, status] of IN_FLIGHT_STATUSES.entries()) {
		const scan = new NewestFirstScan(
			reader,
			{ ...settings.serverQuery, status },
			settings.pageLimit,
		);
		const listsAfter = IN_FLIGHT_STATUSES.length - index - 1;
		const listsStillCheaper = () => {
			const estimate = {
				...poll.cost(recent, scan.readsToEnd() + listsAfter),
				extendReads: Number.POSITIVE_INFINITY,
			};
			return cheapestResolution(estimate) === 'lists' && poll.listsFit(estimate);
		};
		while (!scan.reachedEnd && listsStillCheaper() && reader.canSend()) {
			poll.log.record(await scan.readNext(), false);
		}
		if (!scan.reachedEnd) return;
	}
}

/**
 * Step 3: whatever is left is final, deleted, or in a status no list shows. Too many for the
 * cap: a stretch of the sweep; else GETs in rotation.
 */
async function settleTheRest(
	poll: ChangesPoll,
	recent: NewestFirstScan,
): Promise<Pick<Observation, 'sweep' | 'rotation'>> {
	const { state, reader, settings, log, readFailures } = poll;
	const left = poll.unresolved();
	if (left.length > reader.remaining() && left.length > poll.cost(recent, 0).extendReads) {
		return { sweep: { cursor: await sweep(state, recent, reader, settings, log, readFailures) } };
	}
	// GETs in rotation: a poll cut short (the cap, unreadable tasks) is continued by the next
	// one after the last task it tried, so no task waits behind others for good.
	const rotated = inRotation(left, state.checkedUpTo);
	const tried =
		rotated.length > 0 ? await readTasks(rotated, reader, settings, log, readFailures) : 0;
	if (tried === 0) return {};
	const [taskId, created] = rotated[tried - 1];
	return {
		rotation: { checkedUpTo: tried < rotated.length ? rotationKey(taskId, created) : undefined },
	};
}

/**
 * One poll's stretch of the sweep: the whole list, newest first, resumed below the stored
 * cursor (or, for a new round, read on from where the scan from the top stopped). Every tracked
 * task created inside the stretch that no page showed is read by GET, so the stretch is read
 * only as far as the remaining cap also pays for those GETs. Returns where the next poll
 * resumes; undefined when the round is done.
 */
async function sweep(
	state: TrackedState,
	recent: NewestFirstScan,
	reader: BudgetedReader,
	settings: Settings,
	log: SightingLog,
	readFailures: ReadFailure[],
): Promise<ScanCursor | undefined> {
	const stored = state.sweep;
	// The stored cursor lies below what the scan from the top covered: resume there.
	const resumes = stored !== undefined && !recent.reachedEnd && stored.below < recent.oldestCounted;
	let scan = recent;
	let stretchTop = Number.POSITIVE_INFINITY;
	if (resumes) {
		// Tasks created since moved it down by the growth of the list (deletions: the scan steps back).
		const grown = (recent.total ?? stored.total) - stored.total;
		scan = new NewestFirstScan(reader, settings.serverQuery, settings.pageLimit, {
			below: stored.below,
			position: Math.max(1, stored.position + grown),
		});
		stretchTop = stored.below;
	}
	// Newest first, so that each check walks only the stretch it is about (tens of thousands are tracked).
	const byNewest = [...state.inFlight.entries()].sort((a, b) => b[1] - a[1]);
	let stretchStart = 0;
	while (stretchStart < byNewest.length && byNewest[stretchStart][1] > stretchTop) stretchStart++;
	// Tracked tasks the stretch covered that no page showed: not listed any more.
	const missing = () => {
		const found: Array<[string, number]> = [];
		for (let i = stretchStart; i < byNewest.length && byNewest[i][1] > scan.oldestCounted; i++) {
			if (!log.has(byNewest[i][0])) found.push(byNewest[i]);
		}
		return found;
	};
	const pendingBelow = () => {
		for (let i = byNewest.length - 1; i >= 0 && byNewest[i][1] <= scan.oldestCounted; i--) {
			if (!log.has(byNewest[i][0])) return true;
		}
		return false;
	};
	while (
		!scan.reachedEnd &&
		(scan.reads === 0 || pendingBelow()) &&
		reader.remaining() > missing().length + 1 &&
		reader.canSend()
	) {
		log.record(await scan.readNext(), false);
	}
	const unlisted = inRotation(missing(), undefined);
	const tried = await readTasks(unlisted, reader, settings, log, readFailures);
	// A missing task the cap left untried keeps the cursor above it, so the next poll meets it
	// again; one whose read failed is tried again in the next round.
	const untried = unlisted.slice(tried);
	if ((scan.reachedEnd || !pendingBelow()) && untried.length === 0) return undefined;
	const reached = cursorOf(scan);
	if (!reached) return stored; // no read of this stretch counted: try again from the same place
	const highestUntried = Math.max(...untried.map(([, created]) => created), reached.below);
	return { ...reached, below: highestUntried };
}
