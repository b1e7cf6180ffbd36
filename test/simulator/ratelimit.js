'use strict';
/**
 * Requests per minute and per day, per endpoint category, counted in fixed windows of SIM time: a sped-up
 * clock gives proportionally more throughput, like a scaled-down world. Only requests
 * that pass auth count; rejected ones do not.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Reported as the limit when none is configured (headers are always sent). */
const UNLIMITED = 1_000_000;

/**
 * Rate limits (the `rateLimit` option); null or absent means unlimited.
 * @typedef {object} RateLimitConfig
 * @property {number | null} [perMinute] Per category: create and the reads (list, retrieve, delete) are counted apart.
 * @property {number | null} [perDay]
 * @property {{ perMinute?: number | null; perDay?: number | null }} [create] Limits of create alone (default: perMinute/perDay).
 */

/** One category's counters: requests per minute and per day. */
class Windows {
	constructor({ perMinute = null, perDay = null } = {}) {
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

/**
 * The reference's rate limits are per endpoint: creating a task (which processes video and
 * generates tokens) is counted apart from the reads (list, retrieve, delete). `perMinute` and
 * `perDay` apply to each category; `create: {perMinute, perDay}` gives create its own.
 */
class RateLimiter {
	/** @param {RateLimitConfig} [config] */
	constructor(config) {
		this.configure(config);
	}

	/** @param {RateLimitConfig} [config] */
	configure({ perMinute = null, perDay = null, create } = {}) {
		this.categories = {
			create: new Windows(create ?? { perMinute, perDay }),
			read: new Windows({ perMinute, perDay }),
		};
	}

	/**
	 * Counts one request of a category ('create' or 'read'). Returns {allowed: true} or
	 * {allowed: false, scope, limit, retryAfterSimMs, resetAt} (day exhaustion wins).
	 */
	hit(now, category = 'read') {
		return this.categories[category].hit(now);
	}

	/** X-Ratelimit-* of the category, for the window closest to its limit (Reset in sim epoch seconds). */
	headers(now, category = 'read') {
		return this.categories[category].headers(now);
	}
}

module.exports = { RateLimiter, UNLIMITED };
