'use strict';
/**
 * The request log and its counters. Entries never hold the API key, only whether auth
 * passed. Counters are kept separately so they stay exact when old entries are dropped.
 */
/**
 * One request as the simulator saw it.
 * @typedef {object} RequestLogEntry
 * @property {number} time Sim epoch ms when the request arrived.
 * @property {string} method
 * @property {string} path
 * @property {string} route Route pattern, e.g. '/analyze/tasks/:id', or 'other'.
 * @property {Record<string, string>} query
 * @property {unknown} body The parsed JSON request body (null when none or not JSON); strings over 64 KiB are replaced by a placeholder.
 * @property {number | null} status Status sent (or that would have been sent when dropped after processing); null when dropped before.
 * @property {string | null} idempotencyKey
 * @property {boolean | null} authValid null when the request never reached auth (fault before processing).
 * @property {boolean} dropped
 * @property {'drop' | 'error' | 'rate429' | 'html' | 'malformed' | 'dropAfterProcess' | 'dropMidBody' | 'latency' | null} fault
 */

/**
 * Counters over every request since the last reset (exact even when old entries are dropped).
 * @typedef {object} SimCounts
 * @property {number} requests
 * @property {Record<string, number>} byRoute Keyed by "METHOD route", e.g. "GET /analyze/tasks/:id".
 * @property {Record<string, number>} byStatus Keyed by status code, or "dropped".
 * @property {number} rateLimited Number of 429 responses (rate limit and injected).
 * @property {number} dropped
 * @property {Record<string, number>} faults
 */

class RequestLog {
	constructor(limit = 100_000) {
		this.limit = limit;
		this.clear();
	}

	clear() {
		this.entries = [];
		this.totals = { requests: 0, byRoute: {}, byStatus: {}, rateLimited: 0, dropped: 0, faults: {} };
	}

	add(entry) {
		this.entries.push(entry);
		// Trim in chunks: cheaper than shifting one entry per request.
		if (this.entries.length > this.limit * 1.1) this.entries.splice(0, this.entries.length - this.limit);
		const t = this.totals;
		t.requests++;
		const route = `${entry.method} ${entry.route}`;
		t.byRoute[route] = (t.byRoute[route] ?? 0) + 1;
		const status = entry.dropped ? 'dropped' : String(entry.status);
		t.byStatus[status] = (t.byStatus[status] ?? 0) + 1;
		if (entry.status === 429 && !entry.dropped) t.rateLimited++;
		if (entry.dropped) t.dropped++;
		if (entry.fault) t.faults[entry.fault] = (t.faults[entry.fault] ?? 0) + 1;
	}

	/** @returns {RequestLogEntry[]} */
	list() {
		return this.entries.map((e) => ({ ...e, query: { ...e.query }, body: structuredClone(e.body) }));
	}

	/** @returns {SimCounts} */
	counts() {
		const t = this.totals;
		return { ...t, byRoute: { ...t.byRoute }, byStatus: { ...t.byStatus }, faults: { ...t.faults } };
	}
}

module.exports = { RequestLog };
