/**
 * Multipart uploads of the Asset resource through n8n's engine against the simulator: chunks
 * read from memory or streamed from n8n's filesystem binary store, PUT to the presigned URLs
 * without the API key, reported with their ETags; a failing chunk retried alone, a connection
 * dropped mid-chunk, an upload resumed from its status, and Create and Wait.
 */
import { createHash } from 'crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { runNode, storeBinary } from '../harness/engine';
import { loggedLines } from '../harness/secrets';
import { API_KEY, binaryItem, expectNoSecret, optional, startSimulator, type SimulatorFixture } from './support';

const MiB = 1024 * 1024;
/** Above the 5 MiB direct-upload threshold; the simulator cuts it in 1 MiB chunks. */
const SIZE = 12 * MiB + 12345;
const CHUNKS = 13;

let fixture: SimulatorFixture;
type Headers = Record<string, string | string[] | undefined>;
let storageHeaders: Headers[] = [];
beforeAll(async () => {
	fixture = await startSimulator();
	// Every request that reaches the storage bucket, headers included.
	type Server = { on(event: 'request', listener: (req: { url?: string; headers: Headers }) => void): void };
	const frontend = (fixture.sim as unknown as { frontend: { server: Server } }).frontend;
	frontend.server.on('request', (req) => {
		if (req.url?.startsWith('/_storage')) storageHeaders.push(req.headers);
	});
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	storageHeaders = [];
	fixture.sim.reset({
		apiKeys: [String(fixture.credentials.apiKey)],
		seed: 7,
		uploads: { chunkSize: MiB, processing: { minMs: 100, maxMs: 300 } },
	});
});

