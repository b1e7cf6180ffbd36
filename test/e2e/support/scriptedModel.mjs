/**
 * A scripted OpenAI-compatible chat model on 127.0.0.1, for n8n's OpenAI Chat Model node (its
 * credential's Base URL points here). `POST /v1/chat/completions` records the request (messages
 * and the tool definitions n8n sent) and answers with what `script(request)` returns:
 * `{toolCalls: [{name, arguments}]}` (tool calls with arguments) or `{content}` (a final answer),
 * optionally after `delayMs`. Both the JSON answer and the streamed one (`stream: true`, server-sent
 * events) are spoken. `GET /v1/models` lists one model.
 */
import http from 'node:http';

export const SCRIPTED_MODEL = 'scripted-model';

function completion(id, reply) {
	const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
		id: `call_${id}_${index}`,
		type: 'function',
		function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
	}));
	const message = toolCalls.length
		? { role: 'assistant', content: null, tool_calls: toolCalls }
		: { role: 'assistant', content: reply.content ?? '' };
	return {
		id: `chatcmpl-${id}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: SCRIPTED_MODEL,
		choices: [{ index: 0, message, finish_reason: toolCalls.length ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/** The same answer as server-sent events: one delta with everything, then the finish. */
function streamed(body) {
	const [choice] = body.choices;
	const delta = choice.message.tool_calls
		? { role: 'assistant', tool_calls: choice.message.tool_calls.map((call, index) => ({ index, ...call })) }
		: { role: 'assistant', content: choice.message.content };
	const chunk = (choices, extra = {}) => `data: ${JSON.stringify({ id: body.id, object: 'chat.completion.chunk', created: body.created, model: body.model, choices, ...extra })}\n\n`;
	return (
		chunk([{ index: 0, delta, finish_reason: null }]) +
		chunk([{ index: 0, delta: {}, finish_reason: choice.finish_reason }], { usage: body.usage }) +
		'data: [DONE]\n\n'
	);
}

/** Starts the model; `port` 0 picks a free one. Returns `{url, requests, close}`. */
export async function startScriptedModel(script, { port = 0 } = {}) {
	const requests = [];
	const server = http.createServer(async (req, res) => {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const send = (status, body, type = 'application/json') => {
			res.writeHead(status, { 'content-type': type });
			res.end(type === 'application/json' ? JSON.stringify(body) : body);
		};
		try {
			if (req.method === 'GET' && req.url.endsWith('/models')) {
				send(200, { object: 'list', data: [{ id: SCRIPTED_MODEL, object: 'model', owned_by: 'e2e' }] });
				return;
			}
			if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
				send(404, { error: { message: `No route ${req.method} ${req.url}` } });
				return;
			}
			const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			requests.push(request);
			const reply = await script(request);
			if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
			const body = completion(requests.length, reply);
			if (request.stream) send(200, streamed(body), 'text/event-stream');
			else send(200, body);
		} catch (error) {
			send(500, { error: { message: `scripted model: ${error.message}` } });
		}
	});
	await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
	// A run that filters out every test of a file skips its `after` hook: an open server must
	// not keep that file running for ever.
	server.unref();
	return {
		url: `http://127.0.0.1:${server.address().port}/v1`,
		requests,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** The messages of a request after the last user message: the tool results the agent sent back. */
export function toolResultsOf(request) {
	const lastUser = request.messages.findLastIndex((message) => message.role === 'user');
	return request.messages.slice(lastUser + 1).filter((message) => message.role === 'tool');
}
