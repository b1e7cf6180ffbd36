'use strict';
/**
 * Assets and multipart upload sessions (twelvelabs-js 1.3.4 `assets` and `multipartUpload`):
 * the records, their lifecycle on the sim clock (computed on each read, no timers), the
 * wire format and the request rules. HTTP streaming lives in server.js.
 */
const { ApiError, invalid, missing, unknownParam } = require('./errors');
const { rngFor, hex } = require('./prng');
const { rfc3339 } = require('./timefmt');

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** @typedef {'processing' | 'ready' | 'failed'} SimAssetStatus */

/**
 * Upload limits and timing (the `uploads` option, merged key by key with DEFAULT_UPLOADS).
 * @typedef {object} UploadOptions
 * @property {number} [directMaxBytes] Direct upload (POST /assets, method direct) of video, audio and documents. Default 200 MiB.
 * @property {number} [imageMaxBytes] Images, direct or multipart. Default 32 MiB.
 * @property {number} [multipartMaxBytes] Multipart total_size of video and audio. Default 10 GiB.
 * @property {number | null} [chunkSize] Chunk size in bytes; null (default) chooses max(5 MiB, total_size / 10000 rounded up to MiB).
 * @property {number} [initialUrls] Presigned URLs in the create-session response. Default 10.
 * @property {number} [urlTtlMs] Presigned URL lifetime, sim ms. Default 1 hour.
 * @property {number} [sessionTtlMs] Upload session lifetime, sim ms. Default 24 hours.
 * @property {{ minMs: number; maxMs: number }} [processing] Sim ms an asset stays processing once its bytes are complete. Default 2000..10000.
 */

/**
 * Limits of the SDK's reference text (twelvelabs-js 1.3.4 Assets.create, MultipartUpload.create):
 * local video/audio/documents 200 MB, images 32 MB, public URLs 4 GB (documents 512 MB),
 * multipart video/audio 10 GB (images 32 MB). Presigned URLs live 1 hour, sessions 24 hours,
 * at most 50 URLs per request. Binary units: the older reference bounds total_size by 4294967296.
 */
const DEFAULT_UPLOADS = {
	directMaxBytes: 200 * MiB,
	imageMaxBytes: 32 * MiB,
	multipartMaxBytes: 10 * GiB,
	/** null: chosen from total_size (at least 5 MiB, at most 10,000 chunks). */
	chunkSize: null,
	initialUrls: 10,
	urlTtlMs: 60 * 60 * 1000,
	sessionTtlMs: 24 * 60 * 60 * 1000,
	/** Sim ms an asset stays processing once its bytes are complete. */
	processing: { minMs: 2000, maxMs: 10000 },
};
const MIN_CHUNK = 5 * MiB;
const MAX_CHUNKS = 10000;
const MAX_URLS_PER_REQUEST = 50;

