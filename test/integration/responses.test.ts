/**
 * Answers that are not what the API promises (a proxy's HTML page, a body that is not
 * JSON, a task without its fields) become clear errors; transient ones are retried first.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness/engine';
import { expectNoSecret, startSimulator, VIDEO, type SimulatorFixture } from './support';

let fixture: SimulatorFixture;
let taskId: string;
beforeAll(async () => {
	fixture = await startSimulator();
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	fixture.sim.reset({ apiKeys: [String(fixture.credentials.apiKey)], seed: 3 });
	taskId = fixture.sim.createTaskDirect(
		{ video: { type: 'url', url: VIDEO }, prompt: 'x' },
		{ durationMs: 1000 },
	).taskId;
	fixture.sim.advance(5000);
});

const get = (): Promise<Awaited<ReturnType<typeof runNode>>> =>
	runNode({
		parameters: {
			resource: 'analysisTask',
			operation: 'get',
			taskId: { __rl: true, mode: 'id', value: taskId },
		} as IDataObject,
		credentials: fixture.credentials,
	});

describe('unexpected responses', () => {
	it('retries a proxy error page once and then succeeds', async () => {
		fixture.sim.failNext(1, { html: true });
		const result = await get();
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.task_id).toBe(taskId);
		expect(fixture.sim.requests()).toHaveLength(2);
	});

	it('names an HTML page that keeps coming, and how many attempts were made', async () => {
		fixture.sim.failNext(10, { html: true });
		const result = await get();
		expect(result.error?.message).toBe('TwelveLabs had a server error (502)');
		expect(result.error?.description).toContain('HTML page');
		expect(result.error?.description).toContain('5 attempts made');
		expectNoSecret(result);
	});

	it('names a success answer that is not JSON', async () => {
		fixture.sim.failNext(1, { malformed: true, variant: 'invalid_json' });
		const result = await get();
		expect(result.error?.message).toBe(
			'TwelveLabs answered with something that is not JSON instead of JSON',
		);
		expect(result.error?.description).toContain('Base URL');
	});

	it('names the fields a task answer lacks', async () => {
		fixture.sim.failNext(1, { malformed: true, variant: 'missing_fields' });
		const result = await get();
		expect(result.error?.message).toMatch(/^TwelveLabs returned a task without /);
	});

	it('names a connection that keeps dropping, after the retries ran out', async () => {
		fixture.sim.failNext(10, { drop: true });
		const result = await get();
		expect(result.error?.message).toBe(
			'Could not reach TwelveLabs: the connection failed before an answer arrived',
		);
		expect(result.error?.description).toContain('5 attempts made');
		expect(fixture.sim.requests()).toHaveLength(5);
		expectNoSecret(result);
	});
});
