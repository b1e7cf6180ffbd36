'use strict';
/**
 * The asset and multipart-upload endpoints of twelvelabs-js 1.3.4 (api/resources/assets,
 * api/resources/multipartUpload): each handler returns {status, body}. Asset create streams
 * its multipart/form-data body through request.readForm (server.js).
 */
const { ApiError, invalid, missing, unknownParam, notFound } = require('./errors');
const assets = require('./assets');
const { boundaryOf } = require('./multipart-form');

const ASSET_FORM_FIELDS = ['method', 'file', 'url', 'filename', 'enable_hls', 'enable_thumbnail', 'user_metadata'];
const TRUE_FALSE = ['true', 'false'];

function findAsset(sim, id) {
	const asset = sim.assetStore.get(id);
	if (!asset) throw notFound(id, 'assets');
	return asset;
}

function findSession(sim, id) {
	const session = sim.assetStore.sessions.get(id);
	if (!session) throw notFound(id, 'multipart uploads');
	return session;
}

function jsonBody(request) {
	if (!request.json.ok) throw new ApiError(400, 'parameter_invalid', 'The request body is not valid JSON.');
	return request.json.value ?? {};
}

function single(fields, name) {
	const value = fields[name];
	if (Array.isArray(value)) throw invalid(name, 'It must be given once.');
	return value;
}

function listAssets(sim, request) {
	const params = request.url.searchParams;
	const ids = assets.listParam(params, 'asset_ids');
	const types = assets.listParam(params, 'asset_types');
	for (const type of types) {
		if (!assets.ASSET_TYPES.includes(type)) throw invalid('asset_types', `Each value must be one of ${assets.ASSET_TYPES.join(', ')}; got '${type}'.`);
	}
	const filename = params.has('filename') ? params.get('filename').toLowerCase() : undefined;
	const now = sim.now();
	const matches = sim.assetStore.newestFirst().filter((asset) =>
		(ids.length === 0 || ids.includes(asset.id))
		&& (types.length === 0 || types.includes(asset.kind))
		&& (filename === undefined || asset.filename.toLowerCase().includes(filename)));
	const { items, pageInfo } = assets.pageOf(matches, params);
	const origin = sim.storageOrigin();
	return {
		status: 200,
		body: sim.forClient('assetList', { data: items.map((asset) => assets.assetWire(asset, { now, origin })), page_info: pageInfo }),
	};
}

/** Limits a file part while it streams: image 32 MB, everything else 200 MB. */
function fileSink(sim, state) {
	return (file) => {
		if (file.name !== 'file') throw unknownParam(file.name);
		if (state.file) throw invalid('file', 'Send one file.');
		const guess = assets.classify(file.filename, file.contentType);
		if (!guess.kind) {
			throw invalid('file', `The format of '${file.filename}' is not supported. Upload a video, audio, image, PDF, text or Markdown file.`);
		}
		const uploads = sim.options.uploads;
		const limit = guess.kind === 'image' ? uploads.imageMaxBytes : uploads.directMaxBytes;
		state.file = { info: file, guess };
		return {
			data() {
				if (file.bytes > limit) {
					throw new ApiError(400, 'parameter_invalid',
						`The value of parameter 'file' is invalid. The file exceeds the maximum size for direct uploads of ${guess.kind} files (${limit} bytes). Use the multipart upload API for larger files.`,
						undefined, 'The file parameter is invalid.');
				}
			},
			end() {},
		};
	};
}

