/**
 * The official SDK (twelvelabs-js 1.3.4) against the simulator's asset and multipart-upload
 * endpoints: every method of `assets` and `multipartUpload` is called through the generated
 * `TwelvelabsApiClient` (baseUrl pointed at the simulator), and every answer passes the SDK's
 * own wire-schema parsing (parseOrThrow), in the full profile and in the sparse one (optional
 * fields null or missing).
 */
import { TwelvelabsApi, TwelvelabsApiClient, TwelvelabsApiError } from 'twelvelabs-js';
import { createSimulator, type Simulator } from './index';

const API_KEY = 'sdk-assets-key';
const CHUNK = 1024;
const START = Date.UTC(2026, 0, 7, 12, 0, 0);
const noRetry = { maxRetries: 0 };

async function expectApiError(promise: Promise<unknown>, statusCode: number): Promise<TwelvelabsApiError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(TwelvelabsApiError);
		expect((error as TwelvelabsApiError).statusCode).toBe(statusCode);
		return error as TwelvelabsApiError;
	}
	throw new Error(`expected an HTTP ${statusCode} error`);
}

async function collect<T>(page: AsyncIterable<T>): Promise<T[]> {
	const items: T[] = [];
	for await (const item of page) items.push(item);
	return items;
}

/** Uploads chunks the way the SDK's own uploader does (PUT, ETag without quotes). */
async function putChunks(urls: TwelvelabsApi.PresignedUrlChunk[], sizeOf: (index: number) => number): Promise<TwelvelabsApi.CompletedChunk[]> {
	const done: TwelvelabsApi.CompletedChunk[] = [];
	for (const entry of urls) {
		const index = entry.chunkIndex as number;
		const response = await fetch(entry.url as string, { method: 'PUT', body: new Uint8Array(sizeOf(index)).fill(index), headers: { 'Content-Type': 'application/octet-stream' } });
		expect(response.status).toBe(200);
		done.push({ chunkIndex: index, proof: (response.headers.get('ETag') ?? '').replace(/"/g, ''), proofType: 'etag', chunkSize: sizeOf(index) });
	}
	return done;
}

for (const profile of ['full', 'sparse'] as const) {
	describe(`official SDK, asset and multipart endpoints (${profile} profile)`, () => {
		let sim: Simulator;
		let client: TwelvelabsApiClient;

		beforeAll(async () => {
			sim = createSimulator({
				seed: profile === 'full' ? 3 : 4,
				apiKeys: [API_KEY],
				sparse: profile === 'sparse',
				startAt: START,
				speed: 1e-6,
				uploads: { chunkSize: CHUNK, processing: { minMs: 500, maxMs: 500 } },
			});
			const { url } = await sim.start();
			client = new TwelvelabsApiClient({ apiKey: API_KEY, baseUrl: url });
		});

		afterAll(async () => {
			await sim.stop();
		});

		beforeEach(() => {
			sim.reset({ startAt: START });
		});

		it('creates assets from a file (multipart/form-data) and from a URL, retrieves and lists them', async () => {
			const file = new File([new Uint8Array(3000).fill(1)], 'sdk clip.mp4', { type: 'video/mp4' });
			const direct = await client.assets.create({
				method: 'direct',
				file,
				enableHls: true,
				enableThumbnail: true,
				userMetadata: JSON.stringify({ source: 'sdk', take: 2 }),
			});
			expect(direct.id).toMatch(/^[0-9a-f]{24}$/);
			expect(direct.status).toBe('processing');
			if (profile === 'full') {
				expect(direct).toMatchObject({ method: 'direct', filename: 'sdk clip.mp4', fileType: 'video/mp4', userMetadata: { source: 'sdk', take: 2 } });
				expect(direct.createdAt).toBeInstanceOf(Date);
			}
			const fromUrl = await client.assets.create({ method: 'url', url: 'https://media.example.com/talk.mp3', filename: 'talk.mp3' });
			const image = await client.assets.create({ method: 'direct', file: new Blob([new Uint8Array(10)], { type: 'image/png' }), filename: 'logo.png' });
			const failing = await client.assets.create({ method: 'url', url: 'https://host.unreachable.invalid/a.mp4' });
			expect((await client.assets.retrieve(direct.id as string)).status).toBe('processing');
			sim.advance(500);
			const ready = await client.assets.retrieve(direct.id as string);
			expect(ready.status).toBe('ready');
			if (profile === 'full') {
				expect(ready).toMatchObject({ size: 3000, hls: { status: 'ready' }, thumbnail: { status: 'ready' }, technicalMetadata: { fileSizeBytes: 3000 } });
				expect(ready.hls?.manifestUrl).toEqual(expect.any(String));
				expect(ready.duration).toEqual(expect.any(Number));
			}
			const failed = await client.assets.retrieve(failing.id as string);
			expect(failed.status).toBe('failed');
			expect(failed.error?.message).toContain('could not be downloaded');

			const all = await collect(await client.assets.list({ pageLimit: 2 }));
			expect(all.map((asset) => asset.id)).toEqual([failing.id, image.id, fromUrl.id, direct.id]);
			const first = await client.assets.list({ page: 1, pageLimit: 3, assetTypes: ['audio', 'image'], filename: 'L', assetIds: [fromUrl.id as string, image.id as string] });
			expect(first.data.map((asset) => asset.id)).toEqual([image.id, fromUrl.id]);
			const single = await client.assets.list({ assetIds: direct.id as string, assetTypes: 'video' });
			expect(single.data.map((asset) => asset.id)).toEqual([direct.id]);
		});

		it('manages user metadata, transcriptions and deletion', async () => {
			const created = await client.assets.create({ method: 'direct', file: new File([new Uint8Array(20)], 'speech.wav'), userMetadata: '{"a":1}' });
			const id = created.id as string;
			await expect(client.assets.updateUserMetadata(id, { userMetadata: { b: 'x', a: null } })).resolves.toBeUndefined();
			expect(sim.getAssetDirect(id)?.userMetadata).toEqual({ b: 'x' });
			await expect(client.assets.replaceUserMetadata(id, { userMetadata: { c: true } })).resolves.toBeUndefined();
			expect(sim.getAssetDirect(id)?.userMetadata).toEqual({ c: true });
			await expect(client.assets.deleteUserMetadata(id)).resolves.toBeUndefined();
			expect(sim.getAssetDirect(id)?.userMetadata).toBeNull();

			expect((await client.assets.retrieveTranscription(id)).status).toBe('pending');
			sim.advance(500);
			const transcript = await client.assets.retrieveTranscription(id, { include: ['words', 'sentences', 'utterances'] });
			expect(transcript.status).toBe('ready');
			expect(transcript.words?.length).toBeGreaterThan(0);
			expect(transcript.sentences?.[0].value).toEqual(expect.any(String));
			expect(transcript.utterances?.[0].start).toEqual(expect.any(Number));
			expect((await client.assets.retrieveTranscription(id, { include: 'words' })).sentences).toBeUndefined();

			const referenced = sim.createAssetDirect({ filename: 'indexed.mp4', indexedReferences: 1 });
			const conflict = await expectApiError(client.assets.delete(referenced.assetId, {}, noRetry), 409);
			expect(conflict).toBeInstanceOf(TwelvelabsApi.ConflictError);
			await expect(client.assets.delete(referenced.assetId, { force: true })).resolves.toBeUndefined();
			await expect(client.assets.delete(id)).resolves.toBeUndefined();
			const gone = await expectApiError(client.assets.retrieve(id, noRetry), 404);
			expect(gone).toBeInstanceOf(TwelvelabsApi.NotFoundError);
			await expectApiError(client.assets.retrieveTranscription(id, {}, noRetry), 404);
		});

		it('surfaces validation errors as BadRequestError naming the parameter', async () => {
			const tooBig = await expectApiError(client.assets.create({ method: 'direct', file: new File([new Uint8Array(10)], 'a.exe') }, noRetry), 400);
			expect(tooBig).toBeInstanceOf(TwelvelabsApi.BadRequestError);
			expect(tooBig.body).toMatchObject({ code: 'parameter_invalid', message: expect.stringContaining("'file'") });
			const noUrl = await expectApiError(client.assets.create({ method: 'url' }, noRetry), 400);
			expect(noUrl.body).toMatchObject({ code: 'parameter_not_provided', message: expect.stringContaining("'url'") });
			const session = await expectApiError(client.multipartUpload.create({ filename: 'a.png', type: 'image', totalSize: 33 * 1024 * 1024 }, noRetry), 400);
			expect(session.body).toMatchObject({ message: expect.stringContaining("'total_size'") });
		});

		it('runs a multipart upload: create, more URLs, report in batches, status pages, incomplete list', async () => {
			const totalSize = CHUNK * 11 + 5;
			const created = await client.multipartUpload.create({ filename: 'long.mp4', type: 'video', totalSize, enableThumbnail: true, userMetadata: { cam: 'b' } });
			expect(created.uploadId).toMatch(/^[0-9a-f]{24}$/);
			expect(created.chunkSize).toBe(CHUNK);
			expect(created.uploadUrls).toHaveLength(10);
			if (profile === 'full') {
				expect(created.totalChunks).toBe(12);
				expect(created.expiresAt).toBeInstanceOf(Date);
				expect(created.uploadUrls?.[0].expiresAt).toBeInstanceOf(Date);
			}
			const uploadId = created.uploadId as string;
			const sizeOf = (index: number) => (index < 12 ? CHUNK : 5);
			const incomplete = await collect(await client.multipartUpload.listIncompleteUploads({ pageLimit: 5 }));
			expect(incomplete).toEqual([expect.objectContaining({ uploadId, status: 'active', totalSize, chunkSize: CHUNK, totalChunks: 12 })]);

			const more = await client.multipartUpload.getAdditionalPresignedUrls(uploadId, { start: 11, count: 2 });
			expect(more.uploadUrls?.map((u) => u.chunkIndex)).toEqual([11, 12]);
			if (profile === 'full') expect(more).toMatchObject({ uploadId, startIndex: 11, count: 2, generatedAt: expect.any(Date), expiresAt: expect.any(Date) });

			const firstBatch = await putChunks(created.uploadUrls?.slice(0, 6) ?? [], sizeOf);
			const report1 = await client.multipartUpload.reportChunkBatch(uploadId, { completedChunks: firstBatch });
			expect(report1.totalCompleted).toBe(6);
			expect(report1.url ?? undefined).toBeUndefined();
			if (profile === 'full') expect(report1).toMatchObject({ assetId: created.assetId, processedChunks: 6, duplicateChunks: 0 });

			const statusPage = await client.multipartUpload.getStatus(uploadId, { page: 1, pageLimit: 5 });
			expect(statusPage.data.map((chunk) => chunk.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
			const chunks = await collect(statusPage);
			expect(chunks.map((chunk) => chunk.index)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
			expect(chunks.filter((chunk) => chunk.status === 'completed')).toHaveLength(6);
			if (profile === 'full') {
				expect(chunks[0].uploadedAt).toBeInstanceOf(Date);
				expect(chunks[11].uploadedAt ?? undefined).toBeUndefined();
			}
			expect((await client.assets.retrieve(created.assetId as string)).status).toBe('processing');

			const rest = [
				...(await putChunks(created.uploadUrls?.slice(6) ?? [], sizeOf)),
				...(await putChunks(more.uploadUrls ?? [], sizeOf)),
			];
			const report2 = await client.multipartUpload.reportChunkBatch(uploadId, { completedChunks: [...rest, firstBatch[0]] });
			expect(report2.url).toEqual(expect.stringContaining(created.assetId as string));
			expect(report2.totalCompleted).toBe(12);
			if (profile === 'full') expect(report2).toMatchObject({ processedChunks: 6, duplicateChunks: 1 });
			const final = await client.multipartUpload.getStatus(uploadId);
			expect(final.data).toHaveLength(10);
			expect((await final.getNextPage()).data.map((chunk) => chunk.index)).toEqual([11, 12]);
			expect((await collect(await client.multipartUpload.listIncompleteUploads())).length).toBe(0);
			sim.advance(500);
			const asset = await client.assets.retrieve(created.assetId as string);
			expect(asset.status).toBe('ready');
			if (profile === 'full') expect(asset).toMatchObject({ method: 'multipart', size: totalSize, userMetadata: { cam: 'b' }, thumbnail: { status: 'ready' } });
			expect(sim.uploads()[0].chunks.every((chunk) => chunk.puts === 1)).toBe(true);

			const unknown = await expectApiError(client.multipartUpload.reportChunkBatch('000000000000000000000000', { completedChunks: firstBatch }, noRetry), 404);
			expect(unknown).toBeInstanceOf(TwelvelabsApi.NotFoundError);
		});

		if (profile === 'sparse') {
			it('really thins: optional asset fields come null and missing across answers, _id and status stay', async () => {
				const asset = sim.createAssetDirect({ filename: 'thin.mp4', enableHls: true, userMetadata: { a: 1 } });
				const seen = { null: 0, missing: 0 };
				for (let i = 0; i < 12; i++) {
					const raw = (await (await fetch(`${sim.url}/assets/${asset.assetId}`, { headers: { 'x-api-key': API_KEY } })).json()) as Record<string, unknown>;
					expect(raw).toMatchObject({ _id: asset.assetId, status: 'ready' });
					for (const key of ['method', 'filename', 'file_type', 'created_at', 'user_metadata', 'hls', 'size', 'duration']) {
						if (raw[key] === null) seen.null++;
						else if (!(key in raw)) seen.missing++;
					}
					await client.assets.retrieve(asset.assetId);
				}
				expect(seen.null).toBeGreaterThan(0);
				expect(seen.missing).toBeGreaterThan(0);
			});
		}

		it('really validates responses: an injected body missing fields is rejected by the SDK', async () => {
			await client.multipartUpload.create({ filename: 'a.mp4', type: 'video', totalSize: 10 });
			sim.failNext(1, { malformed: true, variant: 'missing_fields', method: 'GET', pathPrefix: '/assets/multipart-uploads' });
			await expect(client.multipartUpload.listIncompleteUploads({}, noRetry)).rejects.toThrow(/data|page_info|Missing required key/);
			const listed = await client.multipartUpload.listIncompleteUploads();
			expect(listed.data).toHaveLength(1);
		});
	});
}
