'use strict';
/**
 * The simulator's state and its JavaScript control surface. HTTP lives in server.js;
 * the API operations in api.js. Everything random is derived from options.seed.
 */
const { SimClock } = require('./clock');
const { ErrorShaper, ApiError, invalid } = require('./errors');
const { RateLimiter } = require('./ratelimit');
const { FaultInjector } = require('./faults');
const { RequestLog } = require('./log');
const { validateCreateBody } = require('./validate');
const { buildResult } = require('./results');
const { rngFor } = require('./prng');
const tasks = require('./tasks');
const { SparseShaper } = require('./sparse');
const assetModel = require('./assets');
const batchModel = require('./batches');
const { WebhookDispatcher, DEFAULT_DELIVERY, checkWebhooksOption, redactWebhooksOption } = require('./webhooks');

/** @typedef {import('./tasks').SimTaskStatus} SimTaskStatus */
/** @typedef {import('./tasks').SimFinalStatus} SimFinalStatus */
/** @typedef {import('./assets').SimAssetStatus} SimAssetStatus */
/** @typedef {import('./assets').UploadOptions} UploadOptions */
/** @typedef {import('./batches').BatchOptions} BatchOptions */
/** @typedef {import('./batches').SimBatchStatus} SimBatchStatus */
/** @typedef {import('./batches').SimBatchItemStatus} SimBatchItemStatus */
/** @typedef {import('./faults').FaultConfig} FaultConfig */
/** @typedef {import('./faults').FaultSpec} FaultSpec */
/** @typedef {import('./ratelimit').RateLimitConfig} RateLimitConfig */
/** @typedef {import('./log').RequestLogEntry} RequestLogEntry */
/** @typedef {import('./log').SimCounts} SimCounts */

/**
 * What createSimulator, reset and configure accept. Times are sim epoch milliseconds unless
 * a name says "real".
 * @typedef {object} SimulatorOptions
 * @property {number} [seed] Seeds ids, durations, outcomes, results and faults. Default 1.
 * @property {number} [speed] Sim ms per real ms. Default 1.
 * @property {number} [startAt] Sim epoch ms at start. Default Date.now().
 * @property {string[]} [apiKeys] Accepted x-api-key values. Default ['sim-key'].
 * @property {import('./errors').ErrorShape} [errorShape] Default 'flat'. 'mixed' alternates flat and nested.
 * @property {'simulator' | 'documented'} [errorWording] 'simulator' (default): detailed messages; 'documented': the reference's own wording.
 * @property {boolean} [sparse] Seeded: every response field the SDK marks optional may be null or missing. Default false.
 * @property {'always' | 'sometimes' | 'never'} [retryAfter] 429s carry Retry-After 'always' (default), 'sometimes' (a seeded half) or 'never'.
 * @property {{ minMs?: number; maxMs?: number }} [durations] Task durations from creation to final status (sim ms). Default 5000..30000.
 * @property {{ queued?: number; pending?: number }} [phases] Fractions of the duration spent queued, then pending. Default 0.1 and 0.1.
 * @property {number} [failureRate] Probability that a task fails. Default 0.
 * @property {RateLimitConfig} [rateLimit] Default none (headers still sent, limit 1000000).
 * @property {FaultConfig} [faults]
 * @property {Record<string, string>} [assets] Asset id → state, for task creation. Unlisted ids: assets in the store by their status (deleted ones do not exist), ids starting "notready" are processing, other 24-hex ids ready.
 * @property {UploadOptions} [uploads] Upload limits and timing (merged key by key with the defaults).
 * @property {BatchOptions} [batches] Analysis batch limits and timing (merged key by key with the defaults).
 * @property {boolean} [honorIdempotencyKey] Default true. false makes the simulator ignore Idempotency-Key (to show duplicates).
 * @property {Array<string | WebhookEndpoint>} [webhooks] Account webhooks. A URL is only shown as delivered on final tasks and batches; a `{url, secret}` endpoint receives signed notifications (webhooks.js) and its real delivery status is shown. Default [].
 * @property {WebhookDeliveryOptions} [webhookDelivery] How notifications are delivered (merged key by key with the defaults).
 * @property {number} [logLimit] Request log entries kept. Default 100000.
 */

/**
 * @typedef {object} WebhookEndpoint
 * @property {string} url Where notifications are POSTed.
 * @property {string} secret What they are signed with (never shown by currentOptions()).
 */

/**
 * @typedef {object} WebhookDeliveryOptions
 * @property {number} [maxAttempts] Attempts per notification and endpoint. Default 6.
 * @property {number} [backoffMs] Real ms before the 2nd attempt, doubled for each next one. Default 500.
 * @property {number} [timeoutMs] Real ms an attempt may take. Default 5000.
 * @property {number} [maxDelayMs] A seeded delay of up to this many real ms before the first attempt (out-of-order arrival). Default 0.
 * @property {number} [duplicateRate] Seeded probability that a delivered notification is sent once more. Default 0.
 * @property {number} [lostAnswerRate] Seeded probability that a 2xx is taken as lost (a timeout), so the notification is retried although it arrived. Default 0.
 * @property {number} [tickMs] Real ms between scans for new final tasks and due attempts (while started). Default 50.
 * @property {number} [concurrency] Attempts in flight at once. Default 8.
 */

/** @typedef {'forged' | 'tampered' | 'replayed' | 'stale' | 'unsigned' | 'malformed' | 'oversized' | 'unknownType'} WebhookHostileKind */

/**
 * @typedef {object} WebhookDeliveryEntry
 * @property {'event' | 'duplicate' | WebhookHostileKind} kind
 * @property {string} eventId The notification's id.
 * @property {string} type
 * @property {string} subjectId The task or batch ID.
 * @property {string} url
 * @property {number} attempt
 * @property {number} timestamp The signature's t (real unix seconds).
 * @property {number} status The receiver's HTTP status (0: no answer).
 * @property {string} [answer] The first 200 characters of the receiver's answer (none without one).
 * @property {string} [error]
 * @property {number} at Real epoch ms.
 */

