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
	// Assets and multipart uploads (api/types/Asset*.d.ts, *Upload*.d.ts, ChunkInfo, PresignedUrlChunk).
	// `_id` and `status` stay: an asset without them cannot be used. `error` stays on failed.
	asset: ['method', 'filename', 'file_type', 'created_at', 'user_metadata'],
	assetDetail: ['hls', 'thumbnail', 'technical_metadata', 'size', 'duration'],
	hls: ['manifest_url', 'status'],
	thumbnail: ['representative_url', 'status'],
	// upload_id, asset_id, upload_urls and chunk_size stay: a session cannot be used without them.
	uploadSession: ['upload_headers', 'total_chunks', 'expires_at'],
	presignedUrl: ['expires_at'],
	presignedUrls: ['upload_id', 'start_index', 'count', 'generated_at', 'expires_at'],
	// uploaded_chunks stays (the SDK pages on it); each chunk keeps index and status.
	uploadStatus: ['upload_id', 'chunks_failed', 'chunks_pending', 'total_size', 'uploaded_size', 'created_at', 'updated_at', 'page_info'],
	chunkInfo: ['uploaded_at', 'updated_at'],
	// url stays: it is how a client learns that the upload is complete.
	chunkReport: ['asset_id', 'processed_chunks', 'duplicate_chunks'],
	incompleteUpload: ['created_at', 'expires_at'],
	utterance: ['speaker'],
	// Analysis batches (AnalyzeBatchStatusResponse, BatchResultItem, BatchItemError). The *_at fields
	// stay on their status, `data` on ready lines, `error.message` on failed ones, `custom_id` always.
	batch: ['webhooks'],
	batchItemError: ['code'],
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

function thinAsset(thinner, asset, detail) {
	thinner.thin(asset, 'asset');
	if (!detail) return asset;
	thinner.thin(asset, 'assetDetail');
	thinner.thin(asset.hls, 'hls');
	thinner.thin(asset.thumbnail, 'thumbnail');
	if (asset.technical_metadata) {
		// Every TechnicalMetadata member is optional.
		for (const key of Object.keys(asset.technical_metadata)) {
			const draw = thinner.rng();
			if (draw < 0.25) asset.technical_metadata[key] = null;
			else if (draw < 0.5) delete asset.technical_metadata[key];
		}
	}
	return asset;
}

function thinBatch(thinner, batch) {
	thinner.thin(batch, 'batch');
	thinner.each(batch.webhooks, 'webhook');
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

	/** A list answer: each item of `data` thinned by thinItem(thinner, item), then page_info. */
	thinnedList(body, thinItem) {
		const thinner = this.next();
		const out = structuredClone(body);
		for (const item of out.data) thinItem(thinner, item);
		thinner.thin(out.page_info, 'pageInfo');
		return out;
	}

	list(body) {
		return this.thinnedList(body, thinTask);
	}

	asset(body) {
		return thinAsset(this.next(), structuredClone(body), false);
	}

	assetDetail(body) {
		return thinAsset(this.next(), structuredClone(body), true);
	}

	assetList(body) {
		return this.thinnedList(body, (thinner, asset) => thinAsset(thinner, asset, true));
	}

	uploadSession(body) {
		const thinner = this.next();
		const out = structuredClone(body);
		thinner.thin(out, 'uploadSession');
		thinner.each(out.upload_urls, 'presignedUrl');
		return out;
	}

	presignedUrls(body) {
		const thinner = this.next();
		const out = structuredClone(body);
		thinner.thin(out, 'presignedUrls');
		thinner.each(out.upload_urls, 'presignedUrl');
		return out;
	}

	uploadStatus(body) {
		const thinner = this.next();
		const out = structuredClone(body);
		thinner.thin(out, 'uploadStatus');
		thinner.each(out.uploaded_chunks, 'chunkInfo');
		thinner.thin(out.page_info, 'pageInfo');
		return out;
	}

	chunkReport(body) {
		const out = structuredClone(body);
		this.next().thin(out, 'chunkReport');
		return out;
	}

	incompleteList(body) {
		const thinner = this.next();
		const out = structuredClone(body);
		thinner.each(out.data, 'incompleteUpload');
		thinner.thin(out.page_info, 'pageInfo');
		return out;
	}

	batch(body) {
		const out = structuredClone(body);
		thinBatch(this.next(), out);
		return out;
	}

	batchList(body) {
		return this.thinnedList(body, thinBatch);
	}

	resultLine(line) {
		const thinner = this.next();
		const out = structuredClone(line);
		if (out.data) thinner.thin(out.data.usage, 'usage');
		thinner.thin(out.error, 'batchItemError');
		return out;
	}

	transcription(body) {
		const out = structuredClone(body);
		this.next().each(out.utterances, 'utterance');
		return out;
	}
}

module.exports = { SparseShaper, OPTIONAL };
