/** The fault scenarios (faults.js): the built node against a simulator injecting seeded faults. */
import type { RunResult } from '../harness/engine';
import type { FaultConfig } from '../simulator';
import type { TriggerChurnResult } from './triggerChurn';

export interface FaultsOptions {
	/** Seeds the durations, the simulator and the fault sequence. Default 6. */
	seed?: number;
	/** The key the simulator accepts and the credential sends. */
	apiKey?: string;
	/** Sim ms per real ms for the Create and Wait run. Default 10. */
	speed?: number;
	/** Create and Wait input items. Default 100. */
	items?: number;
	minDurationMs?: number;
	maxDurationMs?: number;
	/** Tasks seeded for Get Many (50 per page). Default 1,000. */
	seededTasks?: number;
	/** Default: 10 % 5xx, 2.5 % drops before and 2.5 % after processing, 429 bursts, 5 % latency spikes. */
	faults?: FaultConfig;
	/** Also run triggerChurn.js with faults when it exists. Default true. */
	trigger?: boolean;
	log?: (line: string) => void;
}

export interface GetManyFigures {
	expected: number;
	returned: number;
	duplicates: number;
	missing: number;
	unexpected: number;
	inserted: number;
	pages: number;
	requests: number;
	retries: number;
	error?: string;
	durationMs: number;
}

export interface FaultsResult {
	createAndWaitItems: number;
	/** Items whose output is a ready task, created by their own Idempotency-Key, shared with no other item. */
	createAndWaitSucceeded: number;
	createAndWaitDistinctTasks: number;
	/** stats().duplicateCreates + tasks created without an Idempotency-Key. Target 0. */
	duplicateTasks: number;
	tasksCreated: number;
	createAndWaitError?: string;
	/** The first few items that did not succeed, and why. */
	createAndWaitProblems: string[];
	createAndWaitRequests: number;
	createAndWaitRetries: number;
	/** Log entries by fault kind ('error', 'drop', 'dropAfterProcess', 'rate429', 'latency', 'rateLimit'). */
	createAndWaitFaults: Record<string, number>;
	createAndWaitMs: number;
	getManyExpected: number;
	getManyReturned: number;
	getManyDuplicates: number;
	getManyMissing: number;
	getManyUnexpected: number;
	getManyPages: number;
	getManyRetries: number;
	getManyError?: string;
	getManyMs: number;
	/** Get Many while tasks are created during paging: no seeded task missing or repeated. */
	getManyWhileCreating: GetManyFigures;
	/** Responses the client saw fail (5xx, drops, 429s, …) and had to repeat, over all runs. */
	retries: number;
	/** Filled by bench/run.js from the bad-input jest run. */
	badInputCases: number | null;
	badInputRequestsSent: number | null;
	triggerMissed: number | null;
	triggerDuplicates: number | null;
	trigger?: TriggerChurnResult;
	/** Not enumerable: the engine runs, for checks on what a user sees. */
	readonly details: {
		createAndWait: RunResult;
		getMany: RunResult;
		getManyWhileCreating: RunResult;
	};
}

export const DEFAULTS: Required<Omit<FaultsOptions, 'apiKey'>>;
export function runFaults(options?: FaultsOptions): Promise<FaultsResult>;
