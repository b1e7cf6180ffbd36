'use strict';
/**
 * The request log and its counters. Entries never hold the API key, only whether auth
 * passed. Counters are kept separately so they stay exact when old entries are dropped.
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

	list() {
		return this.entries.map((e) => ({ ...e, query: { ...e.query }, body: structuredClone(e.body) }));
	}

	counts() {
		const t = this.totals;
		return { ...t, byRoute: { ...t.byRoute }, byStatus: { ...t.byStatus }, faults: { ...t.faults } };
	}
}

module.exports = { RequestLog };
