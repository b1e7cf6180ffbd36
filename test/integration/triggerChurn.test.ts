/**
 * The churn benchmark (test/scenarios/triggerChurn.js) at a smaller scale, with a fixed seed,
 * held to the targets: the real trigger through a real PollContext, an account of
 * 10,000 tasks, tasks finishing out of order, deleted in flight, failed requests and polls,
 * overlapping polls and a restart.
 */
import { runTriggerChurn, type TriggerChurnResult } from '../scenarios/triggerChurn';

jest.setTimeout(60_000);

function expectTargets(result: TriggerChurnResult): void {
	expect(result.completed).toBeGreaterThan(0);
	expect(result.missed).toBe(0);
	expect(result.missedIds).toEqual([]);
	expect(result.duplicates).toBe(0);
	expect(result.unexpected).toBe(0);
	expect(result.emitted).toBe(result.completed);
	expect(result.idlePollRequests).toBe(1);
	expect(result.maxDetectionPollsAfterSuccess).toBe(1);
	// One more poll for each failed poll in between, never more.
	expect(result.detectionOverTarget).toBe(0);
	expect(result.maxDetectionPolls).toBeLessThanOrEqual(1 + result.failedPolls);
	expect(result.stateBytes).toBeLessThan(64 * 1024);
}

describe('TwelveLabs Trigger churn', () => {
	it('with faults over 60 polls (seed 1): nothing missed, nothing twice, idle polls cost one request', async () => {
		const result = await runTriggerChurn({
			seed: 1,
			polls: 60,
			newTasks: 500,
			deletedInFlight: 20,
		});
		expectTargets(result);
		expect(result.polls).toBe(60);
		expect(result.tasks).toBe(505);
		expect(result.deletedInFlight).toBe(20);
		expect(result.completed).toBe(485);
		// The run really met what it is about.
		expect(result.failedPolls).toBeGreaterThan(0);
		expect(result.overlappedPolls).toBeGreaterThan(0);
		expect(result.faultedRequests).toBeGreaterThan(0);
		expect(result.requestsPerPoll.baseline).toBe(4);
	});

	it('without faults (seed 2): every task is emitted by the first poll after it finished', async () => {
		const result = await runTriggerChurn({
			seed: 2,
			faults: false,
			polls: 30,
			newTasks: 200,
			deletedInFlight: 10,
		});
		expectTargets(result);
		expect(result.failedPolls).toBe(0);
		expect(result.maxDetectionPolls).toBe(1);
	});
});
