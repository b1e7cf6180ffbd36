'use strict';
/**
 * TwelveLabs analyze-async-tasks API simulator (v1.3): a real HTTP server on 127.0.0.1
 * that tests, benchmarks and a local n8n talk to instead of the real API.
 * See README.md in this folder.
 */
const { Simulator, DEFAULT_OPTIONS } = require('./simulator');
const { mulberry32, hashString } = require('./prng');
const { formatTimestamp } = require('./timefmt');
const { signatureHeader } = require('./webhooks');

// The public types, declared beside the code they describe. index.d.ts is generated from
// these files (npm run types:simulator); test/unit/simulatorTypes.test.ts checks it is current.
/** @typedef {import('./simulator').Simulator} Simulator */
/** @typedef {import('./simulator').SimulatorOptions} SimulatorOptions */
/** @typedef {import('./simulator').TaskSnapshot} TaskSnapshot */
/** @typedef {import('./simulator').SeedTasksOptions} SeedTasksOptions */
/** @typedef {import('./simulator').CreateTaskDirectOptions} CreateTaskDirectOptions */
/** @typedef {import('./simulator').TaskOutcome} TaskOutcome */
/** @typedef {import('./simulator').SimStats} SimStats */
/** @typedef {import('./simulator').AssetSnapshot} AssetSnapshot */
/** @typedef {import('./simulator').CreateAssetDirectOptions} CreateAssetDirectOptions */
/** @typedef {import('./simulator').ChunkSnapshot} ChunkSnapshot */
/** @typedef {import('./simulator').UploadSnapshot} UploadSnapshot */
/** @typedef {import('./simulator').BatchSnapshot} BatchSnapshot */
/** @typedef {import('./simulator').CreateBatchDirectOptions} CreateBatchDirectOptions */
/** @typedef {import('./batches').BatchOptions} BatchOptions */
/** @typedef {import('./batches').SimBatchStatus} SimBatchStatus */
/** @typedef {import('./batches').SimBatchItemStatus} SimBatchItemStatus */
/** @typedef {import('./tasks').SimTaskStatus} SimTaskStatus */
/** @typedef {import('./tasks').SimFinalStatus} SimFinalStatus */
/** @typedef {import('./errors').ErrorShape} ErrorShape */
/** @typedef {import('./faults').FaultConfig} FaultConfig */
/** @typedef {import('./faults').FaultSpec} FaultSpec */
/** @typedef {import('./ratelimit').RateLimitConfig} RateLimitConfig */
/** @typedef {import('./assets').UploadOptions} UploadOptions */
/** @typedef {import('./assets').SimAssetStatus} SimAssetStatus */
/** @typedef {import('./log').RequestLogEntry} RequestLogEntry */
/** @typedef {import('./log').SimCounts} SimCounts */
/** @typedef {import('./simulator').WebhookEndpoint} WebhookEndpoint */
/** @typedef {import('./simulator').WebhookDeliveryOptions} WebhookDeliveryOptions */
/** @typedef {import('./simulator').WebhookDeliveryEntry} WebhookDeliveryEntry */
/** @typedef {import('./simulator').WebhookHostileKind} WebhookHostileKind */
/**
 * Extra passes of the engine suite: the API as sparse as the SDK allows, or its documented error wording.
 * @typedef {'full' | 'sparse' | 'documented'} SimulatorProfile
 */

/**
 * Creates a simulator (not started: call start()).
 * @param {SimulatorOptions} [options]
 * @returns {import('./simulator').Simulator}
 */
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

/**
 * The options of a profile; without an argument, of TWELVELABS_SIM_PROFILE (default 'full').
 * @param {SimulatorProfile | string} [profile]
 * @returns {Partial<SimulatorOptions>}
 */
function profileOptions(profile = process.env.TWELVELABS_SIM_PROFILE || 'full') {
	const options = PROFILES[profile];
	if (!options) throw new Error(`Unknown simulator profile '${profile}' (use ${Object.keys(PROFILES).join(', ')})`);
	return { ...options };
}

module.exports = { createSimulator, profileOptions, mulberry32, hashString, formatTimestamp, signatureHeader, DEFAULT_OPTIONS };
