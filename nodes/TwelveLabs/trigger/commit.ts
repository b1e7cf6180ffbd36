/**
 * Step 2 of a poll: judge an Observation (observe.ts) against the CURRENT state, n8n's workflow
 * static data, mutated in place. Synchronous, so overlapping polls commit one after the other,
 * each against what the other already committed.
 */
import type { Task } from '../api/types';
import type { Observation } from './observe';
import type { Sighting } from './sightings';
import type { CompletionState, StateReading, TrackedState } from './state';
import { readState, replaceState, writeState, STATE_VERSION } from './state';

function oldestCreatedFirst(a: Sighting, b: Sighting): number {
	return a.createdMs - b.createdMs || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0);
}

function withoutOlderThan(
	times: ReadonlyMap<string, number>,
	instant: number,
): Map<string, number> {
	return new Map([...times].filter(([, created]) => created >= instant));
}

/** What the state holds now; the watermark was checked against the clock when the poll began. */
function currentState(state: CompletionState): StateReading {
	return readState(state, Number.POSITIVE_INFINITY, { checkEntries: false });
}

function commitBaseline(state: CompletionState, observation: Observation): void {
	const reading = currentState(state);
	// Another poll committed a baseline for these filters first: keep it.
	if (reading.kind === 'tracking' && reading.state.filterKey === observation.filterKey) return;
	const progress = observation.progress;
	if (!progress) return; // not even the newest tasks were read: nothing to keep
	if (observation.complete && observation.watermark !== undefined) {
		replaceState(state, {
			v: STATE_VERSION,
			filterKey: observation.filterKey,
			baselineAt: progress.next.startedAt,
			watermark: observation.watermark,
			inFlight: progress.next.inFlight,
			retired: progress.next.retired,
		});
		return;
	}
	// Store the progress only on top of the step it continued: another poll may have moved on.
	const stored = reading.kind === 'empty' ? reading.baselining : undefined;
	const storedStep = stored?.filterKey === observation.filterKey ? stored.step : undefined;
	if (storedStep !== progress.from) return;
	replaceState(state, { baselining: progress.next });
}

/**
 * Returns the tasks to emit now, oldest-created first.
 *
 * A task is emitted when it is final, its status is among the events, it is not retired, and
 * either it is tracked in flight or it was created inside the scanned window (at or after
 * `watermark - overlap`) — which, as it is neither tracked nor retired, means no committed scan
 * had met it yet: it is new.
 */
export function commit(state: CompletionState, observation: Observation): Task[] {
	if (observation.kind === 'baseline') {
		commitBaseline(state, observation);
		return [];
	}
	const reading = currentState(state);
	// A different baseline (filters changed, state reset meanwhile): these facts were judged against another history.
	if (
		reading.kind !== 'tracking' ||
		reading.state.filterKey !== observation.filterKey ||
		reading.state.baselineAt !== observation.baselineAt
	)
		return [];
	const current = reading.state;
	const inFlight = new Map(current.inFlight);
	const retired = new Map(current.retired);
	const windowStart = current.watermark - observation.overlapMs;
	const emitted: Sighting[] = [];
	for (const sighting of [...observation.sightings].sort(oldestCreatedFirst)) {
		const { taskId } = sighting;
		if (retired.has(taskId)) continue;
		const tracked = inFlight.has(taskId);
		// Older than the window and untracked: history, or settled by a commit that moved the watermark.
		if (!tracked && sighting.createdMs < windowStart) continue;
		if (sighting.phase === 'in-flight') {
			inFlight.set(taskId, sighting.createdMs);
			continue;
		}
		inFlight.delete(taskId);
		retired.set(taskId, sighting.createdMs);
		if (
			sighting.phase === 'final' &&
			sighting.task &&
			observation.events.includes(sighting.task.status)
		) {
			emitted.push(sighting);
		}
	}
	// The observation's watermark was capped by the clock; one committed by an overlapping,
	// later poll is kept (lowering it could forget retired ids the window still needs).
	const watermark = Math.max(current.watermark, observation.watermark ?? Number.NEGATIVE_INFINITY);
	const next: TrackedState = {
		filterKey: current.filterKey,
		baselineAt: current.baselineAt,
		watermark,
		inFlight,
		retired: withoutOlderThan(retired, watermark - observation.overlapMs),
		// A poll that did not sweep (or rotate) leaves the stored position for the next one that does.
		sweep: observation.sweep ? observation.sweep.cursor : current.sweep,
		checkedUpTo: observation.rotation ? observation.rotation.checkedUpTo : current.checkedUpTo,
	};
	replaceState(state, writeState(next));
	return emitted.map((sighting) => sighting.task as Task);
}

/** The ids of tasks in `observation` that were read in full (GET), so the node need not GET them again. */
export function fetchedInFull(observation: Observation): Set<string> {
	return new Set(observation.sightings.filter((s) => s.full).map((s) => s.taskId));
}

/**
 * The observation with these final tasks seen as still in flight: `commit` tracks them instead
 * of emitting them, and a later poll learns their status again. For the tasks the node could
 * not read in full (the poll budget ran out, the read failed, or the task was deleted meanwhile).
 */
export function asInFlight(observation: Observation, taskIds: ReadonlySet<string>): Observation {
	return {
		...observation,
		sightings: observation.sightings.map((sighting) =>
			taskIds.has(sighting.taskId) && sighting.phase === 'final'
				? { ...sighting, phase: 'in-flight' as const }
				: sighting,
		),
	};
}
