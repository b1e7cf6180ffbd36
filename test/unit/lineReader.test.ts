/** readLines (nodes/TwelveLabs/api/responseBody.ts): JSON lines read one line at a time, bounded. */
import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { LineTooLong, readLines } from '../../nodes/TwelveLabs/api/responseBody';

function responseOf(chunks: Array<string | Buffer>): IN8nHttpFullResponse & { destroyed: boolean } {
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
	await readLines(responseOf(chunks), {
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
		const response = responseOf(['{"a":1}\n', 'x'.repeat(600), 'x'.repeat(600), '\n']);
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
