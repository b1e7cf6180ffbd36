'use strict';
/**
 * Sparse mode: the API as the SDK allows it to answer, not as friendly as it can. Every
 * response field that twelvelabs-js 1.3.4 marks optional (api/types/AnalyzeTask*.d.ts,
 * PageInfo.d.ts) may be sent as null or left out, chosen per response from the seed.
 * Fields whose presence the SDK ties to a status stay when that status holds: `result` on
 * ready, `error` on failed or truncated, `completed_at` on a final status. `custom_id` stays
 * too: optional in the type, but its description says "This key is always present".
 */
const { rngFor } = require('./prng');

/** Optional members per object kind, from the SDK's response types. */
const OPTIONAL = {
	task: ['video_source', 'request_params', 'webhooks'],
	videoSource: ['type', 'url', 'asset_id', 'system_metadata'],
	systemMetadata: ['duration'],
	requestParams: [
		'analysis_mode', 'prompt', 'prompt_v2', 'response_format', 'temperature', 'max_tokens',
		'min_segment_duration', 'max_segment_duration', 'start_time', 'end_time',
	],
	promptV2: ['input_text', 'media_sources'],
	mediaSource: ['url', 'asset_id'],
	responseFormat: ['type', 'json_schema', 'segment_definitions'],
	definition: ['fields', 'media_sources', 'time_ranges'],
	field: ['description', 'enum', 'items'],
	fieldItems: ['type'],
	usage: ['input_tokens'],
	webhook: ['last_error'],
	pageInfo: ['limit_per_page', 'page', 'total_page', 'total_results'],
};

/** Decides, for one response, which optional fields to drop and how. */
class Thinner {
	constructor(rng) {
		this.rng = rng;
	}

	/** Half the optional fields go: half of those as null, half left out. */
	thin(object, kind) {
		if (object === null || typeof object !== 'object') return;
		for (const key of OPTIONAL[kind]) {
			if (!(key in object)) continue;
			const draw = this.rng();
			if (draw < 0.25) object[key] = null;
			else if (draw < 0.5) delete object[key];
		}
	}

	each(list, kind, inner) {
		if (!Array.isArray(list)) return;
		for (const item of list) {
			this.thin(item, kind);
			if (inner) inner(item);
		}
	}
}

function thinTask(thinner, task) {
	thinner.thin(task, 'task');
	if (task.video_source) {
		thinner.thin(task.video_source, 'videoSource');
		thinner.thin(task.video_source.system_metadata, 'systemMetadata');
	}
	const params = task.request_params;
	if (params) {
		thinner.thin(params, 'requestParams');
		if (params.prompt_v2) {
			thinner.thin(params.prompt_v2, 'promptV2');
			thinner.each(params.prompt_v2.media_sources, 'mediaSource');
		}
		const format = params.response_format;
		if (format) {
			thinner.thin(format, 'responseFormat');
			thinner.each(format.segment_definitions, 'definition', (definition) => {
				thinner.each(definition.fields, 'field', (field) => thinner.thin(field.items, 'fieldItems'));
				thinner.each(definition.media_sources, 'mediaSource');
			});
		}
	}
	if (task.result) thinner.thin(task.result.usage, 'usage');
	thinner.each(task.webhooks, 'webhook');
	return task;
}

/** Thins API response bodies; one independent draw sequence per response. */
class SparseShaper {
	constructor(seed) {
		this.seed = seed;
		this.responses = 0;
	}

	next() {
		return new Thinner(rngFor(this.seed, 'sparse', this.responses++));
	}

	task(task) {
		return thinTask(this.next(), structuredClone(task));
	}

	list(body) {
		const thinner = this.next();
		const out = structuredClone(body);
		for (const task of out.data) thinTask(thinner, task);
		thinner.thin(out.page_info, 'pageInfo');
		return out;
	}
}

module.exports = { SparseShaper, OPTIONAL };
