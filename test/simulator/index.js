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

/**
 * The profiles the engine suite runs in (jest.config.js sets TWELVELABS_SIM_PROFILE per
 * pass): 'full' answers with every field, 'sparse' as thinly as the SDK allows (and 429s
 * sometimes without Retry-After), 'documented' with the reference's error wording.
 */
const PROFILES = {
	full: {},
	sparse: { sparse: true, retryAfter: 'sometimes' },
	documented: { errorWording: 'documented' },
};

function profileOptions(profile = process.env.TWELVELABS_SIM_PROFILE || 'full') {
	const options = PROFILES[profile];
	if (!options) throw new Error(`Unknown simulator profile '${profile}' (use ${Object.keys(PROFILES).join(', ')})`);
	return { ...options };
}

module.exports = { createSimulator, profileOptions, mulberry32, hashString, formatTimestamp, DEFAULT_OPTIONS };