/**
 * A task as the simulator holds it.
 * @typedef {object} TaskSnapshot
 * @property {string} taskId
 * @property {number} seq
 * @property {SimTaskStatus} status
 * @property {number} createdAt
 * @property {number | null} completedAt
 * @property {number} plannedCompletionAt
 * @property {SimFinalStatus} outcome
 * @property {number} durationMs
 * @property {number} videoSeconds
 * @property {'general' | 'time_based_metadata'} analysisMode
 * @property {string} model
 * @property {string | null} customId
 * @property {string | null} idempotencyKey
 * @property {boolean} forced True after completeTask() or a cancel.
 * @property {Record<string, unknown>} request The normalised request (defaults filled in).
 * @property {Record<string, unknown>} [json] The task as GET /analyze/tasks/:id returns it (getTaskDirect, createTaskDirect, setTaskOutcome).
 */

/**
 * @typedef {object} SeedTasksOptions
 * @property {SimTaskStatus | SimTaskStatus[]} [status] One status, or a list cycled over the tasks. Default 'ready'.
 * @property {'general' | 'time_based_metadata'} [analysisMode]
 * @property {number} [createdBefore] The newest seeded task is created spacingMs before this. Default now.
 * @property {number} [spacingMs] Default 60000.
 * @property {string} [videoUrl]
 * @property {string} [assetId]
 * @property {string} [customIdPrefix]
 * @property {string} [prompt]
 * @property {Record<string, unknown> | ((index: number) => Record<string, unknown>)} [body] A full create body, or a function of the index, instead of the generated one.
 */

/**
 * @typedef {object} CreateTaskDirectOptions
 * @property {number} [createdAt]
 * @property {string | null} [idempotencyKey]
 * @property {number} [durationMs]
 * @property {'ready' | 'failed'} [outcome]
 * @property {boolean} [external] Skip asset/download checks. Default true (checks run).
 */

/**
 * @typedef {object} TaskOutcome
 * @property {number} [durationMs] Sim ms from creation (plus delayQueuedMs) to the final status.
 * @property {'ready' | 'failed'} [outcome]
 * @property {string} [failMessage]
 * @property {number} [delayQueuedMs]
 */

/**
 * @typedef {object} SimStats
 * @property {number} creates
 * @property {number} createsWithoutKey
 * @property {number} idempotentReplays
 * @property {number} idempotencyKeyBodyMismatches
 * @property {number} duplicateCreates Tasks created beyond the first per Idempotency-Key (0 when keys are honoured).
 * @property {number} tasks
 * @property {number} assets Assets in the store.
 * @property {number} assetCreates POST /assets that created an asset.
 * @property {number} uploadSessions
 * @property {number} chunkPuts Complete chunk PUTs, those beyond the first per chunk, and the interrupted ones.
 * @property {number} duplicateChunkPuts
 * @property {number} interruptedChunkPuts
 * @property {number} batches Analysis batches in the store.
 * @property {number} batchCreates Batches created (HTTP or createBatchDirect).
 */

/**
 * An analysis batch as the simulator holds it.
 * @typedef {object} BatchSnapshot
 * @property {string} batchId
 * @property {SimBatchStatus} status
 * @property {'general' | 'time_based_metadata'} analysisMode
 * @property {number} createdAt
 * @property {number} expiresAt
 * @property {number | null} cancelRequestedAt
 * @property {number | null} expiredAt Sim time the batch expired with unfinished items (null otherwise).
 * @property {string[]} taskIds The item tasks, in submission order.
 * @property {(string | null)[]} customIds
 * @property {Record<SimBatchItemStatus, number>} counts
 * @property {Record<string, unknown>} json The batch as GET /analyze/batches/:id returns it (full profile).
 */

/**
 * @typedef {object} CreateBatchDirectOptions
 * @property {number} [createdAt]
 * @property {boolean} [ignoreLimit] Create it even when maxActive batches are active.
 */

/**
 * An asset as the simulator holds it.
 * @typedef {object} AssetSnapshot
 * @property {string} assetId
 * @property {number} seq
 * @property {'direct' | 'url' | 'multipart'} method
 * @property {SimAssetStatus} status
 * @property {'video' | 'audio' | 'image' | 'document'} kind
 * @property {string} filename
 * @property {string} fileType
 * @property {string | null} url
 * @property {number} size Declared or known size in bytes.
 * @property {number} bytesReceived Bytes the simulator received (direct file part, or the reported chunks of a multipart upload).
 * @property {number} createdAt
 * @property {number | null} readyAt Sim time of the final status; null while a multipart upload is incomplete.
 * @property {'ready' | 'failed'} outcome
 * @property {string | null} uploadId
 * @property {Record<string, unknown> | null} userMetadata
 * @property {number} indexedReferences
 * @property {Record<string, unknown>} json The asset as GET /assets/:id returns it (full profile).
 */

/**
 * @typedef {object} CreateAssetDirectOptions
 * @property {string} [id]
 * @property {string} [filename]
 * @property {string} [fileType]
 * @property {'direct' | 'url'} [method]
 * @property {string} [url]
 * @property {number} [size]
 * @property {SimAssetStatus} [status] Default 'ready'.
 * @property {number} [processingMs]
 * @property {number} [createdAt]
 * @property {Record<string, unknown>} [userMetadata]
 * @property {boolean} [enableHls]
 * @property {boolean} [enableThumbnail]
 * @property {number} [indexedReferences] Indexed assets referencing it: DELETE answers 409 unless force=true.
 */

