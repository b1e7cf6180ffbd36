/** The TwelveLabs Trigger churn benchmark (triggerChurn.js). */

export interface TriggerChurnOptions {
	/** Seeds the plan, the simulator and the faults. Default 1. */
	seed?: number;
	/** Request failures, hard poll failures. Overlapping polls happen either way. Default true. */
	faults?: boolean;
	/** Polls, one per 60 s of sim time; the first takes the baseline. Default 60. */
	polls?: number;
	/** Tasks created during the first 70% of the polls. Default 500. */
	newTasks?: number;
	/** Finished tasks the account holds before activation. Default 10,000. */
	historyTasks?: number;
	/** New tasks deleted before they finish. Default 20. */
	deletedInFlight?: number;
	/** Share of requests failing with 5xx or a dropped connection (the retry policy repeats them). Default 0.05. */
	failRate?: number;
	/** Share of polls still running when the next one starts. Default 0.1. */
	overlapRate?: number;
	/** Share of polls meeting an error that cannot be retried (a quota 429), at the first request or mid-way. Default 0.05. */
	hardFailRate?: number;
	/** Tasks in flight when the baseline is taken (emitted when they finish). Default 5. */
	inFlightAtBaseline?: number;
	/** Share of new tasks canceled before they finish. Default 0.03. */
	cancelRate?: number;
	/** Share of new tasks ending in failure. Default 0.1. */
	failedRate?: number;
	/** The trigger's Fetch Full Task option. Default true. */
	fetchFullTask?: boolean;
	/** Poll index before which n8n "restarts" from the JSON of the static data. Default polls / 2. */
	restartAt?: number;
}

export interface TriggerChurnResult {
	seed: number;
	faults: boolean;
	/** Tasks the trigger must report: the new ones plus those in flight at the baseline. */
	tasks: number;
	historyTasks: number;
	polls: number;
	/** Tasks among `tasks` that reached a final status by the last poll (deleted ones never do). */
	completed: number;
	/** Items emitted, duplicates included. */
	emitted: number;
	/** Completed tasks never emitted. Target 0. */
	missed: number;
	/** Emissions of a task beyond its first. Target 0. */
	duplicates: number;
	/** Emissions of history tasks or of tasks deleted in flight. Target 0. */
	unexpected: number;
	/** Most requests of a poll when nothing changed and nothing was in flight (retried attempts not counted); null when no poll qualified. Target 1. */
	idlePollRequests: number | null;
	idlePolls: number;
	/**
	 * Most polls from a task finishing to its emission: the emitting poll plus every poll that
	 * started after the finish and settled before it. Target 1; a failed poll in between adds one.
	 */
	maxDetectionPolls: number;
	/** The same, over tasks with no failed poll in between. Target 1. */
	maxDetectionPollsAfterSuccess: number;
	/** Tasks whose detection exceeded 1 + the failed polls in between. Target 0. */
	detectionOverTarget: number;
	/** Largest JSON size of the workflow static data seen after any poll. Target under 65,536. */
	stateBytes: number;
	failedPolls: number;
	failedPollIndexes: number[];
	overlappedPolls: number;
	deletedInFlight: number;
	/** Requests the simulator received, faulted ones included. */
	requests: number;
	faultedRequests: number;
	requestsPerPoll: { baseline: number; max: number; mean: number };
	missedIds: Array<{ taskId: string; name: string; completedAt: number }>;
	durationMs: number;
}

export function runTriggerChurn(options?: TriggerChurnOptions): Promise<TriggerChurnResult>;

export interface TriggerScaleOptions {
	seed?: number;
	/** Tasks processing when the trigger is activated. Default 20,000. */
	inFlight?: number;
	/** Finished tasks older than all of them. Default 2,000. */
	history?: number;
	/** Tasks finishing before each poll after the baseline. Default 300. */
	finishingPerPoll?: number;
	/** Polls with tasks finishing. Default 10. */
	rounds?: number;
	/** Quiet polls at most, until every finished task was emitted. Default 30. */
	maxQuietPolls?: number;
}

export interface TriggerScaleResult {
	seed: number;
	inFlight: number;
	history: number;
	finishingPerPoll: number;
	rounds: number;
	completed: number;
	emitted: number;
	/** Target 0. */
	missed: number;
	/** Target 0. */
	duplicates: number;
	/** Target 0. */
	unexpected: number;
	/** Polls the baseline took. */
	baselinePolls: number;
	/** Tasks tracked when the baseline was committed. */
	tracked: number;
	/** JSON bytes of the trigger's static data right after the baseline. */
	stateBytes: number;
	stateBytesPerTracked: number;
	/** HTTP attempts per poll (the harness counts them), baseline included. */
	requestsPerPoll: { max: number; mean: number; baselineMax: number };
	/** The algorithm before issue 10, computed per poll (see triggerChurn.js). */
	naiveRequestsPerPoll: { max: number; mean: number; baseline: number };
	afterBaseline: { max: number; mean: number; naiveMax: number; naiveMean: number };
	/** Most polls from a finish to its emission, the emitting poll included. */
	maxPollsToEmit: number;
	meanPollsToEmit: number;
	/** Polls after the baseline until the last finished task was emitted. */
	pollsUntilLastEmitted: number;
	quietPolls: number;
	polls: number;
	missedIds: string[];
	durationMs: number;
}

export function runTriggerScale(options?: TriggerScaleOptions): Promise<TriggerScaleResult>;
