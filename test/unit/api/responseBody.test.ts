/** Reading an answer within bounds (nodes/TwelveLabs/api/responseBody.ts). */
import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import {
	headerValue,
	LineTooLong,
	looksLikeHtml,
	parseBodyText,
	readBodyText,
	readLines,
	ResponseTooLarge,
} from '../../../nodes/TwelveLabs/api/responseBody';
import { rejectionOf } from '../rejection';

const encoder = new TextEncoder();

/** A byte stream of these chunks that records whether it was destroyed; `stall` never ends it. */
function stream(chunks: string[], options: { stall?: boolean } = {}) {
	const state = { destroyed: false, read: 0 };
	const body = {
		destroy: () => {
			state.destroyed = true;
		},
		async *[Symbol.asyncIterator]() {
			for (const chunk of chunks) {
				state.read++;
				yield encoder.encode(chunk);
			}
			if (options.stall) await new Promise(() => {});
		},
	};
	return { body, state };
}

function response(body: unknown, headers: Record<string, string> = {}): IN8nHttpFullResponse {
	return { body, headers, statusCode: 200 } as IN8nHttpFullResponse;
}

const open = () => new AbortController().signal;

describe('readBodyText', () => {
	it('joins a streamed body, multi-byte characters split across chunks included', async () => {
		const bytes = encoder.encode('{"é":1}');
		const { body } = stream([]);
		body[Symbol.asyncIterator] = async function* () {
			yield bytes.slice(0, 3);
			yield bytes.slice(3);
		};
		expect(await readBodyText(response(body), 100, open())).toBe('{"é":1}');
	});

	it('takes a body that is already there as text', async () => {
		expect(await readBodyText(response('plain'), 100, open())).toBe('plain');
		expect(await readBodyText(response({ a: 1 }), 100, open())).toBe('{"a":1}');
		expect(await readBodyText(response(undefined), 100, open())).toBe('');
	});

	it('refuses a declared length above the cap before reading, and a stream once past it', async () => {
		const declared = stream(['x']);
		const early = await rejectionOf(
			readBodyText(response(declared.body, { 'content-length': '101' }), 100, open()),
			ResponseTooLarge,
		);
		expect(early.limitBytes).toBe(100);
		expect(declared.state).toEqual({ destroyed: true, read: 0 });
		const long = stream(['x'.repeat(60), 'x'.repeat(60), 'never read']);
		await rejectionOf(readBodyText(response(long.body), 100, open()), ResponseTooLarge);
		expect(long.state).toEqual({ destroyed: true, read: 2 });
	});

	it('ends a stalled body when the signal aborts, destroying the stream', async () => {
		const stalled = stream(['{"data": ['], { stall: true });
		const controller = new AbortController();
		const reading = readBodyText(response(stalled.body), 100, controller.signal);
		await sleep(20);
		controller.abort();
		const error = await rejectionOf(reading, Error);
		expect(error.message).toBe('aborted while reading the answer');
		expect(stalled.state.destroyed).toBe(true);
	});
});

describe('the answer as data', () => {
	it('parses JSON, keeps other text as text, and nothing as undefined', () => {
		expect(parseBodyText('{"a":[1]}')).toEqual({ a: [1] });
		expect(parseBodyText('{"a":')).toBe('{"a":');
		expect(parseBodyText('  \n')).toBeUndefined();
	});

	it('reads a header whatever its case, and tells an HTML page', () => {
		const answer = response('', { 'Retry-After': '5', Location: '' });
		expect(headerValue(answer, 'retry-after')).toBe('5');
		expect(headerValue(answer, 'location')).toBe('');
		expect(headerValue(answer, 'etag')).toBeUndefined();
		expect(looksLikeHtml('  <!doctype html>')).toBe(true);
		expect(looksLikeHtml('{"<": 1}')).toBe(false);
		expect(looksLikeHtml({})).toBe(false);
	});
});

/** readLines: JSON lines read one line at a time, bounded. */
function lineResponseOf(chunks: Array<string | Buffer>): IN8nHttpFullResponse & { destroyed: boolean } {
	const response = {
		statusCode: 200,
		headers: {},
		destroyed: false,
		body: {
			async *[Symbol.asyncIterator]() {
				for (const piece of chunks) yield Buffer.from(piece);
			},
			destroy: () => {
				response.destroyed = true;
			},
		},
	};
	return response as unknown as IN8nHttpFullResponse & { destroyed: boolean };
}

async function linesOf(chunks: Array<string | Buffer>, maxLineBytes = 1024) {
	const lines: Array<[string, boolean]> = [];
	await readLines(lineResponseOf(chunks), {
		maxLineBytes,
		idleSignal: () => new AbortController().signal,
		onLine: (text, complete) => lines.push([text, complete]),
	});
	return lines;
}

describe('readLines', () => {
	it('joins lines split across pieces, multi-byte characters included, and skips blank lines', async () => {
		const text = Buffer.from('{"a":"…"}\r\n\n{"b":2}\n');
		const cut = text.indexOf(0xe2) + 1; // inside the three bytes of "…"
		expect(await linesOf([text.subarray(0, cut), text.subarray(cut)])).toEqual([
			['{"a":"…"}', true],
			['{"b":2}', true],
		]);
	});

	it('passes a last line without a line break as incomplete', async () => {
		expect(await linesOf(['{"a":1}\n{"b":'])).toEqual([
			['{"a":1}', true],
			['{"b":', false],
		]);
	});

	it('refuses a line longer than the cap without reading on, and closes the stream', async () => {
		const response = lineResponseOf(['{"a":1}\n', 'x'.repeat(600), 'x'.repeat(600), '\n']);
		let caught: unknown;
		try {
			await readLines(response, { maxLineBytes: 1000, idleSignal: () => new AbortController().signal, onLine: () => {} });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(LineTooLong);
		expect((caught as LineTooLong).lineNumber).toBe(2);
		expect(response.destroyed).toBe(true);
	});

	it('stops when a read does not come within the idle signal', async () => {
		const response = {
			statusCode: 200,
			headers: {},
			body: {
				[Symbol.asyncIterator]: () => ({ next: async () => await new Promise<never>(() => {}) }),
				destroy: () => {},
			},
		} as unknown as IN8nHttpFullResponse;
		await expect(
			readLines(response, { maxLineBytes: 10, idleSignal: () => AbortSignal.timeout(20), onLine: () => {} }),
		).rejects.toThrow('aborted');
	});
});