/**
 * @typedef {object} ChunkSnapshot
 * @property {number} index
 * @property {'completed' | 'pending' | 'failed'} status
 * @property {number} bytes Bytes of the last complete PUT.
 * @property {string | null} etag
 * @property {boolean} reported
 * @property {number} attempts PUT requests that reached the bucket with a valid URL.
 * @property {number} puts Complete PUTs (more than 1: the chunk was uploaded again).
 * @property {number} interrupted PUTs cut before their end (dropped mid-body or aborted by the client).
 * @property {number} bytesReceived
 */

/**
 * @typedef {object} UploadSnapshot
 * @property {string} uploadId
 * @property {string} assetId
 * @property {string} filename
 * @property {'video' | 'audio' | 'image'} type
 * @property {'active' | 'completed' | 'failed' | 'expired'} status
 * @property {number} totalSize
 * @property {number} chunkSize
 * @property {number} totalChunks
 * @property {number} createdAt
 * @property {number} expiresAt
 * @property {number | null} completedAt
 * @property {number} chunksCompleted
 * @property {number} uploadedSize
 * @property {number} urlsIssued
 * @property {ChunkSnapshot[]} chunks
 */

/** @type {Readonly<SimulatorOptions>} */
const DEFAULT_OPTIONS = {
	seed: 1,
	speed: 1,
	startAt: undefined,
	apiKeys: ['sim-key'],
	errorShape: 'flat',
	errorWording: 'simulator',
	sparse: false,
	retryAfter: 'always',
	durations: { minMs: 5000, maxMs: 30000 },
	phases: { queued: 0.1, pending: 0.1 },
	failureRate: 0,
	rateLimit: { perMinute: null, perDay: null },
	faults: {},
	assets: {},
	uploads: assetModel.DEFAULT_UPLOADS,
	batches: batchModel.DEFAULT_BATCHES,
	honorIdempotencyKey: true,
	webhooks: [],
	webhookDelivery: DEFAULT_DELIVERY,
	logLimit: 100_000,
};
const MERGED_OPTIONS = ['durations', 'phases', 'assets', 'uploads', 'batches', 'webhookDelivery'];

function mergeOptions(base, patch) {
	const out = { ...base };
	for (const [key, value] of Object.entries(patch || {})) {
		if (!(key in DEFAULT_OPTIONS)) throw new Error(`Unknown simulator option '${key}'`);
		if (value === undefined) continue;
		if (key === 'webhooks') checkWebhooksOption(value);
		out[key] = MERGED_OPTIONS.includes(key) ? { ...base[key], ...value } : value;
	}
	return out;
}

class Simulator {
	/** @param {SimulatorOptions} [options] */
	constructor(options = {}) {
		this.constructionOptions = mergeOptions(DEFAULT_OPTIONS, options);
		this.clock = new SimClock({ startAt: this.constructionOptions.startAt ?? Date.now(), speed: this.constructionOptions.speed });
		this.frontend = null;
		this.initState(this.constructionOptions);
	}

	initState(options) {
		this.options = options;
		this.clock.setSpeed(options.speed);
		this.errors = new ErrorShaper(options.errorShape, options.errorWording);
		this.sparse = options.sparse ? new SparseShaper(options.seed) : null;
		this.retryAfterRng = rngFor(options.seed, 'retry-after');
		this.rateLimiter = new RateLimiter(options.rateLimit);
		this.faults = new FaultInjector(options.seed);
		this.faults.configure(options.faults);
		this.log = new RequestLog(options.logLimit);
		this.store = new tasks.TaskStore();
		this.sequence = 0;
		this.idRng = rngFor(options.seed, 'ids');
		this.idempotency = new Map();
		this.counters = { creates: 0, createsWithoutKey: 0, idempotentReplays: 0, idempotencyKeyBodyMismatches: 0 };
		this.assetStore = new assetModel.AssetStore(options.seed, options.uploads);
		this.assetCounters = { creates: 0, sessions: 0 };
		this.chunkStatsById = new Map();
		this.batchStore = new batchModel.BatchStore(options.seed);
		this.batchCounters = { creates: 0 };
		if (this.webhookDispatcher) this.webhookDispatcher.reset();
		else this.webhookDispatcher = new WebhookDispatcher(this);
	}

	// ---- server ----

	/**
	 * Listens on 127.0.0.1 (port 0: any free port).
	 * @param {number} [port]
	 * @returns {Promise<{ url: string; port: number }>}
	 */
	async start(port = 0) {
		if (this.frontend) throw new Error('The simulator is already started');
		const { HttpFrontend } = require('./server');
		this.frontend = new HttpFrontend(this);
		this.webhookDispatcher.start();
		return this.frontend.listen(port);
	}

	/** @returns {Promise<void>} */
	async stop() {
		const frontend = this.frontend;
		this.frontend = null;
		this.webhookDispatcher.stop();
		if (frontend) await frontend.close();
	}

	/**
	 * Base URL with /v1.3 once started.
	 * @returns {string | undefined}
	 */
	get url() {
		return this.frontend?.url;
	}

	// ---- configuration and clock ----

	/**
	 * Drops tasks, log, counters and faults. The clock keeps running (monotonic) unless startAt is given.
	 * @param {SimulatorOptions} [options]
	 * @returns {void}
	 */
	reset(options) {
		const merged = mergeOptions(this.constructionOptions, options);
		if (options?.startAt !== undefined) this.clock.set(options.startAt);
		this.initState(merged);
	}

	/** @param {SimulatorOptions} patch */
	configure(patch) {
		const next = mergeOptions(this.options, patch);
		if (patch.speed !== undefined) this.clock.setSpeed(patch.speed);
		if (patch.startAt !== undefined) this.clock.set(patch.startAt);
		if (patch.errorShape !== undefined) this.errors.setShape(patch.errorShape);
		if (patch.errorWording !== undefined) this.errors.setWording(patch.errorWording);
		if (patch.sparse !== undefined) this.sparse = patch.sparse ? new SparseShaper(next.seed) : null;
		if (patch.rateLimit !== undefined) this.rateLimiter.configure(patch.rateLimit);
		if (patch.faults !== undefined) this.faults.configure(patch.faults);
		if (patch.logLimit !== undefined) this.log.limit = patch.logLimit;
		if (patch.uploads !== undefined) this.assetStore.uploads = next.uploads;
		this.options = next;
		if (patch.webhooks !== undefined) this.webhookDispatcher.sync();
	}

