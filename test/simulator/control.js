'use strict';
/**
 * Control routes under /__sim/ for out-of-process users (local n8n, e2e tests,
 * benchmarks). No auth, never faulted, not logged. They mirror the JS API.
 */

const ROUTES = [
	['GET', /^\/health$/, (sim) => ({ ok: true, url: sim.url ?? null, now: sim.now(), speed: sim.clock.speed, tasks: sim.store.size, assets: sim.assetStore.assets.size, batches: sim.batchStore.batches.size })],
	['POST', /^\/reset$/, (sim, body) => {
		sim.reset(Object.keys(body).length ? body : undefined);
		return { ok: true, now: sim.now() };
	}],
	['GET', /^\/config$/, (sim) => sim.currentOptions()],
	['POST', /^\/config$/, (sim, body) => {
		sim.configure(body);
		return sim.currentOptions();
	}],
	['POST', /^\/advance$/, (sim, body) => ({ now: sim.advance(Number(body.ms)) })],
	['POST', /^\/speed$/, (sim, body) => {
		sim.setSpeed(Number(body.speed));
		return { speed: sim.clock.speed, now: sim.now() };
	}],
	['POST', /^\/faults$/, (sim, body) => {
		sim.setFaults(body);
		return { ok: true };
	}],
	['POST', /^\/fail-next$/, (sim, body) => {
		sim.failNext(body.n ?? 1, body.spec ?? {});
		return { ok: true };
	}],
	['POST', /^\/seed$/, (sim, body) => ({ taskIds: sim.seedTasks(Number(body.n ?? body.count), body) })],
	['GET', /^\/tasks$/, (sim) => sim.tasks()],
	['POST', /^\/tasks$/, (sim, body) => sim.createTaskDirect(body.body ?? body, body.body ? body : {})],
	['GET', /^\/tasks\/([^/]+)$/, (sim, body, id) => sim.getTaskDirect(id) ?? notFound(id)],
	['DELETE', /^\/tasks\/([^/]+)$/, (sim, body, id) => ({ deleted: sim.deleteTaskDirect(id) })],
	['POST', /^\/tasks\/([^/]+)\/complete$/, (sim, body, id) => sim.completeTask(id, body.status ?? 'ready', body.message)],
	['POST', /^\/tasks\/([^/]+)\/outcome$/, (sim, body, id) => sim.setTaskOutcome(id, body)],
	['GET', /^\/assets$/, (sim) => sim.assets()],
	['POST', /^\/assets$/, (sim, body) => sim.createAssetDirect(body)],
	['GET', /^\/assets\/([^/]+)$/, (sim, body, id) => sim.getAssetDirect(id) ?? notFound(id, 'asset')],
	['DELETE', /^\/assets\/([^/]+)$/, (sim, body, id) => ({ deleted: sim.deleteAssetDirect(id) })],
	['POST', /^\/assets\/([^/]+)\/complete$/, (sim, body, id) => sim.completeAsset(id, body.status ?? 'ready', body.message)],
	['POST', /^\/assets\/([^/]+)\/outcome$/, (sim, body, id) => sim.setAssetOutcome(id, body)],
	['GET', /^\/uploads$/, (sim) => sim.uploads()],
	['POST', /^\/uploads\/([^/]+)\/fail$/, (sim, body, id) => {
		sim.failUpload(id);
		return { ok: true };
	}],
	['GET', /^\/batches$/, (sim) => sim.batches()],
	['POST', /^\/batches$/, (sim, body) => sim.createBatchDirect(body.body ?? body, body.body ? body : {})],
	['GET', /^\/batches\/([^/]+)$/, (sim, body, id) => sim.getBatchDirect(id) ?? notFound(id, 'batch')],
	['DELETE', /^\/batches\/([^/]+)$/, (sim, body, id) => ({ deleted: sim.deleteBatchDirect(id) })],
	['POST', /^\/batches\/([^/]+)\/expire$/, (sim, body, id) => sim.expireBatch(id)],
	['POST', /^\/batches\/([^/]+)\/items\/(\d+)\/outcome$/, (sim, body, id, index) => sim.setBatchItemOutcome(id, Number(index), body)],
	['POST', /^\/batch-limit$/, (sim, body) => {
		sim.setBatchLimit(Number(body.maxActive));
		return { maxActive: sim.options.batches.maxActive };
	}],
	['GET', /^\/webhooks$/, (sim) => ({ endpoints: sim.currentOptions().webhooks, deliveries: sim.webhookDeliveries() })],
	['POST', /^\/webhooks$/, (sim, body) => {
		sim.registerWebhook(body.url, body.secret);
		return { endpoints: sim.currentOptions().webhooks };
	}],
	['POST', /^\/webhooks\/flush$/, async (sim, body) => await sim.flushWebhooks(body)],
	['POST', /^\/webhooks\/hostile$/, async (sim, body) => await sim.sendHostileWebhook(body.kind, body.url, body)],
	['GET', /^\/idempotency$/, (sim) => Object.fromEntries(sim.tasksByIdempotencyKey())],
	['GET', /^\/requests$/, (sim) => sim.requests()],
	['POST', /^\/reset-log$/, (sim) => {
		sim.resetLog();
		return { ok: true };
	}],
	['GET', /^\/counts$/, (sim) => sim.counts()],
	['GET', /^\/stats$/, (sim) => sim.stats()],
];

function notFound(id, what = 'task') {
	throw Object.assign(new Error(`Unknown ${what} ${id}`), { status: 404 });
}

/** Returns {status, body}. Errors become 400 (404 for unknown tasks) with {error: message}. */
async function handleControl(sim, method, url, rawBody) {
	const path = url.pathname.slice('/__sim'.length);
	const route = ROUTES.find(([m, pattern]) => m === method && pattern.test(path));
	if (!route) return { status: 404, body: { error: `No control route ${method} /__sim${path}` } };
	try {
		const body = rawBody.length ? JSON.parse(rawBody.toString('utf8')) : {};
		const [, id, second] = route[1].exec(path);
		return { status: 200, body: await route[2](sim, body, id && decodeURIComponent(id), second) };
	} catch (error) {
		const status = error.status ?? (/^Unknown (task|asset|upload|batch) /.test(error.message) ? 404 : 400);
		return { status, body: { error: error.message, code: error.code } };
	}
}

module.exports = { handleControl };
