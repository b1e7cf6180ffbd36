/**
 * Issue 6: the node under seeded, replayable faults (5xx, dropped connections before and
 * after processing, 429 bursts, latency spikes), through n8n's engine against the simulator.
 * The scenarios live in test/scenarios/faults.js (also run by `npm run bench`); this file
 * runs them with a fixed seed and asserts the outcomes.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness/engine';
import { runFaults, type FaultsResult } from '../scenarios/faults';
import { API_KEY, expectNoSecret, startSimulator, VIDEO, visibleText } from './support';

const SEED = 6;

let figures: FaultsResult;

beforeAll(async () => {
	figures = await runFaults({ seed: SEED, apiKey: API_KEY, trigger: false });
}, 120_000);

describe('Create and Wait over 100 items under faults', () => {
	it('ends every item with its own ready task', () => {
		expect(figures.createAndWaitError).toBeUndefined();
		expect(figures.createAndWaitProblems).toEqual([]);
		expect(figures.createAndWaitSucceeded).toBe(100);
		expect(figures.createAndWaitDistinctTasks).toBe(100);
		expect(figures.details.createAndWait.items).toHaveLength(100);
	});

	it('creates no task twice, even when a create was processed and its answer lost', () => {
		expect(figures.duplicateTasks).toBe(0);
		expect(figures.tasksCreated).toBe(100);
		expect(figures.createAndWaitFaults.dropAfterProcess).toBeGreaterThan(0);
	});

	it('really met faults of every kind', () => {
		expect(figures.retries).toBeGreaterThan(0);
		for (const kind of ['error', 'drop', 'dropAfterProcess', 'rate429', 'latency']) {
			expect(figures.createAndWaitFaults[kind] ?? 0).toBeGreaterThan(0);
		}
	});
});

describe('Get Many with Return All over 20 pages under faults', () => {
	it('returns exactly the tasks the account holds: no duplicates, no gaps', () => {
		expect(figures.getManyError).toBeUndefined();
		expect(figures.getManyExpected).toBe(1000);
		expect(figures.getManyReturned).toBe(1000);
		expect(figures.getManyDuplicates).toBe(0);
		expect(figures.getManyMissing).toBe(0);
		expect(figures.getManyUnexpected).toBe(0);
		expect(figures.getManyPages).toBeGreaterThanOrEqual(20);
		expect(figures.getManyRetries).toBeGreaterThan(0);
	});

	it('misses and repeats none of them while new tasks shift the pages', () => {
		const run = figures.getManyWhileCreating;
		expect(run.error).toBeUndefined();
		expect(run.inserted).toBeGreaterThan(0);
		expect(run.duplicates).toBe(0);
		expect(run.missing).toBe(0);
	});
});

describe('the API key under faults', () => {
	it('appears in no output item, error message or description of the runs', () => {
		expectNoSecret(figures.details);
		expectNoSecret(figures);
	});

	it('appears in no error left when the retries ran out', async () => {
		const [get, create] = await Promise.all([
			(async () => {
				const fixture = await startSimulator({ seed: SEED });
				try {
					fixture.sim.failNext(5, { status: 503 });
					return await runNode({
						parameters: {
							resource: 'analysisTask',
							operation: 'get',
							taskId: { __rl: true, mode: 'id', value: 'a'.repeat(24) },
						},
						credentials: fixture.credentials,
					});
				} finally {
					await fixture.sim.stop();
				}
			})(),
			(async () => {
				const fixture = await startSimulator({ seed: SEED });
				try {
					fixture.sim.failNext(5, { drop: true, method: 'POST' });
					const parameters: IDataObject = {
						resource: 'analysisTask',
						operation: 'createAndWait',
						videoSource: 'url',
						videoUrl: VIDEO,
						model: 'pegasus1.5',
						analysisMode: 'general',
						prompt: 'Summarize the video',
						options: { initialPollInterval: 0.05, maxPollInterval: 0.2, waitTimeout: 30 },
					};
					return await runNode({
						parameters,
						credentials: fixture.credentials,
						continueOnFail: true,
					});
				} finally {
					await fixture.sim.stop();
				}
			})(),
		]);
		expect(get.error?.message).toBeTruthy();
		expect(get.error?.description).toMatch(/5 attempts/);
		expect(create.items).toHaveLength(1);
		expect(create.items[0].json.error).toBeTruthy();
		expect(visibleText(create.items[0].error)).toMatch(/5 attempts/);
		expectNoSecret(get);
		expectNoSecret(create);
	}, 60_000);
});
