/**
 * The front a production n8n sits behind (a load balancer's health check, a Kubernetes readiness
 * probe): requests go through to n8n only while its `/healthz/readiness` answers 200, and get
 * 503 otherwise, which a webhook sender retries.
 *
 * Without it a delivery can be lost at n8n's start: n8n listens before it has checked its
 * database migrations, and until they are done it answers every request, webhooks included,
 * 200 "n8n is starting up. Please wait" (n8n 2.41.1 `abstract-server.js` `setupHealthCheck`).
 * The sender takes that 200 as delivered and never retries; the node never saw the delivery.
 */
import http from 'node:http';
import { sleep } from '../e2e/support/environment.mjs';

const READINESS_TIMEOUT_MS = 2000;

/** 'ready', 'starting' (n8n answers, not ready yet) or 'down' (no answer). */
async function readiness(target) {
	try {
		const answer = await fetch(`${target}/healthz/readiness`, { signal: AbortSignal.timeout(READINESS_TIMEOUT_MS) });
		await answer.arrayBuffer();
		return answer.status === 200 ? 'ready' : 'starting';
	} catch {
		return 'down';
	}
}

/** Starts the front on 127.0.0.1:`port` for n8n at `target`; returns `{ url, counts, close }`. */
export async function startReadinessGate({ target, port }) {
	// The requests the front refused: while n8n was down, while it was starting.
	const counts = { down: 0, starting: 0 };
	const server = http.createServer(async (request, response) => {
		const state = await readiness(target);
		if (state !== 'ready') {
			counts[state]++;
			response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
			response.end('n8n is not ready');
			return;
		}
		const upstream = http.request(new URL(request.url, target), { method: request.method, headers: request.headers }, (answer) => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		upstream.on('error', () => {
			if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
			response.end('n8n is unreachable');
		});
		request.pipe(upstream);
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return {
		url: `http://127.0.0.1:${port}`,
		counts,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * Probes n8n straight (no front) with POSTs to a webhook path nothing is registered at, every
 * `intervalMs` until `stop()`; returns what n8n answered, by status and the body's start.
 */
export function probeStartup(target, { intervalMs = 20 } = {}) {
	const answers = new Map();
	let running = true;
	const loop = (async () => {
		while (running) {
			let key;
			try {
				const answer = await fetch(`${target}/webhook/startup-probe`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(2000) });
				key = `${answer.status} ${(await answer.text()).slice(0, 40)}`;
			} catch (error) {
				key = `no answer (${error.cause?.code ?? error.name})`;
			}
			answers.set(key, (answers.get(key) ?? 0) + 1);
			await sleep(intervalMs);
		}
	})();
	return {
		stop: async () => {
			running = false;
			await loop;
			return answers;
		},
	};
}
