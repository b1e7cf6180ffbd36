'use strict';
/**
 * The batch results stream: JSON lines (`application/jsonl`) written one line at a time with
 * backpressure (a 1,000-item batch is never one big string), and the stream-cut fault: whole
 * lines, then part of the next one, then the connection is destroyed.
 */

const CONTENT_TYPE = 'application/jsonl; charset=utf-8';

/** Resolves when the response can take more data, or when the client went away. */
function drainedOrClosed(res) {
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.once('drain', done);
		res.once('close', done);
	});
}

const written = (res, text) => new Promise((resolve) => res.write(text, () => resolve()));

/**
 * Where a cut falls: after `afterLines` whole lines (failNext) or a seeded fraction of them
 * (streamCutRate); always before the end, so part of a line is lost.
 * @param {{ afterLines?: number; fraction?: number } | null} cut
 * @param {number} count Lines the stream would send.
 */
function cutIndex(cut, count) {
	if (!cut || count === 0) return cut ? 0 : -1;
	const wanted = cut.afterLines ?? Math.floor(count * (cut.fraction ?? 0.5));
	return Math.max(0, Math.min(wanted, count - 1));
}

/**
 * Writes the lines (an iterable of objects, count known) and ends the response, or cuts it.
 * Resolves to {lines: whole lines written, cut, aborted}.
 * @param {import('node:http').ServerResponse} res
 * @param {{ lines: Iterable<unknown>; count: number; headers?: Record<string, string> }} stream
 * @param {{ afterLines?: number; fraction?: number } | null} cut
 */
async function writeJsonLines(res, stream, cut) {
	res.writeHead(200, { 'Content-Type': CONTENT_TYPE, ...stream.headers });
	const stopAt = cutIndex(cut, stream.count);
	let index = 0;
	for (const line of stream.lines) {
		const text = `${JSON.stringify(line)}\n`;
		if (index === stopAt) {
			await written(res, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
			res.socket?.destroy();
			return { lines: index, cut: true, aborted: false };
		}
		if (!res.write(text)) await drainedOrClosed(res);
		if (res.destroyed) return { lines: index, cut: false, aborted: true };
		index++;
	}
	if (stopAt === 0) {
		res.socket?.destroy();
		return { lines: 0, cut: true, aborted: false };
	}
	res.end();
	return { lines: index, cut: false, aborted: false };
}

module.exports = { writeJsonLines, CONTENT_TYPE };
