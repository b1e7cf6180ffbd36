/**
 * The trigger's saved state: its JSON shape in n8n's workflow static data, the check that a
 * loaded state is whole and sane, and its conversion to and from the Maps the logic works on.
 *
 * Task ids come from the server, so they are never used as keys of a plain object while the
 * logic runs (`obj['__proto__'] = …` changes the prototype instead of adding a key). They live
 * in Maps; `Object.fromEntries` and `Object.entries`, which define and read own properties, are
 * the only way across.
 */
import { isValidTaskId } from '../api/taskIds';

/** The format written; version 1 states (no sweep, no baseline in progress) are read as they are. */
export const STATE_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** Task id → created_at (epoch ms). */
export type TaskTimes = Record<string, number>;

/** Where a scan that spans polls resumes (see ResumePoint in listScan.ts). */
export interface ScanCursor {
	/** Every listed task created after this instant (epoch ms) was read by the earlier polls. */
	below: number;
	/** The list position (1-based) the last counted read reached. */
	position: number;
	/** total_results when it was reached: the list grew or shrank above it by the difference. */
	total: number;
}

/** A baseline that needs more than one poll: what the earlier polls of it found. */
export interface BaselineProgress {
	filterKey: string;
	/** The `now` of the poll that started it; becomes `baselineAt`. */
	startedAt: number;
	/** Server-clock lower bound from that poll's first page: becomes the watermark. */
	since: number;
	/** Counts the polls that committed progress: a poll commits only onto the step it started from. */
	step: number;
	/** Index into IN_FLIGHT_STATUSES of the list being read. */
	list: number;
	/** Where that list's reading resumes; absent: from the top. */
	cursor?: ScanCursor;
	/** Tasks seen in flight so far. */
	inFlight: TaskTimes;
	/** Final tasks of the first poll's window (the next scan meets them again). */
	retired: TaskTimes;
}

/**
 * Lives in n8n's workflow static data: JSON only, mutated in place by `commit`. An empty object
 * means "no baseline yet". Size: about 43 bytes per id in `inFlight` and `retired`.
 */
export interface CompletionState {
	/** Format version; see STATE_VERSION. */
	v?: number;
	/** The filters the lists were read with; other filters mean "take a new baseline". */
	filterKey?: string;
	/** When the baseline was committed (the `now` of that poll, epoch ms). Identifies the baseline. */
	baselineAt?: number;
	/** Server-clock lower bound (epoch ms) of the last committed full scan, never past the local clock plus CLOCK_ALLOWANCE. */
	watermark?: number;
	/** Tasks seen in flight, to emit when they finish: task id → created_at (epoch ms). */
	inFlight?: TaskTimes;
	/** Tasks emitted or settled silently that a scan may meet again: task id → created_at (epoch ms). */
	retired?: TaskTimes;
	/** Where the sweep of the whole list that checks many tracked tasks resumes. */
	sweep?: ScanCursor;
	/** When tracked tasks are checked one GET each over several polls: the last one checked ("created:id"). */
	checkedUpTo?: string;
	/** A baseline being taken over several polls (only while there is none). */
	baselining?: BaselineProgress;
}

/** The state as the logic sees it: checked, with Maps instead of objects. */
export interface TrackedState {
	filterKey: string;
	baselineAt: number;
	watermark: number;
	inFlight: Map<string, number>;
	retired: Map<string, number>;
	sweep?: ScanCursor;
	checkedUpTo?: string;
}

