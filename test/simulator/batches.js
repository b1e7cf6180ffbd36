'use strict';
/**
 * Analysis batches (twelvelabs-js 1.3.4 `analyzeAsync.batches`): the create rules (every item,
 * merged with the defaults, must pass the rules of a task create body), the records, their
 * lifecycle derived from the item tasks on the sim clock (computed on each read, no timers),
 * and the wire format of batches and result lines. HTTP lives in batches-api.js.
 */
const { ApiError, invalid, missing, unknownParam, renamed } = require('./errors');
const { validateCreateBody } = require('./validate');
const tasks = require('./tasks');
const { rfc3339 } = require('./timefmt');
const { rngFor, hex } = require('./prng');

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Batch limits and timing (the `batches` option, merged key by key with DEFAULT_BATCHES).
 * @typedef {object} BatchOptions
 * @property {number} [maxActive] Active (pending, processing, canceling) batches per account; one more gets 429. Default 5.
 * @property {number} [maxItems] Requests per batch. Default 1000.
 * @property {number} [ttlMs] Sim ms from creation to expiry. Default 24 hours.
 * @property {number} [retentionMs] Sim ms from creation until the batch is gone (404). Default 30 days.
 * @property {number} [queueSpreadMs] Each item first waits a seeded draw of 0..queueSpreadMs sim ms. Default 10000.
 * @property {'all' | 'finished'} [resultLines] Result lines for every item (default, as documented) or only for final ones.
 */

/** @type {Required<BatchOptions>} */
const DEFAULT_BATCHES = { maxActive: 5, maxItems: 1000, ttlMs: DAY_MS, retentionMs: 30 * DAY_MS, queueSpreadMs: 10_000, resultLines: 'all' };

/** @typedef {'pending' | 'processing' | 'canceling' | 'canceled' | 'completed' | 'expired'} SimBatchStatus */
/** @typedef {'queued' | 'processing' | 'ready' | 'failed' | 'canceled'} SimBatchItemStatus */

const MODEL = 'pegasus1.5';
const MODES = ['general', 'time_based_metadata'];
const BATCH_STATUSES = ['pending', 'processing', 'canceling', 'canceled', 'completed', 'expired'];
const ACTIVE_STATUSES = ['pending', 'processing', 'canceling'];
const OVERRIDES = ['prompt', 'response_format', 'temperature', 'max_tokens', 'min_segment_duration', 'max_segment_duration', 'start_time', 'end_time'];
const TOP_LEVEL = ['model_name', 'analysis_mode', 'defaults', 'requests'];
const ITEM_FIELDS = ['video', 'custom_id', ...OVERRIDES];
const CUSTOM_ID = /^[A-Za-z0-9_-]{1,64}$/;
const HEX_ID = /^[0-9a-f]{24}$/i;
/** Stand-ins that let `defaults` be checked alone with the task rules. */
const PLACEHOLDER_VIDEO = { type: 'asset_id', asset_id: '000000000000000000000000' };
const PLACEHOLDER_PROMPT = { input_text: 'placeholder' };
const PLACEHOLDER_FORMAT = { type: 'segment_definitions', segment_definitions: [{ id: 'placeholder', description: 'placeholder' }] };

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const present = (v) => v !== undefined && v !== null;

// ---- create rules ----

/** The task create body an item stands for: the item's `prompt` is the task's `prompt_v2`. */
function taskBody(mode, fields, video, customId) {
	const body = { video, model_name: MODEL, analysis_mode: mode };
	if (present(customId)) body.custom_id = customId;
	for (const key of OVERRIDES) {
		if (present(fields[key])) body[key === 'prompt' ? 'prompt_v2' : key] = fields[key];
	}
	return body;
}

