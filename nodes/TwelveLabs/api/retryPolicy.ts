/**
 * The one retry policy of the package, as a pure decision: given what went wrong with an
 * attempt, retry after how long, or give up and why. The transport applies it to every
 * request (declarative operations, Create and Wait, the trigger).
 */

export interface RetryLimits {
	/** Total attempts, the first one included. */
	maxAttempts: number;
	/**
	 * Attempts when the API keeps answering 429 with a Retry-After: waiting is what it asked
	 * for, so these are bounded mostly by time, and by this count against a zero Retry-After.
	 */
	maxRateLimitedAttempts: number;
	/** No retry starts after this much time spent on one request. */
	maxElapsedMs: number;
	/** A 429 asking to wait longer than this cannot be waited out inside the run. */
	maxRetryAfterMs: number;
	baseBackoffMs: number;
	maxBackoffMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = {
	maxAttempts: 5,
	maxRateLimitedAttempts: 20,
	maxElapsedMs: 120_000,
	maxRetryAfterMs: 65_000,
	baseBackoffMs: 500,
	maxBackoffMs: 8_000,
};

export type AttemptFailure =
	| { kind: 'status'; statusCode: number; retryAfterMs?: number }
	/** `linesRead`: a JSON-lines answer cut off after that many whole lines (transport.ts). */
	| { kind: 'network'; code?: string; linesRead?: number }
	/** No answer within the request's timeout: not repeated, the server is likely to stall again. */
	| { kind: 'timeout'; timeoutMs: number };

/**
 * Bounds of a server's Retry-After. A zero, negative or past value means no usable delay (the
 * exponential backoff applies instead, so retries cannot spin); a tiny one is raised to the
 * minimum (the simulator's sped-up clock sends fractions of a second); a huge one (a quota
 * resetting beyond any run, or a 20-digit number) is lowered to a day.
 */
export const MIN_RETRY_AFTER_MS = 50;
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export interface RetryContext {
	/** 1 for the first attempt. */
	attempt: number;
	/**
	 * Attempts so far that failed other than by a 429 with Retry-After (this one included):
	 * what maxAttempts bounds. Waiting out a rate limit is not a failed attempt, so a burst of
	 * 429s must not use up the retries of a later 503. Default: `attempt`.
	 */
	failedAttempts?: number;
	elapsedMs: number;
	method: string;
	/** A create carrying an Idempotency-Key is safe to repeat: the API returns the same task. */
	idempotent: boolean;
	/** A number in [0, 1) for jitter; injected so tests are deterministic. */
	random: number;
	limits: RetryLimits;
	/** Time left before the caller's deadline (Wait Timeout, poll budget); no retry sleeps past it. */
	remainingMs?: number;
}

export type RetryDecision =
	| { retry: true; delayMs: number; reason: string }
	| { retry: false; reason: string };

const RETRYABLE_STATUS = new Set([408, 425, 500, 502, 503, 504]);

export function isSafeToRepeat(method: string, idempotent: boolean): boolean {
	const verb = method.toUpperCase();
	return verb === 'GET' || verb === 'DELETE' || verb === 'HEAD' || idempotent;
}

/** Exponential backoff with full jitter: spreads retries of many items apart. */
export function backoffMs(attempt: number, random: number, limits: RetryLimits): number {
	const ceiling = Math.min(limits.maxBackoffMs, limits.baseBackoffMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export function decideRetry(failure: AttemptFailure, context: RetryContext): RetryDecision {
	const { attempt, elapsedMs, limits } = context;
	if (failure.kind === 'timeout') {
		return { retry: false, reason: `no answer within ${Math.ceil(failure.timeoutMs / 1000)} s` };
	}
	if (failure.kind === 'status' && failure.statusCode === 429) {
		const waitMs = failure.retryAfterMs ?? backoffMs(attempt, context.random, limits);
		if (waitMs > limits.maxRetryAfterMs) {
			return { retry: false, reason: 'the rate limit resets later than this run can wait' };
		}
		// Waiting out a Retry-After is what the API asked for, not a failed attempt: a run of
		// 429s (a burst, a busy minute) has its own, larger bound.
		if (failure.retryAfterMs !== undefined && attempt >= limits.maxRateLimitedAttempts) {
			return { retry: false, reason: `gave up after ${attempt} attempts` };
		}
		return withinBudget(waitMs, context, 'rate limited', failure.retryAfterMs === undefined);
	}
	const transient =
		failure.kind === 'network' ||
		(failure.kind === 'status' && RETRYABLE_STATUS.has(failure.statusCode));
	if (!transient) return { retry: false, reason: 'the error is not transient' };
	if (!isSafeToRepeat(context.method, context.idempotent)) {
		return { retry: false, reason: 'repeating this request could create a duplicate' };
	}
	const failed = context.failedAttempts ?? attempt;
	return withinBudget(backoffMs(failed, context.random, limits), context, 'transient failure');

	function withinBudget(
		delayMs: number,
		ctx: RetryContext,
		reason: string,
		countsAsAttempt = true,
	): RetryDecision {
		if (countsAsAttempt && (ctx.failedAttempts ?? attempt) >= limits.maxAttempts) {
			return { retry: false, reason: `gave up after ${attempt} attempts` };
		}
		if (ctx.elapsedMs + delayMs > limits.maxElapsedMs) {
			return { retry: false, reason: `gave up after ${Math.round(elapsedMs / 1000)} s of retries` };
		}
		if (ctx.remainingMs !== undefined && delayMs >= ctx.remainingMs) {
			return { retry: false, reason: 'the time left for this run is used up' };
		}
		return { retry: true, delayMs, reason };
	}
}

function clampRetryAfter(ms: number): number | undefined {
	if (!(ms > 0)) return undefined;
	return Math.min(Math.max(ms, MIN_RETRY_AFTER_MS), MAX_RETRY_AFTER_MS);
}

/**
 * Reads `Retry-After` (seconds, possibly fractional, or an HTTP date) into milliseconds,
 * clamped to [MIN_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS]; undefined when not positive. Falls back to `X-Ratelimit-Reset`
 * (epoch seconds) when only that is given.
 */
export function retryAfterMsFrom(
	headers: Record<string, unknown> | undefined,
	nowMs: number,
): number | undefined {
	if (!headers) return undefined;
	const header = (name: string) => {
		const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
		const value = key === undefined ? undefined : headers[key];
		return Array.isArray(value)
			? String(value[0])
			: value === undefined
				? undefined
				: String(value);
	};
	const retryAfter = header('retry-after');
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		if (!Number.isNaN(seconds)) return clampRetryAfter(Math.round(seconds * 1000));
		const date = Date.parse(retryAfter);
		if (Number.isFinite(date)) return clampRetryAfter(date - nowMs);
	}
	const reset = Number(header('x-ratelimit-reset'));
	if (Number.isFinite(reset) && reset > 0) return clampRetryAfter(reset * 1000 - nowMs);
	return undefined;
}
