'use strict';
/**
 * A streaming multipart/form-data parser without dependencies. Text fields are kept (each
 * up to a cap); file parts are never buffered: their bytes go to the caller's sink as they
 * arrive, so a 200 MB upload costs a few kilobytes of memory.
 */

const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a multipart/form-data Content-Type, or undefined. */
function boundaryOf(contentType) {
	if (typeof contentType !== 'string' || !/^multipart\/form-data\s*(;|$)/i.test(contentType.trim())) return undefined;
	const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? match[1] ?? match[2] : undefined;
}

/** Parses `name="x"; filename="y"` out of a Content-Disposition value. */
function dispositionParams(value) {
	const out = {};
	const re = /;\s*([A-Za-z0-9_*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	let match;
	while ((match = re.exec(value))) {
		const raw = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3].trim();
		out[match[1].toLowerCase()] = raw;
	}
	return out;
}

function parseHeaders(text) {
	const headers = {};
	for (const line of text.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

class FormError extends Error {}

/**
 * Incremental parser. handlers:
 *   onPart({name, filename, contentType}) → sink: {data(buffer), end()}; may throw to stop
 * Text parts (no filename) are collected in `fields` (up to fieldLimit bytes each).
 * write(chunk) feeds bytes; finish() checks that the closing boundary was seen.
 */
class MultipartParser {
	constructor(boundary, { onFile, fieldLimit = 1024 * 1024 } = {}) {
		this.delimiter = Buffer.from(`\r\n--${boundary}`);
		// The body starts with "--boundary" (no CRLF before it): parse as if one were there.
		this.buffer = Buffer.from('\r\n');
		this.state = 'preamble';
		this.onFile = onFile;
		this.fieldLimit = fieldLimit;
		this.fields = {};
		this.files = [];
		this.part = null;
	}

	write(chunk) {
		this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
		for (;;) {
			if (this.state === 'preamble') {
				const at = this.buffer.indexOf(this.delimiter);
				if (at < 0) {
					this.keepTail(this.delimiter.length - 1);
					return;
				}
				this.buffer = this.buffer.subarray(at + this.delimiter.length);
				this.state = 'afterDelimiter';
			} else if (this.state === 'afterDelimiter') {
				if (this.buffer.length < 2) return;
				if (this.buffer[0] === 0x2d && this.buffer[1] === 0x2d) {
					this.state = 'done';
					this.buffer = Buffer.alloc(0);
					return;
				}
				// Transport padding (spaces/tabs) may precede the CRLF.
				const eol = this.buffer.indexOf(CRLF);
				if (eol < 0) {
					if (this.buffer.length > 256) throw new FormError('Malformed multipart body: no line break after a boundary.');
					return;
				}
				this.buffer = this.buffer.subarray(eol + 2);
				this.state = 'headers';
			} else if (this.state === 'headers') {
				// A part without headers starts directly with the blank line.
				const at = this.buffer.subarray(0, 2).equals(CRLF) ? -2 : this.buffer.indexOf(HEADER_END);
				if (at === -1) {
					if (this.buffer.length > MAX_HEADER_BYTES) throw new FormError('Malformed multipart body: part headers too long.');
					return;
				}
				const headers = at === -2 ? {} : parseHeaders(this.buffer.subarray(0, at).toString('utf8'));
				this.buffer = this.buffer.subarray(at === -2 ? 2 : at + 4);
				this.startPart(headers);
				this.state = 'body';
			} else if (this.state === 'body') {
				const at = this.buffer.indexOf(this.delimiter);
				if (at < 0) {
					const safe = this.buffer.length - (this.delimiter.length - 1);
					if (safe > 0) {
						this.partData(this.buffer.subarray(0, safe));
						this.buffer = this.buffer.subarray(safe);
					}
					return;
				}
				if (at > 0) this.partData(this.buffer.subarray(0, at));
				this.buffer = this.buffer.subarray(at + this.delimiter.length);
				this.endPart();
				this.state = 'afterDelimiter';
			} else {
				this.buffer = Buffer.alloc(0); // epilogue: ignored
				return;
			}
		}
	}

	keepTail(n) {
		if (this.buffer.length > n) this.buffer = Buffer.from(this.buffer.subarray(this.buffer.length - n));
	}

	startPart(headers) {
		const params = dispositionParams(headers['content-disposition'] ?? '');
		const name = params.name ?? '';
		const filename = params['filename*'] !== undefined
			? decodeURIComponent(params['filename*'].replace(/^[^']*'[^']*'/, ''))
			: params.filename;
		if (filename !== undefined) {
			const info = { name, filename, contentType: headers['content-type'] ?? 'application/octet-stream', bytes: 0 };
			this.files.push(info);
			this.part = { kind: 'file', info, sink: this.onFile ? this.onFile(info) : null };
		} else {
			this.part = { kind: 'field', name, chunks: [], size: 0 };
		}
	}

	partData(data) {
		const part = this.part;
		if (part.kind === 'file') {
			part.info.bytes += data.length;
			if (part.sink) part.sink.data(data);
			return;
		}
		part.size += data.length;
		if (part.size > this.fieldLimit) throw new FormError(`The form field '${part.name}' is too long.`);
		part.chunks.push(Buffer.from(data));
	}

	endPart() {
		const part = this.part;
		this.part = null;
		if (part.kind === 'file') {
			if (part.sink) part.sink.end();
			return;
		}
		const value = Buffer.concat(part.chunks).toString('utf8');
		// A repeated field keeps every value, in order.
		if (part.name in this.fields) this.fields[part.name] = [].concat(this.fields[part.name], value);
		else this.fields[part.name] = value;
	}

	finish() {
		if (this.state !== 'done') throw new FormError('Malformed multipart body: the closing boundary is missing.');
	}
}

module.exports = { MultipartParser, FormError, boundaryOf };
