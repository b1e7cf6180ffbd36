/**
 * The front a production n8n sits behind (a load balancer's health check, a Kubernetes readiness
 * probe): requests go through to n8n only while its `/healthz/readiness` answers 200, and get
 * 503 otherwise, which a webhook sender retries.
 *
 * Without it a delivery can be lost at n8n's start: n8n listens before it has checked its
 * database migrations, and until they are done it answers every request, webhooks included,
 * 200 "n8n is starting up. Please wait" (n8n 2.41.1 `abstract-server.js` `setupHealthCheck`).
 * The sender takes that 200 as delivered and never retries; the node never saw the delivery.
 *
 * `drain()` takes n8n out of rotation before it is stopped, as a load balancer does: new
 * requests get 503 and the calls in flight finish. n8n's own stop does not wait for them: it
 * closes its database under a webhook call still running (n8n 2.41.1 `commands/start.js`
 * `stopProcess`, `AbstractServer.onShutdown` does not await `server.close`).
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

/** How long drain() waits for the calls in flight. */
const DRAIN_TIMEOUT_MS = 60_000;

/**
 * Starts the front on 127.0.0.1:`port` for n8n at `target`; returns
 * `{ url, counts, drain, resume, close }`.
 */
export async function startReadinessGate({ target, port }) {
	// The requests the front refused: while n8n was down, while it was starting, while draining.
	const counts = { down: 0, starting: 0, draining: 0 };
	const inFlight = new Set();
	let draining = false;
	const server = http.createServer(async (request, response) => {
		const state = draining ? 'draining' : await readiness(target);
		if (state !== 'ready') {
			counts[state]++;
			response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
			response.end('n8n is not ready');
			return;
		}
		inFlight.add(response);
		response.once('close', () => inFlight.delete(response));
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
		/** Refuses new requests (503) and resolves with how many calls were in flight, once they finished. */
		drain: async () => {
			draining = true;
			const waitedFor = inFlight.size;
			const deadline = Date.now() + DRAIN_TIMEOUT_MS;
			while (inFlight.size > 0) {
				if (Date.now() > deadline) throw new Error(`${inFlight.size} calls still in flight after ${DRAIN_TIMEOUT_MS} ms`);
				await sleep(20);
			}
			return waitedFor;
		},
		/** Back in rotation (requests go through again while n8n is ready). */
		resume: () => {
			draining = false;
		},
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