	/** @returns {Required<Omit<SimulatorOptions, 'startAt'>>} */
	currentOptions() {
		return structuredClone({ ...this.options, webhooks: redactWebhooksOption(this.options.webhooks), speed: this.clock.speed });
	}

	/** @param {number} speed */
	setSpeed(speed) {
		this.configure({ speed });
	}

	/** @returns {number} */
	now() {
		return this.clock.now();
	}

	/**
	 * Jumps the clock forward; returns the new sim time.
	 * @param {number} ms
	 * @returns {number}
	 */
	advance(ms) {
		this.clock.advance(ms);
		return this.now();
	}

	// ---- tasks ----

	/** Result of a ready task, built once (deterministic from seed + task id). */
	resultOf(task) {
		if (!task.result) task.result = buildResult(task, this.options.seed);
		return task.result;
	}

	/** A response body as the client receives it: thinned in sparse mode ('task' or 'list'). */
	forClient(kind, body) {
		return this.sparse ? this.sparse[kind](body) : body;
	}

	/** Whether a 429 goes without Retry-After ('sometimes': a seeded half of them). */
	omitsRetryAfter() {
		if (this.options.retryAfter === 'never') return true;
		return this.options.retryAfter === 'sometimes' && this.retryAfterRng() < 0.5;
	}

	wire(task, { abbreviated = false, now = this.now() } = {}) {
		return tasks.toWire(task, { now, abbreviated, webhooks: this.webhookDispatcher.infoFor(task.id), resultOf: (t) => this.resultOf(t) });
	}

	/** The world outside the request: asset states and reachable URLs. */
	checkExternalResources(request) {
		const video = request.video;
		if (video.type === 'url') this.checkDownload(video.url, 'video.url', 'video');
		if (video.type === 'asset_id') this.checkAsset(video.asset_id, 'video.asset_id');
		const sources = [
			...(request.promptV2?.media_sources ?? []).map((s, i) => [s, `prompt_v2.media_sources[${i}]`]),
			...(request.responseFormat?.segment_definitions ?? []).flatMap((d, i) =>
				(d.media_sources ?? []).map((s, j) => [s, `response_format.segment_definitions[${i}].media_sources[${j}]`])),
		];
		for (const [source, param] of sources) {
			if (source.url) this.checkDownload(source.url, `${param}.url`, 'image');
			if (source.asset_id) this.checkAsset(source.asset_id, `${param}.asset_id`);
		}
	}

	checkDownload(url, param, what) {
		const host = new URL(url).hostname;
		if (host === 'unreachable.invalid' || host.endsWith('.unreachable.invalid')) {
			const error = new ApiError(400, 'parameter_invalid',
				`The ${what} could not be downloaded from the URL in parameter '${param}': the host ${host} could not be reached. Use a direct, publicly reachable link to the media file.`,
				undefined, `The ${param} parameter is invalid.`);
			throw Object.assign(error, { param });
		}
	}

	/**
	 * The state an asset id has for a task: the `assets` option first, then the asset store
	 * (a deleted asset no longer exists); other ids starting "notready" are processing and
	 * any other 24-hex id counts as a ready asset (tests that never create assets).
	 */
	assetState(id) {
		if (this.options.assets[id] !== undefined) return this.options.assets[id];
		const asset = this.assetStore.get(id);
		if (asset) return assetModel.assetStatusAt(asset, this.now());
		if (this.assetStore.deleted.has(id)) return undefined;
		if (id.startsWith('notready')) return 'processing';
		return /^[0-9a-f]{24}$/i.test(id) ? 'ready' : undefined;
	}

	checkAsset(id, param) {
		const state = this.assetState(id);
		if (state === undefined) throw invalid(param, `The asset '${id}' does not exist.`);
		if (state !== 'ready') throw invalid(param, `The asset is not ready: asset '${id}' has status '${state}'. Wait until it is ready, then create the task.`);
	}

	/** Builds (but does not store) a task from a create body. Throws ApiError when invalid. */
	buildTask(body, { createdAt = this.now(), idempotencyKey = null, external = true } = {}) {
		const request = validateCreateBody(body);
		if (external) this.checkExternalResources(request);
		const task = {
			id: undefined,
			seq: ++this.sequence, // after validation: a rejected body must not shift later tasks' draws
			createdAt,
			request,
			requestParams: tasks.echoRequestParams(request),
			knobs: tasks.parseKnobs(request.video),
			videoName: tasks.videoNameOf(request.video),
			idempotencyKey,
			forced: null,
			result: null,
		};
		do task.id = tasks.newTaskId(this.idRng, createdAt);
		while (this.store.get(task.id));
		tasks.planTask(task, this.options);
		task.createResponse = { task_id: task.id, status: tasks.statusAt(task, createdAt) };
		return task;
	}

	insertNewTask(body, options = {}) {
		const task = this.buildTask(body, options);
		this.store.insert(task);
		this.counters.creates++;
		const key = options.idempotencyKey;
		if (!key) this.counters.createsWithoutKey++;
		else {
			const entry = this.idempotency.get(key) ?? { taskIds: [], bodyText: JSON.stringify(body), response: task.createResponse };
			entry.taskIds.push(task.id);
			this.idempotency.set(key, entry);
		}
		return task;
	}

