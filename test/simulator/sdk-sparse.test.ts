/**
 * The official SDK (twelvelabs-js 1.3.4) against the simulator in sparse mode: every answer,
 * with optional fields null or missing, still passes the SDK's own wire-schema parsing; the
 * thinning really happens (both null and missing, per response) and replays with the seed.
 */
import { TwelvelabsApiClient } from 'twelvelabs-js';
import { createSimulator, type Simulator } from './index';

const API_KEY = 'sdk-sparse-key';
const VIDEO = 'https://videos.example.com/sdk/sparse.mp4';

async function startSparse(seed: number): Promise<{ sim: Simulator; client: TwelvelabsApiClient }> {
	const sim = createSimulator({
		seed,
		apiKeys: [API_KEY],
		sparse: true,
		startAt: Date.UTC(2026, 0, 1),
		speed: 1e-6,
	});
	const { url } = await sim.start();
	return { sim, client: new TwelvelabsApiClient({ apiKey: API_KEY, baseUrl: url }) };
}

/** One task of each kind, finished: general, JSON, prompt_v2, segmentation, failed, truncated. */
async function createVariety(client: TwelvelabsApiClient, sim: Simulator): Promise<string[]> {
	const tasks = client.analyzeAsync.tasks;
	const bodies = [
		{
			video: { type: 'url' as const, url: `${VIDEO}?sim_duration=100` },
			prompt: 'Summarize',
			customId: 'c-1',
		},
		{
			video: { type: 'url' as const, url: `${VIDEO}?sim_duration=100` },
			prompt: 'As JSON',
			responseFormat: {
				type: 'json_schema' as const,
				jsonSchema: { type: 'object', properties: { a: { type: 'string' } } },
			},
		},
		{
			video: { type: 'asset_id' as const, assetId: '0123456789abcdef01234567' },
			promptV2: {
				inputText: 'Is <@t> there?',
				mediaSources: [
					{ name: 't', mediaType: 'image' as const, url: 'https://img.example.com/t.png' },
				],
			},
		},
		{
			video: { type: 'url' as const, url: `${VIDEO}?sim_duration=100&sim_video_seconds=60` },
			analysisMode: 'time_based_metadata' as const,
			minSegmentDuration: 2,
			responseFormat: {
				type: 'segment_definitions' as const,
				segmentDefinitions: [
					{
						id: 'scene',
						description: 'Each scene',
						fields: [
							{
								name: 'mood',
								type: 'string' as const,
								description: 'Tone',
								enum: ['calm', 'tense'],
							},
							{
								name: 'tags',
								type: 'array' as const,
								description: 'Tags',
								items: { type: 'string' as const },
							},
						],
					},
				],
			},
		},
		{
			video: { type: 'url' as const, url: `${VIDEO}?sim_duration=100&sim_outcome=failed` },
			prompt: 'x',
		},
		{
			video: { type: 'url' as const, url: `${VIDEO}?sim_duration=100` },
			prompt: 'x',
			maxTokens: 512,
		},
	];
	const ids: string[] = [];
	for (const body of bodies) ids.push((await tasks.create(body)).taskId);
	sim.configure({ webhooks: ['https://hooks.example.com/tl'] });
	sim.advance(100);
	return ids;
}

async function rawBodies(sim: Simulator, ids: string[]): Promise<string[]> {
	const bodies: string[] = [];
	for (const id of ids) {
		const response = await fetch(`${sim.url}/analyze/tasks/${id}`, {
			headers: { 'x-api-key': API_KEY },
		});
		bodies.push(await response.text());
	}
	const list = await fetch(`${sim.url}/analyze/tasks?page_limit=3`, {
		headers: { 'x-api-key': API_KEY },
	});
	bodies.push(await list.text());
	return bodies;
}

describe('official SDK against the sparse simulator', () => {
	let sim: Simulator;
	let client: TwelvelabsApiClient;
	let ids: string[];

	beforeAll(async () => {
		({ sim, client } = await startSparse(5));
		ids = await createVariety(client, sim);
	});

	afterAll(async () => {
		await sim.stop();
	});

	it('parses 60 retrieves and 20 list pages of thinned answers', async () => {
		for (let round = 0; round < 10; round++) {
			for (const id of ids) {
				const task = await client.analyzeAsync.tasks.retrieve(id);
				expect(task.taskId).toBe(id);
				expect(task.createdAt).toBeInstanceOf(Date);
			}
			for (const page of [1, 2]) {
				const list = await client.analyzeAsync.tasks.list({ page, pageLimit: 3 });
				expect(list.data).toHaveLength(3);
			}
		}
	});

	it('sends optional fields as null in some answers and leaves them out in others', async () => {
		const bodies = (await rawBodies(sim, [...ids, ...ids])).join('\n');
		expect(bodies).toMatch(/"request_params":null/);
		expect(bodies).toMatch(/"page_info":\{(?![^}]*"total_page")/);
		const retrieves = (await rawBodies(sim, ids))
			.slice(0, ids.length)
			.map((text) => JSON.parse(text));
		expect(retrieves.some((task) => !('video_source' in task) || !('request_params' in task))).toBe(
			true,
		);
		for (const task of retrieves) {
			expect(task).toHaveProperty('task_id');
			expect(task).toHaveProperty('status');
			expect(task).toHaveProperty('created_at');
			if (task.status === 'ready')
				expect(task.result).toEqual(expect.objectContaining({ data: expect.any(String) }));
			if (task.status === 'failed') expect(task.error.message).toEqual(expect.any(String));
		}
	});

	it('thins the same way for the same seed', async () => {
		const other = await startSparse(5);
		try {
			const otherIds = await createVariety(other.client, other.sim);
			expect(otherIds).toEqual(ids);
			const fresh = await startSparse(5);
			try {
				await createVariety(fresh.client, fresh.sim);
				expect(await rawBodies(other.sim, otherIds)).toEqual(await rawBodies(fresh.sim, otherIds));
			} finally {
				await fresh.sim.stop();
			}
		} finally {
			await other.sim.stop();
		}
	});
});