/** Deterministic bytes that differ from chunk to chunk. */
function fileBytes(size = SIZE): Buffer {
	const bytes = Buffer.alloc(size);
	for (let offset = 0; offset < size; offset += 4) bytes.writeUInt32LE(offset / 4, Math.min(offset, size - 4));
	return bytes;
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

async function create(items: INodeExecutionData[], parameters: IDataObject = {}, continueOnFail = false) {
	const result = await runNode({
		parameters: { resource: 'asset', operation: 'create', ...parameters },
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

/** Each chunk stored exactly once, with the bytes of the file at its place. */
function expectEveryChunkOnce(bytes: Buffer) {
	const [upload] = fixture.sim.uploads();
	expect(upload).toMatchObject({ status: 'completed', totalChunks: CHUNKS, totalSize: bytes.length });
	for (const chunk of upload.chunks) {
		expect(chunk).toMatchObject({ status: 'completed', reported: true, puts: 1 });
		const start = (chunk.index - 1) * MiB;
		expect(chunk.etag).toBe(md5(bytes.subarray(start, Math.min(bytes.length, start + MiB))));
	}
	expect(fixture.sim.stats()).toMatchObject({ duplicateChunkPuts: 0, assetCreates: 0 });
	expect(fixture.sim.assets()).toHaveLength(1);
}

describe('Create from a binary field (multipart upload)', () => {
	it('uploads a file above 5 MB in chunks, without the API key at the storage', async () => {
		const bytes = fileBytes();
		const result = await create([binaryItem(bytes, 'long take.mp4')]);
		expect(result.error).toBeUndefined();
		expectEveryChunkOnce(bytes);
		const [asset] = fixture.sim.assets();
		expect(asset).toMatchObject({ method: 'multipart', filename: 'long take.mp4', size: SIZE, kind: 'video' });
		expect(result.items[0].json).toMatchObject({ asset_id: asset.assetId });
		expect(routes()).toEqual({
			'POST /assets/multipart-uploads': 1,
			// 10 URLs come with the session, 3 more asked for once.
			'POST /assets/multipart-uploads/:id/presigned-urls': 1,
			'PUT /_storage/multipart/:upload_id/:chunk': CHUNKS,
			// Reported in batches of 10.
			'POST /assets/multipart-uploads/:id': 2,
			'GET /assets/:id': 1,
		});
		expect(storageHeaders).toHaveLength(CHUNKS);
		for (const headers of storageHeaders) {
			expect(headers['x-api-key']).toBeUndefined();
			expect(JSON.stringify(headers)).not.toContain(API_KEY);
		}
		const progress = loggedLines().filter((line) => line.startsWith('info: TwelveLabs upload'));
		expect(progress.some((line) => line.includes(`13 of ${CHUNKS} chunks stored (100%)`))).toBe(true);
	});

	it('sends the options with the session', async () => {
		await create([binaryItem(fileBytes(6 * MiB), 'a.mov', 'video/quicktime')], {
			assetOptions: { fileName: 'renamed.mov', enableHls: true, userMetadata: '{"take": 2}' },
		});
		const session = fixture.sim.requests().find((entry) => entry.route === '/assets/multipart-uploads');
		expect(session?.body).toEqual({
			filename: 'renamed.mov',
			type: 'video',
			total_size: 6 * MiB,
			enable_hls: true,
			user_metadata: { take: 2 },
		});
	});

	it('streams a binary from the filesystem binary store', async () => {
		const bytes = fileBytes();
		const binary = await storeBinary(bytes, { fileName: 'stored.mp4', mimeType: 'video/mp4' });
		expect(binary.id).toEqual(expect.any(String));
		const result = await create([{ json: {}, binary: { data: binary } }]);
		expect(result.error).toBeUndefined();
		expectEveryChunkOnce(bytes);
	});

	it('streams a large document from the filesystem binary store in one direct upload (documents have no multipart)', async () => {
		const bytes = fileBytes(6 * MiB);
		const binary = await storeBinary(bytes, { fileName: 'report.pdf', mimeType: 'application/pdf' });
		const result = await create([{ json: {}, binary: { data: binary } }]);
		expect(result.error).toBeUndefined();
		expect(fixture.sim.assets()[0]).toMatchObject({ method: 'direct', kind: 'document', bytesReceived: 6 * MiB });
		expect(fixture.sim.uploads()).toHaveLength(0);
	});

	it('retries a failing chunk alone, through a fresh URL', async () => {
		fixture.sim.failNext(2, { status: 503, method: 'PUT', pathPrefix: '/_storage/multipart' });
		const bytes = fileBytes();
		const result = await create([binaryItem(bytes)]);
		expect(result.error).toBeUndefined();
		expectEveryChunkOnce(bytes);
		expect(routes()['PUT /_storage/multipart/:upload_id/:chunk']).toBe(CHUNKS + 2);
	});

	it('sends a chunk again after the connection dropped mid-chunk, losing and duplicating nothing', async () => {
		fixture.sim.failNext(1, { dropMidBody: true, method: 'PUT', pathPrefix: '/_storage/multipart' });
		const bytes = fileBytes();
		const result = await create([binaryItem(bytes)]);
		expect(result.error).toBeUndefined();
		expectEveryChunkOnce(bytes);
		expect(fixture.sim.stats().interruptedChunkPuts).toBe(1);
		expect(fixture.sim.uploads()[0].chunks.filter((chunk) => chunk.interrupted === 1)).toHaveLength(1);
	});

	it('resumes from the upload status when chunks keep failing: only the rest is sent', async () => {
		// The first 6 PUTs go through; the next 12 fail: chunks 7, 8 and 9 (in flight) use up
		// their 4 attempts each, so the pass stops and the upload asks which chunks are done.
		fixture.sim.failNext(6, { latencyMs: 0, method: 'PUT', pathPrefix: '/_storage/multipart' });
		fixture.sim.failNext(12, { status: 503, method: 'PUT', pathPrefix: '/_storage/multipart' });
		const bytes = fileBytes();
		const result = await create([binaryItem(bytes)]);
		expect(result.error).toBeUndefined();
		expectEveryChunkOnce(bytes);
		expect(routes()['GET /assets/multipart-uploads/:id']).toBe(1);
		expect(routes()['PUT /_storage/multipart/:upload_id/:chunk']).toBe(CHUNKS + 12);
		expect(loggedLines().some((line) => line.includes('resuming after chunk') && line.includes('6 of 13 chunks already stored'))).toBe(true);
	}, 30_000);

	it('stops after the resumes are used up, naming what was stored', async () => {
		fixture.sim.failNext(200, { status: 503, method: 'PUT', pathPrefix: '/_storage/multipart' });
		const result = await create([binaryItem(fileBytes(6 * MiB))]);
		expect(result.error?.message).toMatch(/^The upload of 'clip.mp4' \(upload [0-9a-f]+\) stopped: chunk \d failed: the storage answered 503, 4 times$/);
		expect(result.error?.description).toContain('0 of 6 chunks were stored');
	}, 60_000);
});

describe('Create and Wait', () => {
	const wait = (items: INodeExecutionData[], options: IDataObject = {}, continueOnFail = false) =>
		create(items, { operation: 'createAndWait', assetSource: 'url', assetUrl: '={{ $json.url }}', assetOptions: { pollInterval: 0.05, ...options } }, continueOnFail);

	it('waits for all assets together, reading their status in one list request per round', async () => {
		const urls = ['a', 'b', 'c'].map((name) => ({ json: { url: `https://videos.example.com/${name}.mp4` } }));
		const result = await wait(urls);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['ready', { item: 0 }],
			['ready', { item: 1 }],
			['ready', { item: 2 }],
		]);
		expect(result.items.map((item) => item.json.asset_id)).toEqual(
			[...fixture.sim.assets()].reverse().map((asset) => asset.assetId),
		);
		const counts = routes();
		expect(counts['GET /assets/:id']).toBeUndefined();
		const lists = fixture.sim.requests().filter((entry) => entry.method === 'GET' && entry.route === '/assets');
		expect(lists.length).toBeGreaterThan(0);
		for (const list of lists) expect(list.query.page_limit).toBe('50');
	});

	it('fails only the item whose asset failed', async () => {
		const result = await wait(
			[
				{ json: { url: 'https://videos.example.com/good.mp4' } },
				{ json: { url: 'https://unreachable.invalid/bad.mp4' } },
			],
			{},
			true,
		);
		expect(result.items[0].json.status).toBe('ready');
		expect(result.items[1].json.error).toMatch(/^The asset '[0-9a-f]{24}' failed/);
	});

	it('ends at the Wait Timeout, naming the asset still processing', async () => {
		fixture.sim.configure({ uploads: { processing: { minMs: 600_000, maxMs: 600_000 } } });
		const result = await wait([{ json: { url: 'https://videos.example.com/slow.mp4' } }], { waitTimeout: 1 });
		expect(result.error?.message).toMatch(/^The asset '[0-9a-f]{24}' was still processing when the Wait Timeout ran out$/);
		expect(result.error?.description).toContain('read it later with Get');
		expect(fixture.sim.assets()).toHaveLength(1);
	});

	it('uploads in chunks, then waits until the asset is ready', async () => {
		const bytes = fileBytes();
		const result = await create([binaryItem(bytes)], { operation: 'createAndWait', assetOptions: { pollInterval: 0.05 } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'ready', size: optional(SIZE) });
		expectEveryChunkOnce(bytes);
	});
});
