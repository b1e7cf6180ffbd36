'use strict';
/**
 * The HTTP side: listens on 127.0.0.1 only, applies faults to API routes, logs every API
 * request, and hands control routes (/__sim/...) to control.js (no auth, never faulted).
 */
const http = require('node:http');
const { matchRoute, handleApiRequest, retryAfterHeader } = require('./api');
const { handleControl } = require('./control');
const { stripVersion } = require('./faults');
const { rfc3339 } = require('./timefmt');
const { ApiError } = require('./errors');
const { MultipartParser, FormError } = require('./multipart-form');
const storage = require('./storage');
const files = require('./files');
const { writeJsonLines } = require('./batch-results');

const API_VERSION = '1.3';
const BASE_PATH = '/v1.3';
const MAX_BODY_BYTES = 64 * 1024 * 1024; // a 30 MB video as base64 is 40 MB

const HTML_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const MALFORMED_BODIES = {
	invalid_json: '{"data":[{"task_id":"64f8d2c7e4a1b37f8a9c5d12","status":"rea',
	missing_fields: '{"unexpected":"shape","items":null}',
};
const ERROR_TEXTS = {
	500: ['internal_error', 'An unexpected error occurred on our side. Please try again later.'],
	502: ['bad_gateway', 'The upstream service returned an invalid response. Please try again later.'],
	503: ['service_unavailable', 'The service is temporarily unavailable. Please try again later.'],
	504: ['gateway_timeout', 'The upstream service did not answer in time. Please try again later.'],
};

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(Object.assign(new Error('body too large'), { tooLarge: true }));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** {ok: true, value} (an empty body reads as {}) or {ok: false} for text that is not JSON. */
function parseJson(rawBody) {
	if (rawBody.length === 0) return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(rawBody.toString('utf8')) };
	} catch {
		return { ok: false };
	}
}

const LOGGED_STRING_LIMIT = 64 * 1024;

/** The body as logged: huge strings (base64 videos) are replaced so the log stays small. */
function loggable(value) {
	if (value === undefined) return null;
	if (typeof value === 'string') return value.length > LOGGED_STRING_LIMIT ? `[${value.length} characters omitted]` : value;
	if (Array.isArray(value)) return value.map(loggable);
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, loggable(inner)]));
	}
	return value;
}

