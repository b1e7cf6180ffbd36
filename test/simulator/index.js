'use strict';
/**
 * TwelveLabs analyze-async-tasks API simulator (v1.3): a real HTTP server on 127.0.0.1
 * that tests, benchmarks and a local n8n talk to instead of the real API.
 * See README.md in this folder.
 */
const { Simulator, DEFAULT_OPTIONS } = require('./simulator');
const { mulberry32, hashString } = require('./prng');
const { formatTimestamp } = require('./timefmt');

/** Creates a simulator (not started: call start()). */
function createSimulator(options = {}) {
	return new Simulator(options);
}

module.exports = { createSimulator, mulberry32, hashString, formatTimestamp, DEFAULT_OPTIONS };