const EXTENSIONS = {
	video: { mp4: 'video/mp4', m4v: 'video/x-m4v', mov: 'video/quicktime', avi: 'video/x-msvideo', mkv: 'video/x-matroska', webm: 'video/webm', wmv: 'video/x-ms-wmv', flv: 'video/x-flv', mpeg: 'video/mpeg', mpg: 'video/mpeg', '3gp': 'video/3gpp', ts: 'video/mp2t', ogv: 'video/ogg' },
	audio: { mp3: 'audio/mpeg', wav: 'audio/wav', m4a: 'audio/mp4', aac: 'audio/aac', flac: 'audio/flac', ogg: 'audio/ogg', opus: 'audio/opus', wma: 'audio/x-ms-wma' },
	image: { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', heic: 'image/heic' },
	document: { pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown', markdown: 'text/markdown' },
};
const ASSET_TYPES = ['image', 'video', 'audio', 'document'];
const UPLOAD_TYPES = ['video', 'audio', 'image'];
const TRANSCRIPTION_INCLUDES = ['words', 'sentences', 'utterances'];
const FILENAME_MAX = 255;
const SPOKEN = 'welcome to the quarterly product review today we walk through the new release the roadmap and the questions from our customers thank you all for joining'.split(' ');

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const present = (v) => v !== undefined && v !== null;

function extensionOf(name) {
	const match = /\.([A-Za-z0-9]+)$/.exec(name ?? '');
	return match ? match[1].toLowerCase() : undefined;
}

/** {kind, mime} from a file name and an optional MIME type; kind undefined when unsupported. */
function classify(filename, contentType) {
	const ext = extensionOf(filename);
	for (const kind of Object.keys(EXTENSIONS)) {
		if (ext && EXTENSIONS[kind][ext]) return { kind, mime: EXTENSIONS[kind][ext], known: true };
	}
	const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (/^(video|audio|image)\//.test(mime)) return { kind: mime.split('/')[0], mime, known: true };
	if (['application/pdf', 'text/plain', 'text/markdown'].includes(mime)) return { kind: 'document', mime, known: true };
	// No extension and no telling MIME type: the platform detects the content (assumed video).
	if (!ext) return { kind: 'video', mime: 'video/mp4', known: false };
	return { kind: undefined, mime: mime || 'application/octet-stream', known: false };
}

/** Keys of user metadata are strings; values string, integer, float or boolean. */
function checkUserMetadata(value, param, { allowNull = false } = {}) {
	if (!isObject(value)) throw invalid(param, 'It must be an object of keys and values (string, integer, float or boolean).');
	for (const [key, inner] of Object.entries(value)) {
		if (inner === null && allowNull) continue;
		if (!['string', 'number', 'boolean'].includes(typeof inner) || (typeof inner === 'number' && !Number.isFinite(inner))) {
			throw invalid(`${param}.${key}`, 'Values must be a string, an integer, a float or a boolean.');
		}
	}
	return value;
}

function checkBooleanField(value, param) {
	if (!present(value)) return false;
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw invalid(param, "It must be 'true' or 'false'.");
}

function checkFilename(value, param) {
	if (typeof value !== 'string' || value.length < 1 || value.length > FILENAME_MAX) {
		throw invalid(param, `It must be a string of 1 to ${FILENAME_MAX} characters.`);
	}
	return value;
}

function parsePagingInt(params, name, max, fallback) {
	if (!params.has(name)) return fallback;
	const value = params.get(name);
	const n = Number(value);
	if (!/^\d+$/.test(value) || n < 1 || n > max) throw invalid(name, `It must be an integer between 1 and ${max}.`);
	return n;
}

function pageOf(items, params) {
	const page = parsePagingInt(params, 'page', Number.MAX_SAFE_INTEGER, 1);
	const pageLimit = parsePagingInt(params, 'page_limit', 50, 10);
	const first = (page - 1) * pageLimit;
	return {
		items: items.slice(first, first + pageLimit),
		pageInfo: { limit_per_page: pageLimit, page, total_page: Math.ceil(items.length / pageLimit), total_results: items.length },
	};
}

/** Values of a repeated (or comma-separated) query parameter. */
function listParam(params, name) {
	return params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Per-asset behaviour scripted in the URL query or the file name (see README). */
function knobsOf(url, filename) {
	const knobs = {};
	if (url) {
		let parsed;
		try {
			parsed = new URL(url);
		} catch {
			parsed = undefined;
		}
		if (parsed) {
			const params = parsed.searchParams;
			const outcome = params.get('sim_outcome');
			if (outcome === 'failed' || outcome === 'ready') knobs.outcome = outcome;
			const duration = Number(params.get('sim_duration'));
			if (params.has('sim_duration') && Number.isFinite(duration) && duration >= 0) knobs.processingMs = duration;
			const seconds = Number(params.get('sim_video_seconds'));
			if (params.has('sim_video_seconds') && Number.isFinite(seconds) && seconds > 0) knobs.seconds = seconds;
			const host = parsed.hostname;
			if (host === 'unreachable.invalid' || host.endsWith('.unreachable.invalid')) {
				knobs.outcome = 'failed';
				knobs.failMessage = `The file could not be downloaded from the URL: the host ${host} could not be reached.`;
			}
		}
	}
	if (/sim_fail/i.test(filename ?? '')) {
		knobs.outcome = 'failed';
		knobs.failMessage ??= 'The file is corrupted or in an unsupported format and could not be processed.';
	}
	return knobs;
}

class AssetStore {
	constructor(seed, uploads) {
		this.seed = seed;
		this.uploads = uploads;
		this.assets = new Map();
		this.sessions = new Map();
		this.deleted = new Set();
		this.sequence = 0;
		this.idRng = rngFor(seed, 'asset-ids');
		this.tokenRng = rngFor(seed, 'upload-tokens');
	}

	newId(createdAt) {
		let id;
		do id = Math.floor(createdAt / 1000).toString(16).padStart(8, '0').slice(-8) + hex(this.idRng, 16);
		while (this.assets.has(id) || this.sessions.has(id) || this.deleted.has(id));
		return id;
	}

	/**
	 * A new asset. bytesComplete: false for a multipart asset until its last chunk is reported.
	 * spec: {method, filename, mime, kind, url, size, enableHls, enableThumbnail, userMetadata, createdAt, knobs}
	 */
	create(spec) {
		const createdAt = spec.createdAt;
		const seq = ++this.sequence;
		const rng = rngFor(this.seed, 'asset-plan', seq);
		const draws = { processing: rng(), seconds: rng(), size: rng() };
		const { minMs, maxMs } = this.uploads.processing;
		const knobs = spec.knobs ?? {};
		const asset = {
			id: spec.id ?? this.newId(createdAt),
			seq,
			createdAt,
			method: spec.method,
			filename: spec.filename,
			mime: spec.mime,
			kind: spec.kind,
			url: spec.url,
			size: spec.size ?? (spec.method === 'url' ? Math.round(5 * MiB + draws.size * 500 * MiB) : 0),
			bytesReceived: spec.bytesReceived ?? 0,
			enableHls: Boolean(spec.enableHls),
			enableThumbnail: Boolean(spec.enableThumbnail),
			userMetadata: spec.userMetadata ?? null,
			indexedReferences: spec.indexedReferences ?? 0,
			uploadId: spec.uploadId ?? null,
			seconds: knobs.seconds ?? Math.round((30 + draws.seconds * 570) * 10) / 10,
			processingMs: knobs.processingMs ?? Math.round(minMs + draws.processing * (maxMs - minMs)),
			outcome: knobs.outcome ?? 'ready',
			failMessage: knobs.failMessage ?? 'The file is corrupted or in an unsupported format and could not be processed.',
			bytesCompleteAt: spec.bytesComplete === false ? null : createdAt,
			forced: null,
		};
		this.assets.set(asset.id, asset);
		return asset;
	}

	get(id) {
		return this.assets.get(id);
	}

	remove(id) {
		const asset = this.assets.get(id);
		if (!asset) return false;
		this.assets.delete(id);
		this.deleted.add(id);
		return true;
	}

	newestFirst() {
		return [...this.assets.values()].sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
	}
}

function assetStatusAt(asset, now) {
	if (asset.forced) return asset.forced.status;
	if (asset.bytesCompleteAt === null) return 'processing';
	return now >= asset.bytesCompleteAt + asset.processingMs ? asset.outcome : 'processing';
}

function readyAtOf(asset) {
	if (asset.forced) return asset.forced.at;
	return asset.bytesCompleteAt === null ? null : asset.bytesCompleteAt + asset.processingMs;
}

function technicalMetadata(asset, status) {
	const size = asset.size;
	const base = { file_size_bytes: size, file_mime_type: asset.mime };
	if (status === 'failed') return base; // "may be partially populated"
	if (asset.kind === 'video') {
		return {
			...base,
			file_container_format: extensionOf(asset.filename) ?? 'mp4',
			video_codec: 'h264', video_width: 1920, video_height: 1080, video_fps: 30,
			video_duration_seconds: asset.seconds, video_bitrate_bps: Math.round((size * 8) / asset.seconds),
			audio_codec: 'aac', audio_sample_rate: 48000, audio_channels: 2, audio_duration_seconds: asset.seconds,
			has_audio: true, is_hdr: false, total_video_streams: 1, total_audio_streams: 1,
		};
	}
	if (asset.kind === 'audio') {
		return { ...base, audio_codec: extensionOf(asset.filename) ?? 'mp3', audio_sample_rate: 44100, audio_channels: 2, audio_duration_seconds: asset.seconds, has_audio: true, total_video_streams: 0, total_audio_streams: 1 };
	}
	if (asset.kind === 'image') {
		return { ...base, image_width: 1280, image_height: 720, image_format: extensionOf(asset.filename) ?? 'jpeg', image_bit_depth: 8, has_alpha: false, is_animated: false };
	}
	return { ...base, document_page_count: asset.mime === 'application/pdf' ? 3 : 1 };
}

/**
 * The asset as the API sends it. detail: AssetDetail (retrieve, list) or Asset (create).
 * origin: the simulator's http origin, for HLS and thumbnail URLs.
 */
function assetWire(asset, { now, detail = true, origin }) {
	const status = assetStatusAt(asset, now);
	const out = {
		_id: asset.id,
		method: asset.method,
		status,
		filename: asset.filename,
		file_type: asset.mime,
		created_at: rfc3339(asset.createdAt),
	};
	if (asset.userMetadata && Object.keys(asset.userMetadata).length > 0) out.user_metadata = { ...asset.userMetadata };
	if (!detail) return out;
	const media = asset.kind === 'video' || asset.kind === 'audio';
	const sub = status === 'ready' ? 'ready' : status === 'failed' ? 'error' : 'pending';
	if (asset.enableHls && media) {
		out.hls = { status: sub };
		if (sub === 'ready') out.hls.manifest_url = `${origin}/_storage/assets/${asset.id}/hls/manifest.m3u8`;
	}
	const thumbnails = asset.kind !== 'document' || asset.mime === 'application/pdf';
	if (asset.enableThumbnail && thumbnails) {
		out.thumbnail = { status: sub };
		if (sub === 'ready') out.thumbnail.representative_url = `${origin}/_storage/assets/${asset.id}/thumbnail.jpg`;
	}
	if (status !== 'processing') out.technical_metadata = technicalMetadata(asset, status);
	if (status === 'ready') {
		out.size = asset.size;
		if (media) out.duration = asset.seconds;
	}
	if (status === 'failed') out.error = { message: asset.forced?.message ?? asset.failMessage };
	return out;
}

/** Deterministic transcription of a ready video/audio asset. */
function transcription(asset, include, seed) {
	const rng = rngFor(seed, 'transcript', asset.id);
	const count = Math.min(SPOKEN.length, Math.max(4, Math.floor(asset.seconds / 2)));
	const step = Math.min(1, asset.seconds / (count + 1));
	const start = Math.round(rng() * 10) / 10;
	const words = SPOKEN.slice(0, count).map((value, i) => ({
		start: Math.round((start + i * step) * 100) / 100,
		end: Math.round((start + (i + 0.9) * step) * 100) / 100,
		value,
	}));
	const out = { status: 'ready' };
	if (include.includes('words')) out.words = words;
	const groups = [];
	for (let i = 0; i < words.length; i += 8) groups.push(words.slice(i, i + 8));
	const joined = (group) => ({ start: group[0].start, end: group[group.length - 1].end, value: group.map((w) => w.value).join(' ') });
	if (include.includes('sentences')) out.sentences = groups.map(joined);
	if (include.includes('utterances')) out.utterances = groups.map((group, i) => ({ ...joined(group), speaker: `speaker_${i % 2}` }));
	return out;
}

// ---- multipart upload sessions ----

function chunkSizeFor(totalSize, uploads) {
	if (uploads.chunkSize) return uploads.chunkSize;
	return Math.max(MIN_CHUNK, Math.ceil(totalSize / MAX_CHUNKS / MiB) * MiB);
}

function expectedChunkBytes(session, index) {
	return index < session.totalChunks ? session.chunkSize : session.totalSize - session.chunkSize * (session.totalChunks - 1);
}

function sessionStatusAt(session, now) {
	if (session.completedAt !== null) return 'completed';
	if (session.failed) return 'failed';
	if (now >= session.expiresAt) return 'expired';
	return 'active';
}

/** Per-chunk state: {index, puts, interrupted, bytes, etag, lastPutAt, reportedAt, updatedAt, failed}. */
function chunkState(session, index) {
	let chunk = session.chunks.get(index);
	if (!chunk) {
		chunk = { index, puts: 0, interrupted: 0, bytes: 0, etag: null, lastPutAt: null, reportedAt: null, updatedAt: null, failedMessage: null };
		session.chunks.set(index, chunk);
	}
	return chunk;
}

function chunkStatus(chunk) {
	if (!chunk) return 'pending';
	if (chunk.reportedAt !== null) return 'completed';
	if (chunk.failedMessage) return 'failed';
	return 'pending';
}

function chunkInfoWire(session, index) {
	const chunk = session.chunks.get(index);
	const status = chunkStatus(chunk);
	const out = { index, status, uploaded_at: status === 'completed' ? rfc3339(chunk.reportedAt) : null };
	const updated = chunk?.updatedAt ?? session.createdAt;
	out.updated_at = rfc3339(updated);
	if (status === 'failed') out.error = chunk.failedMessage;
	return out;
}

function countsOf(session) {
	let completed = 0;
	let failed = 0;
	let uploadedSize = 0;
	for (const chunk of session.chunks.values()) {
		const status = chunkStatus(chunk);
		if (status === 'completed') {
			completed++;
			uploadedSize += chunk.bytes;
		} else if (status === 'failed') failed++;
	}
	return { completed, failed, pending: session.totalChunks - completed - failed, uploadedSize };
}

/** Creates one presigned URL (single use, expires urlTtlMs after now). */
function presign(store, session, index, now, origin) {
	const token = hex(store.tokenRng, 32);
	const expiresAt = now + store.uploads.urlTtlMs;
	session.urls.set(token, { index, expiresAt, used: false });
	const query = `X-Sim-Expires=${Math.floor(expiresAt / 1000)}&X-Sim-Token=${token}`;
	return { chunk_index: index, url: `${origin}/_storage/multipart/${session.uploadId}/${index}?${query}`, expires_at: rfc3339(expiresAt) };
}

function validateSessionBody(body, uploads) {
	if (!isObject(body)) throw new ApiError(400, 'parameter_invalid', 'The request body must be a JSON object.');
	const allowed = ['filename', 'type', 'total_size', 'enable_hls', 'enable_thumbnail', 'user_metadata'];
	for (const key of Object.keys(body)) if (!allowed.includes(key)) throw unknownParam(key);
	if (!present(body.filename)) throw missing('filename');
	checkFilename(body.filename, 'filename');
	if (!present(body.type)) throw missing('type');
	if (!UPLOAD_TYPES.includes(body.type)) throw invalid('type', `It must be one of ${UPLOAD_TYPES.join(', ')}.`);
	if (!present(body.total_size)) throw missing('total_size');
	const max = body.type === 'image' ? uploads.imageMaxBytes : uploads.multipartMaxBytes;
	if (!Number.isInteger(body.total_size) || body.total_size < 1) throw invalid('total_size', 'It must be a positive integer (bytes).');
	if (body.total_size > max) {
		throw invalid('total_size', `The file is too large: ${body.type} files may have up to ${max} bytes; got ${body.total_size}.`);
	}
	for (const flag of ['enable_hls', 'enable_thumbnail']) {
		if (present(body[flag]) && typeof body[flag] !== 'boolean') throw invalid(flag, 'It must be a boolean.');
	}
	if (present(body.user_metadata)) checkUserMetadata(body.user_metadata, 'user_metadata');
	return body;
}

function createSession(store, body, { now, origin }) {
	const uploads = store.uploads;
	validateSessionBody(body, uploads);
	const guess = classify(body.filename);
	const asset = store.create({
		method: 'multipart',
		filename: body.filename,
		mime: guess.known && guess.kind === body.type ? guess.mime : Object.values(EXTENSIONS[body.type])[0],
		kind: body.type,
		size: body.total_size,
		enableHls: body.enable_hls === true,
		enableThumbnail: body.enable_thumbnail === true,
		userMetadata: body.user_metadata ?? null,
		createdAt: now,
		bytesComplete: false,
		knobs: knobsOf(undefined, body.filename),
	});
	const chunkSize = chunkSizeFor(body.total_size, uploads);
	const session = {
		uploadId: store.newId(now),
		assetId: asset.id,
		seq: asset.seq,
		filename: body.filename,
		type: body.type,
		totalSize: body.total_size,
		chunkSize,
		totalChunks: Math.ceil(body.total_size / chunkSize),
		createdAt: now,
		updatedAt: now,
		expiresAt: now + uploads.sessionTtlMs,
		completedAt: null,
		failed: false,
		chunks: new Map(),
		urls: new Map(),
	};
	asset.uploadId = session.uploadId;
	store.sessions.set(session.uploadId, session);
	const first = Math.min(session.totalChunks, uploads.initialUrls);
	const urls = [];
	for (let index = 1; index <= first; index++) urls.push(presign(store, session, index, now, origin));
	return {
		session,
		body: {
			upload_id: session.uploadId,
			asset_id: asset.id,
			upload_urls: urls,
			upload_headers: { 'Content-Type': 'application/octet-stream' },
			chunk_size: chunkSize,
			total_chunks: session.totalChunks,
			expires_at: rfc3339(session.expiresAt),
		},
	};
}

function requireOpenSession(session, now) {
	const status = sessionStatusAt(session, now);
	if (status === 'expired') {
		throw invalid('upload_id', `The upload session ${session.uploadId} expired at ${rfc3339(session.expiresAt)}; create a new upload session.`);
	}
	if (status === 'failed') throw invalid('upload_id', `The upload session ${session.uploadId} has failed; create a new upload session.`);
	return status;
}

function isIntegerIn(value, min, max) {
	return Number.isInteger(value) && value >= min && value <= max;
}

function additionalUrls(store, session, body, { now, origin }) {
	if (!isObject(body)) throw new ApiError(400, 'parameter_invalid', 'The request body must be a JSON object.');
	for (const key of Object.keys(body)) if (!['start', 'count'].includes(key)) throw unknownParam(key);
	if (!present(body.start)) throw missing('start');
	if (!present(body.count)) throw missing('count');
	if (!isIntegerIn(body.start, 1, session.totalChunks)) {
		throw invalid('start', `It must be an integer between 1 and ${session.totalChunks} (the session's total_chunks).`);
	}
	if (!isIntegerIn(body.count, 1, MAX_URLS_PER_REQUEST)) throw invalid('count', `It must be an integer between 1 and ${MAX_URLS_PER_REQUEST}.`);
	if (body.start + body.count - 1 > session.totalChunks) {
		throw invalid('count', `Chunks ${body.start} to ${body.start + body.count - 1} go past the last chunk (${session.totalChunks}).`);
	}
	const status = requireOpenSession(session, now);
	if (status === 'completed') throw invalid('upload_id', `The upload session ${session.uploadId} is already completed.`);
	const urls = [];
	for (let i = 0; i < body.count; i++) urls.push(presign(store, session, body.start + i, now, origin));
	return {
		upload_id: session.uploadId,
		start_index: body.start,
		count: body.count,
		upload_urls: urls,
		generated_at: rfc3339(now),
		expires_at: rfc3339(now + store.uploads.urlTtlMs),
	};
}

const stripQuotes = (text) => text.replace(/^"|"$/g, '');

function reportChunks(store, session, body, { now, origin }) {
	if (!isObject(body)) throw new ApiError(400, 'parameter_invalid', 'The request body must be a JSON object.');
	for (const key of Object.keys(body)) if (key !== 'completed_chunks') throw unknownParam(key);
	if (!present(body.completed_chunks)) throw missing('completed_chunks');
	const list = body.completed_chunks;
	if (!Array.isArray(list) || list.length === 0) throw invalid('completed_chunks', 'It must be a non-empty list of completed chunks.');
	list.forEach((chunk, i) => {
		const p = `completed_chunks[${i}]`;
		if (!isObject(chunk)) throw invalid(p, 'Each completed chunk must be an object.');
		for (const key of Object.keys(chunk)) {
			if (!['chunk_index', 'proof', 'proof_type', 'chunk_size'].includes(key)) throw unknownParam(`${p}.${key}`);
		}
		for (const key of ['chunk_index', 'proof', 'proof_type', 'chunk_size']) if (!present(chunk[key])) throw missing(`${p}.${key}`);
		if (!isIntegerIn(chunk.chunk_index, 1, session.totalChunks)) {
			throw invalid(`${p}.chunk_index`, `It must be an integer between 1 and ${session.totalChunks}.`);
		}
		if (chunk.proof_type !== 'etag') throw invalid(`${p}.proof_type`, "The only supported value is 'etag'.");
		if (typeof chunk.proof !== 'string' || chunk.proof.trim() === '') throw invalid(`${p}.proof`, 'It must be the ETag of the chunk upload.');
		const expected = expectedChunkBytes(session, chunk.chunk_index);
		if (chunk.chunk_size !== expected) {
			throw invalid(`${p}.chunk_size`, `Chunk ${chunk.chunk_index} must have ${expected} bytes; got ${chunk.chunk_size}.`);
		}
	});
	const status = requireOpenSession(session, now);
	// Every chunk is checked before any is recorded: a batch is accepted whole or not at all.
	list.forEach((chunk, i) => {
		const state = session.chunks.get(chunk.chunk_index);
		if (!state || !state.etag) {
			throw invalid(`completed_chunks[${i}].proof`, `Chunk ${chunk.chunk_index} has not been uploaded yet; upload it to its presigned URL first.`);
		}
		if (stripQuotes(chunk.proof) !== state.etag) {
			throw invalid(`completed_chunks[${i}].proof`, `It does not match the ETag of the last upload of chunk ${chunk.chunk_index}.`);
		}
		if (state.bytes !== chunk.chunk_size) {
			throw invalid(`completed_chunks[${i}].chunk_size`, `The upload of chunk ${chunk.chunk_index} had ${state.bytes} bytes.`);
		}
	});
	let processed = 0;
	let duplicates = 0;
	for (const chunk of list) {
		const state = session.chunks.get(chunk.chunk_index);
		if (state.reportedAt !== null) {
			duplicates++;
			continue;
		}
		state.reportedAt = now;
		state.updatedAt = now;
		processed++;
	}
	if (processed > 0) session.updatedAt = now;
	const counts = countsOf(session);
	const asset = store.get(session.assetId);
	if (status !== 'completed' && counts.completed === session.totalChunks) {
		session.completedAt = now;
		if (asset) {
			asset.bytesCompleteAt = now;
			asset.bytesReceived = counts.uploadedSize;
		}
	}
	const out = { asset_id: session.assetId, processed_chunks: processed, duplicate_chunks: duplicates, total_completed: counts.completed };
	if (session.completedAt !== null) out.url = `${origin}/_storage/assets/${session.assetId}/${encodeURIComponent(session.filename)}`;
	return out;
}

function sessionStatusWire(session, params, now) {
	const all = Array.from({ length: session.totalChunks }, (_, i) => i + 1);
	const { items, pageInfo } = pageOf(all, params);
	const counts = countsOf(session);
	return {
		upload_id: session.uploadId,
		status: sessionStatusAt(session, now),
		uploaded_chunks: items.map((index) => chunkInfoWire(session, index)),
		chunks_completed: counts.completed,
		chunks_failed: counts.failed,
		chunks_pending: counts.pending,
		page_info: pageInfo,
		total_size: session.totalSize,
		uploaded_size: counts.uploadedSize,
		created_at: rfc3339(session.createdAt),
		updated_at: rfc3339(session.updatedAt),
	};
}

function incompleteSummaryWire(session, now) {
	return {
		upload_id: session.uploadId,
		status: sessionStatusAt(session, now),
		total_size: session.totalSize,
		chunk_size: session.chunkSize,
		total_chunks: session.totalChunks,
		created_at: rfc3339(session.createdAt),
		expires_at: rfc3339(session.expiresAt),
	};
}

module.exports = {
	DEFAULT_UPLOADS,
	ASSET_TYPES,
	TRANSCRIPTION_INCLUDES,
	MiB,
	AssetStore,
	classify,
	knobsOf,
	checkUserMetadata,
	checkBooleanField,
	checkFilename,
	pageOf,
	listParam,
	assetStatusAt,
	readyAtOf,
	assetWire,
	transcription,
	createSession,
	additionalUrls,
	reportChunks,
	sessionStatusAt,
	sessionStatusWire,
	incompleteSummaryWire,
	expectedChunkBytes,
	chunkState,
	chunkStatus,
	countsOf,
};