function headerValue(req, name) {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

class HttpFrontend {
	constructor(sim) {
		this.sim = sim;
		this.timers = new Set();
		this.server = http.createServer((req, res) => {
			this.onRequest(req, res).catch((error) => this.sendInternalError(res, error));
		});
	}

	listen(port) {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				this.port = this.server.address().port;
				this.url = `http://127.0.0.1:${this.port}${BASE_PATH}`;
				resolve({ url: this.url, port: this.port });
			});
		});
	}

	close() {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	/** Real-time delay that stop() can cancel (so jest sees no open handles). */
	delay(ms) {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	async onRequest(req, res) {
		const url = new URL(req.url, 'http://127.0.0.1');
		if (url.pathname.startsWith(storage.PREFIX)) {
			await this.onStorageRequest(req, res, url);
			return;
		}
		if (url.pathname.startsWith(files.PREFIX)) {
			files.serveFile(req, res, url);
			return;
		}
		if (!url.pathname.startsWith('/__sim')) {
			const route = matchRoute(req.method, stripVersion(url.pathname));
			if (route.streamed) {
				await this.onStreamedApiRequest(req, res, url, route);
				return;
			}
		}
		let rawBody;
		try {
			rawBody = await readBody(req);
		} catch (error) {
			if (error.tooLarge) this.send(res, 413, { code: 'payload_too_large', message: 'The request body exceeds 64 MB.' });
			return;
		}
		if (url.pathname === '/__sim' || url.pathname.startsWith('/__sim/')) {
			const response = await handleControl(this.sim, req.method, url, rawBody);
			this.send(res, response.status, response.body);
			return;
		}
		await this.onApiRequest(req, res, url, rawBody);
	}

	newEntry(req, url, routeKey, body) {
		return {
			time: this.sim.now(),
			method: req.method,
			path: url.pathname,
			route: routeKey,
			query: Object.fromEntries(url.searchParams),
			body,
			status: null,
			idempotencyKey: headerValue(req, 'idempotency-key') ?? null,
			authValid: null,
			dropped: false,
			fault: null,
		};
	}

	async onApiRequest(req, res, url, rawBody) {
		const sim = this.sim;
		const path = stripVersion(url.pathname);
		const route = matchRoute(req.method, path);
		const json = parseJson(rawBody);
		const entry = this.newEntry(req, url, route.key, json.ok ? loggable(json.value) : null);
		const plan = sim.faults.decide(req.method, url.pathname);
		entry.fault = plan.kind;
		if (plan.latencyMs > 0) await this.delay(plan.latencyMs);
		if (plan.before) {
			this.sendFault(req, res, plan.before, entry);
			sim.log.add(entry);
			return;
		}
		if (plan.midBody) {
			// The body was read whole before the fault was drawn: the connection drops after it.
			entry.dropped = true;
			req.socket.destroy();
			sim.log.add(entry);
			return;
		}
		const response = await handleApiRequest(sim, {
			method: req.method,
			route,
			url,
			apiKey: headerValue(req, 'x-api-key'),
			idempotencyKey: entry.idempotencyKey,
			json,
		});
		entry.authValid = response.authValid;
		entry.status = response.status;
		if (plan.dropAfterProcess) {
			// Processed (a task may now exist) but the response is lost.
			entry.dropped = true;
			req.socket.destroy();
		} else if (response.lines) {
			const outcome = await writeJsonLines(res, { ...response, headers: { 'X-Api-Version': API_VERSION, ...response.headers } }, plan.cutStream);
			entry.dropped = outcome.cut || outcome.aborted;
		} else {
			this.send(res, response.status, response.body, response.headers);
		}
		sim.log.add(entry);
	}

	/**
	 * An API route whose body is streamed (asset create, multipart/form-data): faults are
	 * drawn before any byte is read, the file part is counted but never buffered, and a body
	 * that is refused half-way is drained so the client still reads the answer.
	 */
	async onStreamedApiRequest(req, res, url, route) {
		const sim = this.sim;
		const entry = this.newEntry(req, url, route.key, null);
		const plan = sim.faults.decide(req.method, url.pathname);
		entry.fault = plan.kind;
		if (plan.latencyMs > 0) await this.delay(plan.latencyMs);
		if (plan.before) {
			if (plan.before.type !== 'drop') await drained(req);
			this.sendFault(req, res, plan.before, entry);
			sim.log.add(entry);
			return;
		}
		let response;
		try {
			response = await handleApiRequest(sim, {
				method: req.method,
				route,
				url,
				apiKey: headerValue(req, 'x-api-key'),
				idempotencyKey: entry.idempotencyKey,
				json: { ok: true, value: undefined },
				contentType: headerValue(req, 'content-type'),
				readForm: (boundary, onFile) => readForm(req, boundary, onFile, plan.midBody, entry),
			});
		} catch (error) {
			if (!error.dropped) throw error;
			entry.dropped = true;
			sim.log.add(entry);
			return;
		}
		entry.authValid = response.authValid;
		entry.status = response.status;
		if (plan.dropAfterProcess) {
			entry.dropped = true;
			req.socket.destroy();
		} else {
			await drained(req);
			this.send(res, response.status, response.body, response.headers);
		}
		sim.log.add(entry);
	}

	/** The presigned chunk URLs: a storage bucket (no API key, no rate limit, answers an ETag). */
	async onStorageRequest(req, res, url) {
		const sim = this.sim;
		const target = storage.match(req.method, url.pathname);
		const entry = this.newEntry(req, url, target.key, null);
		const plan = sim.faults.decide(req.method, url.pathname);
		entry.fault = plan.kind;
		if (plan.latencyMs > 0) await this.delay(plan.latencyMs);
		if (plan.before) {
			if (plan.before.type !== 'drop') await drained(req);
			this.sendFault(req, res, plan.before, entry);
			sim.log.add(entry);
			return;
		}
		const verdict = storage.authorize(sim, target, url);
		if (verdict.error) {
			await drained(req);
			entry.status = verdict.error.status;
			this.sendXml(res, verdict.error);
			sim.log.add(entry);
			return;
		}
		const result = await storage.receiveChunk(sim, req, verdict, plan.midBody);
		entry.body = { bytes: result.bytes };
		if (result.dropped || result.aborted) {
			entry.dropped = true;
			if (!req.socket.destroyed) req.socket.destroy();
			sim.log.add(entry);
			return;
		}
		entry.status = result.error ? result.error.status : 200;
		if (plan.dropAfterProcess) {
			entry.dropped = true;
			req.socket.destroy();
		} else if (result.error) {
			await drained(req);
			this.sendXml(res, result.error);
		} else {
			res.writeHead(200, { ETag: `"${result.etag}"`, 'Content-Length': 0 });
			res.end();
		}
		sim.log.add(entry);
	}

	sendXml(res, error) {
		const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${error.message}</Message></Error>`;
		res.writeHead(error.status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text) });
		res.end(text);
	}

	sendFault(req, res, fault, entry) {
		const sim = this.sim;
		if (fault.type === 'drop') {
			entry.dropped = true;
			req.socket.destroy();
			return;
		}
		entry.status = fault.type === 'malformed' ? 200 : fault.status ?? 429;
		if (fault.type === 'html') {
			res.writeHead(fault.status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(HTML_502) });
			res.end(HTML_502);
		} else if (fault.type === 'malformed') {
			this.sendText(res, 200, MALFORMED_BODIES[fault.variant] ?? MALFORMED_BODIES.invalid_json);
		} else if (fault.type === 'rate429') {
			const retryAt = sim.now() + fault.retryAfterMs * sim.clock.speed;
			const body = sim.errors.body('too_many_requests',
				`You have exceeded the rate limit (burst). Please try again later after ${rfc3339(retryAt)}.`);
			this.send(res, 429, body, {
				'Retry-After': retryAfterHeader(sim.clock.speed, fault.retryAfterMs),
				'X-Sim-Retry-After-Ms': String(fault.retryAfterMs),
				...sim.rateLimiter.headers(sim.now()),
			});
		} else {
			const [code, message] = ERROR_TEXTS[fault.status] ?? ['internal_error', `The server answered ${fault.status}.`];
			this.send(res, fault.status, sim.errors.body(fault.code ?? code, fault.message ?? message));
		}
	}

	send(res, status, body, headers = {}) {
		if (status === 204 || body === undefined) {
			res.writeHead(status, { 'X-Api-Version': API_VERSION, ...headers });
			res.end();
			return;
		}
		this.sendText(res, status, JSON.stringify(body), headers);
	}

	sendText(res, status, text, headers = {}) {
		res.writeHead(status, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(text),
			'X-Api-Version': API_VERSION,
			...headers,
		});
		res.end(text);
	}

	sendInternalError(res, error) {
		if (res.headersSent) {
			res.destroy();
			return;
		}
		this.send(res, 500, { code: 'internal_error', message: `Simulator error: ${error && error.message}` });
	}
}

/** Answers before the whole body is read: discard the rest and close the connection after. */
/**
 * Reads and discards what is left of a request body before the answer is sent: a client still
 * sending (Node 24's fetch) fails with EPIPE when the server answers and closes first.
 */
function drained(req) {
	if (req.complete || req.destroyed) return Promise.resolve();
	return new Promise((resolve) => {
		req.removeAllListeners('data');
		req.once('end', resolve);
		req.once('close', resolve);
		req.once('error', resolve);
		req.resume();
	});
}

const dropError = () => Object.assign(new Error('connection dropped mid-body'), { dropped: true });

/**
 * Streams a multipart/form-data body through the parser. Resolves to the text fields; the
 * file part goes to onFile's sink. Rejects with an ApiError (malformed form, a sink's
 * refusal) or {dropped} when the fault cut the connection or the client went away.
 */
function readForm(req, boundary, onFile, midBody, entry) {
	return new Promise((resolve, reject) => {
		const parser = new MultipartParser(boundary, { onFile });
		const cut = storage.dropPoint(req, midBody);
		let received = 0;
		let settled = false;
		const settle = (error, value) => {
			if (settled) return;
			settled = true;
			req.removeListener('data', onData);
			entry.body = { ...loggable(parser.fields), files: parser.files.map((f) => ({ name: f.name, filename: f.filename, contentType: f.contentType, bytes: f.bytes })) };
			if (error) reject(error);
			else resolve(value);
		};
		const feed = (chunk) => {
			try {
				parser.write(chunk);
				return true;
			} catch (error) {
				settle(error instanceof FormError ? new ApiError(400, 'parameter_invalid', error.message, undefined, 'The request contains some invalid parameters.') : error);
				return false;
			}
		};
		function onData(chunk) {
			if (settled) return;
			if (received + chunk.length >= cut) {
				const part = chunk.subarray(0, Math.max(0, cut - received));
				received += part.length;
				if (part.length) feed(part);
				req.socket.destroy();
				settle(dropError());
				return;
			}
			received += chunk.length;
			feed(chunk);
		}
		req.on('data', onData);
		req.on('end', () => {
			if (settled) return;
			try {
				parser.finish();
			} catch (error) {
				settle(new ApiError(400, 'parameter_invalid', error.message, undefined, 'The request contains some invalid parameters.'));
				return;
			}
			settle(null, parser.fields);
		});
		req.on('close', () => {
			if (!req.complete) settle(dropError());
		});
	});
}

module.exports = { HttpFrontend, API_VERSION, BASE_PATH };
