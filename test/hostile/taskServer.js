/**
 * A small TwelveLabs task API on the hostile-server kit (server.js), for the trigger: the tasks
 * are plain objects the test edits between polls (any created_at, any task_id, any status),
 * listed newest-created first with offset paging and the status filter, read one by one by
 * id (404 when absent). `answerGet(id, handler)` takes over the GET of one task (500 forever,
 * a body that is not a task, …); `answerGet(id)` gives it back.
 */
const { startHostile, sendJson, listPage } = require('./server');

async function startTaskServer() {
	const tasks = new Map();
	const getHandlers = new Map();
	let inserted = 0;
	const order = new Map();
	const newestFirst = () =>
		[...tasks.values()].sort(
			(a, b) =>
				Date.parse(b.created_at) - Date.parse(a.created_at) ||
				order.get(b.task_id) - order.get(a.task_id),
		);
	const server = await startHostile((request, response) => {
		const path = request.url.pathname.replace(/^\/v1\.3/, '');
		if (request.method !== 'GET') return sendJson(response, 405, { code: 'method_not_allowed' });
		if (path === '/analyze/tasks') {
			const page = Number(request.query.page ?? 1);
			const limit = Number(request.query.page_limit ?? 10);
			const matching = newestFirst().filter(
				(task) => request.query.status === undefined || task.status === request.query.status,
			);
			const data = matching.slice((page - 1) * limit, page * limit);
			return sendJson(
				response,
				200,
				listPage(data, {
					page,
					limit,
					totalPage: Math.ceil(matching.length / limit),
					totalResults: matching.length,
				}),
			);
		}
		const match = /^\/analyze\/tasks\/([^/]+)$/.exec(path);
		if (match) {
			const id = decodeURIComponent(match[1]);
			const handler = getHandlers.get(id);
			if (handler) return handler(request, response);
			const task = tasks.get(id);
			if (!task) {
				return sendJson(response, 404, {
					code: 'resource_not_exist',
					message: 'The requested task does not exist.',
				});
			}
			return sendJson(response, 200, task);
		}
		return sendJson(response, 404, { code: 'not_found', message: 'no such route' });
	});
	return {
		...server,
		close: server.close,
		/** Adds (or replaces) a task; returns its id. */
		put(task) {
			if (!order.has(task.task_id)) order.set(task.task_id, ++inserted);
			tasks.set(task.task_id, { ...task });
			return task.task_id;
		},
		/** Changes fields of a task. */
		update(id, fields) {
			const task = tasks.get(id);
			if (!task) throw new Error(`no task ${id}`);
			Object.assign(task, fields);
		},
		remove(id) {
			tasks.delete(id);
		},
		answerGet(id, handler) {
			if (handler) getHandlers.set(id, handler);
			else getHandlers.delete(id);
		},
		/** GETs of one task received so far. */
		getsOf(id) {
			return server.requests.filter(
				(entry) =>
					decodeURIComponent(entry.path.replace(/^\/v1\.3/, '')) === `/analyze/tasks/${id}`,
			).length;
		},
	};
}

module.exports = { startTaskServer };
