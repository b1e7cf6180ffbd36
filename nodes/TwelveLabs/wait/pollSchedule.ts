/**
 * When to look again at the tasks being waited for. Pure: no clock, no sleeping.
 *
 * The interval starts short, grows by `growthFactor` per round up to `maxIntervalMs`, and
 * never exceeds `maxLagRatio` × the time elapsed since the batch started. That second bound
 * is what keeps the wall time close to the slowest task: a task finishing right after a
 * look is noticed at most `maxLagRatio` × its age later (×1.5 growth alone lets that lag
 * reach 50 % of the elapsed time before the cap is reached).
 */

/** Create and Wait's Wait Timeout when the user sets none (the form shows it in seconds). */
export const DEFAULT_WAIT_TIMEOUT_MS = 1_800_000;
export const DEFAULT_INITIAL_INTERVAL_MS = 2_000;
export const DEFAULT_MAX_INTERVAL_MS = 30_000;
export const DEFAULT_GROWTH_FACTOR = 1.5;
export const DEFAULT_MAX_LAG_RATIO = 0.2;

export interface PollScheduleOptions {
	/** First interval, and the floor of every later one. */
	initialIntervalMs: number;
	/** Cap on the interval. */
	maxIntervalMs: number;
	/** Largest growth from one interval to the next (default 1.5). */
	growthFactor?: number;
	/** Largest interval as a fraction of the elapsed time (default 0.2). */
	maxLagRatio?: number;
}

function positiveOr(value: number | undefined, fallback: number): number {
	return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(Math.max(value, min), max);
}

/**
 * The interval to wait after a round.
 * @param previousIntervalMs the interval used before the previous round; undefined after the first round
 * @param elapsedMs time since the batch started (task creation included, when known)
 */
export function nextIntervalMs(
	previousIntervalMs: number | undefined,
	elapsedMs: number,
	options: PollScheduleOptions,
): number {
	const initial = positiveOr(options.initialIntervalMs, DEFAULT_INITIAL_INTERVAL_MS);
	const cap = Math.max(initial, positiveOr(options.maxIntervalMs, DEFAULT_MAX_INTERVAL_MS));
	if (previousIntervalMs === undefined) return initial;

	const grown =
		previousIntervalMs * Math.max(1, positiveOr(options.growthFactor, DEFAULT_GROWTH_FACTOR));
	const lagBound = Math.max(0, elapsedMs) * positiveOr(options.maxLagRatio, DEFAULT_MAX_LAG_RATIO);
	return clamp(Math.min(grown, lagBound), initial, cap);
}

/**
 * How long to sleep before the next round: the interval, or longer when the API asked to
 * slow down (Retry-After), but never past the deadline. The deadline wins over Retry-After:
 * the caller decides what to do when the API is still closed at the deadline.
 */
export function sleepBeforeNextRoundMs(input: {
	intervalMs: number;
	nowMs: number;
	deadlineMs: number;
	retryAfterMs?: number;
}): number {
	const wanted = Math.max(input.intervalMs, input.retryAfterMs ?? 0);
	return Math.max(0, Math.min(wanted, input.deadlineMs - input.nowMs));
}
