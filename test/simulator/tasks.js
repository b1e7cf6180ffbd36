'use strict';
/**
 * Tasks: their planned lifecycle, the status derived from the sim clock on each read,
 * the wire format (full and abbreviated list items), and the store that keeps them
 * ordered by creation for the list endpoint.
 */
const { rngFor, hex } = require('./prng');
const { rfc3339 } = require('./timefmt');

/** @typedef {'queued' | 'pending' | 'processing' | 'ready' | 'failed' | 'canceled'} SimTaskStatus */
/** @typedef {'ready' | 'failed' | 'canceled'} SimFinalStatus */

const FINAL_STATUSES = ['ready', 'failed', 'canceled'];
const TRUNCATION_WARNING = (limit) =>
	`output truncated: the generation reached the configured max_tokens. The partial output is returned; raise max_tokens (up to ${limit}) if you need a longer response.`;
/** The SDK's documented message for the other truncation cause (AnalyzeTaskError.d.ts). */
const CONTEXT_TRUNCATION_WARNING =
	"output truncated: combined input and output tokens reached the model's context limit. The partial output is returned; consider reducing input size (shorter prompt, smaller video clip, fewer media bindings) or lowering max_tokens.";
const FAILURE_MESSAGES = [
	'Video duration exceeds maximum allowed duration',
	'The video could not be decoded: unsupported codec',
	'The video file is corrupted or incomplete',
	'An internal error occurred while analyzing the video; create the task again',
];
const ABBREVIATED_TEXT_LENGTH = 30;

/** Per-task behaviour scripted in the video URL's query string. */
function parseKnobs(video) {
	if (video.type !== 'url') return {};
	let params;
	try {
		params = new URL(video.url).searchParams;
	} catch {
		return {};
	}
	const number = (name) => {
		const value = Number(params.get(name));
		return params.has(name) && Number.isFinite(value) && value >= 0 ? value : undefined;
	};
	const outcome = params.get('sim_outcome');
	return {
		truncate: params.get('sim_truncate') === 'context' ? 'context' : undefined,
		durationMs: number('sim_duration'),
		delayQueuedMs: number('sim_delay_queued'),
		videoSeconds: number('sim_video_seconds'),
		outcome: outcome === 'ready' || outcome === 'failed' ? outcome : undefined,
	};
}

function videoNameOf(video) {
	if (video.type === 'url') {
		const url = new URL(video.url);
		const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() || url.hostname);
		return `"${last}"`;
	}
	if (video.type === 'asset_id') return `asset ${video.asset_id}`;
	return 'the uploaded video';
}

/** The video must hold the requested window and last 4 s to 2 h; otherwise the task fails. */
function videoProblem(request, seconds) {
	if (seconds < 4) return 'Video duration is below the minimum of 4 seconds';
	if (seconds > 7200) return 'Video duration exceeds maximum allowed duration';
	const latest = latestRequestedSecond(request);
	if (latest > seconds) return `The requested time window ends at ${latest}s, after the end of the video (${seconds}s)`;
	return undefined;
}

function latestRequestedSecond(request) {
	const ends = [request.endTime ?? 0, request.startTime ?? 0];
	for (const definition of request.responseFormat?.segment_definitions ?? []) {
		for (const range of definition.time_ranges ?? []) ends.push(range.end_time);
	}
	return Math.max(...ends);
}

/**
 * Draws everything random about a task up front, in a fixed order, so the same seed and
 * creation sequence give the same durations, outcomes and video lengths.
 */