/** Task rule errors, named as the batch body spells them: `origin(key)` is 'defaults', 'requests[i]' or ''. */
function checkAsBatch(check, origin) {
	try {
		return check();
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		const from = error.param ? error.param.split(/[.[]/)[0] : '';
		const key = from === 'prompt_v2' ? 'prompt' : from;
		const where = origin(key);
		throw renamed(error, from, where && key ? `${where}.${key}` : where || key);
	}
}

function checkTopLevel(body, maxItems) {
	if (!isObject(body)) throw new ApiError(400, 'parameter_invalid', 'The request body must be a JSON object.');
	for (const key of Object.keys(body)) if (!TOP_LEVEL.includes(key)) throw unknownParam(key);
	if (!present(body.model_name)) throw missing('model_name');
	if (body.model_name !== MODEL) throw invalid('model_name', `Batch analysis requires '${MODEL}'.`);
	if (!present(body.analysis_mode)) throw missing('analysis_mode');
	if (!MODES.includes(body.analysis_mode)) throw invalid('analysis_mode', "It must be 'general' or 'time_based_metadata'.");
	if (present(body.defaults) && !isObject(body.defaults)) throw invalid('defaults', 'It must be an object.');
	for (const key of Object.keys(body.defaults ?? {})) if (!OVERRIDES.includes(key)) throw unknownParam(`defaults.${key}`);
	if (!present(body.requests)) throw missing('requests');
	if (!Array.isArray(body.requests) || body.requests.length < 1 || body.requests.length > maxItems) {
		throw invalid('requests', `It must be a list of 1 to ${maxItems} requests; got ${Array.isArray(body.requests) ? body.requests.length : typeof body.requests}.`);
	}
}

/** `defaults` alone must pass the task rules (placeholders stand in for what only items give). */
function checkDefaults(mode, defaults) {
	const fields = { ...defaults };
	if (mode === 'general') fields.prompt ??= PLACEHOLDER_PROMPT;
	else fields.response_format ??= PLACEHOLDER_FORMAT;
	checkAsBatch(() => validateCreateBody(taskBody(mode, fields, PLACEHOLDER_VIDEO)), () => 'defaults');
}

function checkItemShape(item, p, isKnownAsset) {
	if (!isObject(item)) throw invalid(p, 'Each request must be an object with a video.');
	for (const key of Object.keys(item)) if (!ITEM_FIELDS.includes(key)) throw unknownParam(`${p}.${key}`);
	const video = item.video;
	if (!present(video)) throw missing(`${p}.video`, 'Identify the asset to analyze: {type: asset_id, asset_id}.');
	if (!isObject(video)) throw invalid(`${p}.video`, 'It must be an object {type: asset_id, asset_id}.');
	for (const key of Object.keys(video)) if (!['type', 'asset_id'].includes(key)) throw unknownParam(`${p}.video.${key}`);
	if (!present(video.type)) throw missing(`${p}.video.type`);
	if (video.type !== 'asset_id') throw invalid(`${p}.video.type`, "It must be 'asset_id': a batch analyzes uploaded assets.");
	if (!present(video.asset_id)) throw missing(`${p}.video.asset_id`);
	if (typeof video.asset_id !== 'string' || !(HEX_ID.test(video.asset_id) || isKnownAsset(video.asset_id))) {
		throw invalid(`${p}.video.asset_id`, 'It must be an asset id (24 hexadecimal characters).');
	}
	if (present(item.custom_id) && (typeof item.custom_id !== 'string' || !CUSTOM_ID.test(item.custom_id))) {
		throw invalid(`${p}.custom_id`, 'It must be 1 to 64 characters of letters, digits, underscores and hyphens.');
	}
}

/**
 * The planned item of request i: {body (a task create body), request (normalised), index, assetId, origin}.
 * Throws the first rule it breaks, named as sent.
 */
function checkItem(mode, defaults, item, index, isKnownAsset) {
	const p = `requests[${index}]`;
	checkItemShape(item, p, isKnownAsset);
	if (mode === 'general' && !present(item.prompt) && !present(defaults.prompt)) {
		throw missing(`${p}.prompt`, "analysis_mode 'general' needs a prompt: set defaults.prompt or the request's prompt.");
	}
	const origin = (key) => (OVERRIDES.includes(key) && !present(item[key]) && present(defaults[key]) ? 'defaults' : key === 'model_name' || key === 'analysis_mode' ? '' : p);
	const body = taskBody(mode, { ...defaults, ...stripNulls(item) }, item.video, item.custom_id);
	const request = checkAsBatch(() => validateCreateBody(body), origin);
	return { body, request, index, assetId: item.video.asset_id, origin };
}

const stripNulls = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => present(v)));

