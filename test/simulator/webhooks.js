'use strict';
/**
 * Account webhooks, as TwelveLabs sends them: endpoints registered with a secret (in the
 * Playground for the real API; the `webhooks` option or registerWebhook() here), one signed
 * notification per final task and per finished batch to each endpoint, retried with back-off
 * until a 2xx, and the delivery status recorded on the task (`webhooks[]`).
 *
 * - Notification: `{id: "whe_…", created_at, type, data}` (docs: notification schema); task
 *   events `analyze.task.ready|failed|canceled` with `data: {id, status, custom_id, created_at}`;
 *   the batch event `analyze.batch.completed` (an assumption: its name is not in the docs)
 *   with the batch's retrieve fields and `id` = the batch ID.
 * - Signature: `TL-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`,
 *   t in REAL seconds at each attempt (the receiver compares it with its own clock).
 * - Delivery: a real HTTP POST. Non-2xx, a timeout or a network error is retried after
 *   `backoffMs × 2^(attempt-1)` real ms, up to `maxAttempts`. Seeded: a first-attempt delay of
 *   up to `maxDelayMs` (so events arrive out of order); with `duplicateRate` a delivered
 *   event is sent once more; with `lostAnswerRate` a 2xx is taken as lost (a timeout on the
 *   sender's side), so the same notification is retried although it arrived.
 * - Hostile sends (sendHostile): forged, tampered, replayed, stale, unsigned, malformed,
 *   oversized and unknown-type deliveries, to test receivers.
 *
 * Entries of the `webhooks` option that are plain URLs are only shown as delivered on final
 * tasks and batches (nothing is sent); `{url, secret}` entries are real endpoints.
 */
const { createHmac } = require('node:crypto');
const { rngFor, hex } = require('./prng');
const { rfc3339 } = require('./timefmt');
const tasks = require('./tasks');
const batchModel = require('./batches');

const DEFAULT_DELIVERY = {
	maxAttempts: 6,
	backoffMs: 500,
	timeoutMs: 5000,
	maxDelayMs: 0,
	duplicateRate: 0,
	lostAnswerRate: 0,
	tickMs: 50,
	concurrency: 8,
};

const HOSTILE_KINDS = ['forged', 'tampered', 'replayed', 'stale', 'unsigned', 'malformed', 'oversized', 'unknownType'];

