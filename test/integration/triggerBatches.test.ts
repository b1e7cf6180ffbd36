/**
 * The TwelveLabs Trigger's batch events (Batch Completed, Canceled, Expired) through n8n-core's
 * real PollContext against the simulator: each finished batch exactly once, whether it finished
 * while tracked or was created and finished between two polls; only the events asked for;
 * overlapping and failed polls; a restart from the saved static data; task and batch events in
 * one trigger; Fetch Test Event.
 */
import type { IDataObject, Workflow } from 'n8n-workflow';
import { pollTrigger, triggerWorkflow } from '../harness/engine';
import { API_KEY, expectNoSecret, startSimulator, type SimulatorFixture } from './support';

const DAY = 24 * 60 * 60 * 1000;
let fixture: SimulatorFixture;
beforeAll(async () => {
	fixture = await startSimulator();
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	fixture.sim.reset({
		apiKeys: [API_KEY],
		seed: 3,
		startAt: Date.now() - DAY,
		durations: { minMs: 5000, maxMs: 20000 },
		batches: { queueSpreadMs: 1000 },
	});
});

const assetId = (i: number) => i.toString(16).padStart(24, 'a');
/** A batch of `n` items created now at the simulator; returns its ID. */
function createBatch(n = 3): string {
	const created = fixture.sim.createBatchDirect({
		model_name: 'pegasus1.5',
		analysis_mode: 'general',
		defaults: { prompt: { input_text: 'Summarize the video.' } },
		requests: Array.from({ length: n }, (_, i) => ({ video: { type: 'asset_id', asset_id: assetId(i + 1) } })),
	});
	return created.batchId;
}

const status = (batchId: string) => fixture.sim.getBatchDirect(batchId)?.status;

/** Advances the sim clock until every batch given is final (bounded). */
function finish(...batchIds: string[]) {
	for (let step = 0; step < 400 && batchIds.some((id) => !['completed', 'canceled', 'expired'].includes(String(status(id)))); step++) {
		fixture.sim.advance(1000);
	}
	expect(batchIds.map(status)).toEqual(batchIds.map(() => 'completed'));
}

async function poll(workflow: Workflow, mode: 'trigger' | 'manual' = 'trigger') {
	const { result } = await pollTrigger({ workflow, credentials: fixture.credentials, mode });
	expectNoSecret(result);
	return (result?.[0] ?? []).map((item) => item.json);
}

const trigger = async (events: string[], staticData: IDataObject = {}) =>
	await triggerWorkflow({ parameters: { events, output: 'simplified' }, staticData });

const ALL_BATCH_EVENTS = ['batchCompleted', 'batchCanceled', 'batchExpired'];