/**
 * Checks a create body against every rule that needs no outside state. Returns
 * {mode, items}; throws ApiError (400/422) naming the parameter as sent.
 * @param {unknown} body
 * @param {{ maxItems: number; isKnownAsset: (id: string) => boolean }} context
 */
function checkBatchBody(body, { maxItems, isKnownAsset }) {
	checkTopLevel(body, maxItems);
	const mode = body.analysis_mode;
	const defaults = stripNulls(body.defaults ?? {});
	checkDefaults(mode, defaults);
	const seen = new Map();
	const items = body.requests.map((item, index) => {
		const planned = checkItem(mode, defaults, item, index, isKnownAsset);
		const customId = planned.request.customId;
		if (customId !== null && seen.has(customId)) {
			throw invalid(`requests[${index}].custom_id`, `It must be unique within the batch; '${customId}' is also used by requests[${seen.get(customId)}].`);
		}
		if (customId !== null) seen.set(customId, index);
		return planned;
	});
	return { mode, items };
}

/** The video asset of an item must exist (404) and be ready (409). */
function checkItemAsset(state, item) {
	const p = `requests[${item.index}].video.asset_id`;
	if (state === undefined) {
		throw new ApiError(404, 'resource_not_exist', `The asset '${item.assetId}' in '${p}' does not exist. Verify the id and that the asset belongs to your account.`,
			undefined, `Resource with id ${item.assetId} does not exist in assets.`);
	}
	if (state !== 'ready') {
		throw new ApiError(409, 'asset_not_ready', `The asset '${item.assetId}' in '${p}' is not ready (status '${state}'). Wait until it is ready, then submit the batch again.`);
	}
}

function activeLimitError(limit) {
	return new ApiError(429, 'too_many_active_batches',
		`You already have ${limit} active batches. Wait until one of them is completed, canceled or expired, or cancel one, then try again.`);
}

// ---- records and lifecycle ----

/** The item status of a task: a task waiting (queued, pending) is a queued item. */
function itemStatusAt(task, now) {
	const status = tasks.statusAt(task, now);
	return status === 'pending' ? 'queued' : status;
}

/** Makes an item wait its seeded share of the queue before its task starts. */
function queueItem(task, delayMs, phases) {
	const plan = task.plan;
	task.plan = tasks.schedule(task.createdAt, plan.durationMs, plan.delayQueuedMs + delayMs, phases, plan.outcome, plan.failMessage);
}

function newBatch(store, { mode, createdAt, ttlMs }) {
	const seq = ++store.sequence;
	const seconds = Math.floor(createdAt / 1000).toString(16).padStart(8, '0').slice(-8);
	let id;
	do id = seconds + hex(store.idRng, 16);
	while (store.batches.has(id));
	return { id, seq, mode, model: MODEL, createdAt, expiresAt: createdAt + ttlMs, items: [], cancelAt: null, forcedExpiryAt: null, expiredAt: null, expiryDone: false };
}

/** Seeded queue delays of a new batch's items, one draw per item. */
function queueDelays(seed, batchSeq, count, spreadMs) {
	const rng = rngFor(seed, 'batch-queue', batchSeq);
	return Array.from({ length: count }, () => Math.round(rng() * spreadMs));
}

/** At expiry, the items not final are canceled (once). */
function settleExpiry(batch, now) {
	const at = batch.forcedExpiryAt ?? batch.expiresAt;
	if (batch.expiryDone || now < at) return;
	batch.expiryDone = true;
	for (const task of batch.items) {
		if (tasks.isFinal(tasks.statusAt(task, at))) continue;
		task.forced = { status: 'canceled', at };
		batch.expiredAt = at;
	}
}

/** Cancels the queued items now; processing ones finish. */
function requestCancel(batch, now) {
	for (const task of batch.items) {
		if (itemStatusAt(task, now) === 'queued') task.forced = { status: 'canceled', at: now };
	}
	batch.cancelAt ??= now;
}

function countItems(batch, now) {
	const counts = { queued: 0, processing: 0, ready: 0, failed: 0, canceled: 0 };
	let lastEnd = batch.createdAt;
	for (const task of batch.items) {
		counts[itemStatusAt(task, now)]++;
		lastEnd = Math.max(lastEnd, tasks.completedAtOf(task, now) ?? lastEnd);
	}
	return { counts, lastEnd };
}

