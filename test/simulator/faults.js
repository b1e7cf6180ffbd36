'use strict';
/**
 * Seeded, replayable fault injection for API routes (never control routes).
 * Every request draws the same number of random values whatever happens, so a seed
 * gives the same fault sequence for the same request sequence. failNext() queues
 * exact faults for precise tests and does not shift the random sequence.
 */
const { mulberry32, hashString } = require('./prng');

/**
 * Seeded faults on a fraction of requests (Simulator.setFaults, the `faults` option).
 * @typedef {object} FaultConfig
 * @property {number} [seed] Seed of the fault sequence (defaults to the simulator seed).
 * @property {number} [errorRate] Fraction of requests answered 500/502/503 with an API-shaped body, before processing.
 * @property {number} [dropRate] Fraction of requests whose socket is destroyed before processing.
 * @property {number} [dropAfterProcessRate] Fraction of requests processed (e.g. task created) whose response is then lost.
 * @property {{ rate: number; ms: number }} [latency] Extra real-time delay on a fraction of requests.
 * @property {{ every: number; length?: number; retryAfterMs?: number }} [burst429] Of every `every` requests, the last `length` are 429 with Retry-After (real ms).
 * @property {number} [htmlErrorRate] Fraction of requests answered 502 with an HTML proxy page.
 * @property {number} [malformedRate] Fraction of requests answered 200 with a body that is not valid JSON or lacks fields (not processed).
 * @property {number} [streamCutRate] Fraction of batch results requests whose stream is cut mid-line (after a seeded number of whole lines).
 * @property {number} [itemFailureRate] Fraction of the items of each new batch that fail (seeded, drawn per item at creation).
 */

/**
 * One exact fault for failNext(); method/pathPrefix restrict which request takes it.
 * @typedef {object} FaultSpec
 * @property {number} [status]
 * @property {number} [retryAfterMs] For status 429: real ms sent as Retry-After (ceil seconds) and X-Sim-Retry-After-Ms.
 * @property {string} [code]
 * @property {string} [message]
 * @property {boolean} [drop]
 * @property {boolean} [dropAfterProcess]
 * @property {boolean} [html]
 * @property {boolean} [malformed]
 * @property {'invalid_json' | 'missing_fields'} [variant]
 * @property {number} [latencyMs] Real ms of extra latency (alone or with another fault).
 * @property {boolean} [dropMidBody] The connection drops after part of the request body was read (streamed routes: asset create, chunk PUT).
 * @property {number} [afterBytes] With dropMidBody: bytes read before the drop (default half the Content-Length, at least 1).
 * @property {boolean} [cutStream] A batch results stream sends afterLines whole lines, then part of the next one, then the connection is destroyed.
 * @property {number} [afterLines] With cutStream: whole lines before the cut (default half of them).
 * @property {string} [method]
 * @property {string} [pathPrefix] e.g. '/analyze/tasks', '/assets' or '/_storage/multipart' (the /v1.3 prefix is optional).
 */

const ERROR_STATUSES = [500, 502, 503];
const DRAWS_PER_REQUEST = 8;

function normalizeFaults(config = {}) {
	return {
		seed: config.seed,
		errorRate: config.errorRate ?? 0,
		dropRate: config.dropRate ?? 0,
		dropAfterProcessRate: config.dropAfterProcessRate ?? 0,
		latency: { rate: config.latency?.rate ?? 0, ms: config.latency?.ms ?? 0 },
		burst429: config.burst429 && config.burst429.every > 0
			? { every: config.burst429.every, length: Math.min(config.burst429.length ?? 1, config.burst429.every), retryAfterMs: config.burst429.retryAfterMs ?? 1000 }
			: null,
		htmlErrorRate: config.htmlErrorRate ?? 0,
		malformedRate: config.malformedRate ?? 0,
		streamCutRate: config.streamCutRate ?? 0,
		itemFailureRate: config.itemFailureRate ?? 0,
	};
}

const stripVersion = (path) => path.replace(/^\/v1\.3(?=\/|$)/, '') || '/';

/**
 * A plan for one request:
 *   {kind, before: null | {type: 'drop'|'error'|'rate429'|'html'|'malformed', ...}, latencyMs, dropAfterProcess,
 *    midBody: null | {afterBytes}, cutStream: null | {afterLines?, fraction?}} (midBody: the connection drops after part
 *    of the body was read; cutStream: a results stream is cut mid-line)
 * kind names the fault for the request log (null when none).
 */
