import {
	backoffMs,
	decideRetry,
	DEFAULT_RETRY_LIMITS,
	retryAfterMsFrom,
	type RetryContext,
} from '../../../nodes/TwelveLabs/api/retryPolicy';

const context = (overrides: Partial<RetryContext> = {}): RetryContext => ({
	attempt: 1,
	elapsedMs: 0,
	method: 'GET',
	idempotent: false,
	random: 0.5,
	limits: DEFAULT_RETRY_LIMITS,
	...overrides,
});

describe('decideRetry', () => {
	it('waits for Retry-After on 429, for any method', () => {
		expect(
			decideRetry(
				{ kind: 'status', statusCode: 429, retryAfterMs: 7000 },
				context({ method: 'POST' }),
			),
		).toEqual({
			retry: true,
			delayMs: 7000,
			reason: 'rate limited',
		});
	});

	it('fails at once on a 429 that resets later than the run can wait (a daily quota)', () => {
		const decision = decideRetry(
			{ kind: 'status', statusCode: 429, retryAfterMs: 3_600_000 },
			context(),
		);
		expect(decision).toEqual({
			retry: false,
			reason: 'the rate limit resets later than this run can wait',
		});
	});

	it.each([500, 502, 503, 504, 408])('retries %s for reads and deletes', (statusCode) => {
		expect(decideRetry({ kind: 'status', statusCode }, context()).retry).toBe(true);
		expect(decideRetry({ kind: 'status', statusCode }, context({ method: 'DELETE' })).retry).toBe(
			true,
		);
	});

	it('retries a create only when it carries an Idempotency-Key', () => {
		expect(
			decideRetry({ kind: 'network', code: 'ECONNRESET' }, context({ method: 'POST' })),
		).toEqual({
			retry: false,
			reason: 'repeating this request could create a duplicate',
		});
		expect(
			decideRetry(
				{ kind: 'network', code: 'ECONNRESET' },
				context({ method: 'POST', idempotent: true }),
			).retry,
		).toBe(true);
	});

	it.each([400, 401, 403, 404, 409, 422])('never retries %s', (statusCode) => {
		expect(decideRetry({ kind: 'status', statusCode }, context())).toEqual({
			retry: false,
			reason: 'the error is not transient',
		});
	});

	it('is bounded in attempts and in time', () => {
		expect(decideRetry({ kind: 'status', statusCode: 503 }, context({ attempt: 5 }))).toEqual({
			retry: false,
			reason: 'gave up after 5 attempts',
		});
		const late = decideRetry(
			{ kind: 'status', statusCode: 503 },
			context({ attempt: 2, elapsedMs: 119_900 }),
		);
		expect(late.retry).toBe(false);
	});
});

describe('backoffMs', () => {
	it('grows exponentially with jitter, up to the cap', () => {
		expect(backoffMs(1, 0, DEFAULT_RETRY_LIMITS)).toBe(250);
		expect(backoffMs(1, 0.999, DEFAULT_RETRY_LIMITS)).toBe(500);
		expect(backoffMs(3, 0, DEFAULT_RETRY_LIMITS)).toBe(1000);
		expect(backoffMs(10, 1, DEFAULT_RETRY_LIMITS)).toBe(8000);
	});
});

describe('retryAfterMsFrom', () => {
	const now = Date.UTC(2026, 10, 28, 12, 0, 0);
	it('reads seconds, fractions of seconds and HTTP dates', () => {
		expect(retryAfterMsFrom({ 'retry-after': '12' }, now)).toBe(12_000);
		expect(retryAfterMsFrom({ 'Retry-After': '0.25' }, now)).toBe(250);
		expect(retryAfterMsFrom({ 'retry-after': new Date(now + 30_000).toUTCString() }, now)).toBe(
			30_000,
		);
	});
	it('falls back to X-Ratelimit-Reset, and to nothing', () => {
		expect(retryAfterMsFrom({ 'x-ratelimit-reset': String(now / 1000 + 90) }, now)).toBe(90_000);
		expect(retryAfterMsFrom({}, now)).toBeUndefined();
	});
});

describe('rate-limited attempts', () => {
	it('do not use up the retries of a later transient failure', () => {
		// Attempt 6, after three 429s with Retry-After and two 503s: the third 503 is retried.
		const decision = decideRetry(
			{ kind: 'status', statusCode: 503 },
			context({ attempt: 6, failedAttempts: 3 }),
		);
		expect(decision.retry).toBe(true);
		expect(
			decideRetry({ kind: 'status', statusCode: 503 }, context({ attempt: 8, failedAttempts: 5 })),
		).toEqual({ retry: false, reason: 'gave up after 8 attempts' });
	});

	it('keeps waiting out Retry-After past the transient-attempt bound, up to its own bound', () => {
		const limited = { kind: 'status', statusCode: 429, retryAfterMs: 1000 } as const;
		expect(decideRetry(limited, context({ attempt: 5 })).retry).toBe(true);
		expect(decideRetry(limited, context({ attempt: 20 }))).toEqual({
			retry: false,
			reason: 'gave up after 20 attempts',
		});
		expect(decideRetry({ kind: 'status', statusCode: 429 }, context({ attempt: 5 })).retry).toBe(
			false,
		);
	});
});
