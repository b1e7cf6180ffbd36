/**
 * Answers that are JSON lines (a batch's results), read as they arrive through the one
 * transport's retry loop (transport.ts `withRetries`): never held whole, one line at a time.
 */
import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { settled } from '../settled';
import { LineTooLong, raceAbort, readLines } from './responseBody';
import {
	answerOf,
	failureOf,
	redactSecret,
	withRetries,
	type ApiRequest,
	type TransportContext,
} from './transport';
import {
	cancelledError,
	deadlineError,
	lineTooLongError,
	STREAM_CUT_CODE,
	unexpectedLineError,
} from './transportErrors';

/** Longest line of a JSON-lines answer (one batch result; a long segmentation is a few MB). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** What a JSON-lines request does with each value, and with a restart from the first line. */
export interface JsonLinesHandler {
	/** Before the first line of every attempt: a repeated attempt starts the answer over. */
	onStart(): void;
	/** Each line, parsed, in order; its 1-based number. */
	onValue(value: unknown, lineNumber: number): void;
}

/**
 * Sends a GET whose answer is JSON lines (one JSON value a line) and hands each value over as
 * it arrives: the answer is never held whole, only one line at a time, at most `maxLineBytes`.
 * The same retry policy, redirects refused, key redaction (per line) as sendRequest. Time: the
 * headers within the attempt's timeout, then at most that long between two pieces of the
 * body (a long answer that keeps coming is not cut), and never past the caller's deadline.
 * An answer cut off (the connection ends or fails, or the last line is not whole JSON) is
 * read again from the start after `onStart`, as a network failure; when the policy gives up,
 * the error says where it was cut.
 */
export async function streamJsonLines(
	context: TransportContext,
	request: ApiRequest,
	handler: JsonLinesHandler,
	maxLineBytes = MAX_LINE_BYTES,
): Promise<{ lines: number }> {
	return await withRetries(context, request, async (options, timeoutMs) => {
		const controller = new AbortController();
		const signal = context.signal
			? AbortSignal.any([controller.signal, context.signal])
			: controller.signal;
		const headerTimer = AbortSignal.timeout(timeoutMs);
		let response: IN8nHttpFullResponse;
		try {
			response = await raceAbort(
				context.send({ ...options, timeout: timeoutMs, abortSignal: signal }),
				headerTimer,
			);
		} catch (error) {
			controller.abort();
			return failureOf(context, error, headerTimer, timeoutMs);
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			// An error answer is small JSON: read whole, within the usual bounds.
			const timer = AbortSignal.timeout(timeoutMs);
			const answerSignal = context.signal ? AbortSignal.any([timer, context.signal]) : timer;
			return await answerOf(context, response, { timer, signal: answerSignal, timeoutMs });
		}
		handler.onStart();
		let lines = 0;
		const deadlineSignal =
			context.deadline === undefined
				? undefined
				: AbortSignal.timeout(Math.max(0, context.deadline - Date.now()));
		// What the handler threw is the caller's own error: passed on as it is.
		let inHandler = false;
		const read = await settled(
			async () =>
				await readLines(response, {
					maxLineBytes,
					idleSignal: () =>
						AbortSignal.any(
							[AbortSignal.timeout(timeoutMs), signal, deadlineSignal].filter(
								(entry): entry is AbortSignal => entry !== undefined,
							),
						),
					onLine: (text, complete) => {
						const value = parseLine(redactSecret(text, context.secret));
						if (value === undefined) {
							if (complete) throw new LineNotJson(lines + 1);
							throw new StreamCut(lines);
						}
						lines++;
						inHandler = true;
						handler.onValue(value, lines);
						inHandler = false;
					},
				}),
		);
		if (read.ok) return { kind: 'done', value: { lines } };
		controller.abort();
		const { error } = read;
		if (inHandler) throw error;
		if (error instanceof LineTooLong) throw lineTooLongError(context, error.lineNumber, maxLineBytes);
		if (error instanceof LineNotJson) throw unexpectedLineError(context, error.lineNumber);
		if (context.signal?.aborted) throw cancelledError(context);
		if (deadlineSignal?.aborted) throw deadlineError(context);
		// Cut, stalled or failed mid-answer: a network failure, so a GET is read again.
		return {
			kind: 'failure',
			failure: { kind: 'network', code: STREAM_CUT_CODE, linesRead: lines },
		};
	});
}


/** A JSON value, or undefined when the text is not one. */
function parseLine(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

class LineNotJson extends Error {
	constructor(readonly lineNumber: number) {
		super('line is not JSON');
	}
}

class StreamCut extends Error {
	constructor(readonly linesRead: number) {
		super('the answer ended mid-line');
	}
}
