/**
 * Analysis Task Create and Create and Wait with a binary video above the 30 MB TwelveLabs takes
 * inline, through n8n's engine against the simulator: the file is uploaded as an asset first
 * (multipart, streamed), waited for until ready, and the task created from its asset ID. Files
 * up to 30 MB stay inline; everything refused is refused before any byte is sent.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { runNode, storeBinary } from '../harness/engine';
import { CREATE_GENERAL, binaryItem, expectNoSecret, startSimulator, type SimulatorFixture } from './support';

const MiB = 1024 * 1024;
/** Above the 30 MB inline limit; the simulator cuts it in 1 MiB chunks. */
const LARGE = 30 * MiB + 4321;
const CHUNKS = 31;

let fixture: SimulatorFixture;
beforeAll(async () => {
	fixture = await startSimulator();
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	fixture.sim.reset({
		apiKeys: [String(fixture.credentials.apiKey)],
		seed: 11,
		durations: { minMs: 300, maxMs: 900 },
		uploads: { chunkSize: MiB, processing: { minMs: 100, maxMs: 300 } },
	});
});

const BINARY_GENERAL = { ...CREATE_GENERAL, videoSource: 'binary', binaryPropertyName: 'data' };

async function run(
	operation: 'create' | 'createAndWait',
	items: INodeExecutionData[],
	parameters: IDataObject = {},
	continueOnFail = false,
) {
	const result = await runNode({
		parameters: { ...BINARY_GENERAL, operation, ...parameters },
		credentials: fixture.credentials,
		items,
		continueOnFail,
	});
	expectNoSecret(result);
	return result;
}

const routes = () =>
	fixture.sim
		.requests()
		.map((entry) => `${entry.method} ${entry.route}`)
		.reduce<Record<string, number>>((counts, route) => ({ ...counts, [route]: (counts[route] ?? 0) + 1 }), {});

const taskBodies = () =>
	fixture.sim
		.requests()
		.filter((entry) => entry.method === 'POST' && entry.route === '/analyze/tasks')
		.map((entry) => entry.body as { video: Record<string, unknown> });

