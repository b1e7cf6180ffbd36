/**
 * The one transport (nodes/TwelveLabs/api/transport.ts) over a real socket: a server on
 * 127.0.0.1 started by each test (test/hostile), and n8n-core's own HTTP client as `send`, so
 * the options the transport gives n8n (stream bodies, redirects not followed, timeouts, abort
 * signals) are honoured as in n8n.
 */
import { NodeApiError } from 'n8n-workflow';
import { RateLimitedError } from '../../../nodes/TwelveLabs/api/rateLimitedError';
import { DEFAULT_RETRY_LIMITS } from '../../../nodes/TwelveLabs/api/retryPolicy';
import {
	attemptTimeoutMs,
	redactSecret,
	sendRequest,
	type ApiRequest,
	type TransportContext,
} from '../../../nodes/TwelveLabs/api/transport';
import { n8nHttpRequest } from '../../harness/n8nHttp';
import { API_KEY } from '../../harness/secrets';
import {
	endlessBody,
	sendJson,
	stallAfterHeaders,
	startHostile,
	type HostileRequest,
	type HostileServer,
	type ServerResponse,
} from '../../hostile/server';
import { rejectionOf } from '../rejection';
import { NODE } from './node';

let server: HostileServer | undefined;

afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function serve(
	handler: (request: HostileRequest, response: ServerResponse) => void | Promise<void>,
): Promise<HostileServer> {
	server = await startHostile(handler);
	return server;
}

/** A transport to `base` sending the API key as n8n's credential would, retrying quickly. */
function transport(base: HostileServer, extra: Partial<TransportContext> = {}): TransportContext {
	return {
		node: NODE,
		baseUrl: base.url,
		itemIndex: 2,
		secret: API_KEY,
		limits: { ...DEFAULT_RETRY_LIMITS, baseBackoffMs: 1, maxBackoffMs: 1 },
		send: async (options) =>
			await n8nHttpRequest({ ...options, headers: { ...options.headers, 'x-api-key': API_KEY } }),
		...extra,
	};
}

const GET: ApiRequest = { method: 'GET', url: '/analyze/tasks/t1', taskId: 't1' };

const failure = async (promise: Promise<unknown>) => await rejectionOf(promise, NodeApiError);

/** Everything a user or a log can see of an error. */
function visible(error: NodeApiError): string {
	return JSON.stringify([
		error.message,
		error.description,
		error.httpCode,
		error.context,
		error.cause,
	]);
}

