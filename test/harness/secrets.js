/**
 * The API key (and webhook secret) tests use, random per test file, and a watch on everything the tests print.
 * n8n's logger (which logs every node error, many of them expected by the tests) writes into
 * memory instead of the terminal; its lines, and anything else printed, are searched for the
 * key. Anything printed other than through the logger is unexpected and fails the test file.
 */
const { randomBytes } = require('node:crypto');
const path = require('node:path');

const API_KEY = `tlk_test_${randomBytes(12).toString('hex')}`;
const WRONG_KEY = `tlk_wrong_${randomBytes(12).toString('hex')}`;
/** The webhook signing secret tests use (TwelveLabs Webhook Trigger): watched like the key. */
const WEBHOOK_SECRET = `whsec_test_${randomBytes(12).toString('hex')}`;
const logged = [];
const printed = [];

/** n8n-core's own copies of the DI container and the Logger it asks the container for. */
function n8nCoreModule(name) {
	const core = path.dirname(require.resolve('n8n-core/package.json'));
	return require(require.resolve(name, { paths: [core] }));
}

/** Routes n8n's logger (n8n-core's ErrorReporter and LoggerProxy) into memory. */
function captureN8nLogger() {
	const record = (level) => (message, meta) =>
		logged.push(`${level}: ${message}${meta === undefined ? '' : ` ${safeJson(meta)}`}`);
	const logger = {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		scoped: () => logger,
	};
	const { Container } = n8nCoreModule('@n8n/di');
	const { Logger } = n8nCoreModule('@n8n/backend-common');
	Container.set(Logger, logger);
	for (const workflowPath of [
		require.resolve('n8n-workflow'),
		require.resolve('n8n-workflow', {
			paths: [path.dirname(require.resolve('n8n-core/package.json'))],
		}),
	])
		require(workflowPath).LoggerProxy.init(logger);
}

function watchOutput() {
	captureN8nLogger();
	for (const stream of [process.stdout, process.stderr]) {
		const write = stream.write.bind(stream);
		stream.write = (chunk, ...rest) => {
			printed.push(String(chunk));
			return write(chunk, ...rest);
		};
	}
	for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
		const original = console[method].bind(console);
		console[method] = (...args) => {
			printed.push(args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' '));
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
	return [...logged, ...printed].filter(
		(line) => line.includes(API_KEY) || line.includes(WRONG_KEY) || line.includes(WEBHOOK_SECRET),
	);
}

/** What was printed other than through n8n's logger. */
function unexpectedOutput() {
	return printed.filter((line) => line.trim() !== '');
}

module.exports = {
	API_KEY,
	WRONG_KEY,
	WEBHOOK_SECRET,
	watchOutput,
	leakedLines,
	unexpectedOutput,
	loggedLines: () => [...logged],
	/** The logger n8n-core's services get from its DI container. */
	n8nCoreLogger: () =>
		n8nCoreModule('@n8n/di').Container.get(n8nCoreModule('@n8n/backend-common').Logger),
};
