/**
 * The trigger's batch events (Batch Completed, Canceled, Expired), exactly once. Pure: the
 * requests go through a BatchReader.
 *
 * An account has few batches at a time (at most 5 active), so the state is small: the batches
 * seen running (`tracked`), and the newest batch IDs seen in the list (`known`, newest first).
 * A poll reads the list from the top until it meets a known ID (a batch created and finished
 * between two polls is caught there), then reads each tracked batch once. A batch is emitted
 * when it is first seen final, and never again: it is then neither tracked nor new, and its ID
 * is kept in `emitted`. The state is committed by the caller only after the whole poll
 * succeeded (commitBatches, against the state as it is then: two overlapping polls emit a
 * batch once), so a failed poll loses nothing and emits nothing twice.
 */
import type { Batch, BatchListResponse, ListBatchesQuery } from '../api/batchTypes';
import { ACTIVE_BATCH_STATUSES, isFinalBatchStatus } from '../api/batchTypes';

export const BATCH_EVENTS = {
	batchCompleted: 'completed',
	batchCanceled: 'canceled',
	batchExpired: 'expired',
} as const;
export type BatchEvent = keyof typeof BATCH_EVENTS;

export const isBatchEvent = (event: string): event is BatchEvent => Object.hasOwn(BATCH_EVENTS, event);

export interface BatchState {
	v: 1;
	tracked: string[];
	known: string[];
	emitted: string[];
}

export interface BatchReader {
	list(query: ListBatchesQuery): Promise<BatchListResponse>;
	/** The batch, or undefined when it no longer exists (404). */
	get(batchId: string): Promise<Batch | undefined>;
}

/** Newest IDs remembered: far more than a poll's scan reads before it meets one of them. */
export const MAX_KNOWN = 200;
/** Pages of 50 a poll scans at most for new batches. */
export const MAX_SCAN_PAGES = 4;
/** Tracked batches read per poll at most (the rest wait for the next poll). */
export const MAX_TRACKED_READS = 25;
const PAGE_LIMIT = 50;

/** The state as saved, or undefined when it is missing or not a state (a new baseline then). */
export function readBatchState(raw: unknown): BatchState | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const { v, tracked, known, emitted } = raw as Record<string, unknown>;
	const ids = (value: unknown) => Array.isArray(value) && value.every((id) => typeof id === 'string');
	return v === 1 && ids(tracked) && ids(known) && ids(emitted) ? (raw as BatchState) : undefined;
}

const idOf = (batch: unknown): string | undefined => {
	const id = (batch as { batch_id?: unknown } | null)?.batch_id;
	return typeof id === 'string' && id !== '' ? id : undefined;
};

const matches = (batch: Batch, events: BatchEvent[]) =>
	events.some((event) => BATCH_EVENTS[event] === batch.status);

/** First poll: remember the newest batches and track those running; emit nothing. */
async function baseline(reader: BatchReader): Promise<BatchState> {
	const newest = await reader.list({ page: 1, page_limit: PAGE_LIMIT });
	const active = await reader.list({ page: 1, page_limit: PAGE_LIMIT, status: [...ACTIVE_BATCH_STATUSES] });
	const known = newest.data.map(idOf).filter((id): id is string => id !== undefined);
	const tracked = active.data.map(idOf).filter((id): id is string => id !== undefined);
	return { v: 1, tracked: [...new Set(tracked)], known: [...new Set(known)].slice(0, MAX_KNOWN), emitted: [] };
}

/** The batches created since the last poll, newest first: the list read until a known ID. */
async function newBatches(reader: BatchReader, known: Set<string>): Promise<Batch[]> {
	const found: Batch[] = [];
	const seen = new Set<string>();
	for (let page = 1; page <= MAX_SCAN_PAGES; page++) {
		const { data } = await reader.list({ page, page_limit: PAGE_LIMIT });
		for (const batch of data) {
			const id = idOf(batch);
			if (id === undefined || seen.has(id)) continue;
			if (known.has(id)) return found;
			seen.add(id);
			found.push(batch);
		}
		if (data.length < PAGE_LIMIT) break;
	}
	return found;
}

/**
 * One poll: the next state, and the batches to emit (final, with a status the events ask
 * for), in the order they were found. Throws when a read throws; nothing is then committed.
 */
export async function pollBatches(
	saved: BatchState | undefined,
	reader: BatchReader,
	events: BatchEvent[],
): Promise<{ next: BatchState; emit: Batch[] }> {
	if (saved === undefined) return { next: await baseline(reader), emit: [] };
	const emit: Batch[] = [];
	const tracked = new Set<string>();
	const fresh = await newBatches(reader, new Set(saved.known));
	for (const batch of fresh) {
		if (isFinalBatchStatus(batch.status)) {
			if (matches(batch, events)) emit.push(batch);
		} else tracked.add(batch.batch_id);
	}
	const freshIds = new Set(fresh.map((batch) => batch.batch_id));
	for (const [index, id] of saved.tracked.entries()) {
		// Found again among the new ones (tracked from the baseline's list of running batches).
		if (freshIds.has(id)) continue;
		// Over the cap: still tracked, read by a later poll.
		if (index >= MAX_TRACKED_READS) {
			tracked.add(id);
			continue;
		}
		const batch = await reader.get(id);
		if (batch === undefined) continue; // deleted: nothing to emit
		if (!isFinalBatchStatus(batch.status)) tracked.add(id);
		else if (matches(batch, events)) emit.push(batch);
	}
	const known = [...new Set([...freshIds, ...saved.known])].slice(0, MAX_KNOWN);
	const emitted = [...new Set([...emit.map((batch) => batch.batch_id), ...saved.emitted])].slice(0, MAX_KNOWN);
	return { next: { v: 1, tracked: [...tracked], known, emitted }, emit };
}

/**
 * The state to save and what to emit, judged against the state saved now (`current`): a batch
 * another poll emitted in the meantime is not emitted again; what either poll learned is kept.
 */
export function commitBatches(
	current: BatchState | undefined,
	polled: { next: BatchState; emit: Batch[] },
): { state: BatchState; emit: Batch[] } {
	if (current === undefined) return { state: polled.next, emit: polled.emit };
	const already = new Set(current.emitted);
	const emit = polled.emit.filter((batch) => !already.has(batch.batch_id));
	const emitted = new Set([...polled.next.emitted, ...current.emitted]);
	const merge = (a: string[], b: string[]) => [...new Set([...a, ...b])].slice(0, MAX_KNOWN);
	return {
		state: {
			v: 1,
			tracked: polled.next.tracked.filter((id) => !emitted.has(id)),
			known: merge(polled.next.known, current.known),
			emitted: merge(polled.next.emitted, current.emitted),
		},
		emit,
	};
}

/** Fetch Test Event: the newest final batch the events ask for, from the first page. */
export async function latestFinishedBatch(
	reader: BatchReader,
	events: BatchEvent[],
): Promise<Batch | undefined> {
	const { data } = await reader.list({ page: 1, page_limit: PAGE_LIMIT });
	return data.find((batch) => idOf(batch) !== undefined && isFinalBatchStatus(batch.status) && matches(batch, events));
}

/** The item a batch event becomes: the event's name, then the batch as the API gave it. */
export function batchEventItem(batch: Batch): Record<string, unknown> {
	const event = (Object.keys(BATCH_EVENTS) as BatchEvent[]).find((name) => BATCH_EVENTS[name] === batch.status);
	return { event, ...batch };
}