function planTask(task, config) {
	const rng = rngFor(config.seed, 'plan', task.seq);
	const draws = { duration: rng(), failure: rng(), message: rng(), video: rng() };
	const knobs = task.knobs;
	const drawnSeconds = Math.round((30 + draws.video * 570) * 10) / 10;
	task.videoSeconds = knobs.videoSeconds ?? Math.max(drawnSeconds, latestRequestedSecond(task.request));
	const { minMs, maxMs } = config.durations;
	const durationMs = knobs.durationMs ?? Math.round(minMs + draws.duration * (maxMs - minMs));
	let outcome = knobs.outcome ?? (draws.failure < config.failureRate ? 'failed' : 'ready');
	let failMessage = FAILURE_MESSAGES[Math.floor(draws.message * FAILURE_MESSAGES.length)];
	const problem = videoProblem(task.request, task.videoSeconds);
	if (problem && knobs.outcome === undefined) {
		outcome = 'failed';
		failMessage = problem;
	}
	task.plan = schedule(task.createdAt, durationMs, knobs.delayQueuedMs ?? 0, config.phases, outcome, failMessage);
}

function schedule(createdAt, durationMs, delayQueuedMs, phases, outcome, failMessage) {
	const startedAt = createdAt + delayQueuedMs;
	return {
		durationMs,
		delayQueuedMs,
		queuedUntil: startedAt + durationMs * phases.queued,
		pendingUntil: startedAt + durationMs * (phases.queued + phases.pending),
		completesAt: startedAt + durationMs,
		outcome,
		failMessage,
	};
}

function statusAt(task, now) {
	if (task.forced) return task.forced.status;
	const plan = task.plan;
	if (now >= plan.completesAt) return plan.outcome;
	if (now >= plan.pendingUntil) return 'processing';
	if (now >= plan.queuedUntil) return 'pending';
	return 'queued';
}

function completedAtOf(task, now) {
	if (task.forced) return task.forced.at;
	return now >= task.plan.completesAt ? task.plan.completesAt : null;
}

const isFinal = (status) => FINAL_STATUSES.includes(status);

/** Echo of a media source: base64 data is never sent back. */
function echoMediaSource(source) {
	const out = { name: source.name, media_type: source.media_type };
	if (source.url !== undefined && source.url !== null) out.url = source.url;
	if (source.asset_id !== undefined && source.asset_id !== null) out.asset_id = source.asset_id;
	return out;
}

function echoResponseFormat(format) {
	const out = { type: format.type };
	if (format.json_schema) out.json_schema = format.json_schema;
	if (format.segment_definitions) {
		out.segment_definitions = format.segment_definitions.map((d) => {
			const definition = { id: d.id, description: d.description };
			if (d.fields) definition.fields = d.fields.map((f) => stripNulls(f));
			if (d.media_sources) definition.media_sources = d.media_sources.map(echoMediaSource);
			if (d.time_ranges) definition.time_ranges = d.time_ranges.map((r) => ({ start_time: r.start_time, end_time: r.end_time }));
			return definition;
		});
	}
	if (format.segment_time_format) out.segment_time_format = format.segment_time_format;
	return out;
}

function stripNulls(object) {
	return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined));
}

/** request_params as retrieve returns them: the request with defaults filled in. */
function echoRequestParams(request) {
	const params = { analysis_mode: request.mode, model_name: request.model };
	if (request.prompt !== undefined) params.prompt = request.prompt;
	if (request.promptV2 !== undefined) {
		params.prompt_v2 = { input_text: request.promptV2.input_text };
		if (request.promptV2.media_sources) params.prompt_v2.media_sources = request.promptV2.media_sources.map(echoMediaSource);
	}
	params.temperature = request.temperature;
	params.max_tokens = request.maxTokens;
	if (request.responseFormat) params.response_format = echoResponseFormat(request.responseFormat);
	if (request.minSegmentDuration !== undefined) params.min_segment_duration = request.minSegmentDuration;
	if (request.maxSegmentDuration !== undefined) params.max_segment_duration = request.maxSegmentDuration;
	if (request.startTime !== undefined) params.start_time = request.startTime;
	if (request.endTime !== undefined) params.end_time = request.endTime;
	return params;
}

const cutText = (text) => Array.from(text).slice(0, ABBREVIATED_TEXT_LENGTH).join('');