async function createAsset(sim, request) {
	const boundary = boundaryOf(request.contentType);
	if (!boundary) {
		throw new ApiError(400, 'parameter_invalid', "The request body must be multipart/form-data with the fields 'method' and 'file' or 'url'.",
			undefined, 'The request contains some invalid parameters.');
	}
	const state = { file: null };
	const fields = await request.readForm(boundary, fileSink(sim, state));
	for (const key of Object.keys(fields)) if (!ASSET_FORM_FIELDS.includes(key)) throw unknownParam(key);
	const method = single(fields, 'method');
	if (method === undefined || method === '') throw missing('method');
	if (!['direct', 'url'].includes(method)) throw invalid('method', "It must be 'direct' or 'url'.");
	const url = single(fields, 'url');
	if (fields.file !== undefined) throw invalid('file', 'It must be a file part (with a filename), not a text field.');
	let filename = single(fields, 'filename');
	if (filename !== undefined) assets.checkFilename(filename, 'filename');
	for (const flag of ['enable_hls', 'enable_thumbnail']) {
		const value = single(fields, flag);
		if (value !== undefined && !TRUE_FALSE.includes(value)) throw invalid(flag, "It must be 'true' or 'false'.");
	}
	let userMetadata = null;
	const metadataText = single(fields, 'user_metadata');
	if (metadataText !== undefined) {
		try {
			userMetadata = JSON.parse(metadataText);
		} catch {
			throw invalid('user_metadata', 'It must be a JSON-encoded object.');
		}
		assets.checkUserMetadata(userMetadata, 'user_metadata');
	}
	const now = sim.now();
	let spec;
	if (method === 'direct') {
		if (!state.file) throw missing('file', "method 'direct' needs a file.");
		if (url !== undefined) throw invalid('url', "It is only allowed with method 'url'.");
		const { info, guess } = state.file;
		filename ??= info.filename || 'file';
		spec = { method, filename, mime: guess.mime, kind: guess.kind, size: info.bytes, bytesReceived: info.bytes, knobs: assets.knobsOf(undefined, filename) };
	} else {
		if (state.file) throw invalid('file', "It is only allowed with method 'direct'.");
		if (url === undefined || url === '') throw missing('url', "method 'url' needs a URL.");
		let parsed;
		try {
			parsed = new URL(url);
		} catch {
			parsed = undefined;
		}
		if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw invalid('url', 'It must be an absolute http(s) URL.');
		const last = decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() || parsed.hostname);
		filename ??= last;
		const guess = assets.classify(filename);
		// The type of a URL's file is known once it is fetched: assumed video when the name does not tell.
		spec = { method, filename, url, mime: guess.kind ? guess.mime : 'video/mp4', kind: guess.kind ?? 'video', knobs: assets.knobsOf(url, filename) };
	}
	const asset = sim.assetStore.create({
		...spec,
		enableHls: fields.enable_hls === 'true',
		enableThumbnail: fields.enable_thumbnail === 'true',
		userMetadata,
		createdAt: now,
	});
	sim.assetCounters.creates++;
	return { status: 201, body: sim.forClient('asset', assets.assetWire(asset, { now, detail: false, origin: sim.storageOrigin() })) };
}

function retrieveAsset(sim, request) {
	const asset = findAsset(sim, request.route.id);
	return { status: 200, body: sim.forClient('assetDetail', assets.assetWire(asset, { now: sim.now(), origin: sim.storageOrigin() })) };
}

function deleteAsset(sim, request) {
	const params = request.url.searchParams;
	let force = false;
	if (params.has('force')) {
		if (!TRUE_FALSE.includes(params.get('force'))) throw invalid('force', "It must be 'true' or 'false'.");
		force = params.get('force') === 'true';
	}
	const asset = findAsset(sim, request.route.id);
	if (asset.indexedReferences > 0 && !force) {
		throw new ApiError(409, 'asset_in_use',
			`The asset ${asset.id} is referenced by ${asset.indexedReferences} indexed asset(s). Delete them first, or set force=true to delete the asset anyway.`);
	}
	sim.assetStore.remove(asset.id);
	return { status: 204 };
}

function retrieveTranscription(sim, request) {
	const params = request.url.searchParams;
	const include = assets.listParam(params, 'include');
	for (const value of include) {
		if (!assets.TRANSCRIPTION_INCLUDES.includes(value)) {
			throw invalid('include', `Each value must be one of ${assets.TRANSCRIPTION_INCLUDES.join(', ')}; got '${value}'.`);
		}
	}
	const asset = findAsset(sim, request.route.id);
	const status = assets.assetStatusAt(asset, sim.now());
	if ((asset.kind !== 'video' && asset.kind !== 'audio') || status === 'failed') {
		throw new ApiError(404, 'resource_not_exist', `The asset ${asset.id} has no transcription.`);
	}
	const body = status === 'ready'
		? assets.transcription(asset, include.length ? include : ['words'], sim.options.seed)
		: { status: 'pending' };
	return { status: 200, body: sim.forClient('transcription', body) };
}

function userMetadataBody(request) {
	const body = jsonBody(request);
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw new ApiError(400, 'parameter_invalid', 'The request body must be a JSON object.');
	}
	for (const key of Object.keys(body)) if (key !== 'user_metadata') throw unknownParam(key);
	if (body.user_metadata === undefined || body.user_metadata === null) throw missing('user_metadata');
	return body.user_metadata;
}

/** PUT: replaces in full; "" and null are ignored. */
function replaceUserMetadata(sim, request) {
	const metadata = assets.checkUserMetadata(userMetadataBody(request), 'user_metadata', { allowNull: true });
	const asset = findAsset(sim, request.route.id);
	asset.userMetadata = Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== null && v !== ''));
	return { status: 204 };
}