	/** The original create response for a known key (and nothing new is created). */
	replayIdempotent(key, body) {
		const entry = this.idempotency.get(key);
		if (!entry || !this.options.honorIdempotencyKey) return undefined;
		this.counters.idempotentReplays++;
		if (entry.bodyText !== JSON.stringify(body)) this.counters.idempotencyKeyBodyMismatches++;
		return { ...entry.response };
	}

	requireTask(id) {
		const task = this.store.get(id);
		if (!task) throw new Error(`Unknown task ${id}`);
		return task;
	}

	snapshot(task, withJson) {
		const now = this.now();
		const status = tasks.statusAt(task, now);
		const completedAt = tasks.completedAtOf(task, now);
		const out = {
			taskId: task.id,
			seq: task.seq,
			status,
			createdAt: task.createdAt,
			completedAt,
			plannedCompletionAt: task.forced ? task.forced.at : task.plan.completesAt,
			outcome: task.forced ? task.forced.status : task.plan.outcome,
			durationMs: task.plan.durationMs,
			videoSeconds: task.videoSeconds,
			analysisMode: task.request.mode,
			model: task.request.model,
			customId: task.request.customId,
			idempotencyKey: task.idempotencyKey,
			forced: Boolean(task.forced),
			request: structuredClone(task.request),
		};
		if (withJson) out.json = this.wire(task, { now });
		return out;
	}

	/**
	 * @param {Record<string, unknown>} body
	 * @param {CreateTaskDirectOptions} [options]
	 * @returns {TaskSnapshot}
	 */
	createTaskDirect(body, options = {}) {
		const task = this.insertNewTask(body, options);
		if (options.durationMs !== undefined || options.outcome !== undefined) this.setTaskOutcome(task.id, options);
		return this.snapshot(task, true);
	}

	/**
	 * @param {string} id
	 * @returns {TaskSnapshot | undefined}
	 */
	getTaskDirect(id) {
		const task = this.store.get(id);
		return task ? this.snapshot(task, true) : undefined;
	}

	/**
	 * @param {string} id
	 * @returns {boolean}
	 */
	deleteTaskDirect(id) {
		return this.store.remove(id);
	}

	/**
	 * Snapshots of all tasks, oldest first (without the wire JSON, to stay cheap).
	 * @returns {TaskSnapshot[]}
	 */
	tasks() {
		return this.store.ordered.map((task) => this.snapshot(task, false));
	}

	/** @returns {Map<string, string[]>} */
	tasksByIdempotencyKey() {
		return new Map([...this.idempotency].map(([key, entry]) => [key, [...entry.taskIds]]));
	}

	/**
	 * Re-plans a task: total duration from creation and/or final outcome.
	 * @param {string} id
	 * @param {TaskOutcome} [outcome]
	 * @returns {TaskSnapshot}
	 */
	setTaskOutcome(id, { durationMs, outcome, failMessage, delayQueuedMs } = {}) {
		const task = this.requireTask(id);
		if (outcome !== undefined && outcome !== 'ready' && outcome !== 'failed') throw new Error("outcome must be 'ready' or 'failed'");
		const plan = task.plan;
		task.plan = tasks.schedule(task.createdAt, durationMs ?? plan.durationMs, delayQueuedMs ?? plan.delayQueuedMs,
			this.options.phases, outcome ?? plan.outcome, failMessage ?? plan.failMessage);
		task.forced = null;
		return this.snapshot(task, true);
	}

	/**
	 * Forces a task final now (a task already final keeps its completion time); returns the
	 * task as the API sends it.
	 * @param {string} id
	 * @param {SimFinalStatus} [status]
	 * @param {string} [message]
	 * @returns {Record<string, unknown>}
	 */
	completeTask(id, status = 'ready', message) {
		const task = this.requireTask(id);
		if (!tasks.FINAL_STATUSES.includes(status)) throw new Error(`status must be one of ${tasks.FINAL_STATUSES.join(', ')}`);
		const now = this.now();
		const at = tasks.completedAtOf(task, now) ?? now;
		task.forced = { status, at, message: message ?? (status === 'failed' ? task.plan.failMessage : undefined) };
		return this.wire(task, { now });
	}

	/**
	 * Bulk-inserts history quickly (e.g. 10,000 finished tasks), created spacingMs apart
	 * and ending spacingMs before createdBefore. status may be one status or a list cycled.
	 * @param {number} count
	 * @param {SeedTasksOptions} [options]
	 * @returns {string[]} the new task IDs
	 */
	seedTasks(count, options = {}) {
		const now = this.now();
		const createdBefore = options.createdBefore ?? now;
		const spacingMs = options.spacingMs ?? 60_000;
		const statuses = [].concat(options.status ?? 'ready');
		const seeded = [];
		for (let i = 0; i < count; i++) {
			const createdAt = createdBefore - (count - i) * spacingMs;
			const task = this.buildTask(seedBody(i, options), { createdAt, external: false });
			shapeSeededTask(task, statuses[i % statuses.length], now, this.options.phases);
			seeded.push(task);
		}
		this.store.insertMany(seeded);
		return seeded.map((task) => task.id);
	}

	// ---- assets and multipart uploads ----

	/** The origin presigned chunk URLs, HLS and thumbnail URLs point to. */
	storageOrigin() {
		return this.frontend?.port ? `http://127.0.0.1:${this.frontend.port}` : 'http://127.0.0.1';
	}

	/** Counters of one chunk's PUTs: {attempts, puts, interrupted, bytesReceived}. */
	chunkStats(uploadId, index) {
		const key = `${uploadId}:${index}`;
		let stats = this.chunkStatsById.get(key);
		if (!stats) {
			stats = { attempts: 0, puts: 0, interrupted: 0, bytesReceived: 0 };
			this.chunkStatsById.set(key, stats);
		}
		return stats;
	}

	requireAsset(id) {
		const asset = this.assetStore.get(id);
		if (!asset) throw new Error(`Unknown asset ${id}`);
		return asset;
	}