/** List items are abbreviated exactly as the contract says. */
function abbreviateRequestParams(params) {
	const out = { ...params };
	if (out.prompt !== undefined) out.prompt = cutText(out.prompt);
	if (out.prompt_v2) out.prompt_v2 = { ...out.prompt_v2, input_text: cutText(out.prompt_v2.input_text) };
	if (out.response_format) {
		const format = { ...out.response_format };
		delete format.json_schema;
		if (format.segment_definitions) format.segment_definitions = format.segment_definitions.slice(0, 1);
		out.response_format = format;
	}
	return out;
}

function videoSourceWire(task, status) {
	const video = task.request.video;
	const out = { type: video.type };
	if (video.type === 'url') out.url = video.url;
	if (video.type === 'asset_id') out.asset_id = video.asset_id;
	// Duration is known once the video has been fetched and probed.
	if (status !== 'queued' && status !== 'pending') out.system_metadata = { duration: task.videoSeconds };
	return out;
}

/**
 * The task as the API sends it.
 * @param context {now, abbreviated, webhooks ([{url, delivered, attempts, last_error?}]), resultOf(task) → {wire, truncated}}
 */
function toWire(task, context) {
	const status = statusAt(task, context.now);
	const out = {
		task_id: task.id,
		custom_id: task.request.customId,
		status,
		created_at: rfc3339(task.createdAt),
		video_source: videoSourceWire(task, status),
		request_params: context.abbreviated ? abbreviateRequestParams(task.requestParams) : task.requestParams,
	};
	if (isFinal(status)) out.completed_at = rfc3339(completedAtOf(task, context.now));
	if (status === 'ready') {
		const result = context.resultOf(task);
		out.result = result.wire;
		if (result.truncated === 'context_window') out.error = { message: CONTEXT_TRUNCATION_WARNING };
		else if (result.truncated) out.error = { message: TRUNCATION_WARNING(task.request.family === '1.2' ? 4096 : 98304) };
	}
	if (status === 'failed') out.error = { message: task.forced?.message ?? task.plan.failMessage };
	if (isFinal(status) && context.webhooks.length > 0) {
		out.webhooks = context.webhooks.map((info) => ({ ...info }));
	}
	return out;
}

/** Task ids look like the API's (24 hex chars): creation seconds, then random hex. */
function newTaskId(rng, createdAt) {
	const seconds = Math.floor(createdAt / 1000).toString(16).padStart(8, '0').slice(-8);
	return seconds + hex(rng, 16);
}

/** Tasks kept sorted by (createdAt, seq), so the list walks it backwards: newest first. */
class TaskStore {
	constructor() {
		this.clear();
	}

	clear() {
		this.ordered = [];
		this.byId = new Map();
	}

	get size() {
		return this.ordered.length;
	}

	get(id) {
		return this.byId.get(id);
	}

	insert(task) {
		let i = this.ordered.length;
		while (i > 0 && before(task, this.ordered[i - 1])) i--;
		this.ordered.splice(i, 0, task);
		this.byId.set(task.id, task);
	}

	/** Bulk insert (history seeding): append then sort once. */
	insertMany(tasks) {
		for (const task of tasks) {
			this.ordered.push(task);
			this.byId.set(task.id, task);
		}
		this.ordered.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
	}

	remove(id) {
		const task = this.byId.get(id);
		if (!task) return false;
		this.byId.delete(id);
		this.ordered.splice(this.ordered.indexOf(task), 1);
		return true;
	}

	/** Newest first. */
	*newestFirst() {
		for (let i = this.ordered.length - 1; i >= 0; i--) yield this.ordered[i];
	}
}

const before = (a, b) => a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.seq < b.seq);

module.exports = {
	FINAL_STATUSES,
	TRUNCATION_WARNING,
	parseKnobs,
	videoNameOf,
	planTask,
	schedule,
	statusAt,
	completedAtOf,
	isFinal,
	echoRequestParams,
	toWire,
	newTaskId,
	TaskStore,
};
