'use strict';
/**
 * The storage bucket behind presigned chunk URLs: PUT /_storage/multipart/:upload_id/:chunk
 * (outside the API prefix, no API key, no rate limit). Answers like S3: 200 with an ETag
 * (the MD5 of the bytes, quoted), XML errors otherwise. A URL is single-use and expires on
 * the sim clock; a chunk may be uploaded again through a fresh URL.
 */
const crypto = require('node:crypto');
const { expectedChunkBytes, chunkState, sessionStatusAt } = require('./assets');

const PREFIX = '/_storage/';
const CHUNK_PATTERN = /^\/_storage\/multipart\/([^/]+)\/(\d+)\/?$/;

function match(method, pathname) {
	const found = CHUNK_PATTERN.exec(pathname);
	if (!found) return { key: 'other', status: 404 };
	if (method !== 'PUT') return { key: '/_storage/multipart/:upload_id/:chunk', status: 405 };
	return { key: '/_storage/multipart/:upload_id/:chunk', uploadId: decodeURIComponent(found[1]), index: Number(found[2]) };
}

/** Where a mid-body drop cuts: after spec.afterBytes, or half of Content-Length (at least 1 byte). */
function dropPoint(req, midBody) {
	if (!midBody) return Infinity;
	if (midBody.afterBytes !== undefined) return midBody.afterBytes;
	const length = Number(req.headers['content-length']);
	return Number.isFinite(length) && length > 1 ? Math.floor(length / 2) : 1;
}

const xmlError = (status, code, message) => ({ error: { status, code, message } });

/** Checks the URL before any byte is read: {session, index, grant} or {error}. */
function authorize(sim, target, url) {
	if (target.status === 404) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
	if (target.status === 405) return xmlError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
	const session = sim.assetStore.sessions.get(target.uploadId);
	const now = sim.now();
	if (!session || sessionStatusAt(session, now) !== 'active') {
		return xmlError(404, 'NoSuchUpload', 'The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been completed or expired.');
	}
	const grant = session.urls.get(url.searchParams.get('X-Sim-Token') ?? '');
	if (!grant || grant.index !== target.index || String(Math.floor(grant.expiresAt / 1000)) !== url.searchParams.get('X-Sim-Expires')) {
		return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
	}
	if (now > grant.expiresAt) return xmlError(403, 'AccessDenied', 'Request has expired');
	if (grant.used) return xmlError(403, 'AccessDenied', 'This presigned URL has already been used; request a new one.');
	return { session, index: target.index, grant };
}

/**
 * Streams the chunk: hashes and counts, never stores the bytes. Resolves to
 * {bytes, etag} | {bytes, error} | {bytes, dropped} | {bytes, aborted}.
 */
function receiveChunk(sim, req, { session, index, grant }, midBody) {
	const expected = expectedChunkBytes(session, index);
	const cut = dropPoint(req, midBody);
	const hash = crypto.createHash('md5');
	const stats = sim.chunkStats(session.uploadId, index);
	stats.attempts++;
	return new Promise((resolve) => {
		let bytes = 0;
		let done = false;
		const finish = (result) => {
			if (done) return;
			done = true;
			req.removeListener('data', onData);
			stats.bytesReceived += bytes;
			const state = chunkState(session, index);
			const now = sim.now();
			if (result.dropped || result.aborted) {
				stats.interrupted++;
				state.interrupted++;
				state.updatedAt = now;
				// A chunk already stored keeps its last complete upload (as in S3).
				if (!state.etag) state.failedMessage = `The upload of chunk ${index} was interrupted after ${bytes} of ${expected} bytes; upload it again.`;
			} else if (!result.error) {
				stats.puts++;
				grant.used = true;
				state.puts++;
				state.bytes = bytes;
				state.etag = result.etag;
				state.lastPutAt = now;
				state.updatedAt = now;
				state.failedMessage = null;
				session.updatedAt = now;
			}
			resolve({ bytes, ...result });
		};
		function onData(chunk) {
			if (done) return;
			let part = chunk;
			const cutHere = bytes + chunk.length >= cut;
			if (cutHere) part = chunk.subarray(0, Math.max(0, cut - bytes));
			bytes += part.length;
			if (bytes > expected) {
				finish({ error: { status: 400, code: 'EntityTooLarge', message: `Your proposed upload exceeds the maximum allowed size: chunk ${index} has ${expected} bytes.` } });
				return;
			}
			hash.update(part);
			if (cutHere) {
				req.socket.destroy();
				finish({ dropped: true });
			}
		}
		req.on('data', onData);
		req.on('end', () => finish({ etag: hash.digest('hex') }));
		req.on('close', () => {
			if (!req.complete) finish({ aborted: true });
		});
	});
}

module.exports = { PREFIX, match, authorize, receiveChunk, dropPoint };