export type StateReading =
	| { kind: 'tracking'; state: TrackedState }
	| { kind: 'empty'; baselining?: BaselineProgress }
	| { kind: 'malformed'; problem: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function isCount(value: unknown): value is number {
	return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * A task-id → epoch-ms object as a Map; a string naming the first bad entry when it is not one.
 * `checkEntries: false` trusts the entries (this code wrote them, and the poll checked the state
 * it loaded): tens of thousands of them are read more than once per poll.
 */
export function readTaskTimes(
	value: unknown,
	field: string,
	checkEntries = true,
): Map<string, number> | string {
	if (!isPlainObject(value)) return `${field} is ${describe(value)}, not an object`;
	const entries = Object.entries(value) as Array<[string, number]>;
	if (checkEntries) {
		for (const [taskId, created] of entries) {
			if (!isValidTaskId(taskId)) return `${field} holds an invalid task id`;
			if (!isFiniteNumber(created)) return `${field} holds ${describe(created)} for task ${taskId}`;
		}
	}
	return new Map(entries);
}

export function writeTaskTimes(times: ReadonlyMap<string, number>): TaskTimes {
	return Object.fromEntries(times);
}

function readCursor(value: unknown): ScanCursor | undefined {
	if (!isPlainObject(value)) return undefined;
	const { below, position, total } = value;
	if (!isFiniteNumber(below) || !isCount(position) || !isCount(total)) return undefined;
	return { below, position, total };
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
	return `a ${typeof value}`;
}

function readBaselining(value: unknown, checkEntries: boolean): BaselineProgress | string {
	if (!isPlainObject(value)) return `baselining is ${describe(value)}`;
	const { filterKey, startedAt, since, step, list, cursor } = value;
	if (typeof filterKey !== 'string' || !isFiniteNumber(startedAt) || !isFiniteNumber(since))
		return 'baselining lacks its filters or times';
	if (!isCount(step) || !isCount(list) || list > 2) return 'baselining has an invalid step';
	if (cursor !== undefined && readCursor(cursor) === undefined)
		return 'baselining has an invalid cursor';
	for (const field of ['inFlight', 'retired'] as const) {
		if (!checkEntries && isPlainObject(value[field])) continue;
		const times = readTaskTimes(value[field], `baselining.${field}`);
		if (typeof times === 'string') return times;
	}
	return {
		filterKey,
		startedAt,
		since,
		step,
		list,
		cursor: readCursor(cursor),
		inFlight: value.inFlight as TaskTimes,
		retired: value.retired as TaskTimes,
	};
}

/**
 * Reads what n8n loaded: a baseline to track from, nothing yet (`{}`, or a baseline in
 * progress), or something malformed (any field of the wrong type, a bad entry, a version this
 * code does not know, a watermark ahead of the local clock) — which the caller replaces with a
 * fresh baseline rather than failing or going silent. `latestAllowed`: the poll's `now` plus
 * CLOCK_ALLOWANCE.
 */
export function readState(
	raw: unknown,
	latestAllowed: number,
	{ checkEntries = true }: { checkEntries?: boolean } = {},
): StateReading {
	if (!isPlainObject(raw)) return { kind: 'malformed', problem: `the state is ${describe(raw)}` };
	const { v, filterKey, baselineAt, watermark, baselining } = raw;
	const baselineFields = ['v', 'filterKey', 'baselineAt', 'watermark', 'inFlight', 'retired'];
	if (baselineFields.every((field) => raw[field] === undefined)) {
		if (baselining === undefined) return { kind: 'empty' };
		const progress = readBaselining(baselining, checkEntries);
		if (typeof progress === 'string') return { kind: 'malformed', problem: progress };
		return { kind: 'empty', baselining: progress };
	}
	if (typeof v !== 'number' || !READABLE_VERSIONS.includes(v))
		return { kind: 'malformed', problem: `unknown state version (${describe(v)})` };
	if (typeof filterKey !== 'string')
		return { kind: 'malformed', problem: `filterKey is ${describe(filterKey)}` };
	if (!isFiniteNumber(baselineAt))
		return { kind: 'malformed', problem: `baselineAt is ${describe(baselineAt)}` };
	if (!isFiniteNumber(watermark))
		return { kind: 'malformed', problem: `watermark is ${describe(watermark)}` };
	// Written by a version that let a future-dated task move it: it would hide newer tasks.
	if (watermark > latestAllowed)
		return { kind: 'malformed', problem: 'the watermark is ahead of the local clock' };
	const inFlight = readTaskTimes(raw.inFlight, 'inFlight', checkEntries);
	if (typeof inFlight === 'string') return { kind: 'malformed', problem: inFlight };
	const retired = readTaskTimes(raw.retired, 'retired', checkEntries);
	if (typeof retired === 'string') return { kind: 'malformed', problem: retired };
	if (raw.sweep !== undefined && readCursor(raw.sweep) === undefined)
		return { kind: 'malformed', problem: 'sweep is not a valid cursor' };
	if (raw.checkedUpTo !== undefined && typeof raw.checkedUpTo !== 'string')
		return { kind: 'malformed', problem: `checkedUpTo is ${describe(raw.checkedUpTo)}` };
	return {
		kind: 'tracking',
		state: {
			filterKey,
			baselineAt,
			watermark,
			inFlight,
			retired,
			sweep: readCursor(raw.sweep),
			checkedUpTo: raw.checkedUpTo as string | undefined,
		},
	};
}

/** The JSON to store for a tracked state. */
export function writeState(state: TrackedState): CompletionState {
	const json: CompletionState = {
		v: STATE_VERSION,
		filterKey: state.filterKey,
		baselineAt: state.baselineAt,
		watermark: state.watermark,
		inFlight: writeTaskTimes(state.inFlight),
		retired: writeTaskTimes(state.retired),
	};
	if (state.sweep) json.sweep = state.sweep;
	if (state.checkedUpTo !== undefined) json.checkedUpTo = state.checkedUpTo;
	return json;
}

/**
 * Makes `target` hold exactly `next`: n8n notices changes to static data through a proxy that
 * only wraps the objects it loaded, so fields are assigned (or deleted) at the top level, and
 * only when they changed.
 */
export function replaceState(target: CompletionState, next: CompletionState): void {
	const record = target as Record<string, unknown>;
	const wanted = next as Record<string, unknown>;
	for (const key of Object.keys(record)) {
		if (!Object.hasOwn(wanted, key)) delete record[key];
	}
	for (const [key, value] of Object.entries(wanted)) {
		if (!sameJson(record[key], value)) record[key] = value;
	}
}

/** Equality of two JSON values, key order aside; without building strings (maps hold tens of thousands of ids). */
function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const left = a as Record<string, unknown>;
	const right = b as Record<string, unknown>;
	const keys = Object.keys(right);
	if (Object.keys(left).length !== keys.length) return false;
	return keys.every((key) => Object.hasOwn(left, key) && sameJson(left[key], right[key]));
}
