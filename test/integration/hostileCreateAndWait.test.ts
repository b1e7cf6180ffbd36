/**
 * Create and Wait against servers that refuse one item, run out of daily quota mid-wait, or
 * receive expression values of the wrong type. Each test failed before issue 10.
 */
import { sleep } from 'n8n-workflow';
import { runNode } from '../harness/engine';
import { createAndWaitParameters } from '../harness/parameters';
import {
	listPage,
	sendJson,
	startHostile,
	task,
	taskId,
	type HostileServer,
} from '../hostile/server';
import { API_KEY, expectNoSecret } from './support';

const servers: HostileServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => await server.close()));
});
async function serve(handler: Parameters<typeof startHostile>[0]): Promise<HostileServer> {
	const server = await startHostile(handler);
	servers.push(server);
	return server;
}
const credentials = (server: HostileServer) => ({ apiKey: API_KEY, baseUrl: server.url });
const WAIT = { waitTimeout: 30, initialPollInterval: 0.05, maxPollInterval: 0.1 };

it('a refused item names the tasks already created for the other items, with their custom IDs, and stops further creates', async () => {
	let created = 0;
	const api = await serve((request, response) => {
		const body = JSON.parse(request.body) as { video: { url: string }; custom_id?: string };
		if (body.video.url.includes('refused'))
			return sendJson(response, 400, {
				code: 'parameter_invalid',
				message: "parameter 'video.url' is not reachable",
			});
		sendJson(response, 200, { task_id: taskId(++created), status: 'pending' });
	});
	const items = ['a', 'b', 'refused', 'c', 'd', 'e', 'f', 'g'].map((name) => ({
		json: { url: `https://videos.example.com/${name}.mp4`, id: `batch-${name}` },
	}));
	const result = await runNode({
		parameters: createAndWaitParameters(WAIT, { options: { customId: '={{ $json.id }}' } }),
		items,
		credentials: credentials(api),
	});
	expect(result.error?.message).toMatch(/TwelveLabs refused the parameter 'video.url'/);
	const description = String(result.error?.description);
	// The creates in flight with the refused one finish; none starts after it.
	expect(created).toBeGreaterThanOrEqual(2);
	expect(created).toBeLessThan(7);
	for (let n = 1; n <= created; n++) expect(description).toContain(taskId(n));
	expect(description).toContain(`${taskId(1)} (custom ID batch-a)`);
	expect(description).toMatch(/keep running at TwelveLabs/);
	expect(api.requests.filter((request) => request.method === 'POST').length).toBe(created + 1);
});

it('a daily-quota 429 during the wait ends it at once with the quota error, naming the tasks', async () => {
	const api = await serve((request, response) => {
		if (request.method === 'POST')
			return sendJson(response, 200, { task_id: taskId(1), status: 'pending' });
		sendJson(
			response,
			429,
			{
				code: 'too_many_requests',
				message: 'You have exceeded the rate limit (3000 requests per day).',
			},
			{ 'retry-after': String(6 * 3600) },
		);
	});
	const result = await runNode({
		parameters: createAndWaitParameters({ ...WAIT, waitTimeout: 600 }),
		items: [{ json: { url: 'https://videos.example.com/a.mp4' } }],
		credentials: credentials(api),
	});
	expect(result.error?.message).toBe('The TwelveLabs rate limit was reached');
	expect(result.error?.description).toMatch(/per-day quota/);
	expect(result.error?.description).toContain(`keep running at TwelveLabs: ${taskId(1)}`);
	expect(api.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
	expectNoSecret(result);
}, 20_000);

it.each([
	['Prompt', { prompt: '={{ $json.meta }}' }, 'an object, not text'],
	['Video URL', { videoUrl: '={{ $json.list }}' }, 'an array, not text'],
	[
		'Options › Temperature',
		{ options: { temperature: '={{ $json.list }}' } },
		'an array, not a number',
	],
])(
	'an expression giving the wrong type for %s is refused naming the field, before any request',
	async (field, overrides, problem) => {
		const api = await serve((_request, response) =>
			sendJson(response, 200, listPage([task(taskId(1))])),
		);
		const result = await runNode({
			parameters: createAndWaitParameters(WAIT, overrides),
			items: [{ json: { url: 'https://videos.example.com/a.mp4', meta: { a: 1 }, list: [0.5] } }],
			credentials: credentials(api),
		});
		expect(result.error?.message).toBe(`'${field}' is ${problem}`);
		expect(api.requests).toHaveLength(0);
	},
);

it('slow creates count against the Wait Timeout: the whole run ends within it plus one short request timeout', async () => {
	// Each create is answered after 3.5 s and the task never finishes. Before, the wait started
	// its own 4 s after the creates, so reads went on until about 7.5 s.
	const arrivals: number[] = [];
	const api = await serve(async (request, response) => {
		arrivals.push(Date.now());
		if (request.method === 'POST') {
			await sleep(3_500);
			return sendJson(response, 200, { task_id: taskId(1), status: 'pending' });
		}
		if (request.url.pathname.endsWith('/analyze/tasks'))
			return sendJson(response, 200, listPage([task(taskId(1), { status: 'processing' })]));
		sendJson(response, 200, task(taskId(1), { status: 'processing' }));
	});
	const result = await runNode({
		parameters: createAndWaitParameters({ ...WAIT, waitTimeout: 4, onTimeout: 'returnUnfinished' }),
		items: [{ json: { url: 'https://videos.example.com/a.mp4' } }],
		credentials: credentials(api),
	});
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ task_id: taskId(1), status: 'processing' });
	// No request starts after the Wait Timeout plus the 1 s a last read may take (and 1 s of slack).
	const lastStartedAfterMs = Math.max(...arrivals) - arrivals[0];
	expect(lastStartedAfterMs).toBeLessThan(6_000);
}, 20_000);
