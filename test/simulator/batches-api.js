'use strict';
/**
 * The analysis batch endpoints of twelvelabs-js 1.3.4 (api/resources/analyzeAsync/resources/batches):
 * each handler returns {status, body}, or {status, lines, count} for the results stream
 * (written line by line by batch-results.js). Rules, records and wire format: batches.js.
 */
const { ApiError, invalid, notFound } = require('./errors');
const batches = require('./batches');
const { pageOf, listParam } = require('./assets');
const { isFinal } = require('./tasks');

function jsonBody(request) {
	if (!request.json.ok) throw new ApiError(400, 'parameter_invalid', 'The request body is not valid JSON.');
	return request.json.value ?? {};
}

/** A batch past its retention is gone like a deleted one. */
function findBatch(sim, id) {
	sim.batchStore.purge(sim.now(), sim.options.batches.retentionMs);
	const batch = sim.batchStore.get(id);
	if (!batch) throw notFound(id, 'analyze batches');
	return batch;
}

function listValues(params, name, allowed) {
	const values = listParam(params, name);
	for (const value of values) {
		if (!allowed.includes(value)) throw invalid(name, `Each value must be one of ${allowed.join(', ')}; got '${value}'.`);
	}
	return values;
}

function listBatches(sim, request) {
	const params = request.url.searchParams;
	const statuses = listValues(params, 'status', batches.BATCH_STATUSES);
	const modes = listValues(params, 'analysis_mode', batches.MODES);
	const now = sim.now();
	sim.batchStore.purge(now, sim.options.batches.retentionMs);
	const wires = sim.batchStore.newestFirst()
		.filter((batch) => modes.length === 0 || modes.includes(batch.mode))
		.map((batch) => sim.batchJson(batch, now))
		.filter((wire) => statuses.length === 0 || statuses.includes(wire.status));
	const { items, pageInfo } = pageOf(wires, params);
	return { status: 200, body: sim.forClient('batchList', { data: items, page_info: pageInfo }) };
}

function createBatch(sim, request) {
	const batch = sim.createBatch(jsonBody(request));
	return { status: 201, body: batches.createdWire(batch) };
}

function retrieveBatch(sim, request) {
	const batch = findBatch(sim, request.route.id);
	return { status: 200, body: sim.forClient('batch', sim.batchJson(batch, sim.now())) };
}

const CANCEL_CONFLICTS = { completed: 'batch_completed', canceled: 'batch_canceled', expired: 'batch_expired' };

function cancelBatch(sim, request) {
	const batch = findBatch(sim, request.route.id);
	const now = sim.now();
	const { status } = batches.viewOf(batch, now);
	if (CANCEL_CONFLICTS[status]) {
		throw new ApiError(409, CANCEL_CONFLICTS[status], `Cannot cancel batch ${batch.id}: it has already reached the final status '${status}'.`);
	}
	batches.requestCancel(batch, now);
	return { status: 202, body: sim.forClient('batch', sim.batchJson(batch, now)) };
}

function deleteBatch(sim, request) {
	const batch = findBatch(sim, request.route.id);
	const { status } = batches.viewOf(batch, sim.now());
	if (batches.isActive(status)) {
		throw new ApiError(409, 'batch_not_terminal',
			`Cannot delete batch ${batch.id} while it is ${status}. Cancel it and wait until it is canceled, completed or expired, then delete it.`);
	}
	sim.deleteBatchDirect(batch.id);
	return { status: 204 };
}

/** One line per item in submission order, statuses taken at the moment of the request. */
function batchResults(sim, request) {
	const batch = findBatch(sim, request.route.id);
	const now = sim.now();
	batches.viewOf(batch, now);
	const finishedOnly = sim.options.batches.resultLines === 'finished';
	const items = finishedOnly ? batch.items.filter((task) => isFinal(batches.itemStatusAt(task, now))) : batch.items;
	const lines = (function* eachLine() {
		for (const task of items) yield sim.forClient('resultLine', batches.resultLine(task, now, (t) => sim.resultOf(t)));
	})();
	return { status: 200, lines, count: items.length };
}

const ROUTES = [
	{ method: 'GET', pattern: /^\/analyze\/batches\/?$/, key: '/analyze/batches', handler: listBatches },
	{ method: 'POST', pattern: /^\/analyze\/batches\/?$/, key: '/analyze/batches', handler: createBatch, category: 'create' },
	{ method: 'GET', pattern: /^\/analyze\/batches\/([^/]+)\/?$/, key: '/analyze/batches/:id', handler: retrieveBatch },
	{ method: 'DELETE', pattern: /^\/analyze\/batches\/([^/]+)\/?$/, key: '/analyze/batches/:id', handler: deleteBatch },
	{ method: 'POST', pattern: /^\/analyze\/batches\/([^/]+)\/cancel\/?$/, key: '/analyze/batches/:id/cancel', handler: cancelBatch },
	{ method: 'GET', pattern: /^\/analyze\/batches\/([^/]+)\/results\/?$/, key: '/analyze/batches/:id/results', handler: batchResults },
];

module.exports = { ROUTES };