	assetSnapshot(asset) {
		const now = this.now();
		return {
			assetId: asset.id,
			seq: asset.seq,
			method: asset.method,
			status: assetModel.assetStatusAt(asset, now),
			kind: asset.kind,
			filename: asset.filename,
			fileType: asset.mime,
			url: asset.url ?? null,
			size: asset.size,
			bytesReceived: asset.bytesReceived,
			createdAt: asset.createdAt,
			readyAt: assetModel.readyAtOf(asset),
			outcome: asset.forced ? asset.forced.status : asset.outcome,
			uploadId: asset.uploadId,
			userMetadata: asset.userMetadata ? { ...asset.userMetadata } : null,
			indexedReferences: asset.indexedReferences,
			json: assetModel.assetWire(asset, { now, origin: this.storageOrigin() }),
		};
	}

	/**
	 * Stored assets, newest first.
	 * @returns {AssetSnapshot[]}
	 */
	assets() {
		return this.assetStore.newestFirst().map((asset) => this.assetSnapshot(asset));
	}

	/**
	 * @param {string} id
	 * @returns {AssetSnapshot | undefined}
	 */
	getAssetDirect(id) {
		const asset = this.assetStore.get(id);
		return asset ? this.assetSnapshot(asset) : undefined;
	}

	/**
	 * Seeds an asset without HTTP. options: {filename, method ('direct'|'url'), url, size,
	 * status ('ready' default, 'processing', 'failed'), processingMs, createdAt, userMetadata,
	 * enableHls, enableThumbnail, indexedReferences, id}.
	 * @param {CreateAssetDirectOptions} [options]
	 * @returns {AssetSnapshot}
	 */
	createAssetDirect(options = {}) {
		const now = this.now();
		const method = options.method ?? (options.url ? 'url' : 'direct');
		const filename = options.filename ?? (options.url ? decodeURIComponent(new URL(options.url).pathname.split('/').pop() || 'video.mp4') : 'video.mp4');
		const guess = assetModel.classify(filename, options.fileType);
		const status = options.status ?? 'ready';
		const knobs = assetModel.knobsOf(options.url, filename);
		const createdAt = options.createdAt ?? now;
		const asset = this.assetStore.create({
			id: options.id,
			method,
			filename,
			url: options.url,
			mime: options.fileType ?? guess.mime,
			kind: guess.kind ?? 'video',
			size: options.size ?? 10 * assetModel.MiB,
			bytesReceived: method === 'url' ? 0 : options.size ?? 10 * assetModel.MiB,
			enableHls: options.enableHls,
			enableThumbnail: options.enableThumbnail,
			userMetadata: options.userMetadata ?? null,
			indexedReferences: options.indexedReferences,
			createdAt,
			knobs: { ...knobs, processingMs: options.processingMs ?? knobs.processingMs },
		});
		if (status === 'ready' || status === 'failed') {
			asset.outcome = status;
			if (options.processingMs === undefined) asset.processingMs = Math.max(0, Math.min(asset.processingMs, now - createdAt));
		} else if (status === 'processing') {
			asset.outcome = 'ready';
			if (options.processingMs === undefined) asset.processingMs = Math.max(asset.processingMs, now - createdAt + 1);
		} else {
			throw new Error(`Unknown asset status '${status}'`);
		}
		return this.assetSnapshot(asset);
	}

	/**
	 * @param {string} id
	 * @returns {boolean}
	 */
	deleteAssetDirect(id) {
		return this.assetStore.remove(id);
	}

	/**
	 * Re-plans an asset: sim ms of processing once its bytes are complete, and the outcome.
	 * @param {string} id
	 * @param {{ processingMs?: number; outcome?: 'ready' | 'failed'; failMessage?: string }} [outcome]
	 * @returns {AssetSnapshot}
	 */
	setAssetOutcome(id, { processingMs, outcome, failMessage } = {}) {
		const asset = this.requireAsset(id);
		if (outcome !== undefined && outcome !== 'ready' && outcome !== 'failed') throw new Error("outcome must be 'ready' or 'failed'");
		if (processingMs !== undefined) asset.processingMs = processingMs;
		if (outcome !== undefined) asset.outcome = outcome;
		if (failMessage !== undefined) asset.failMessage = failMessage;
		asset.forced = null;
		return this.assetSnapshot(asset);
	}

	/**
	 * Forces an asset 'ready' or 'failed' now.
	 * @param {string} id
	 * @param {'ready' | 'failed'} [status]
	 * @param {string} [message]
	 * @returns {AssetSnapshot}
	 */
	completeAsset(id, status = 'ready', message) {
		const asset = this.requireAsset(id);
		if (status !== 'ready' && status !== 'failed') throw new Error("status must be 'ready' or 'failed'");
		asset.forced = { status, at: this.now(), message };
		return this.assetSnapshot(asset);
	}

