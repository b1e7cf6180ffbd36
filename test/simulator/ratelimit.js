'use strict';
/**
 * Requests per minute and per day, counted in fixed windows of SIM time: a sped-up
 * clock gives proportionally more throughput, like a scaled-down world. Only requests
 * that pass auth count; rejected ones do not.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Reported as the limit when none is configured (headers are always sent). */
const UNLIMITED = 1_000_000;

class RateLimiter {
	constructor(config) {
		this.configure(config);
	}

	configure({ perMinute = null, perDay = null } = {}) {
		this.perMinute = perMinute || null;
		this.perDay = perDay || null;
		this.minute = { window: -1, used: 0 };
		this.day = { window: -1, used: 0 };
	}

	roll(now) {
		const minuteWindow = Math.floor(now / MINUTE);
		const dayWindow = Math.floor(now / DAY);
		if (this.minute.window !== minuteWindow) this.minute = { window: minuteWindow, used: 0 };
		if (this.day.window !== dayWindow) this.day = { window: dayWindow, used: 0 };
	}

	/**
	 * Counts one request. Returns {allowed: true} or {allowed: false, scope, limit,
	 * retryAfterSimMs, resetAt} (day exhaustion wins: it cannot be waited out quickly).
	 */
	hit(now) {
		this.roll(now);
		if (this.perDay && this.day.used >= this.perDay) {
			const resetAt = (this.day.window + 1) * DAY;
			return { allowed: false, scope: 'day', limit: this.perDay, retryAfterSimMs: resetAt - now, resetAt };
		}
		if (this.perMinute && this.minute.used >= this.perMinute) {
			const resetAt = (this.minute.window + 1) * MINUTE;
			return { allowed: false, scope: 'minute', limit: this.perMinute, retryAfterSimMs: resetAt - now, resetAt };
		}
		this.minute.used++;
		this.day.used++;
		return { allowed: true };
	}

	/** X-Ratelimit-* for the window closest to its limit (Reset in sim epoch seconds). */
	headers(now) {
		this.roll(now);
		const windows = [
			{ limit: this.perMinute ?? UNLIMITED, used: this.minute.used, reset: (this.minute.window + 1) * MINUTE },
		];
		if (this.perDay) windows.push({ limit: this.perDay, used: this.day.used, reset: (this.day.window + 1) * DAY });
		const tightest = windows.reduce((a, b) => (b.limit - b.used < a.limit - a.used ? b : a));
		return {
			'X-Ratelimit-Limit': String(tightest.limit),
			'X-Ratelimit-Remaining': String(Math.max(0, tightest.limit - tightest.used)),
			'X-Ratelimit-Used': String(tightest.used),
			'X-Ratelimit-Reset': String(Math.ceil(tightest.reset / 1000)),
		};
	}
}

module.exports = { RateLimiter, UNLIMITED };
