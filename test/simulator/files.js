'use strict';
/**
 * Sample files to download: GET /_files/<name>?bytes=N streams N deterministic bytes (a
 * stand-in for a video on a web server, e.g. for the "analyze a large video" example's HTTP
 * Request node). No API key, no rate limit, never faulted; nothing is held in memory.
 */
const PREFIX = '/_files/';
const DEFAULT_BYTES = 40_000_000;
const MAX_BYTES = 11 * 1024 ** 3;
const PIECE = 1024 * 1024;
const TYPES = { mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mkv: 'video/x-matroska', png: 'image/png' };

/** The file's size from ?bytes=, or an error message. */
function sizeOf(url) {
	if (!url.searchParams.has('bytes')) return { size: DEFAULT_BYTES };
	const size = Number(url.searchParams.get('bytes'));
	if (!Number.isInteger(size) || size < 0 || size > MAX_BYTES) return { error: `bytes must be an integer from 0 to ${MAX_BYTES}` };
	return { size };
}

/** Byte i of every file is (i * 7) mod 251: the same bytes on every download. */
function piece(start, length) {
	const bytes = Buffer.alloc(length);
	for (let i = 0; i < length; i++) bytes[i] = ((start + i) * 7) % 251;
	return bytes;
}

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
function serveFile(req, res, url) {
	const name = decodeURIComponent(url.pathname.slice(PREFIX.length)) || 'video.mp4';
	const { size, error } = sizeOf(url);
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		res.writeHead(405, { allow: 'GET, HEAD' }).end();
		return;
	}
	if (error) {
		res.writeHead(400, { 'content-type': 'text/plain' }).end(error);
		return;
	}
	const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
	res.writeHead(200, {
		'content-type': TYPES[extension] ?? 'application/octet-stream',
		'content-length': String(size),
		'content-disposition': `attachment; filename="${name.replace(/["\\\r\n]/g, '_')}"`,
	});
	if (req.method === 'HEAD') {
		res.end();
		return;
	}
	// A piece at a time, as fast as the client reads (a client gone: no drain, no more writes).
	let sent = 0;
	const write = () => {
		while (sent < size) {
			const length = Math.min(PIECE, size - sent);
			const ok = res.write(piece(sent, length));
			sent += length;
			if (!ok) {
				res.once('drain', write);
				return;
			}
		}
		res.end();
	};
	write();
}

module.exports = { PREFIX, serveFile };
