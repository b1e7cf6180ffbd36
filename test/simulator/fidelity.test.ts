/**
 * The simulator's documented-API behaviours (docs/api-fidelity.md), over real HTTP: rate
 * limits per category with Retry-After sometimes left out, the reference's error wording,
 * validation before an idempotency replay, and the SDK's list of status filters.
 */
import { createSimulator, profileOptions, type Simulator } from './index';

const KEY = 'fidelity-key';
const VIDEO = 'https://videos.example.com/fidelity.mp4';
const START = Date.UTC(2026, 0, 5, 9, 0, 0);

let sim: Simulator;

async function call(
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: { code?: string; message?: string } }> {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: { 'x-api-key': KEY, 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}
const create = (body: unknown, headers?: Record<string, string>) =>
	call('POST', '/analyze/tasks', body, headers);
const general = { video: { type: 'url', url: VIDEO }, prompt: 'Summarize' };

beforeAll(async () => {
	sim = createSimulator({ seed: 3, apiKeys: [KEY], startAt: START, speed: 1e-6 });
	await sim.start();
});

afterAll(async () => {
	await sim.stop();
});

beforeEach(() => {
	sim.reset({ startAt: START });
});

describe('rate limits per documented category', () => {
	it('counts creates apart from reads', async () => {
		sim.configure({ rateLimit: { perMinute: 2 } });
		expect((await create(general)).status).toBe(202);
		expect((await create(general)).status).toBe(202);
		expect((await create(general)).status).toBe(429);
		expect((await call('GET', '/analyze/tasks')).status).toBe(200);
		expect((await call('GET', '/analyze/tasks')).status).toBe(200);
		expect((await call('GET', '/analyze/tasks')).status).toBe(429);
	});

	it('gives create its own limit', async () => {
		sim.configure({ rateLimit: { perMinute: 5, create: { perMinute: 1 } } });
		expect((await create(general)).status).toBe(202);
		const limited = await create(general);
		expect(limited.status).toBe(429);
		expect(limited.body.message).toContain('1 requests per minute');
		for (let i = 0; i < 5; i++) expect((await call('GET', '/analyze/tasks')).status).toBe(200);
	});

	it('sends Retry-After on some 429s and not on others when asked to', async () => {
		sim.configure({ rateLimit: { perMinute: 1 }, retryAfter: 'sometimes' });
		await call('GET', '/analyze/tasks');
		const seen = new Set<boolean>();
		for (let i = 0; i < 20; i++) {
			const response = await call('GET', '/analyze/tasks');
			expect(response.status).toBe(429);
			seen.add(response.headers.has('retry-after'));
		}
		expect(seen).toEqual(new Set([true, false]));
	});
});

describe('documented error wording', () => {
	beforeEach(() => {
		sim.configure({ errorWording: 'documented' });
	});

	it.each([
		[{ video: { type: 'url', url: VIDEO }, prompt: '' }, 400, 'The prompt parameter is invalid.'],
		[
			{ video: { type: 'url', url: VIDEO } },
			400,
			'The prompt parameter is required but was not provided.',
		],
		[{ ...general, colour: 'red' }, 400, 'The colour parameter is unknown.'],
		[
			{
				...general,
				response_format: { type: 'json_schema', json_schema: { type: 'string', minLength: 2 } },
			},
			422,
			'String length constraints (minLength) are not supported.',
		],
		[
			{
				...general,
				response_format: {
					type: 'json_schema',
					json_schema: { type: 'object', properties: { at: { type: 'timestamp' } } },
				},
			},
			400,
			'response_format.json_schema.properties.at.format: format is required for timestamp type; allowed values: seconds, hh:mm:ss, hh:mm:ss.fff',
		],
	])('words %j as the reference does', async (body, status, message) => {
		const response = await create(body);
		expect(response.status).toBe(status);
		expect(response.body.message).toBe(message);
	});

	it('is what the documented profile selects', () => {
		expect(profileOptions('documented')).toEqual({ errorWording: 'documented' });
		expect(profileOptions('sparse')).toEqual({ sparse: true, retryAfter: 'sometimes' });
		expect(() => profileOptions('loose')).toThrow(/Unknown simulator profile/);
	});
});

describe('idempotency, status filters and models', () => {
	it('validates a body before looking up its idempotency key', async () => {
		const key = { 'Idempotency-Key': 'k-1' };
		expect((await create(general, key)).status).toBe(202);
		expect((await create({ ...general, temperature: 7 }, key)).status).toBe(400);
		expect(sim.stats().tasks).toBe(1);
	});

	it('takes only the SDK statuses as list filters', async () => {
		expect((await call('GET', '/analyze/tasks?status=failed')).status).toBe(200);
		const canceled = await call('GET', '/analyze/tasks?status=canceled');
		expect(canceled.status).toBe(400);
		expect(canceled.body.message).toContain("'status'");
	});
});
