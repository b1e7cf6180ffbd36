/**
 * Hostile-server kit: tiny HTTP servers on 127.0.0.1 (port 0) that answer the way broken or
 * hostile servers do — redirect elsewhere, stall after the headers, repeat pages, grow
 * total_page, ignore `page`, skew clocks, echo the request's headers into messages, fail one
 * task forever, send giant or malformed bodies. Each test starts what it needs and stops it.
 *
 * `startHostile(handler)` runs `handler(request, response, ctx)` for every request, where
 * `request` also carries the parsed `url` (URL), `query` (object) and `body` (text), and
 * records every request in `server.requests` (method, path, headers, body).
 */
const http = require('node:http');

async function startHostile(handler) {
	const requests = [];
	const sockets = new Set();
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const url = new URL(req.url, 'http://127.0.0.1');
			const entry = {
				method: req.method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body,
			};
			requests.push(entry);
			Promise.resolve(handler(Object.assign(req, { url, query: entry.query, body }), res)).catch(
				(error) => {
					if (!res.headersSent) res.writeHead(500);
					res.end(String(error));
				},
			);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}`,
		origin: `http://127.0.0.1:${port}`,
		requests,
		/** Stops listening and drops open (stalled) connections. */
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

function sendJson(res, status, value, headers = {}) {
	const text = JSON.stringify(value);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

/** A task as the list and GET return it. */
function task(id, overrides = {}) {
	return {
		task_id: id,
		status: 'ready',
		created_at: '2026-01-01T00:00:00Z',
		completed_at: '2026-01-01T00:01:00Z',
		video_source: { type: 'url', url: `https://videos.example.com/${id}.mp4` },
		result: { data: `result of ${id}` },
		...overrides,
	};
}

/** A 24-hex-digit task id from a number. */
function taskId(n) {
	return n.toString(16).padStart(24, '0');
}

function listPage(data, { page = 1, limit = 50, totalPage = 1, totalResults = data.length } = {}) {
	return {
		data,
		page_info: { page, limit_per_page: limit, total_page: totalPage, total_results: totalResults },
	};
}

/** Sends 200 and the headers, then never the body. */
function stallAfterHeaders(res) {
	res.writeHead(200, { 'content-type': 'application/json' });
	res.write('{"data": [');
}

/** Streams `{"data":"xxxx…` without end (or up to `bytes`), declaring no length. */
function endlessBody(res, bytes = Infinity) {
	res.writeHead(200, { 'content-type': 'application/json' });
	res.write('{"task_id":"');
	const chunk = Buffer.alloc(64 * 1024, 'x');
	let sent = 0;
	const pump = () => {
		while (sent < bytes) {
			sent += chunk.length;
			if (!res.write(chunk)) return res.once('drain', pump);
		}
		res.end('"}');
	};
	res.on('error', () => {});
	pump();
}

module.exports = { startHostile, sendJson, task, taskId, listPage, stallAfterHeaders, endlessBody };