describe('Create with a binary video above 30 MB (uploaded as an asset first, the default)', () => {
	it('uploads the file in chunks, waits until the asset is ready, and creates the task from its ID', async () => {
		const result = await run('create', [binaryItem(Buffer.alloc(LARGE, 7), 'long take.mp4')]);
		expect(result.error).toBeUndefined();
		const [asset] = fixture.sim.assets();
		expect(asset).toMatchObject({ method: 'multipart', filename: 'long take.mp4', size: LARGE, kind: 'video' });
		expect(fixture.sim.uploads()[0]).toMatchObject({ status: 'completed', totalChunks: CHUNKS });
		expect(taskBodies()).toEqual([expect.objectContaining({ video: { type: 'asset_id', asset_id: asset.assetId } })]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			task_id: expect.stringMatching(/^[0-9a-f]{24}$/),
			video: { type: 'asset_id', asset_id: asset.assetId, uploaded_from_binary_field: 'data' },
		});
		const counts = routes();
		expect(counts['PUT /_storage/multipart/:upload_id/:chunk']).toBe(CHUNKS);
		expect(counts['POST /analyze/tasks']).toBe(1);
		expect(fixture.sim.stats()).toMatchObject({ duplicateChunkPuts: 0 });
	});

	it('streams a file from the filesystem binary store, and keeps a small item of the same run inline', async () => {
		const stored = await storeBinary(Buffer.alloc(LARGE, 3), { fileName: 'stored.mov', mimeType: 'video/quicktime' });
		const small = Buffer.alloc(MiB, 5);
		const result = await run('create', [{ json: {}, binary: { data: stored } }, binaryItem(small)]);
		expect(result.error).toBeUndefined();
		const [asset] = fixture.sim.assets();
		expect(asset).toMatchObject({ size: LARGE, filename: 'stored.mov' });
		expect(taskBodies().map((body) => body.video.type).sort()).toEqual(['asset_id', 'base64_string']);
		expect(result.items.map((item) => (item.json.video as IDataObject).type)).toEqual(['asset_id', 'base64_string']);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('fails an item whose asset fails at TwelveLabs, creating no task for it (Continue On Fail)', async () => {
		const result = await run(
			'create',
			[binaryItem(Buffer.alloc(LARGE, 1), 'sim_fail.mp4'), binaryItem(Buffer.alloc(MiB, 2))],
			{},
			true,
		);
		const [asset] = fixture.sim.assets();
		expect(result.items[0].json.error).toBe(
			`The asset '${asset.assetId}' failed: The file is corrupted or in an unsupported format and could not be processed.`,
		);
		expect(taskBodies().map((body) => body.video.type)).toEqual(['base64_string']);
		expect(result.items[1].json).toMatchObject({ video: { type: 'base64_string' } });
	});

	it('stops at the Upload Wait Timeout, naming the asset to use later, with no task created', async () => {
		fixture.sim.reset({
			apiKeys: [String(fixture.credentials.apiKey)],
			seed: 11,
			uploads: { chunkSize: MiB, processing: { minMs: 600_000, maxMs: 600_000 } },
		});
		const result = await run('create', [binaryItem(Buffer.alloc(LARGE, 1))], { options: { uploadWaitTimeout: 2 } });
		const [asset] = fixture.sim.assets();
		expect(result.error?.message).toBe(
			`The asset '${asset.assetId}' was still processing when the Upload Wait Timeout ran out`,
		);
		expect(result.error?.description).toContain(`Video Source "Asset ID" and the ID ${asset.assetId}`);
		expect(taskBodies()).toEqual([]);
	});
});

describe('Refused before any byte is sent', () => {
	it('refuses a file above 30 MB when Binary Files Over 30 MB is "Refuse", naming the option as the fix', async () => {
		const result = await run('create', [binaryItem(Buffer.alloc(LARGE, 1))], {
			options: { largeBinaryFiles: 'refuse' },
		});
		expect(result.error?.message).toBe(
			"'Input Binary Field' holds a file of 30.0 MB, above the 30 MB TwelveLabs accepts inline",
		);
		expect(result.error?.description).toContain('Binary Files Over 30 MB');
		expect(result.error?.description).toContain('Nothing was sent to TwelveLabs.');
		expect(fixture.sim.requests()).toEqual([]);
	});

	it('refuses an image above 30 MB given as the video', async () => {
		const result = await run('create', [binaryItem(Buffer.alloc(LARGE, 1), 'poster.png', 'image/png')]);
		expect(result.error?.message).toBe(`'Input Binary Field' holds "poster.png", an image, not a video`);
		expect(fixture.sim.requests()).toEqual([]);
	});

	it('checks every item before uploading any: a bad second item stops the run with nothing sent', async () => {
		const result = await run('create', [
			binaryItem(Buffer.alloc(LARGE, 1)),
			{ json: {}, binary: {} },
		]);
		expect(result.error?.message).toBe(
			`'Input Binary Field' names the binary field "data", which the input item does not have`,
		);
		expect(fixture.sim.requests()).toEqual([]);
	});
});

describe('Create and Wait with a binary video above 30 MB', () => {
	it('uploads, waits for the asset and then the task, and returns the result', async () => {
		const result = await run('createAndWait', [binaryItem(Buffer.alloc(LARGE, 9))], {
			options: { initialPollInterval: 0.05, maxPollInterval: 0.2 },
		});
		expect(result.error).toBeUndefined();
		const [asset] = fixture.sim.assets();
		expect(taskBodies()).toEqual([expect.objectContaining({ video: { type: 'asset_id', asset_id: asset.assetId } })]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ status: 'ready', text: expect.any(String) });
	});

	it('fails only the item whose asset failed (Continue On Fail)', async () => {
		const result = await run(
			'createAndWait',
			[binaryItem(Buffer.alloc(LARGE, 1), 'sim_fail.mp4'), binaryItem(Buffer.alloc(MiB, 2))],
			{ options: { initialPollInterval: 0.05, maxPollInterval: 0.2 } },
			true,
		);
		expect(result.items[0].json.error).toMatch(/^The asset '[0-9a-f]{24}' failed: /);
		expect(result.items[1].json).toMatchObject({ status: 'ready' });
		expect(taskBodies()).toHaveLength(1);
	});
});
