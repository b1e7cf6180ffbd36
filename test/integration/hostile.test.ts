/**
 * The node against hostile or broken servers (test/hostile), through n8n-core's real engine:
 * redirects, stalls, echoed secrets, impossible answers, giant bodies, odd Retry-After,
 * endless paging. Each test failed on the code before issue 10.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode, testCredential } from '../harness/engine';
import {
	endlessBody,
	listPage,
	sendJson,
	stallAfterHeaders,
	startHostile,
	task,
	taskId,
	type HostileServer,
} from '../hostile/server';
import { API_KEY, CREATE_GENERAL, expectNoSecret } from './support';

const ID = taskId(1);
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const GET = { resource: 'analysisTask', operation: 'get', taskId: byId(ID), output: 'raw' };
const DELETE = { resource: 'analysisTask', operation: 'delete', taskId: byId(ID) };
const GET_MANY_ALL = {
	resource: 'analysisTask',
	operation: 'getMany',
	returnAll: true,
	output: 'raw',
};

const servers: HostileServer[] = [];
async function serve(handler: Parameters<typeof startHostile>[0]): Promise<HostileServer> {
	const server = await startHostile(handler);
	servers.push(server);
	return server;
}
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => await server.close()));
});

const credentialsFor = (server: HostileServer, baseUrl = server.url): IDataObject => ({
	apiKey: API_KEY,
	baseUrl,
});

describe('redirects: the API key stays with the configured origin', () => {
	const operations: Array<[string, IDataObject]> = [
		['Get', GET],
		['Delete', DELETE],
		['Get Many', GET_MANY_ALL],
		['Create', CREATE_GENERAL],
	];
	for (const status of [301, 302, 303, 307, 308]) {
		it.each(operations)(
			`%s answered with ${status} is an error, and nothing reaches the other origin`,
			async (_name, parameters) => {
				const elsewhere = await serve((_request, response) =>
					sendJson(response, 200, { task_id: ID, status: 'pending', ...listPage([]) }),
				);
				const origin = await serve((request, response) => {
					response.writeHead(status, { location: `${elsewhere.url}${request.url.pathname}` });
					response.end();
				});
				const result = await runNode({ parameters, credentials: credentialsFor(origin) });
				expect(result.error?.message).toMatch(`redirect (HTTP ${status}) to ${elsewhere.origin}`);
				expect(elsewhere.requests).toHaveLength(0);
				expect(origin.requests).toHaveLength(1);
				expectNoSecret(result);
			},
		);
	}

	it('the credential test fails on a redirect and sends nothing to the other origin', async () => {
		const elsewhere = await serve((_request, response) => sendJson(response, 200, listPage([])));
		const origin = await serve((_request, response) => {
			response.writeHead(302, { location: `${elsewhere.url}/analyze/tasks` });
			response.end();
		});
		const outcome = await testCredential(credentialsFor(origin));
		expect(outcome).toEqual({
			status: 'Error',
			message: expect.stringContaining('redirect (HTTP 302)'),
		});
		expect(elsewhere.requests).toHaveLength(0);
	});
});

describe('the credential test wants the JSON task list', () => {
	it('fails on a 200 HTML page (such as n8n itself), whatever the key', async () => {
		const page = await serve((_request, response) => {
			response.writeHead(200, { 'content-type': 'text/html' });
			response.end('<!DOCTYPE html><html><body>n8n</body></html>');
		});
		const outcome = await testCredential(credentialsFor(page));
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/not with the TwelveLabs task list/);
	});

	it('passes on the task list', async () => {
		const api = await serve((_request, response) => sendJson(response, 200, listPage([task(ID)])));
		expect(await testCredential(credentialsFor(api))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});
});

describe('stalls end within the time the run has', () => {
	it('Create and Wait whose reads stall after the headers ends at its Wait Timeout', async () => {
		const api = await serve((request, response) => {
			if (request.method === 'POST')
				return sendJson(response, 200, { task_id: ID, status: 'pending' });
			stallAfterHeaders(response);
		});
		const result = await runNode({
			parameters: {
				...CREATE_GENERAL,
				operation: 'createAndWait',
				options: { waitTimeout: 2, initialPollInterval: 0.2 },
			},
			credentials: credentialsFor(api),
		});
		// The read gets what is left of the Wait Timeout (plus 1 s), then the wait ends naming the task.
		expect(result.error?.message).toMatch(/^TwelveLabs did not answer within [1-3] s$/);
		expect(result.error?.description).toContain(`keep running at TwelveLabs: ${ID}`);
	}, 20_000);
});

describe('the API key is cut out of whatever the server sends back', () => {
	const echo = async (status: number) =>
		await serve((request, response) =>
			sendJson(response, status, {
				code: 'bad_request',
				message: `parameter 'video.url' is wrong; you sent x-api-key=${String(request.headers['x-api-key'])}`,
			}),
		);

	it('in errors, descriptions and run data', async () => {
		const api = await echo(400);
		const result = await runNode({ parameters: GET, credentials: credentialsFor(api) });
		expect(result.error?.description).toContain('[redacted]');
		expectNoSecret(result);
		expectNoSecret(result.run);
	});

	it('in Continue On Fail items', async () => {
		const api = await echo(500);
		const result = await runNode({
			parameters: GET,
			credentials: credentialsFor(api),
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(1);
		expect(JSON.stringify(result.items)).toContain('[redacted]');
		expectNoSecret(result.items);
		expectNoSecret(result.run);
	});

	it('in data the server returns', async () => {
		const api = await serve((request, response) =>
			sendJson(
				response,
				200,
				task(ID, { result: { data: `echo ${String(request.headers['x-api-key'])}` } }),
			),
		);
		const result = await runNode({ parameters: GET, credentials: credentialsFor(api) });
		expect(result.items[0].json.result).toEqual({ data: 'echo [redacted]' });
		expectNoSecret(result);
	});
});

describe('answers that cannot be right are named errors', () => {
	it('a create answer without task_id', async () => {
		const api = await serve((_request, response) => sendJson(response, 200, { status: 'pending' }));
		const result = await runNode({ parameters: CREATE_GENERAL, credentials: credentialsFor(api) });
		expect(result.error?.message).toMatch(/create without a valid task_id \(none\)/);
	});

	it('Create and Wait never reads /analyze/tasks/undefined or a server-sent "..": no read follows such a create', async () => {
		for (const body of [{ status: 'pending' }, { task_id: '..', status: 'pending' }]) {
			const api = await serve((request, response) =>
				request.method === 'POST'
					? sendJson(response, 200, body)
					: sendJson(response, 200, listPage([task(ID)])),
			);
			const result = await runNode({
				parameters: { ...CREATE_GENERAL, operation: 'createAndWait', options: { waitTimeout: 2 } },
				credentials: credentialsFor(api),
			});
			expect(result.error?.message).toMatch(/create without a valid task_id/);
			expect(api.requests.map((request) => request.method)).toEqual(['POST']);
		}
	});

	it('a listed task whose id is ".." is refused before any path is built from it', async () => {
		const api = await serve((_request, response) =>
			sendJson(response, 200, listPage([task('..')])),
		);
		const result = await runNode({ parameters: GET_MANY_ALL, credentials: credentialsFor(api) });
		expect(result.error?.message).toMatch(/task_id is not valid/);
	});

	it('a DELETE answered with 200 and an HTML page is not a deletion', async () => {
		const api = await serve((_request, response) => {
			response.writeHead(200, { 'content-type': 'text/html' });
			response.end('<html><body>Welcome</body></html>');
		});
		const result = await runNode({ parameters: DELETE, credentials: credentialsFor(api) });
		expect(result.error?.message).toMatch(/an HTML page instead of JSON/);
		expect(result.items).toHaveLength(0);
	});

	it("Delete's 409 does not advise cancelling (nothing here cancels a task)", async () => {
		const api = await serve((_request, response) =>
			sendJson(response, 409, {
				code: 'task_in_progress',
				message:
					'Cannot delete task while it is being processed. Wait until it is ready or failed, or cancel it.',
			}),
		);
		const result = await runNode({ parameters: DELETE, credentials: credentialsFor(api) });
		expect(result.error?.message).toMatch(/still being processed/);
		expect(`${result.error?.message} ${result.error?.description}`).not.toMatch(/cancel/i);
	});

	it('a DELETE answered with 204 and nothing is a deletion', async () => {
		const api = await serve((_request, response) => {
			response.writeHead(204);
			response.end();
		});
		const result = await runNode({ parameters: DELETE, credentials: credentialsFor(api) });
		expect(result.items.map((item) => item.json)).toEqual([{ deleted: true, task_id: ID }]);
	});
});

describe('bodies above the size cap are refused without buffering them whole', () => {
	it('a declared Content-Length above the cap is refused before its body is read', async () => {
		const api = await serve((_request, response) => {
			response.writeHead(200, {
				'content-type': 'application/json',
				'content-length': String(600 * 1024 * 1024),
			});
			response.write('{"task_id":"');
		});
		const result = await runNode({ parameters: GET, credentials: credentialsFor(api) });
		expect(result.error?.message).toMatch(/larger than 64 MB; it was refused unread/);
	});

	it('a streamed body that passes the cap is cut off there', async () => {
		const api = await serve((_request, response) => endlessBody(response));
		const result = await runNode({ parameters: GET, credentials: credentialsFor(api) });
		expect(result.error?.message).toMatch(/larger than 64 MB/);
	}, 30_000);
});

describe('Retry-After is clamped', () => {
	it('a 20-digit Retry-After ends at once as a quota, with a date, not a RangeError', async () => {
		const api = await serve((_request, response) =>
			sendJson(
				response,
				429,
				{ code: 'too_many_requests', message: 'slow down' },
				{ 'retry-after': '99999999999999999999' },
			),
		);
		const result = await runNode({ parameters: GET, credentials: credentialsFor(api) });
		expect(result.error?.message).toBe('The TwelveLabs rate limit was reached');
		expect(result.error?.description).toMatch(/resets in about 1440 min \(at \d{4}-/);
		expect(api.requests).toHaveLength(1);
	});

	it('Retry-After 0 does not make retries spin: the transient-attempt bound applies', async () => {
		const api = await serve((_request, response) =>
			sendJson(
				response,
				429,
				{ code: 'too_many_requests', message: 'slow down' },
				{ 'retry-after': '0' },
			),
		);
		const result = await runNode({ parameters: GET, credentials: credentialsFor(api) });
		expect(result.error?.message).toBe('The TwelveLabs rate limit was reached');
		expect(api.requests.length).toBeLessThanOrEqual(5);
	}, 30_000);
});

describe('waiting out a rate limit is not a failed attempt', () => {
	it('three 429s with Retry-After, then two 503s, then the task: the read succeeds', async () => {
		const answers = [429, 429, 429, 503, 503];
		const api = await serve((_request, response) => {
			const status = answers.shift();
			if (status === 429)
				return sendJson(
					response,
					429,
					{ code: 'too_many_requests', message: 'slow down' },
					{ 'retry-after': '0.05' },
				);
			if (status === 503)
				return sendJson(response, 503, { code: 'service_unavailable', message: 'try again' });
			sendJson(response, 200, task(ID));
		});
		const result = await runNode({ parameters: GET, credentials: credentialsFor(api) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.task_id).toBe(ID);
		expect(api.requests).toHaveLength(6);
	}, 30_000);
});

describe('the Base URL is checked before any request', () => {
	it.each([
		['a query', (url: string) => `${url}/v1.3?token=x`, /no query|not contain a query/],
		['a fragment', (url: string) => `${url}/v1.3#top`, /not contain a query \(\?…\) or fragment/],
		['file:', () => 'file:///etc/passwd', /must start with https:\/\/ \(or http:\/\/\), not file:/],
		[
			'javascript:',
			() => 'javascript:alert(1)',
			/must start with https:\/\/ \(or http:\/\/\), not javascript:/,
		],
		[
			'a host and port but no scheme',
			(url: string) => url.replace(/^http:\/\/127\.0\.0\.1/, 'localhost'),
			/has no https:\/\/ in front/,
		],
	])('refuses a Base URL with %s', async (_name, baseUrl, message) => {
		const api = await serve((_request, response) => sendJson(response, 200, task(ID)));
		const result = await runNode({
			parameters: GET,
			credentials: credentialsFor(api, baseUrl(api.url)),
		});
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/Nothing was sent/);
		expect(api.requests).toHaveLength(0);
	});
});

describe('Get Many pages are bounded', () => {
	it('stops when the same tasks come back on every page while total_page keeps growing', async () => {
		const api = await serve((request, response) => {
			const page = Number(request.query.page);
			sendJson(
				response,
				200,
				listPage([task(taskId(1)), task(taskId(2))], { page, limit: 2, totalPage: page + 1 }),
			);
		});
		const result = await runNode({
			parameters: { ...GET_MANY_ALL },
			credentials: credentialsFor(api),
		});
		expect(result.items).toHaveLength(2);
		expect(api.requests.length).toBeLessThanOrEqual(2);
	});

	it('stops after pages with no new id with a Limit too (Limit 60)', async () => {
		const page50 = Array.from({ length: 50 }, (_, index) => task(taskId(index + 1)));
		const api = await serve((request, response) =>
			sendJson(
				response,
				200,
				listPage(page50, { page: Number(request.query.page), totalPage: 1_000_000 }),
			),
		);
		const result = await runNode({
			parameters: {
				resource: 'analysisTask',
				operation: 'getMany',
				returnAll: false,
				limit: 60,
				output: 'raw',
			},
			credentials: credentialsFor(api),
		});
		expect(result.items).toHaveLength(50);
		// The first page, then MAX_PAGES_WITHOUT_NEW_IDS (3) that bring nothing new.
		expect(api.requests).toHaveLength(4);
	});

	it('stops at 200 pages when every page brings new ids, and says so', async () => {
		let next = 0;
		const api = await serve((request, response) => {
			const data = Array.from({ length: 50 }, () => task(taskId(++next)));
			sendJson(
				response,
				200,
				listPage(data, { page: Number(request.query.page), totalPage: 1_000_000 }),
			);
		});
		const result = await runNode({ parameters: GET_MANY_ALL, credentials: credentialsFor(api) });
		expect(result.error?.message).toMatch(/stopped after 200 pages \(10000 tasks\)/);
		expect(result.error?.description).toMatch(/Filters/);
		expect(api.requests).toHaveLength(200);
	}, 30_000);
});