/**
 * The batch at sim time now: {status, at (when it became final), counts}.
 * @returns {{ status: SimBatchStatus; at: number | null; counts: Record<SimBatchItemStatus, number> }}
 */
function viewOf(batch, now) {
	settleExpiry(batch, now);
	const { counts, lastEnd } = countItems(batch, now);
	if (counts.queued + counts.processing > 0) {
		if (batch.cancelAt !== null) return { status: 'canceling', at: null, counts };
		return { status: counts.queued === batch.items.length ? 'pending' : 'processing', at: null, counts };
	}
	if (batch.expiredAt !== null) return { status: 'expired', at: batch.expiredAt, counts };
	if (batch.cancelAt !== null) return { status: 'canceled', at: Math.max(lastEnd, batch.cancelAt), counts };
	return { status: 'completed', at: lastEnd, counts };
}

const isActive = (status) => ACTIVE_STATUSES.includes(status);

// ---- wire ----

const FINAL_TIME_FIELD = { completed: 'completed_at', canceled: 'canceled_at', expired: 'expired_at' };

/** The batch as retrieve, list and cancel send it (AnalyzeBatchStatusResponse). */
function batchWire(batch, now, webhooks) {
	const view = viewOf(batch, now);
	const out = {
		batch_id: batch.id,
		analysis_mode: batch.mode,
		model_name: batch.model,
		status: view.status,
		total_items: batch.items.length,
		created_at: rfc3339(batch.createdAt),
		expires_at: rfc3339(batch.expiresAt),
	};
	if (FINAL_TIME_FIELD[view.status]) out[FINAL_TIME_FIELD[view.status]] = rfc3339(view.at);
	out.queued_items = view.counts.queued;
	out.processing_items = view.counts.processing;
	out.ready_items = view.counts.ready;
	out.failed_items = view.counts.failed;
	out.canceled_items = view.counts.canceled;
	if (FINAL_TIME_FIELD[view.status] && webhooks.length > 0) out.webhooks = webhooks.map((info) => ({ ...info }));
	return out;
}

/** The create answer (CreateAnalyzeBatchResponse). */
function createdWire(batch) {
	return {
		batch_id: batch.id,
		status: 'pending',
		total_items: batch.items.length,
		created_at: rfc3339(batch.createdAt),
		expires_at: rfc3339(batch.expiresAt),
		items: batch.items.map((task) => ({ task_id: task.id, custom_id: task.request.customId })),
	};
}

/** One line of the results stream (BatchResultItem). resultOf(task) → {wire}. */
function resultLine(task, now, resultOf) {
	const status = itemStatusAt(task, now);
	const line = { task_id: task.id, custom_id: task.request.customId, status };
	if (status === 'ready') line.data = resultOf(task).wire;
	if (status === 'failed') line.error = { code: 'analysis_failed', message: task.forced?.message ?? task.plan.failMessage };
	return line;
}

/** Batches by id; the list walks them newest first. */
class BatchStore {
	constructor(seed) {
		this.batches = new Map();
		this.sequence = 0;
		this.idRng = rngFor(seed, 'batch-ids');
	}

	get(id) {
		return this.batches.get(id);
	}

	add(batch) {
		this.batches.set(batch.id, batch);
	}

	remove(id) {
		return this.batches.delete(id);
	}

	newestFirst() {
		return [...this.batches.values()].sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
	}

	/** Drops the batches past their retention (30 days after creation). */
	purge(now, retentionMs) {
		for (const batch of this.batches.values()) if (now >= batch.createdAt + retentionMs) this.batches.delete(batch.id);
	}
}

module.exports = {
	DEFAULT_BATCHES,
	BATCH_STATUSES,
	MODES,
	BatchStore,
	checkBatchBody,
	checkAsBatch,
	checkItemAsset,
	activeLimitError,
	itemStatusAt,
	queueItem,
	queueDelays,
	newBatch,
	requestCancel,
	viewOf,
	isActive,
	batchWire,
	createdWire,
	resultLine,
};