/** PATCH: merges; null deletes a key, "" is ignored. */
function updateUserMetadata(sim, request) {
	const metadata = assets.checkUserMetadata(userMetadataBody(request), 'user_metadata', { allowNull: true });
	const asset = findAsset(sim, request.route.id);
	const next = { ...(asset.userMetadata ?? {}) };
	for (const [key, value] of Object.entries(metadata)) {
		if (value === null) delete next[key];
		else if (value !== '') next[key] = value;
	}
	asset.userMetadata = next;
	return { status: 204 };
}

function deleteUserMetadata(sim, request) {
	findAsset(sim, request.route.id).userMetadata = null;
	return { status: 204 };
}

// ---- multipart uploads ----

function listIncompleteUploads(sim, request) {
	const now = sim.now();
	const open = [...sim.assetStore.sessions.values()]
		.filter((session) => assets.sessionStatusAt(session, now) === 'active')
		.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
	const { items, pageInfo } = assets.pageOf(open, request.url.searchParams);
	return {
		status: 200,
		body: sim.forClient('incompleteList', { data: items.map((session) => assets.incompleteSummaryWire(session, now)), page_info: pageInfo }),
	};
}

function createUpload(sim, request) {
	const { body } = assets.createSession(sim.assetStore, jsonBody(request), { now: sim.now(), origin: sim.storageOrigin() });
	sim.assetCounters.sessions++;
	return { status: 201, body: sim.forClient('uploadSession', body) };
}

function uploadStatus(sim, request) {
	const session = findSession(sim, request.route.id);
	return { status: 200, body: sim.forClient('uploadStatus', assets.sessionStatusWire(session, request.url.searchParams, sim.now())) };
}

function reportChunks(sim, request) {
	const body = jsonBody(request);
	const session = findSession(sim, request.route.id);
	return { status: 200, body: sim.forClient('chunkReport', assets.reportChunks(sim.assetStore, session, body, { now: sim.now(), origin: sim.storageOrigin() })) };
}

function presignedUrls(sim, request) {
	const body = jsonBody(request);
	const session = findSession(sim, request.route.id);
	return { status: 200, body: sim.forClient('presignedUrls', assets.additionalUrls(sim.assetStore, session, body, { now: sim.now(), origin: sim.storageOrigin() })) };
}

const ROUTES = [
	{ method: 'GET', pattern: /^\/assets\/multipart-uploads\/?$/, key: '/assets/multipart-uploads', handler: listIncompleteUploads },
	{ method: 'POST', pattern: /^\/assets\/multipart-uploads\/?$/, key: '/assets/multipart-uploads', handler: createUpload, category: 'create' },
	{ method: 'GET', pattern: /^\/assets\/multipart-uploads\/([^/]+)\/?$/, key: '/assets/multipart-uploads/:id', handler: uploadStatus },
	{ method: 'POST', pattern: /^\/assets\/multipart-uploads\/([^/]+)\/?$/, key: '/assets/multipart-uploads/:id', handler: reportChunks },
	{ method: 'POST', pattern: /^\/assets\/multipart-uploads\/([^/]+)\/presigned-urls\/?$/, key: '/assets/multipart-uploads/:id/presigned-urls', handler: presignedUrls },
	{ method: 'GET', pattern: /^\/assets\/?$/, key: '/assets', handler: listAssets },
	{ method: 'POST', pattern: /^\/assets\/?$/, key: '/assets', handler: createAsset, category: 'create', streamed: true },
	{ method: 'GET', pattern: /^\/assets\/(?!multipart-uploads\/?$)([^/]+)\/?$/, key: '/assets/:id', handler: retrieveAsset },
	{ method: 'DELETE', pattern: /^\/assets\/(?!multipart-uploads\/?$)([^/]+)\/?$/, key: '/assets/:id', handler: deleteAsset },
	{ method: 'GET', pattern: /^\/assets\/([^/]+)\/transcription\/?$/, key: '/assets/:id/transcription', handler: retrieveTranscription },
	{ method: 'PUT', pattern: /^\/assets\/([^/]+)\/user-metadata\/?$/, key: '/assets/:id/user-metadata', handler: replaceUserMetadata },
	{ method: 'PATCH', pattern: /^\/assets\/([^/]+)\/user-metadata\/?$/, key: '/assets/:id/user-metadata', handler: updateUserMetadata },
	{ method: 'DELETE', pattern: /^\/assets\/([^/]+)\/user-metadata\/?$/, key: '/assets/:id/user-metadata', handler: deleteUserMetadata },
];

module.exports = { ROUTES };