	/**
	 * Multipart upload sessions, newest first, with per-chunk PUT counters.
	 * @returns {UploadSnapshot[]}
	 */
	uploads() {
		const now = this.now();
		return [...this.assetStore.sessions.values()].sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq).map((session) => {
			const counts = assetModel.countsOf(session);
			const chunks = [];
			for (let index = 1; index <= session.totalChunks; index++) {
				const state = session.chunks.get(index);
				const stats = this.chunkStatsById.get(`${session.uploadId}:${index}`) ?? { attempts: 0, puts: 0, interrupted: 0, bytesReceived: 0 };
				chunks.push({ index, status: assetModel.chunkStatus(state), bytes: state?.bytes ?? 0, etag: state?.etag ?? null, reported: Boolean(state && state.reportedAt !== null), ...stats });
			}
			return {
				uploadId: session.uploadId,
				assetId: session.assetId,
				filename: session.filename,
				type: session.type,
				status: assetModel.sessionStatusAt(session, now),
				totalSize: session.totalSize,
				chunkSize: session.chunkSize,
				totalChunks: session.totalChunks,
				createdAt: session.createdAt,
				expiresAt: session.expiresAt,
				completedAt: session.completedAt,
				chunksCompleted: counts.completed,
				uploadedSize: counts.uploadedSize,
				urlsIssued: session.urls.size,
				chunks,
			};
		});
	}

	/**
	 * Makes an upload session 'failed' (the client must start a new one).
	 * @param {string} uploadId
	 * @returns {void}
	 */
	failUpload(uploadId) {
		const session = this.assetStore.sessions.get(uploadId);
		if (!session) throw new Error(`Unknown upload ${uploadId}`);
		session.failed = true;
	}

	// ---- analysis batches ----

	/** Ids the batch rules take as asset ids although they are not 24-hex (the `assets` option, the store). */
	isKnownAsset(id) {
		return this.options.assets[id] !== undefined || Boolean(this.assetStore.get(id));
	}

	/**
	 * Creates a batch and its item tasks. Throws ApiError (400, 404, 409, 422, 429) and then
	 * creates nothing: the rules, the assets, the reference images, the active-batch limit.
	 */
	createBatch(body, { createdAt = this.now(), ignoreLimit = false } = {}) {
		const settings = this.options.batches;
		const plan = batchModel.checkBatchBody(body, { maxItems: settings.maxItems, isKnownAsset: (id) => this.isKnownAsset(id) });
		for (const item of plan.items) batchModel.checkItemAsset(this.assetState(item.assetId), item);
		for (const item of plan.items) batchModel.checkAsBatch(() => this.checkExternalResources(item.request), item.origin);
		if (!ignoreLimit && this.activeBatchCount(createdAt) >= settings.maxActive) throw batchModel.activeLimitError(settings.maxActive);
		const batch = batchModel.newBatch(this.batchStore, { mode: plan.mode, createdAt, ttlMs: settings.ttlMs });
		const delays = batchModel.queueDelays(this.options.seed, batch.seq, plan.items.length, settings.queueSpreadMs);
		batch.items = plan.items.map((item, i) => this.insertBatchItem(item.body, batch, delays[i]));
		this.batchStore.add(batch);
		this.batchCounters.creates++;
		return batch;
	}

	/** One item: a task like any other, waiting its share of the queue first. */
	insertBatchItem(body, batch, delayMs) {
		const task = this.buildTask(body, { createdAt: batch.createdAt, external: false });
		if (this.faults.itemFails()) task.plan.outcome = 'failed';
		batchModel.queueItem(task, delayMs, this.options.phases);
		task.batchId = batch.id;
		this.store.insert(task);
		return task;
	}

	activeBatchCount(now) {
		let active = 0;
		for (const batch of this.batchStore.batches.values()) if (batchModel.isActive(batchModel.viewOf(batch, now).status)) active++;
		return active;
	}

	/** The batch as the API sends it (before sparse thinning). */
	batchJson(batch, now = this.now()) {
		return batchModel.batchWire(batch, now, this.webhookDispatcher.infoFor(batch.id));
	}

	requireBatch(id) {
		const batch = this.batchStore.get(id);
		if (!batch) throw new Error(`Unknown batch ${id}`);
		return batch;
	}

	batchSnapshot(batch) {
		const now = this.now();
		const view = batchModel.viewOf(batch, now);
		return {
			batchId: batch.id,
			status: view.status,
			analysisMode: batch.mode,
			createdAt: batch.createdAt,
			expiresAt: batch.expiresAt,
			cancelRequestedAt: batch.cancelAt,
			expiredAt: batch.expiredAt,
			taskIds: batch.items.map((task) => task.id),
			customIds: batch.items.map((task) => task.request.customId),
			counts: view.counts,
			json: this.batchJson(batch, now),
		};
	}

	/**
	 * Batches, newest first.
	 * @returns {BatchSnapshot[]}
	 */
	batches() {
		return this.batchStore.newestFirst().map((batch) => this.batchSnapshot(batch));
	}

	/**
	 * @param {string} id
	 * @returns {BatchSnapshot | undefined}
	 */
	getBatchDirect(id) {
		const batch = this.batchStore.get(id);
		return batch ? this.batchSnapshot(batch) : undefined;
	}

	/**
	 * Creates a batch without HTTP, with the same rules (ApiError when one fails).
	 * @param {Record<string, unknown>} body
	 * @param {CreateBatchDirectOptions} [options]
	 * @returns {BatchSnapshot}
	 */
	createBatchDirect(body, options = {}) {
		return this.batchSnapshot(this.createBatch(body, options));
	}

	/**
	 * Deletes a batch and its tasks.
	 * @param {string} id
	 * @returns {boolean}
	 */
	deleteBatchDirect(id) {
		const batch = this.batchStore.get(id);
		if (!batch) return false;
		for (const task of batch.items) this.store.remove(task.id);
		return this.batchStore.remove(id);
	}

	/**
	 * Expires a batch now: its unfinished items are canceled and it becomes 'expired'
	 * (a batch already final, or already expired, keeps its status). expires_at is unchanged.
	 * @param {string} id
	 * @returns {BatchSnapshot}
	 */
	expireBatch(id) {
		const batch = this.requireBatch(id);
		if (!batch.expiryDone) batch.forcedExpiryAt = Math.min(this.now(), batch.expiresAt);
		return this.batchSnapshot(batch);
	}

	/**
	 * The active-batch limit (429 beyond it).
	 * @param {number} maxActive
	 * @returns {void}
	 */
	setBatchLimit(maxActive) {
		if (!Number.isInteger(maxActive) || maxActive < 0) throw new Error('maxActive must be an integer >= 0');
		this.configure({ batches: { maxActive } });
	}

	/**
	 * setTaskOutcome for item `index` (0-based) of a batch.
	 * @param {string} batchId
	 * @param {number} index
	 * @param {TaskOutcome} [outcome]
	 * @returns {TaskSnapshot}
	 */
	setBatchItemOutcome(batchId, index, outcome = {}) {
		const task = this.requireBatch(batchId).items[index];
		if (!task) throw new Error(`Batch ${batchId} has no item ${index}`);
		return this.setTaskOutcome(task.id, outcome);
	}

	// ---- account webhooks (webhooks.js) ----

	/**
	 * Registers an endpoint: every task and batch that becomes final from now on is notified
	 * to it, signed with `secret` (as adding an endpoint in the Playground).
	 * @param {string} url
	 * @param {string} secret
	 * @returns {void}
	 */
	registerWebhook(url, secret) {
		const others = this.options.webhooks.filter((entry) => (typeof entry === 'string' ? entry : entry.url) !== url);
		this.configure({ webhooks: [...others, { url, secret }] });
	}

	/**
	 * Every delivery attempt so far, oldest first (hostile sends included, signatures left out).
	 * @returns {WebhookDeliveryEntry[]}
	 */
	webhookDeliveries() {
		return this.webhookDispatcher.deliveries();
	}

	/**
	 * Notifies what became final and sends every due delivery, retries included, until none is
	 * left (or timeoutMs real ms pass).
	 * @param {{ timeoutMs?: number }} [options]
	 * @returns {Promise<{ queued: number; inFlight: number }>}
	 */
	async flushWebhooks(options) {
		return await this.webhookDispatcher.flush(options);
	}

	/**
	 * One hostile delivery to a registered URL: 'forged' (wrong secret), 'tampered' (a real
	 * signature over a changed body), 'replayed' (a captured delivery again, byte for byte),
	 * 'stale' (signed an hour ago), 'unsigned', 'malformed' (header), 'oversized' (200 KiB),
	 * 'unknownType'. Returns the receiver's answer.
	 * @param {WebhookHostileKind} kind
	 * @param {string} url
	 * @param {{ eventId?: string; secret?: string }} [options]
	 * @returns {Promise<{ status: number; error?: string }>}
	 */
	async sendHostileWebhook(kind, url, options) {
		return await this.webhookDispatcher.sendHostile(kind, url, options);
	}

	// ---- faults, log, counters ----

	/** @param {FaultConfig} config */
	setFaults(config) {
		this.faults.configure(config || {});
	}

	/**
	 * The next n matching requests take this fault.
	 * @param {number} n
	 * @param {FaultSpec} spec
	 */
	failNext(n, spec) {
		this.faults.failNext(n, spec);
	}

	/** @returns {void} */
	clearFaults() {
		this.faults.clear();
	}

	/** @returns {RequestLogEntry[]} */
	requests() {
		return this.log.list();
	}

	/** @returns {void} */
	resetLog() {
		this.log.clear();
	}

	/** @returns {SimCounts} */
	counts() {
		return this.log.counts();
	}

	/** @returns {SimStats} */
	stats() {
		const duplicateCreates = [...this.idempotency.values()].reduce((n, e) => n + e.taskIds.length - 1, 0);
		let chunkPuts = 0;
		let duplicateChunkPuts = 0;
		let interruptedChunkPuts = 0;
		for (const stats of this.chunkStatsById.values()) {
			chunkPuts += stats.puts;
			duplicateChunkPuts += Math.max(0, stats.puts - 1);
			interruptedChunkPuts += stats.interrupted;
		}
		return {
			...this.counters,
			duplicateCreates,
			tasks: this.store.size,
			assets: this.assetStore.assets.size,
			assetCreates: this.assetCounters.creates,
			uploadSessions: this.assetCounters.sessions,
			chunkPuts,
			duplicateChunkPuts,
			interruptedChunkPuts,
			batches: this.batchStore.batches.size,
			batchCreates: this.batchCounters.creates,
		};
	}
}