function planFromSpec(spec) {
	const plan = { kind: null, before: null, latencyMs: spec.latencyMs ?? spec.delayMs ?? 0, dropAfterProcess: false, midBody: null, cutStream: null, source: 'failNext' };
	if (spec.drop) plan.before = { type: 'drop' };
	else if (spec.dropMidBody) plan.midBody = { afterBytes: spec.afterBytes };
	else if (spec.dropAfterProcess) plan.dropAfterProcess = true;
	else if (spec.cutStream) plan.cutStream = { afterLines: spec.afterLines };
	else if (spec.html) plan.before = { type: 'html', status: spec.status ?? 502 };
	else if (spec.malformed) plan.before = { type: 'malformed', variant: spec.variant ?? 'invalid_json' };
	else if (spec.status === 429) plan.before = { type: 'rate429', retryAfterMs: spec.retryAfterMs ?? 1000 };
	else if (spec.status) plan.before = { type: 'error', status: spec.status, code: spec.code, message: spec.message };
	plan.kind = kindOf(plan);
	return plan;
}

/** The name of a plan's fault in the request log (null when none). */
function kindOf(plan) {
	if (plan.before) return plan.before.type;
	if (plan.midBody) return 'dropMidBody';
	if (plan.cutStream) return 'cutStream';
	if (plan.dropAfterProcess) return 'dropAfterProcess';
	return plan.latencyMs ? 'latency' : null;
}

const RESULTS_PATH = /^\/analyze\/batches\/[^/]+\/results\/?$/;

class FaultInjector {
	constructor(defaultSeed) {
		this.defaultSeed = defaultSeed;
		this.queue = [];
		this.configure({});
	}

	/** Replaces the random fault configuration and restarts its sequence. */
	configure(config) {
		this.config = normalizeFaults(config);
		const seed = this.config.seed ?? this.defaultSeed;
		this.rng = mulberry32(hashString(`faults:${seed}`));
		// Own sequences, so the batch faults leave the draws of the older ones unchanged.
		this.streamRng = mulberry32(hashString(`faults-stream:${seed}`));
		this.itemRng = mulberry32(hashString(`faults-items:${seed}`));
		this.requestIndex = 0;
	}

	clear() {
		this.queue = [];
		this.configure({});
	}

	/** Queues n exact faults; spec may carry a filter {method, pathPrefix}. */
	failNext(n, spec) {
		for (let i = 0; i < n; i++) this.queue.push({ ...spec });
	}

	takeQueued(method, path) {
		const index = this.queue.findIndex((spec) =>
			(!spec.method || spec.method.toUpperCase() === method)
			&& (!spec.pathPrefix || stripVersion(path).startsWith(stripVersion(spec.pathPrefix))));
		return index < 0 ? undefined : this.queue.splice(index, 1)[0];
	}

	decide(method, path) {
		const d = Array.from({ length: DRAWS_PER_REQUEST }, () => this.rng());
		const cut = [this.streamRng(), this.streamRng()];
		const index = this.requestIndex++;
		const queued = this.takeQueued(method, path);
		if (queued) return planFromSpec(queued);
		const c = this.config;
		const plan = { kind: null, before: null, latencyMs: 0, dropAfterProcess: false, midBody: null, cutStream: null, source: 'random' };
		if (d[0] < c.latency.rate) plan.latencyMs = c.latency.ms;
		if (c.burst429 && index % c.burst429.every >= c.burst429.every - c.burst429.length) {
			plan.before = { type: 'rate429', retryAfterMs: c.burst429.retryAfterMs };
		} else if (d[1] < c.dropRate) plan.before = { type: 'drop' };
		else if (d[2] < c.errorRate) plan.before = { type: 'error', status: ERROR_STATUSES[Math.floor(d[3] * ERROR_STATUSES.length)] };
		else if (d[4] < c.htmlErrorRate) plan.before = { type: 'html', status: 502 };
		else if (d[5] < c.malformedRate) plan.before = { type: 'malformed', variant: d[6] < 0.5 ? 'invalid_json' : 'missing_fields' };
		else if (d[7] < c.dropAfterProcessRate) plan.dropAfterProcess = true;
		else if (cut[0] < c.streamCutRate && RESULTS_PATH.test(stripVersion(path))) plan.cutStream = { fraction: cut[1] };
		plan.kind = kindOf(plan);
		return plan;
	}

	/** Whether the next item of a new batch fails (itemFailureRate; one draw per item). */
	itemFails() {
		return this.itemRng() < this.config.itemFailureRate;
	}
}

module.exports = { FaultInjector, normalizeFaults, stripVersion };
