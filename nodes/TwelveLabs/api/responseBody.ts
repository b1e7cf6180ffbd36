/**
 * Reading an answer within bounds: its size (refused while it streams in once past the cap)
 * and its time (a stalled body ends when the attempt's signal aborts), then its headers and
 * whether it is JSON at all.
 */
import type { IN8nHttpFullResponse } from 'n8n-workflow';

/** Thrown while reading an answer larger than the cap. */
export class ResponseTooLarge extends Error {
	constructor(readonly limitBytes: number) {
		super('response too large');
	}
}

type ByteStream = AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void };

function isByteStream(value: unknown): value is ByteStream {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
	);
}

/**
 * Reads the answer as text, refusing it once it passes `limitBytes` (declared or streamed)
 * without buffering the rest. A stall ends when `signal` aborts: the HTTP client stops
 * watching its signal once the headers are in, so the stream is destroyed here.
 */
export async function readBodyText(
	response: IN8nHttpFullResponse,
	limitBytes: number,
	signal: AbortSignal,
): Promise<string> {
	const { body } = response;
	if (!isByteStream(body)) {
		if (body === undefined || body === null) return '';
		return typeof body === 'string' ? body : JSON.stringify(body);
	}
	const declared = Number(headersOf(response)['content-length']);
	if (Number.isFinite(declared) && declared > limitBytes) {
		body.destroy?.();
		throw new ResponseTooLarge(limitBytes);
	}
	// Destroying the stream alone does not always end a pending read; the race does.
	return await raceAbort(readAllText(body, limitBytes), signal, () => {
		body.destroy?.();
		return new Error('aborted while reading the answer');
	});
}

async function readAllText(body: ByteStream, limitBytes: number): Promise<string> {
	const decoder = new TextDecoder();
	let text = '';
	let received = 0;
	for await (const chunk of body) {
		received += chunk.length;
		if (received > limitBytes) {
			body.destroy?.();
			throw new ResponseTooLarge(limitBytes);
		}
		text += decoder.decode(chunk, { stream: true });
	}
	return text + decoder.decode();
}

/** Thrown while reading a line longer than the cap; `lineNumber` is 1-based. */
export class LineTooLong extends Error {
	constructor(
		readonly lineNumber: number,
		readonly limitBytes: number,
	) {
		super('line too long');
	}
}

/**
 * `promise`, or a rejection as soon as `signal` aborts (a pending read does not end by itself):
 * the error `onAbort` returns, after whatever it stops.
 */
export async function raceAbort<T>(
	promise: Promise<T>,
	signal: AbortSignal,
	onAbort: () => Error = () => new Error('aborted'),
): Promise<T> {
	let stop = () => {};
	const aborted = new Promise<never>((_resolve, reject) => {
		stop = () => reject(onAbort());
	});
	aborted.catch(() => {});
	promise.catch(() => {});
	if (signal.aborted) stop();
	signal.addEventListener('abort', stop, { once: true });
	try {
		return await Promise.race([promise, aborted]);
	} finally {
		signal.removeEventListener('abort', stop);
	}
}

const NEWLINE = 0x0a;

/**
 * Reads an answer line by line, holding at most one line (`maxLineBytes`): each line, without
 * its line break, goes to `onLine` as it completes; blank lines are skipped. A last line
 * without a line break is passed with `complete` false. Every read of the body must come
 * within a fresh `idleSignal()`; when it aborts, the body is destroyed and reading fails.
 */
export async function readLines(
	response: IN8nHttpFullResponse,
	options: {
		maxLineBytes: number;
		idleSignal: () => AbortSignal;
		onLine: (text: string, complete: boolean) => void;
	},
): Promise<void> {
	const { body } = response;
	const chunks: AsyncIterable<Uint8Array> = isByteStream(body)
		? body
		: (async function* () {
				if (body === undefined || body === null) return;
				yield Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
			})();
	const iterator = chunks[Symbol.asyncIterator]();
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	let lineNumber = 0;
	const emit = (bytes: Buffer, complete: boolean) => {
		const text = bytes.toString('utf8').replace(/\r$/, '');
		if (text.trim() === '') return;
		lineNumber++;
		options.onLine(text, complete);
	};
	let ended = false;
	try {
		for (;;) {
			const next = await raceAbort(iterator.next(), options.idleSignal());
			if (next.done) break;
			let chunk = Buffer.from(next.value);
			for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE)) {
				if (pendingBytes + at > options.maxLineBytes)
					throw new LineTooLong(lineNumber + 1, options.maxLineBytes);
				emit(Buffer.concat([...pending, chunk.subarray(0, at)]), true);
				pending = [];
				pendingBytes = 0;
				chunk = chunk.subarray(at + 1);
			}
			pending.push(chunk);
			pendingBytes += chunk.length;
			if (pendingBytes > options.maxLineBytes)
				throw new LineTooLong(lineNumber + 1, options.maxLineBytes);
		}
		if (pendingBytes > 0) emit(Buffer.concat(pending), false);
		ended = true;
	} finally {
		// Stopped early (an error, a stall, a refusal of a line): the connection goes too.
		if (!ended) (body as ByteStream | undefined)?.destroy?.();
	}
}

export function parseBodyText(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export function headersOf(response: IN8nHttpFullResponse): Record<string, unknown> {
	return (response.headers ?? {}) as Record<string, unknown>;
}

export function headerValue(response: IN8nHttpFullResponse, name: string): string | undefined {
	const headers = headersOf(response);
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return value === undefined || value === null ? undefined : String(value);
}

/** A proxy's or gateway's web page rather than the API's JSON. */
export function looksLikeHtml(body: unknown): boolean {
	return typeof body === 'string' && /^\s*</.test(body);
}
