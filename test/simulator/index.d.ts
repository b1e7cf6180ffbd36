// Generated from the JSDoc of index.js and the modules it loads by `npm run types:simulator`.
// Do not edit: change the JSDoc, then regenerate.
/* eslint-disable import-x/no-duplicates -- tsc writes one import per name */
export type Simulator = import("./simulator").Simulator;
export type SimulatorOptions = import("./simulator").SimulatorOptions;
export type TaskSnapshot = import("./simulator").TaskSnapshot;
export type SeedTasksOptions = import("./simulator").SeedTasksOptions;
export type CreateTaskDirectOptions = import("./simulator").CreateTaskDirectOptions;
export type TaskOutcome = import("./simulator").TaskOutcome;
export type SimStats = import("./simulator").SimStats;
export type AssetSnapshot = import("./simulator").AssetSnapshot;
export type CreateAssetDirectOptions = import("./simulator").CreateAssetDirectOptions;
export type ChunkSnapshot = import("./simulator").ChunkSnapshot;
export type UploadSnapshot = import("./simulator").UploadSnapshot;
export type BatchSnapshot = import("./simulator").BatchSnapshot;
export type CreateBatchDirectOptions = import("./simulator").CreateBatchDirectOptions;
export type BatchOptions = import("./batches").BatchOptions;
export type SimBatchStatus = import("./batches").SimBatchStatus;
export type SimBatchItemStatus = import("./batches").SimBatchItemStatus;
export type SimTaskStatus = import("./tasks").SimTaskStatus;
export type SimFinalStatus = import("./tasks").SimFinalStatus;
export type ErrorShape = import("./errors").ErrorShape;
export type FaultConfig = import("./faults").FaultConfig;
export type FaultSpec = import("./faults").FaultSpec;
export type RateLimitConfig = import("./ratelimit").RateLimitConfig;
export type UploadOptions = import("./assets").UploadOptions;
export type SimAssetStatus = import("./assets").SimAssetStatus;
export type RequestLogEntry = import("./log").RequestLogEntry;
export type SimCounts = import("./log").SimCounts;
export type WebhookEndpoint = import("./simulator").WebhookEndpoint;
export type WebhookDeliveryOptions = import("./simulator").WebhookDeliveryOptions;
export type WebhookDeliveryEntry = import("./simulator").WebhookDeliveryEntry;
export type WebhookHostileKind = import("./simulator").WebhookHostileKind;
/**
 * Extra passes of the engine suite: the API as sparse as the SDK allows, or its documented error wording.
 */
export type SimulatorProfile = "full" | "sparse" | "documented";
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
export function createSimulator(options?: SimulatorOptions): import("./simulator").Simulator;
/**
 * The options of a profile; without an argument, of TWELVELABS_SIM_PROFILE (default 'full').
 * @param {SimulatorProfile | string} [profile]
 * @returns {Partial<SimulatorOptions>}
 */
export function profileOptions(profile?: SimulatorProfile | string): Partial<SimulatorOptions>;
import { mulberry32 } from "./prng";
import { hashString } from "./prng";
import { formatTimestamp } from "./timefmt";
import { signatureHeader } from "./webhooks";
import { DEFAULT_OPTIONS } from "./simulator";
export { mulberry32, hashString, formatTimestamp, signatureHeader, DEFAULT_OPTIONS };
