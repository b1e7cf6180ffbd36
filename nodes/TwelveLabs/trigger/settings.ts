/** The trigger's tunables and the settings one poll runs with, resolved from its options. */
import type { AnalysisMode, ListTasksQuery } from '../api/types';
import { MAX_PAGE_LIMIT } from '../api/types';
import { isNotFound } from '../api/errors';

export type FinalStatus = 'ready' | 'failed' | 'canceled';

export const ALL_EVENTS: readonly FinalStatus[] = ['ready', 'failed', 'canceled'];

/**
 * How far below the watermark each scan re-reads: absorbs equal timestamps, clock skew between
 * API servers and the lag between a task's created_at and its appearance in the list. A task is
 * assumed to be listed within this long after its created_at.
 */
export const DEFAULT_OVERLAP_MS = 60_000;

/**
 * How far past the local clock (the poll's `now`) the watermark may go. The watermark is read
 * from server timestamps, and one task dated in the future (a skewed server, a bad record)
 * would otherwise lift it past every newer task, for good. Capping it lower is always safe: the
 * next scans only re-read more. But a capped watermark may still stand above the server's real
 * clock by this allowance plus the local clock's own error, and the overlap must absorb that as
 * well as the listing lag: a quarter of the overlap tolerates a server clock up to 15 s ahead
 * without extra reads, and leaves 45 s of the overlap for lag.
 */
export function clockAllowanceMs(overlapMs: number): number {
	return Math.floor(overlapMs / 4);
}

/**
 * Requests one poll's tracking (list reads and GETs) may make, whatever the number of tracked
 * tasks: work beyond it is resumed by the next polls (see observe.ts). n8n's poll budget, when
 * it gives one, can end a poll sooner.
 */
export const DEFAULT_MAX_REQUESTS = 100;

/** A poll's GETs that fail in a row (other than a 404) before it stops asking: the API is likely down. */
export const MAX_READ_FAILURES_IN_A_ROW = 3;

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

export interface PollOptions {
	/** Epoch ms when the poll starts (local clock): identifies a baseline, and caps the watermark (see clockAllowanceMs). */
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

export interface Settings {
	filterKey: string;
	serverQuery: ListTasksQuery;
	customIdPrefix: string | undefined;
	events: readonly string[];
	pageLimit: number;
	overlapMs: number;
	/** The highest watermark this poll may keep: `now` plus the clock allowance. */
	latestWatermark: number;
	isNotFound: (error: unknown) => boolean;
}

function nonEmpty(value: string | undefined): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function resolveSettings(options: Partial<PollOptions>): Settings {
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
	const overlapMs = Math.max(options.overlapMs ?? DEFAULT_OVERLAP_MS, 0);
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
		overlapMs,
		latestWatermark: (options.now ?? Number.POSITIVE_INFINITY) + clockAllowanceMs(overlapMs),
		isNotFound: options.isNotFound ?? isNotFound,
	};
}

/** The key `observe` compares with `state.filterKey` for these filters. */
export function filterKeyOf(filters: TriggerFilters | undefined): string {
	return resolveSettings({ filters }).filterKey;
}
