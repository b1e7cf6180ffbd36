'use strict';
/**
 * A server on 127.0.0.1 that answers the analyze-tasks routes with only what twelvelabs-js
 * 1.3.4 requires: tasks of task_id, status, created_at (and result when ready), lists
 * without page_info. For the fixed cases the simulator's sparse mode meets only by chance.
 */
const http = require('node:http');

/**
 * @param {{tasks: (page: number, limit: number) => object[], task: (id: string) => object | undefined, created: object}} answers
 */
async function startMinimalApi(answers) {
	const requests = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const path = url.pathname.replace(/^\/v1\.3/, '');
		requests.push(`${req.method} ${path}${url.search}`);
		const send = (status, body) => {
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		req.resume();
		req.on('end', () => {
			if (req.method === 'POST' && path === '/analyze/tasks') return send(202, answers.created);
			if (req.method === 'GET' && path === '/analyze/tasks') {
				const page = Number(url.searchParams.get('page') ?? 1);
				const limit = Number(url.searchParams.get('page_limit') ?? 10);
				return send(200, { data: answers.tasks(page, limit) });
			}
			const match = /^\/analyze\/tasks\/([^/]+)$/.exec(path);
			const task = req.method === 'GET' && match ? answers.task(match[1]) : undefined;
			if (task) return send(200, task);
			return send(404, { code: 'resource_not_exist', message: `Resource with id ${match?.[1]} does not exist in analyze tasks.` });
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		baseUrl: `http://127.0.0.1:${server.address().port}/v1.3`,
		requests,
		stop: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startMinimalApi };
