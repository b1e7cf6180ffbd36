/**
 * API errors become NodeApiErrors carrying TwelveLabs' code and message plus a fix, from
 * both error body shapes; and the credential test, run as n8n runs it.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode, testCredential } from '../harness/engine';
import {
	API_KEY,
	WRONG_KEY,
	expectNoSecret,
	startSimulator,
	type SimulatorFixture,
	CREATE_GENERAL,
} from './support';

const create: IDataObject = CREATE_GENERAL;
const get = (taskId: string): IDataObject => ({
	resource: 'analysisTask',
	operation: 'get',
	taskId: { __rl: true, mode: 'id', value: taskId },
});

let fixture: SimulatorFixture;
beforeAll(async () => {
	fixture = await startSimulator();
});
afterAll(async () => {
	await fixture.sim.stop();
});

describe.each(['flat', 'nested'] as const)('API errors with %s error bodies', (errorShape) => {
	beforeEach(() => {
		fixture.sim.reset({ apiKeys: [API_KEY], seed: 7, errorShape });
	});

	it('401: names the credential and keeps the key out of the message', async () => {
		const result = await runNode({
			parameters: create,
			credentials: { ...fixture.credentials, apiKey: WRONG_KEY },
		});
		expect(result.error?.message).toBe('The API key was rejected');
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.description).toContain('api_key_invalid');
		expect(result.error?.description).toContain('credential');
		expect(JSON.stringify(result)).not.toContain(WRONG_KEY);
		expectNoSecret(result);
	});

	it('404: points at the task ID', async () => {
		const result = await runNode({
			parameters: get('0123456789abcdef01234567'),
			credentials: fixture.credentials,
		});
		expect(result.error?.message).toBe("The task '0123456789abcdef01234567' was not found");
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.description).toContain('resource_not_exist');
		expect(result.error?.description).toContain('Task ID');
	});

	it('400: names the parameter TwelveLabs refused', async () => {
		const result = await runNode({
			parameters: { ...create, videoUrl: 'https://unreachable.invalid/v.mp4' },
			credentials: fixture.credentials,
		});
		expect(result.error?.httpCode).toBe('400');
		// In the simulator's wording and, in the documented pass, the reference's
		// ("The video.url parameter is invalid.").
		expect(result.error?.message).toBe("TwelveLabs refused the parameter 'video.url'");
		expect(result.error?.description).toContain('TwelveLabs says:');
	});

	it('422: explains the unsupported schema keyword', async () => {
		fixture.sim.failNext(1, {
			status: 422,
			code: 'parameter_invalid',
			message: "The json_schema uses an unsupported keyword 'pattern'.",
		});
		const result = await runNode({ parameters: create, credentials: fixture.credentials });
		expect(result.error?.httpCode).toBe('422');
		expect(result.error?.description).toContain('JSON Schema');
	});

	it('429: says when to retry once the rate limit cannot be waited out', async () => {
		fixture.sim.failNext(10, { status: 429, retryAfterMs: 3_600_000 });
		const result = await runNode({
			parameters: get('0123456789abcdef01234567'),
			credentials: fixture.credentials,
		});
		expect(result.error?.httpCode).toBe('429');
		expect(result.error?.message).toBe('The TwelveLabs rate limit was reached');
		expect(result.error?.description).toMatch(/retry after 60 min|resets in about 60 min/);
		expect(fixture.sim.requests()).toHaveLength(1);
	});
});

describe('credential test', () => {
	beforeAll(() => {
		fixture.sim.reset({ apiKeys: [API_KEY], seed: 7 });
	});

	it('accepts a good key against its own Base URL', async () => {
		await expect(testCredential(fixture.credentials)).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	it('explains a rejected key', async () => {
		const verdict = await testCredential({ ...fixture.credentials, apiKey: WRONG_KEY });
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/^The API key was rejected: /);
	});

	it('tolerates a trailing slash on the Base URL', async () => {
		await expect(
			testCredential({ ...fixture.credentials, baseUrl: `${fixture.baseUrl}/` }),
		).resolves.toMatchObject({ status: 'OK' });
	});
});
