'use strict';
/**
 * Paging against servers that never say "last page" (issue 10), for `npm run bench`: Get Many
 * with Return All through n8n-core's engine, side by side with the naive loop (read until
 * `page_info.total_page`), each against the same server:
 *
 * - repeat: the same 50 tasks on every page while total_page keeps growing;
 * - endless: 50 new tasks on every page while total_page keeps growing.
 *
 * The naive loop never stops by itself; the bench stops it at NAIVE_PAGE_CAP pages, so its
 * figures are a floor. Peak heap is sampled every 5 ms during each run (heap above the level
 * before it; scripts/bench.sh runs node with --expose-gc so each run starts collected).
 */
const { runNode } = require('../harness/engine');
const { startHostile, sendJson, task, taskId, listPage } = require('../hostile/server');

const NAIVE_PAGE_CAP = 2_000;
const PAGE = 50;
const API_KEY = 'tlk_hostile_paging_key_not_a_secret';

function pageOf(kind, page) {
	const first = kind === 'repeat' ? 1 : (page - 1) * PAGE + 1;
	const data = Array.from({ length: PAGE }, (_, i) => task(taskId(first + i)));
	return listPage(data, { page, totalPage: page + 1, totalResults: (page + 1) * PAGE });
}

async function measured(run) {
	// With --expose-gc (scripts/bench.sh), each run starts from a collected heap.
	global.gc?.();
	const before = process.memoryUsage().heapUsed;
	let peak = before;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().heapUsed);
	}, 5);
	const started = performance.now();
	try {
		const result = await run();
		peak = Math.max(peak, process.memoryUsage().heapUsed);
		return { ...result, ms: Math.round(performance.now() - started), peakHeapMb: (peak - before) / 1048576 };
	} finally {
		clearInterval(sampler);
	}
}

async function nodeRun(server) {
	const result = await runNode({
		parameters: { resource: 'analysisTask', operation: 'getMany', returnAll: true, output: 'raw' },
		credentials: { apiKey: API_KEY, baseUrl: server.url },
	});
	return {
		requests: server.requests.length,
		items: result.items.length,
		stoppedWith: result.error ? result.error.message : 'stopped without an error',
	};
}

async function naiveRun(server) {
	const tasks = [];
	let page = 1;
	for (; page <= NAIVE_PAGE_CAP; page++) {
		const response = await fetch(`${server.url}/analyze/tasks?page=${page}&page_limit=${PAGE}`, {
			headers: { 'x-api-key': API_KEY },
		});
		const body = await response.json();
		tasks.push(...body.data);
		if (page >= body.page_info.total_page) break;
	}
	return {
		requests: server.requests.length,
		items: tasks.length,
		stoppedWith: page > NAIVE_PAGE_CAP ? `cut by the bench at ${NAIVE_PAGE_CAP} pages` : 'last page',
	};
}

async function oneCase(kind, run) {
	const server = await startHostile((request, response) =>
		sendJson(response, 200, pageOf(kind, Number(request.query.page ?? 1))),
	);
	try {
		return await measured(() => run(server));
	} finally {
		await server.close();
	}
}

async function runHostilePaging() {
	const figures = {};
	for (const kind of ['repeat', 'endless']) {
		figures[kind] = { node: await oneCase(kind, nodeRun), naive: await oneCase(kind, naiveRun) };
	}
	return figures;
}

module.exports = { runHostilePaging, NAIVE_PAGE_CAP };