function seedBody(i, options) {
	if (options.body) return typeof options.body === 'function' ? options.body(i) : options.body;
	const video = options.assetId
		? { type: 'asset_id', asset_id: options.assetId }
		: { type: 'url', url: options.videoUrl ?? `https://videos.example.com/history/video-${i}.mp4` };
	const body = { video };
	if (options.customIdPrefix) body.custom_id = `${options.customIdPrefix}${i}`;
	if ((options.analysisMode ?? 'general') === 'general') {
		body.prompt = options.prompt ?? `Summarize video ${i} in three sentences.`;
		return body;
	}
	return {
		...body,
		analysis_mode: 'time_based_metadata',
		response_format: {
			type: 'segment_definitions',
			segment_definitions: [{ id: 'scene', description: 'Each distinct scene', fields: [{ name: 'label', type: 'string', description: 'What happens' }] }],
		},
	};
}

/** Re-plans a seeded task so that it has the wanted status now. */
function shapeSeededTask(task, status, now, phases) {
	const plan = task.plan;
	const d = plan.durationMs;
	if (status === 'canceled') {
		task.forced = { status, at: Math.min(now, task.createdAt + d / 2) };
	} else if (status === 'ready' || status === 'failed') {
		task.plan = tasks.schedule(task.createdAt, Math.min(d, Math.max(0, now - task.createdAt)), 0, phases, status, plan.failMessage);
	} else if (status === 'processing') {
		task.plan = { ...plan, queuedUntil: task.createdAt, pendingUntil: task.createdAt, completesAt: now + d, outcome: 'ready' };
	} else if (status === 'pending') {
		task.plan = { ...plan, queuedUntil: task.createdAt, pendingUntil: now + d / 2, completesAt: now + d, outcome: 'ready' };
	} else if (status === 'queued') {
		task.plan = { ...plan, queuedUntil: now + d / 4, pendingUntil: now + d / 2, completesAt: now + d, outcome: 'ready' };
	} else {
		throw new Error(`Unknown status '${status}' for seedTasks`);
	}
}

module.exports = { Simulator, DEFAULT_OPTIONS };
