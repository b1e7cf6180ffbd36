'use strict';
/**
 * The API operations (list, create, retrieve, delete, cancel) on the simulator's state,
 * independent of HTTP: each returns {status, body}. Auth and rate limiting are applied
 * by handleApiRequest before dispatching.
 */
const { ApiError, notFound } = require('./errors');
const { validateCreateBody, validateListQuery } = require('./validate');
const { statusAt, isFinal } = require('./tasks');
const { rfc3339 } = require('./timefmt');
const assetsApi = require('./assets-api');
const batchesApi = require('./batches-api');

const ROUTES = [
	{ method: 'GET', pattern: /^\/analyze\/tasks\/?$/, key: '/analyze/tasks', handler: listTasks },
	{ method: 'POST', pattern: /^\/analyze\/tasks\/?$/, key: '/analyze/tasks', handler: createTask, category: 'create' },
	{ method: 'GET', pattern: /^\/analyze\/tasks\/([^/]+)\/?$/, key: '/analyze/tasks/:id', handler: retrieveTask },
	{ method: 'DELETE', pattern: /^\/analyze\/tasks\/([^/]+)\/?$/, key: '/analyze/tasks/:id', handler: deleteTask },
	{ method: 'POST', pattern: /^\/analyze\/tasks\/([^/]+)\/cancel\/?$/, key: '/analyze/tasks/:id/cancel', handler: cancelTask },
	// Multipart routes first: 'multipart-uploads' is not an asset id.
	...assetsApi.ROUTES,
	...batchesApi.ROUTES,
];

/** Finds the route of a version-less path; {key: 'other'} when none matches. */
function matchRoute(method, path) {
	for (const route of ROUTES) {
		const match = route.pattern.exec(path);
		if (match && route.method === method) return { ...route, id: match[1] && decodeURIComponent(match[1]) };
	}
	const pathExists = ROUTES.some((route) => route.pattern.test(path));
	return { key: 'other', methodNotAllowed: pathExists };
}

function listTasks(sim, request) {
	const query = validateListQuery(request.url.searchParams);
	const now = sim.now();
	const matches = [];
	for (const task of sim.store.newestFirst()) {
		const video = task.request.video;
		if (query.videoUrl !== undefined && !(video.type === 'url' && video.url === query.videoUrl)) continue;
		if (query.assetId !== undefined && !(video.type === 'asset_id' && video.asset_id === query.assetId)) continue;
		if (query.analysisMode !== undefined && task.request.mode !== query.analysisMode) continue;
		if (query.status !== undefined && statusAt(task, now) !== query.status) continue;
		matches.push(task);
	}
	const first = (query.page - 1) * query.pageLimit;
	const data = matches.slice(first, first + query.pageLimit).map((task) => sim.wire(task, { abbreviated: true, now }));
	return {
		status: 200,
		body: sim.forClient('list', {
			data,
			page_info: {
				limit_per_page: query.pageLimit,
				page: query.page,
				total_page: Math.ceil(matches.length / query.pageLimit),
				total_results: matches.length,
			},
		}),
	};
}

function createTask(sim, request) {
	if (!request.json.ok) throw new ApiError(400, 'parameter_invalid', 'The request body is not valid JSON.');
	const body = request.json.value ?? {};
	const key = request.idempotencyKey;
	// Assumption (docs/api-fidelity.md): a body is validated before its key is looked up, so
	// an invalid body is refused even under a known key; a valid different body is replayed.
	if (key) validateCreateBody(body);
	const replay = key ? sim.replayIdempotent(key, body) : undefined;
	if (replay) return { status: 202, body: replay };
	const task = sim.insertNewTask(body, { idempotencyKey: key });
	return { status: 202, body: task.createResponse };
}

function findTask(sim, id) {
	const task = sim.store.get(id);
	if (!task) throw notFound(id);
	return task;
}

function retrieveTask(sim, request) {
	return { status: 200, body: sim.forClient('task', sim.wire(findTask(sim, request.route.id))) };
}

function deleteTask(sim, request) {
	const task = findTask(sim, request.route.id);
	const status = statusAt(task, sim.now());
	if (!isFinal(status)) {
		// Assumption (docs/api-fidelity.md): "being processed" covers queued and pending too.
		throw new ApiError(409, 'task_in_progress', `Cannot delete task while it is being processed (task ${task.id} is ${status}). Wait until it is ready or failed.`);
	}
	sim.store.remove(task.id);
	return { status: 204 };
}

function cancelTask(sim, request) {
	const task = findTask(sim, request.route.id);
	const now = sim.now();
	const status = statusAt(task, now);
	if (isFinal(status)) {
		throw new ApiError(409, 'task_not_cancelable', `Cannot cancel task ${task.id}: it has already finished with status '${status}'.`);
	}
	task.forced = { status: 'canceled', at: now };
	return { status: 200, body: sim.forClient('task', sim.wire(task)) };
}

/**
 * Retry-After in real seconds. The real API sends whole seconds; on a sped-up clock a whole
 * real second is many simulated ones, so there the value keeps its fraction (clients that
 * parse it as a number then wait the scaled time).
 */
function retryAfterHeader(speed, realMs) {
	if (speed === 1) return String(Math.max(1, Math.ceil(realMs / 1000)));
	return String(Math.max(0.001, realMs / 1000).toFixed(3));
}

function rateLimitedError(sim, verdict) {
	const realMs = Math.ceil(sim.clock.toRealMs(verdict.retryAfterSimMs));
	const per = verdict.scope === 'day' ? 'per day' : 'per minute';
	const headers = sim.omitsRetryAfter()
		? {}
		: { 'Retry-After': retryAfterHeader(sim.clock.speed, realMs), 'X-Sim-Retry-After-Ms': String(realMs) };
	return new ApiError(429, 'too_many_requests',
		`You have exceeded the rate limit (${verdict.limit} requests ${per}). Please try again later after ${rfc3339(verdict.resetAt)}.`,
		headers);
}

/**
 * The reference counts rate limits per endpoint: creating (a task, an asset, an upload
 * session) apart from the reads.
 */
const rateCategory = (route) => route.category ?? 'read';

/**
 * Auth, rate limit, dispatch. request: {method, route, url, apiKey, idempotencyKey, json: {ok, value}}
 * (streamed routes carry readForm instead of json). Resolves to {status, body?, headers, authValid}.
 */
async function handleApiRequest(sim, request) {
	const authValid = typeof request.apiKey === 'string' && sim.options.apiKeys.includes(request.apiKey);
	let response;
	try {
		if (!authValid) {
			throw new ApiError(401, 'api_key_invalid', 'API Key is either invalid or expired. Check the x-api-key header; you can find your key on the Dashboard page.');
		}
		const verdict = sim.rateLimiter.hit(sim.now(), rateCategory(request.route));
		if (!verdict.allowed) throw rateLimitedError(sim, verdict);
		if (request.route.key === 'other') {
			throw request.route.methodNotAllowed
				? new ApiError(405, 'method_not_allowed', `The method ${request.method} is not allowed on ${request.url.pathname}.`)
				: new ApiError(404, 'endpoint_not_exist', `The endpoint ${request.url.pathname} does not exist.`);
		}
		response = { ...(await request.route.handler(sim, request)), headers: {} };
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		response = { status: error.status, body: sim.errors.body(error.code, sim.errors.messageOf(error)), headers: { ...error.headers } };
	}
	Object.assign(response.headers, sim.rateLimiter.headers(sim.now(), rateCategory(request.route)));
	response.authValid = authValid;
	return response;
}

module.exports = { matchRoute, handleApiRequest, retryAfterHeader };