describe('sendRequest over a real socket', () => {
	it('sends the path, query and JSON body, and returns the parsed answer with the key cut out', async () => {
		const base = await serve((request, response) =>
			sendJson(response, 200, { task_id: 't1', echo: request.headers['x-api-key'] }),
		);
		const answer = await sendRequest(transport(base), {
			method: 'POST',
			url: '/analyze/tasks',
			qs: { page: 2 },
			body: { prompt: 'hi' },
		});
		expect(answer).toEqual({ task_id: 't1', echo: '[redacted]' });
		expect(base.requests).toHaveLength(1);
		const [sent] = base.requests;
		expect([sent.method, sent.path, sent.query, JSON.parse(sent.body)]).toEqual([
			'POST',
			'/analyze/tasks',
			{ page: '2' },
			{ prompt: 'hi' },
		]);
		expect(sent.headers.accept).toBe('application/json');
	});

	it('refuses a redirect without following it, naming only the other origin', async () => {
		const base = await serve((_request, response) => {
			response.writeHead(302, { location: `http://evil.example:8080/steal?key=${API_KEY}` });
			response.end();
		});
		const error = await failure(sendRequest(transport(base), GET));
		expect(error.message).toBe(
			'The Base URL answered with a redirect (HTTP 302) to http://evil.example:8080; it was not followed',
		);
		expect(error.httpCode).toBe('302');
		expect(base.requests).toHaveLength(1);
		expect(visible(error)).not.toContain(API_KEY);
	});

	it('refuses an answer whose declared length is above the cap, and one that streams past it', async () => {
		const declared = await serve((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json', 'content-length': 5_000_000 });
			response.write('{"x":"');
		});
		const tooLong = await failure(
			sendRequest(transport(declared, { maxResponseBytes: 2 * 1048576 }), GET),
		);
		expect(tooLong.message).toBe(
			'TwelveLabs sent an answer larger than 2 MB; it was refused unread',
		);
		await declared.close();
		const streamed = await serve((_request, response) => endlessBody(response));
		const cut = await failure(sendRequest(transport(streamed, { maxResponseBytes: 1048576 }), GET));
		expect(cut.message).toBe('TwelveLabs sent an answer larger than 1 MB; it was refused unread');
		expect(streamed.requests).toHaveLength(1); // not retried
	});

	it('ends an answer that stalls after its headers at the attempt timeout, and does not repeat it', async () => {
		const base = await serve((_request, response) => stallAfterHeaders(response));
		const started = Date.now();
		const error = await failure(sendRequest(transport(base, { requestTimeoutMs: 400 }), GET));
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(error.message).toBe('TwelveLabs did not answer within 1 s');
		expect(base.requests).toHaveLength(1);
	});

	it('sends nothing once the deadline has passed', async () => {
		const base = await serve((_request, response) => sendJson(response, 200, {}));
		const error = await failure(sendRequest(transport(base, { deadline: Date.now() - 1 }), GET));
		expect(error.message).toBe('The time left for this run was used up before TwelveLabs answered');
		expect(base.requests).toHaveLength(0);
	});

	it('takes a 2xx that is not JSON for an error: malformed JSON, an HTML page, nothing', async () => {
		const answers = ['{"task_id": "t1",', '<html><body>proxy</body></html>', ''];
		const base = await serve((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(answers.shift());
		});
		const messages: string[] = [];
		for (let i = 0; i < 3; i++)
			messages.push((await failure(sendRequest(transport(base), GET))).message);
		expect(messages).toEqual([
			'TwelveLabs answered with something that is not JSON instead of JSON',
			'TwelveLabs answered with an HTML page instead of JSON',
			'TwelveLabs answered with an empty answer instead of JSON',
		]);
	});

	it('maps an API refusal to its described error, with the key the server echoed cut out', async () => {
		const base = await serve((request, response) =>
			sendJson(response, 400, {
				code: 'parameter_invalid',
				message: `Bad header ${String(request.headers['x-api-key'])}`,
			}),
		);
		const error = await failure(sendRequest(transport(base), GET));
		expect(error.httpCode).toBe('400');
		expect(visible(error)).toContain('[redacted]');
		expect(visible(error)).not.toContain(API_KEY);
		expect(base.requests).toHaveLength(1); // a 400 is not repeated
	});

	it('retries a 503, then returns the answer; a 429 with Retry-After it cannot wait becomes a RateLimitedError', async () => {
		const statuses = [503, 200];
		const base = await serve((_request, response) => {
			const status = statuses.shift() ?? 500;
			sendJson(response, status, status === 200 ? { task_id: 't1' } : { code: 'busy' });
		});
		const retries: number[] = [];
		const answer = await sendRequest(
			transport(base, { onRetry: (info) => retries.push(info.statusCode ?? 0) }),
			GET,
		);
		expect(answer).toEqual({ task_id: 't1' });
		expect(retries).toEqual([503]);
		await base.close();
		const limited = await serve((_request, response) =>
			sendJson(response, 429, { code: 'too_many_requests' }, { 'retry-after': '7' }),
		);
		const error = await rejectionOf(
			sendRequest(
				transport(limited, { limits: { ...DEFAULT_RETRY_LIMITS, maxRetryAfterMs: 1_000 } }),
				GET,
			),
			RateLimitedError,
		);
		expect(error.retryAfterMs).toBe(7_000);
		expect(error.httpCode).toBe('429');
		expect(limited.requests).toHaveLength(1);
	});

	it('a DELETE repeated after a 5xx that finds the task gone succeeded', async () => {
		const statuses = [502, 404];
		const base = await serve((_request, response) =>
			sendJson(response, statuses.shift() ?? 500, { code: 'resource_not_exist' }),
		);
		await expect(
			sendRequest(transport(base), { method: 'DELETE', url: '/analyze/tasks/t1', taskId: 't1' }),
		).resolves.toBeUndefined();
		expect(base.requests.map((request) => request.method)).toEqual(['DELETE', 'DELETE']);
	});

	it('stops when the execution is cancelled', async () => {
		const base = await serve((_request, response) => sendJson(response, 200, {}));
		const controller = new AbortController();
		controller.abort();
		const error = await failure(sendRequest(transport(base, { signal: controller.signal }), GET));
		expect(error.message).toBe('The execution was cancelled');
		expect(base.requests).toHaveLength(0);
	});
});

describe('attempt timeouts and redaction', () => {
	const context = { requestTimeoutMs: 30_000 } as TransportContext;

	it('an attempt gets the default, or what is left before the deadline, never under a second', () => {
		expect(attemptTimeoutMs(context, 0)).toBe(30_000);
		expect(attemptTimeoutMs({ ...context, deadline: 10_000 }, 0)).toBe(10_000);
		expect(attemptTimeoutMs({ ...context, deadline: 10_000 }, 9_900)).toBe(1_000);
		expect(attemptTimeoutMs({} as TransportContext, 0)).toBe(60_000);
	});

	it('cuts the key out wherever it appears, and leaves text alone without a real key', () => {
		expect(redactSecret('a KEY1 b KEY1', 'KEY1')).toBe('a [redacted] b [redacted]');
		expect(redactSecret('a ab b', 'ab')).toBe('a ab b');
		expect(redactSecret('text', undefined)).toBe('text');
	});
});