describe('batch events', () => {
	it('emits a batch that finishes after the baseline exactly once, with its counts', async () => {
		const workflow = await trigger(['batchCompleted']);
		const running = createBatch(3);
		expect(await poll(workflow)).toEqual([]); // the baseline
		expect(await poll(workflow)).toEqual([]);
		finish(running);
		const [item, ...rest] = await poll(workflow);
		expect(rest).toEqual([]);
		expect(item).toMatchObject({ event: 'batchCompleted', batch_id: running, status: 'completed', total_items: 3 });
		expect(Number(item.ready_items) + Number(item.failed_items)).toBe(3);
		expect(await poll(workflow)).toEqual([]);
		expect(await poll(workflow)).toEqual([]);
	});

	it('emits a batch created and finished between two polls, and none from before the baseline', async () => {
		const old = createBatch(1);
		finish(old);
		const workflow = await trigger(['batchCompleted']);
		expect(await poll(workflow)).toEqual([]);
		const quick = createBatch(2);
		finish(quick);
		expect((await poll(workflow)).map((item) => item.batch_id)).toEqual([quick]);
		expect(await poll(workflow)).toEqual([]);
	});

	it('emits only the events asked for: a canceled batch is not "completed"', async () => {
		const onlyCompleted = await trigger(['batchCompleted']);
		const all = await trigger(ALL_BATCH_EVENTS);
		await poll(onlyCompleted);
		await poll(all);
		const canceled = createBatch(5);
		const expired = createBatch(2);
		await poll(onlyCompleted);
		await poll(all);
		const answer = await fetch(`${fixture.baseUrl}/analyze/batches/${canceled}/cancel`, { method: 'POST', headers: { 'x-api-key': API_KEY } });
		expect(answer.status).toBe(202);
		fixture.sim.expireBatch(expired);
		for (let step = 0; step < 100 && status(canceled) !== 'canceled'; step++) fixture.sim.advance(1000);
		expect([status(canceled), status(expired)]).toEqual(['canceled', 'expired']);
		expect(await poll(onlyCompleted)).toEqual([]);
		const events = (await poll(all)).map((item) => [item.batch_id, item.event]);
		expect(events.sort()).toEqual([[canceled, 'batchCanceled'], [expired, 'batchExpired']].sort());
		expect(await poll(all)).toEqual([]);
	});

	it('drops a tracked batch that is deleted, and survives a restart from the saved state', async () => {
		const workflow = await trigger(['batchCompleted']);
		const gone = createBatch(1);
		const kept = createBatch(1);
		await poll(workflow);
		finish(gone, kept);
		fixture.sim.deleteBatchDirect(gone);
		// n8n restarted: the same trigger, rebuilt from the static data saved as JSON.
		const restarted = await trigger(['batchCompleted'], JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject);
		expect((await poll(restarted)).map((item) => item.batch_id)).toEqual([kept]);
		expect(await poll(restarted)).toEqual([]);
	});

	it('emits nothing and saves nothing when a poll fails, then emits once', async () => {
		const workflow = await trigger(['batchCompleted']);
		const batch = createBatch(1);
		await poll(workflow);
		finish(batch);
		const before = JSON.stringify(workflow.staticData);
		fixture.sim.failNext(1, { status: 500, pathPrefix: '/analyze/batches/' });
		fixture.sim.failNext(6, { status: 503, pathPrefix: '/analyze/batches' });
		await expect(pollTrigger({ workflow, credentials: fixture.credentials })).rejects.toThrow();
		expect(JSON.stringify(workflow.staticData)).toBe(before);
		expect((await poll(workflow)).map((item) => item.batch_id)).toEqual([batch]);
		expect(await poll(workflow)).toEqual([]);
	});

	it('emits a batch once when two polls overlap', async () => {
		const workflow = await trigger(['batchCompleted']);
		const batch = createBatch(1);
		await poll(workflow);
		finish(batch);
		const [first, second] = await Promise.all([poll(workflow), poll(workflow)]);
		expect([...first, ...second].map((item) => item.batch_id)).toEqual([batch]);
	});

	it('serves task and batch events in one trigger, each once', async () => {
		const workflow = await trigger(['ready', 'batchCompleted']);
		await poll(workflow);
		const batch = createBatch(2);
		finish(batch);
		const emitted = await poll(workflow);
		// The batch's own tasks finish too: they are tasks that became ready.
		const taskIds = fixture.sim.getBatchDirect(batch)?.taskIds ?? [];
		expect(emitted.filter((item) => item.event === 'batchCompleted').map((item) => item.batch_id)).toEqual([batch]);
		expect(emitted.filter((item) => item.task_id !== undefined).map((item) => item.task_id).sort()).toEqual([...taskIds].sort());
		expect(await poll(workflow)).toEqual([]);
	});

	it('Fetch Test Event returns the newest matching finished batch and saves nothing', async () => {
		const workflow = await trigger(['batchCompleted']);
		const older = createBatch(1);
		finish(older);
		const newer = createBatch(1);
		finish(newer);
		expect((await poll(workflow, 'manual')).map((item) => item.batch_id)).toEqual([newer]);
		expect(workflow.staticData).toEqual({});
		const none = await trigger(['batchExpired']);
		await expect(pollTrigger({ workflow: none, credentials: fixture.credentials, mode: 'manual' })).rejects.toThrow(
			'No finished batch matches the trigger yet',
		);
	});
});