function sign(secret, timestamp, body) {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The TL-Signature header TwelveLabs sends for `body` signed with `secret` at `timestamp`.
 * @param {string} secret
 * @param {number} timestamp Unix seconds.
 * @param {string} body The raw body, exactly as sent.
 * @returns {string}
 */
function signatureHeader(secret, timestamp, body) {
	return `t=${timestamp},v1=${sign(secret, timestamp, body)}`;
}

const realSeconds = () => Math.floor(Date.now() / 1000);

/** The endpoints of a `webhooks` option value: `{url, secret}` entries only. */
function endpointsOf(option) {
	return (option ?? []).filter((entry) => entry && typeof entry === 'object' && typeof entry.url === 'string' && typeof entry.secret === 'string');
}

function checkWebhooksOption(option) {
	if (!Array.isArray(option)) throw new Error('webhooks must be a list of URLs or {url, secret}');
	for (const entry of option) {
		if (typeof entry === 'string') continue;
		if (!entry || typeof entry.url !== 'string' || typeof entry.secret !== 'string' || entry.secret === '') {
			throw new Error('a webhook endpoint is {url, secret} with a non-empty secret');
		}
		new URL(entry.url); // throws on a bad URL
	}
}

/** The option as shown by currentOptions(): secrets are never shown. */
function redactWebhooksOption(option) {
	return (option ?? []).map((entry) => (typeof entry === 'string' ? entry : { url: entry.url, secret: '[redacted]' }));
}

class WebhookDispatcher {
	/** @param {import('./simulator').Simulator} sim */
	constructor(sim) {
		this.sim = sim;
		this.timer = null;
		this.reset();
	}

	reset() {
		this.rng = rngFor(this.sim.options.seed, 'webhooks');
		/** Sim time from which final tasks and batches are notified (history before it is not). */
		this.since = null;
		this.notified = new Set();
		this.queue = [];
		this.inFlight = new Set();
		this.log = [];
		this.events = new Map();
		/** subject id → Map(url → {url, delivered, attempts, last_error}) */
		this.status = new Map();
		this.sync();
	}

	get delivery() {
		return { ...DEFAULT_DELIVERY, ...(this.sim.options.webhookDelivery ?? {}) };
	}

	get endpoints() {
		return endpointsOf(this.sim.options.webhooks);
	}

	/** After the option changed: notifications start from now when the first endpoint appears. */
	sync() {
		if (this.endpoints.length > 0 && this.since === null) this.since = this.sim.now();
		if (this.endpoints.length === 0) this.since = null;
	}

	start() {
		if (this.timer) return;
		this.timer = setInterval(() => this.tick(), this.delivery.tickMs);
		this.timer.unref?.();
	}

	stop() {
		clearInterval(this.timer);
		this.timer = null;
	}

	/** `webhooks[]` of a final task or batch: real delivery status, or the shown-as-delivered URLs. */
	infoFor(subjectId) {
		const shown = (this.sim.options.webhooks ?? []).filter((entry) => typeof entry === 'string').map((url) => ({ url, delivered: true, attempts: 1 }));
		const real = [...(this.status.get(subjectId)?.values() ?? [])].filter((info) => info.attempts > 0).map((info) => ({ ...info }));
		return [...shown, ...real];
	}

	/** Finds what became final since the last scan, queues its notifications, sends what is due. */
	tick() {
		if (this.since === null) return;
		const now = this.sim.now();
		for (const task of this.sim.store.ordered) {
			if (this.notified.has(task.id)) continue;
			const status = tasks.statusAt(task, now);
			if (!tasks.isFinal(status)) continue;
			this.notified.add(task.id);
			if (tasks.completedAtOf(task, now) < this.since) continue;
			this.enqueue(`analyze.task.${status}`, task.id, {
				id: task.id,
				status,
				custom_id: task.request.customId,
				created_at: rfc3339(task.createdAt),
			});
		}
		for (const batch of this.sim.batchStore.batches.values()) {
			if (this.notified.has(batch.id)) continue;
			const view = batchModel.viewOf(batch, now);
			if (view.at === null) continue;
			this.notified.add(batch.id);
			if (view.at < this.since) continue;
			const { batch_id: id, webhooks, ...fields } = batchModel.batchWire(batch, now, []);
			this.enqueue('analyze.batch.completed', batch.id, { id, ...fields });
		}
		this.sendDue();
	}

	enqueue(type, subjectId, data) {
		const event = { id: `whe_${hex(this.rng, 32)}`, created_at: rfc3339(this.sim.now()), type, data };
		const body = JSON.stringify(event);
		this.events.set(event.id, { event, body, subjectId });
		const { maxDelayMs } = this.delivery;
		const perUrl = new Map();
		for (const endpoint of this.endpoints) {
			perUrl.set(endpoint.url, { url: endpoint.url, delivered: false, attempts: 0 });
			const delay = maxDelayMs > 0 ? Math.round(this.rng() * maxDelayMs) : 0;
			this.queue.push({ eventId: event.id, url: endpoint.url, secret: endpoint.secret, attempt: 1, dueAt: Date.now() + delay, kind: 'event' });
		}
		this.status.set(subjectId, perUrl);
	}

	sendDue() {
		const { concurrency } = this.delivery;
		const now = Date.now();
		this.queue.sort((a, b) => a.dueAt - b.dueAt);
		while (this.queue.length > 0 && this.queue[0].dueAt <= now && this.inFlight.size < concurrency) {
			const job = this.queue.shift();
			const sending = this.attempt(job).finally(() => this.inFlight.delete(sending));
			this.inFlight.add(sending);
		}
	}

	async attempt(job) {
		const stored = this.events.get(job.eventId);
		const timestamp = realSeconds();
		const header = signatureHeader(job.secret, timestamp, stored.body);
		const outcome = await post(job.url, stored.body, { 'TL-Signature': header }, this.delivery.timeoutMs);
		if (outcome.ok && job.kind === 'event' && this.rng() < this.delivery.lostAnswerRate) {
			Object.assign(outcome, { ok: false, error: 'the answer was lost (timed out)' });
		}
		this.log.push({ kind: job.kind, eventId: job.eventId, type: stored.event.type, subjectId: stored.subjectId, url: job.url, attempt: job.attempt, timestamp, header, status: outcome.status, answer: outcome.answer, error: outcome.error, at: Date.now() });
		const info = this.status.get(stored.subjectId)?.get(job.url);
		if (job.kind !== 'event' || !info) return;
		info.attempts = job.attempt;
		if (outcome.ok) {
			info.delivered = true;
			delete info.last_error;
			if (this.rng() < this.delivery.duplicateRate) this.queue.push({ ...job, kind: 'duplicate', dueAt: Date.now() + Math.round(this.rng() * 200) });
			return;
		}
		info.last_error = outcome.error ?? `HTTP ${outcome.status}`;
		if (job.attempt < this.delivery.maxAttempts) {
			this.queue.push({ ...job, attempt: job.attempt + 1, dueAt: Date.now() + this.delivery.backoffMs * 2 ** (job.attempt - 1) });
		}
	}

	/** Runs ticks until nothing is queued or in flight (or `timeoutMs` real ms pass). */
	async flush({ timeoutMs = 30_000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		this.tick();
		while ((this.queue.length > 0 || this.inFlight.size > 0) && Date.now() < deadline) {
			await Promise.race([...this.inFlight, new Promise((resolve) => setTimeout(resolve, this.delivery.tickMs))]);
			this.tick();
		}
		return { queued: this.queue.length, inFlight: this.inFlight.size };
	}

	/**
	 * One hostile delivery to `url`; returns {status, error?}. `eventId` names a notification
	 * already sent (the default: the last one) for the kinds that reuse one.
	 */
	async sendHostile(kind, url, { eventId, secret } = {}) {
		if (!HOSTILE_KINDS.includes(kind)) throw new Error(`kind must be one of ${HOSTILE_KINDS.join(', ')}`);
		const endpoint = this.endpoints.find((e) => e.url === url);
		const realSecret = secret ?? endpoint?.secret;
		const events = [...this.log].reverse().filter((entry) => entry.kind === 'event' && (eventId === undefined || entry.eventId === eventId));
		// A delivery to this URL first (a replay is byte for byte), else one sent elsewhere.
		const sent = events.find((entry) => entry.url === url) ?? events[0];
		const needsEvent = ['tampered', 'replayed', 'stale'].includes(kind);
		if (needsEvent && !sent) throw new Error(`No notification${eventId ? ` ${eventId}` : ''} was sent yet to reuse`);
		if (!realSecret && kind !== 'forged' && kind !== 'unsigned' && kind !== 'malformed' && kind !== 'replayed') {
			throw new Error(`No secret for ${url}`);
		}
		const fresh = (type = 'analyze.task.ready') => JSON.stringify({
			id: `whe_${hex(this.rng, 32)}`,
			created_at: rfc3339(this.sim.now()),
			type,
			data: { id: hex(this.rng, 24), status: 'ready', custom_id: 'forged', created_at: rfc3339(this.sim.now()) },
		});
		const now = realSeconds();
		let body;
		let header;
		switch (kind) {
			case 'forged': // a new notification signed with a secret that is not the endpoint's
				body = fresh();
				header = signatureHeader(`not-${realSecret ?? 'the-secret'}`, now, body);
				break;
			case 'tampered': { // a real delivery's signature over a changed body
				const original = this.events.get(sent.eventId).body;
				body = original.replace(/"status":"(ready|failed|canceled|completed)"/, '"status":"tampered"');
				if (body === original) body = `${original} `;
				header = signatureHeader(realSecret, now, original);
				break;
			}
			case 'replayed': // a captured delivery sent again, byte for byte
				body = this.events.get(sent.eventId).body;
				header = sent.header;
				break;
			case 'stale': // correctly signed, an hour ago
				body = this.events.get(sent.eventId).body;
				header = signatureHeader(realSecret, now - 3600, body);
				break;
			case 'unsigned':
				body = fresh();
				header = undefined;
				break;
			case 'malformed':
				body = fresh();
				header = 't=not-a-time,v1=zz';
				break;
			case 'oversized':
				body = JSON.stringify({ ...JSON.parse(fresh()), padding: 'x'.repeat(200 * 1024) });
				header = signatureHeader(realSecret, now, body);
				break;
			case 'unknownType':
				body = fresh('analyze.task.exploded');
				header = signatureHeader(realSecret, now, body);
				break;
		}
		const outcome = await post(url, body, header === undefined ? {} : { 'TL-Signature': header }, this.delivery.timeoutMs);
		this.log.push({ kind, eventId: JSON.parse(body).id, type: JSON.parse(body).type, subjectId: JSON.parse(body).data?.id, url, attempt: 1, timestamp: now, header, status: outcome.status, answer: outcome.answer, error: outcome.error, at: Date.now() });
		return { status: outcome.status, error: outcome.error };
	}

	/** The delivery log, without the headers' signatures' secrets (there are none in it) or bodies. */
	deliveries() {
		return this.log.map(({ header, ...entry }) => ({ ...entry }));
	}
}

const ANSWER_KEPT_CHARS = 200;

async function post(url, body, headers, timeoutMs) {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
			signal: AbortSignal.timeout(timeoutMs),
		});
		// The answer's start: tells the receiver's own answer from one a proxy or a starting server gave.
		const answer = (await response.text().catch(() => '')).slice(0, ANSWER_KEPT_CHARS);
		return { ok: response.status >= 200 && response.status < 300, status: response.status, answer };
	} catch (error) {
		return { ok: false, status: 0, error: error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : String(error.cause?.code ?? error.message) };
	}
}

module.exports = { WebhookDispatcher, DEFAULT_DELIVERY, HOSTILE_KINDS, checkWebhooksOption, redactWebhooksOption, signatureHeader, sign };
