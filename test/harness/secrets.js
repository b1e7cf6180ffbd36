/**
 * The API key tests use, random per test file, and a watch on everything printed while the
 * tests run (n8n's logger writes to the console): a key in any log line fails the file.
 */
const { randomBytes } = require('node:crypto');

const API_KEY = `tlk_test_${randomBytes(12).toString('hex')}`;
const WRONG_KEY = `tlk_wrong_${randomBytes(12).toString('hex')}`;
const captured = [];

function watchOutput() {
	for (const stream of [process.stdout, process.stderr]) {
		const write = stream.write.bind(stream);
		stream.write = (chunk, ...rest) => {
			captured.push(String(chunk));
			return write(chunk, ...rest);
		};
	}
	for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
		const original = console[method].bind(console);
		console[method] = (...args) => {
			captured.push(args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' '));
			return original(...args);
		};
	}
}

function safeJson(value) {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

function leakedLines() {
	return captured.filter((line) => line.includes(API_KEY) || line.includes(WRONG_KEY));
}

module.exports = { API_KEY, WRONG_KEY, watchOutput, leakedLines, capturedCount: () => captured.length };
