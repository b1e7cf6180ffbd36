/**
 * Assets and multipart uploads in the simulator, over real HTTP: every endpoint, every
 * request rule both ways (what is refused, and that the valid neighbour is accepted), the
 * lifecycle on the sim clock, presigned URL expiry and single use, seeded faults on chunk
 * PUTs (including a connection dropped mid-chunk) and resuming an interrupted upload.
 */
import { createSimulator, type Simulator } from './index';

const KEY = 'sim-key';
const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const FROZEN = 1e-6;
const CHUNK = 1024;
const DIRECT_MAX = 4096;
const IMAGE_MAX = 2048;
const HOUR = 60 * 60 * 1000;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface HttpResult {
	status: number;
	headers: Headers;
	body: Json;
}

let sim: Simulator;
let base: string;
let root: string;

beforeAll(async () => {
	sim = createSimulator({
		seed: 5,
		startAt: START,
		speed: FROZEN,
		uploads: { chunkSize: CHUNK, directMaxBytes: DIRECT_MAX, imageMaxBytes: IMAGE_MAX, processing: { minMs: 1000, maxMs: 1000 } },
	});
	({ url: base } = await sim.start());
	root = base.replace(/\/v1\.3$/, '');
});

afterAll(async () => {
	await sim.stop();
});

beforeEach(() => {
	sim.reset({ startAt: START });
});

async function parse(response: Response): Promise<HttpResult> {
	const text = await response.text();
	let body: Json = {};
	if (text) {
		try {
			body = JSON.parse(text) as Json;
		} catch {
			body = { text };
		}
	}
	return { status: response.status, headers: response.headers, body };
}

async function call(method: string, path: string, options: { json?: unknown; form?: FormData; key?: string | null; raw?: string; headers?: Record<string, string>; url?: string } = {}): Promise<HttpResult> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.key !== null) headers['x-api-key'] = options.key ?? KEY;
	let body: string | FormData | undefined = options.form ?? options.raw;
	if (options.json !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(options.json);
	}
	return parse(await fetch(options.url ?? `${base}${path}`, { method, headers, body }));
}

function bytes(n: number, fill = 7): Uint8Array {
	return new Uint8Array(n).fill(fill);
}

function form(fields: Record<string, string>, file?: { name: string; size: number; type?: string; field?: string }): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.append(key, value);
	if (file) data.append(file.field ?? 'file', new Blob([bytes(file.size)], { type: file.type ?? '' }), file.name);
	return data;
}

const createDirect = (name = 'clip.mp4', size = 1000, fields: Record<string, string> = {}) =>
	call('POST', '/assets', { form: form({ method: 'direct', ...fields }, { name, size }) });

function expectInvalid(result: HttpResult, param: string, code = 'parameter_invalid', status = 400): void {
	expect(result.status).toBe(status);
	expect(result.body.code).toBe(code);
	expect(result.body.message).toContain(`'${param}'`);
}

async function putChunk(url: string, size: number, fill = 7): Promise<Response> {
	return fetch(url, { method: 'PUT', body: bytes(size, fill), headers: { 'Content-Type': 'application/octet-stream' } });
}

async function createSession(totalSize: number, extra: Json = {}): Promise<Json> {
	const result = await call('POST', '/assets/multipart-uploads', { json: { filename: 'long.mp4', type: 'video', total_size: totalSize, ...extra } });
	expect(result.status).toBe(201);
	return result.body;
}

/** Uploads chunks through the given URLs; returns completed_chunks entries. */
async function uploadChunks(urls: Json[], sizeOf: (index: number) => number): Promise<Json[]> {
	const done = [];
	for (const entry of urls) {
		const size = sizeOf(entry.chunk_index);
		const response = await putChunk(entry.url, size, entry.chunk_index);
		expect(response.status).toBe(200);
		done.push({ chunk_index: entry.chunk_index, proof: (response.headers.get('etag') ?? '').replace(/"/g, ''), proof_type: 'etag', chunk_size: size });
	}
	return done;
}

describe('direct and URL asset creation', () => {
	it('creates from a file part: 201 with the Asset, processing, then ready with details', async () => {
		const created = await createDirect('Harbor Clip.mp4', 3000, { user_metadata: JSON.stringify({ team: 'a', n: 2, ok: true, r: 1.5 }), enable_hls: 'true', enable_thumbnail: 'true' });
		expect(created.status).toBe(201);
		expect(created.headers.get('x-api-version')).toBe('1.3');
		expect(created.body).toEqual({
			_id: expect.stringMatching(/^[0-9a-f]{24}$/),
			method: 'direct',
			status: 'processing',
			filename: 'Harbor Clip.mp4',
			file_type: 'video/mp4',
			created_at: new Date(START).toISOString(),
			user_metadata: { team: 'a', n: 2, ok: true, r: 1.5 },
		});
		const id = created.body._id as string;
		const processing = await call('GET', `/assets/${id}`);
		expect(processing.body).toMatchObject({ status: 'processing', hls: { status: 'pending' }, thumbnail: { status: 'pending' } });
		expect(processing.body.technical_metadata).toBeUndefined();
		expect(processing.body.size).toBeUndefined();
		sim.advance(999);
		expect((await call('GET', `/assets/${id}`)).body.status).toBe('processing');
		sim.advance(1);
		const ready = await call('GET', `/assets/${id}`);
		expect(ready.body).toMatchObject({
			status: 'ready',
			size: 3000,
			duration: expect.any(Number),
			hls: { status: 'ready', manifest_url: expect.stringContaining(`/_storage/assets/${id}/`) },
			thumbnail: { status: 'ready', representative_url: expect.any(String) },
			technical_metadata: { file_size_bytes: 3000, file_mime_type: 'video/mp4', video_duration_seconds: ready.body.duration },
		});
		expect(ready.body.error).toBeUndefined();
		expect(sim.assets()[0]).toMatchObject({ assetId: id, bytesReceived: 3000, status: 'ready', method: 'direct' });
		expect(sim.stats()).toMatchObject({ assets: 1, assetCreates: 1 });
		const logged = sim.requests().find((entry) => entry.route === '/assets' && entry.method === 'POST');
		expect(logged?.body).toMatchObject({ method: 'direct', files: [{ name: 'file', filename: 'Harbor Clip.mp4', bytes: 3000 }] });
	});

	it('works with and without /v1.3 and needs the API key', async () => {
		expect((await call('POST', '/assets', { url: `${root}/assets`, form: form({ method: 'direct' }, { name: 'a.mp4', size: 10 }) })).status).toBe(201);
		const noKey = await call('POST', '/assets', { key: null, form: form({ method: 'direct' }, { name: 'a.mp4', size: 10 }) });
		expect(noKey.status).toBe(401);
		expect(noKey.body.code).toBe('api_key_invalid');
		expect((await call('GET', '/assets', { key: 'wrong' })).status).toBe(401);
		expect(sim.assets()).toHaveLength(1);
	});

	it('classifies images, audio and documents; images have their own limit', async () => {
		const image = await createDirect('logo.PNG', IMAGE_MAX);
		expect(image.body).toMatchObject({ status: 'processing', file_type: 'image/png' });
		const tooBig = await createDirect('logo.png', IMAGE_MAX + 1);
		expectInvalid(tooBig, 'file');
		expect(tooBig.body.message).toContain(`(${IMAGE_MAX} bytes)`);
		expect((await createDirect('talk.mp3', 100)).body.file_type).toBe('audio/mpeg');
		expect((await createDirect('notes.md', 100)).body.file_type).toBe('text/markdown');
		expect((await createDirect('report.pdf', 100)).body.file_type).toBe('application/pdf');
		sim.advance(1000);
		const [pdf, md, mp3, png] = (await call('GET', '/assets')).body.data as Json[];
		expect(png.duration).toBeUndefined();
		expect(mp3.duration).toEqual(expect.any(Number));
		expect(md.technical_metadata).toMatchObject({ file_mime_type: 'text/markdown' });
		expect(pdf.technical_metadata.document_page_count).toBe(3);
	});

	it('enforces the direct upload limit while streaming: at the limit accepted, one byte over refused', async () => {
		expect((await createDirect('edge.mp4', DIRECT_MAX)).status).toBe(201);
		const over = await createDirect('over.mp4', DIRECT_MAX * 4);
		expectInvalid(over, 'file');
		expect(over.body.message).toContain('multipart upload');
		expect(sim.assets()).toHaveLength(1);
		sim.configure({ errorWording: 'documented' });
		expect((await createDirect('over.mp4', DIRECT_MAX + 1)).body).toMatchObject({ code: 'parameter_invalid', message: 'The file parameter is invalid.' });
	});

	it('creates from a URL, naming the asset after the path; scripted and unreachable URLs fail', async () => {
		const created = await call('POST', '/assets', { form: form({ method: 'url', url: 'https://media.example.com/v/Team%20Call.mov?sig=1' }) });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ method: 'url', status: 'processing', filename: 'Team Call.mov', file_type: 'video/quicktime' });
		const named = await call('POST', '/assets', { form: form({ method: 'url', url: 'https://media.example.com/download?id=3', filename: 'mine.mp4' }) });
		expect(named.body.filename).toBe('mine.mp4');
		const unreachable = await call('POST', '/assets', { form: form({ method: 'url', url: 'https://cdn.unreachable.invalid/a.mp4' }) });
		const scripted = await call('POST', '/assets', { form: form({ method: 'url', url: 'https://media.example.com/a.mp4?sim_outcome=failed&sim_duration=5000' }) });
		const fileFail = await createDirect('broken.sim_fail.mp4', 100);
		expect(unreachable.status).toBe(201);
		sim.advance(1000);
		const bad = await call('GET', `/assets/${unreachable.body._id}`);
		expect(bad.body).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('could not be downloaded') } });
		expect(bad.body.technical_metadata).toBeDefined();
		expect((await call('GET', `/assets/${fileFail.body._id}`)).body.status).toBe('failed');
		expect((await call('GET', `/assets/${scripted.body._id}`)).body.status).toBe('processing');
		sim.advance(4000);
		expect((await call('GET', `/assets/${scripted.body._id}`)).body.status).toBe('failed');
		expect((await call('GET', `/assets/${created.body._id}`)).body.status).toBe('ready');
	});
});

describe('asset create validation (refused, and the valid neighbour accepted)', () => {
	const ok = (result: HttpResult) => expect(result.status).toBe(201);

	it('method', async () => {
		expectInvalid(await call('POST', '/assets', { form: form({}, { name: 'a.mp4', size: 5 }) }), 'method', 'parameter_not_provided');
		expectInvalid(await call('POST', '/assets', { form: form({ method: 'upload' }, { name: 'a.mp4', size: 5 }) }), 'method');
		ok(await call('POST', '/assets', { form: form({ method: 'direct' }, { name: 'a.mp4', size: 5 }) }));
	});

	it('file and url go with their method', async () => {
		expectInvalid(await call('POST', '/assets', { form: form({ method: 'direct' }) }), 'file', 'parameter_not_provided');
		expectInvalid(await call('POST', '/assets', { form: form({ method: 'direct', url: 'https://a.example.com/a.mp4' }, { name: 'a.mp4', size: 5 }) }), 'url');
		expectInvalid(await call('POST', '/assets', { form: form({ method: 'url' }) }), 'url', 'parameter_not_provided');
		expectInvalid(await call('POST', '/assets', { form: form({ method: 'url', url: 'https://a.example.com/a.mp4' }, { name: 'a.mp4', size: 5 }) }), 'file');
		expectInvalid(await call('POST', '/assets', { form: form({ method: 'url', url: 'ftp://a.example.com/a.mp4' }) }), 'url');
		expectInvalid(await call('POST', '/assets', { form: form({ method: 'url', url: 'not a url' }) }), 'url');
		expectInvalid(await call('POST', '/assets', { form: form({ method: 'direct', file: 'text, not a file' }) }), 'file');
		ok(await call('POST', '/assets', { form: form({ method: 'url', url: 'http://a.example.com/a.mp4' }) }));
	});

	it('filename is 1 to 255 characters', async () => {
		expectInvalid(await createDirect('a.mp4', 5, { filename: `${'x'.repeat(252)}.mp4` }), 'filename');
		expectInvalid(await createDirect('a.mp4', 5, { filename: '' }), 'filename');
		const longest = await createDirect('a.mp4', 5, { filename: `${'x'.repeat(251)}.mp4` });
		ok(longest);
		expect(longest.body.filename).toHaveLength(255);
	});

	it('enable_hls and enable_thumbnail are true or false', async () => {
		expectInvalid(await createDirect('a.mp4', 5, { enable_hls: 'yes' }), 'enable_hls');
		expectInvalid(await createDirect('a.mp4', 5, { enable_thumbnail: '1' }), 'enable_thumbnail');
		ok(await createDirect('a.mp4', 5, { enable_hls: 'false', enable_thumbnail: 'true' }));
	});

	it('user_metadata is a JSON object of scalar values', async () => {
		expectInvalid(await createDirect('a.mp4', 5, { user_metadata: '{not json' }), 'user_metadata');
		expectInvalid(await createDirect('a.mp4', 5, { user_metadata: '[1,2]' }), 'user_metadata');
		expectInvalid(await createDirect('a.mp4', 5, { user_metadata: '{"tags":["a"]}' }), 'user_metadata.tags');
		ok(await createDirect('a.mp4', 5, { user_metadata: '{"a":"b","n":-3,"f":0.5,"t":false}' }));
	});

	it('unknown fields, unsupported formats and bodies that are not multipart/form-data', async () => {
		expectInvalid(await createDirect('a.mp4', 5, { index_id: 'x' }), 'index_id', 'parameter_unknown');
		expectInvalid(await call('POST', '/assets', { form: form({ method: 'direct' }, { name: 'a.mp4', size: 5, field: 'video' }) }), 'video', 'parameter_unknown');
		expectInvalid(await createDirect('setup.exe', 5), 'file');
		// A name without an extension (a Blob) is detected from its content: accepted.
		ok(await createDirect('blob', 5));
		ok(await call('POST', '/assets', { form: form({ method: 'direct' }, { name: 'capture', size: 5, type: 'video/webm' }) }));
		const json = await call('POST', '/assets', { json: { method: 'url', url: 'https://a.example.com/a.mp4' } });
		expect(json.status).toBe(400);
		expect(json.body.message).toContain('multipart/form-data');
		const truncated = await call('POST', '/assets', {
			raw: '--XyZ\r\nContent-Disposition: form-data; name="method"\r\n\r\ndirect\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\nabc',
			headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
		});
		expect(truncated.status).toBe(400);
		expect(truncated.body.message).toContain('closing boundary');
		const handmade = await call('POST', '/assets', {
			raw: 'preamble\r\n--XyZ\r\nContent-Disposition: form-data; name="method"\r\n\r\ndirect\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="hand.mp4"\r\nContent-Type: video/mp4\r\n\r\n--XyZ-not-a-boundary\r\n--XyZ--\r\nepilogue',
			headers: { 'content-type': 'multipart/form-data; boundary="XyZ"' },
		});
		ok(handmade);
		expect(sim.getAssetDirect(handmade.body._id)?.bytesReceived).toBe('--XyZ-not-a-boundary'.length);
	});
});

describe('list, retrieve, delete, user metadata and transcription', () => {
	it('lists newest first with paging and the SDK filters', async () => {
		const ids: string[] = [];
		for (const name of ['Meeting-1.mp4', 'photo.jpg', 'meeting-2.mp3', 'doc.pdf', 'clip.mov']) {
			ids.push((await createDirect(name, 10)).body._id);
			sim.advance(10);
		}
		const page1 = await call('GET', '/assets?page=1&page_limit=2');
		expect(page1.body.page_info).toEqual({ limit_per_page: 2, page: 1, total_page: 3, total_results: 5 });
		expect(page1.body.data.map((a: Json) => a._id)).toEqual([ids[4], ids[3]]);
		const page3 = await call('GET', '/assets?page=3&page_limit=2');
		expect(page3.body.data.map((a: Json) => a._id)).toEqual([ids[0]]);
		expect((await call('GET', '/assets?page=4&page_limit=2')).body.data).toEqual([]);
		const byName = await call('GET', '/assets?filename=MEETING');
		expect(byName.body.data.map((a: Json) => a._id)).toEqual([ids[2], ids[0]]);
		const byType = await call('GET', '/assets?asset_types=image&asset_types=audio');
		expect(byType.body.data.map((a: Json) => a._id)).toEqual([ids[2], ids[1]]);
		expect((await call('GET', '/assets?asset_types=document,video')).body.page_info.total_results).toBe(3);
		const byId = await call('GET', `/assets?asset_ids=${ids[1]}&asset_ids=${ids[3]}&asset_ids=000000000000000000000000`);
		expect(byId.body.data.map((a: Json) => a._id)).toEqual([ids[3], ids[1]]);
		expectInvalid(await call('GET', '/assets?asset_types=text'), 'asset_types');
		expectInvalid(await call('GET', '/assets?page_limit=51'), 'page_limit');
		expectInvalid(await call('GET', '/assets?page=0'), 'page');
		expect((await call('GET', '/assets?page_limit=50&unknown=1')).status).toBe(200);
	});

	it('retrieves and deletes (204, then 404); force and indexed references', async () => {
		const id = (await createDirect()).body._id;
		expect((await call('GET', `/assets/${id}/`)).status).toBe(200);
		expectInvalid(await call('DELETE', `/assets/${id}?force=yes`), 'force');
		const deleted = await call('DELETE', `/assets/${id}?force=false`);
		expect(deleted.status).toBe(204);
		const gone = await call('GET', `/assets/${id}`);
		expect(gone.status).toBe(404);
		expect(gone.body).toMatchObject({ code: 'resource_not_exist', message: `Resource with id ${id} does not exist in assets.` });
		expect((await call('DELETE', `/assets/${id}`)).status).toBe(404);
		const used = sim.createAssetDirect({ filename: 'used.mp4', indexedReferences: 2 });
		const conflict = await call('DELETE', `/assets/${used.assetId}`);
		expect(conflict.status).toBe(409);
		expect(conflict.body.message).toContain('force=true');
		expect((await call('DELETE', `/assets/${used.assetId}?force=true`)).status).toBe(204);
		expect((await call('PUT', '/assets')).status).toBe(405);
	});

	it('replaces, merges and deletes user metadata', async () => {
		const id = (await createDirect('a.mp4', 5, { user_metadata: '{"a":1,"b":"x"}' })).body._id;
		expect((await call('PATCH', `/assets/${id}/user-metadata`, { json: { user_metadata: { b: null, c: true, d: '' } } })).status).toBe(204);
		expect((await call('GET', `/assets/${id}`)).body.user_metadata).toEqual({ a: 1, c: true });
		expect((await call('PUT', `/assets/${id}/user-metadata`, { json: { user_metadata: { z: 2.5, e: '', n: null } } })).status).toBe(204);
		expect((await call('GET', `/assets/${id}`)).body.user_metadata).toEqual({ z: 2.5 });
		expect((await call('DELETE', `/assets/${id}/user-metadata`)).status).toBe(204);
		expect((await call('GET', `/assets/${id}`)).body.user_metadata).toBeUndefined();
		expectInvalid(await call('PUT', `/assets/${id}/user-metadata`, { json: {} }), 'user_metadata', 'parameter_not_provided');
		expectInvalid(await call('PATCH', `/assets/${id}/user-metadata`, { json: { user_metadata: { x: { y: 1 } } } }), 'user_metadata.x');
		expectInvalid(await call('PATCH', `/assets/${id}/user-metadata`, { json: { user_metadata: {}, other: 1 } }), 'other', 'parameter_unknown');
		expect((await call('PUT', '/assets/000000000000000000000000/user-metadata', { json: { user_metadata: {} } })).status).toBe(404);
	});

	it('transcribes video and audio once ready; include is checked', async () => {
		const video = (await createDirect('talk.mp4', 10)).body._id;
		const image = (await createDirect('a.png', 10)).body._id;
		expect((await call('GET', `/assets/${video}/transcription`)).body).toEqual({ status: 'pending' });
		sim.advance(1000);
		const words = await call('GET', `/assets/${video}/transcription`);
		expect(words.body.status).toBe('ready');
		expect(words.body.words.length).toBeGreaterThan(3);
		expect(words.body.sentences).toBeUndefined();
		const all = await call('GET', `/assets/${video}/transcription?include=sentences,utterances&include=words`);
		expect(Object.keys(all.body).sort()).toEqual(['sentences', 'status', 'utterances', 'words']);
		expect(all.body.utterances[0]).toMatchObject({ speaker: 'speaker_0', value: expect.any(String) });
		expectInvalid(await call('GET', `/assets/${video}/transcription?include=paragraphs`), 'include');
		expect((await call('GET', `/assets/${image}/transcription`)).status).toBe(404);
	});
});

describe('analysis tasks from assets use the asset store', () => {
	const taskWith = (assetId: string) => call('POST', '/analyze/tasks', { json: { video: { type: 'asset_id', asset_id: assetId }, prompt: 'Summarize' } });

	it('a processing asset is not ready, a ready one is accepted, a deleted one does not exist', async () => {
		const id = (await createDirect()).body._id;
		const early = await taskWith(id);
		expectInvalid(early, 'video.asset_id');
		expect(early.body.message).toContain(`asset '${id}' has status 'processing'`);
		sim.advance(1000);
		expect((await taskWith(id)).status).toBe(202);
		await call('DELETE', `/assets/${id}`);
		const deleted = await taskWith(id);
		expectInvalid(deleted, 'video.asset_id');
		expect(deleted.body.message).toContain('does not exist');
		const failed = sim.createAssetDirect({ filename: 'x.sim_fail.mp4', status: 'failed' });
		expect((await taskWith(failed.assetId)).body.message).toContain("status 'failed'");
	});

	it('keeps the assets option, notready ids and arbitrary 24-hex ids', async () => {
		sim.configure({ assets: { abcdefabcdefabcdefabcdef: 'processing' } });
		expectInvalid(await taskWith('abcdefabcdefabcdefabcdef'), 'video.asset_id');
		expectInvalid(await taskWith('notready-1'), 'video.asset_id');
		expect((await taskWith('0123456789abcdef01234567')).status).toBe(202);
		expect((await taskWith('no-such-asset')).body.message).toContain('does not exist');
	});

	it('a multipart asset is not ready before its upload completes', async () => {
		const session = await createSession(10);
		sim.advance(HOUR);
		expect((await taskWith(session.asset_id)).body.message).toContain("status 'processing'");
		expect((await call('GET', `/assets/${session.asset_id}`)).body).toMatchObject({ status: 'processing', method: 'multipart' });
	});
});

describe('multipart uploads', () => {
	it('creates a session: chunk size, total chunks, the first presigned URLs, expiry', async () => {
		const session = await createSession(CHUNK * 12 + 1, { enable_hls: true, user_metadata: { src: 'cam' } });
		expect(session).toEqual({
			upload_id: expect.stringMatching(/^[0-9a-f]{24}$/),
			asset_id: expect.stringMatching(/^[0-9a-f]{24}$/),
			upload_urls: expect.any(Array),
			upload_headers: { 'Content-Type': 'application/octet-stream' },
			chunk_size: CHUNK,
			total_chunks: 13,
			expires_at: new Date(START + 24 * HOUR).toISOString(),
		});
		expect(session.upload_urls.map((u: Json) => u.chunk_index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(session.upload_urls[0]).toEqual({ chunk_index: 1, url: expect.stringMatching(new RegExp(`^${root}/_storage/multipart/${session.upload_id}/1\\?`)), expires_at: new Date(START + HOUR).toISOString() });
		const asset = await call('GET', `/assets/${session.asset_id}`);
		expect(asset.body).toMatchObject({ method: 'multipart', status: 'processing', filename: 'long.mp4', file_type: 'video/mp4', user_metadata: { src: 'cam' }, hls: { status: 'pending' } });
		const incomplete = await call('GET', '/assets/multipart-uploads');
		expect(incomplete.body).toEqual({
			data: [{ upload_id: session.upload_id, status: 'active', total_size: CHUNK * 12 + 1, chunk_size: CHUNK, total_chunks: 13, created_at: new Date(START).toISOString(), expires_at: session.expires_at }],
			page_info: { limit_per_page: 10, page: 1, total_page: 1, total_results: 1 },
		});
	});

	it('chooses the chunk size from total_size when not configured (at least 5 MiB, at most 10,000 chunks)', async () => {
		sim.configure({ uploads: { chunkSize: null } });
		const small = await createSession(100 * 1024 * 1024);
		expect(small).toMatchObject({ chunk_size: 5 * 1024 * 1024, total_chunks: 20 });
		const huge = await createSession(10 * 1024 * 1024 * 1024);
		expect(huge).toMatchObject({ chunk_size: 5 * 1024 * 1024, total_chunks: 2048 });
		expect(huge.upload_urls).toHaveLength(10);
	});

	it('validates the session body (refused, and the valid neighbour accepted)', async () => {
		sim.configure({ uploads: { imageMaxBytes: 32 * 1024 ** 2 } }); // the documented limit
		const post = (json: Json) => call('POST', '/assets/multipart-uploads', { json });
		const valid = { filename: 'a.mp4', type: 'video', total_size: 10 };
		expectInvalid(await post({ type: 'video', total_size: 10 }), 'filename', 'parameter_not_provided');
		expectInvalid(await post({ ...valid, filename: 'x'.repeat(256) }), 'filename');
		expectInvalid(await post({ ...valid, type: 'document' }), 'type');
		expectInvalid(await post({ filename: 'a.mp4', type: 'video' }), 'total_size', 'parameter_not_provided');
		expectInvalid(await post({ ...valid, total_size: 0 }), 'total_size');
		expectInvalid(await post({ ...valid, total_size: 1.5 }), 'total_size');
		expectInvalid(await post({ ...valid, total_size: 10 * 1024 ** 3 + 1 }), 'total_size');
		expectInvalid(await post({ ...valid, type: 'image', total_size: 32 * 1024 ** 2 + 1 }), 'total_size');
		expectInvalid(await post({ ...valid, enable_hls: 'true' }), 'enable_hls');
		expectInvalid(await post({ ...valid, user_metadata: { a: [1] } }), 'user_metadata.a');
		expectInvalid(await post({ ...valid, index_id: 'x' }), 'index_id', 'parameter_unknown');
		expect((await call('POST', '/assets/multipart-uploads', { raw: '{oops', headers: { 'content-type': 'application/json' } })).status).toBe(400);
		for (const body of [
			{ ...valid, filename: 'x'.repeat(255) },
			{ ...valid, total_size: 10 * 1024 ** 3 },
			{ ...valid, type: 'image', total_size: 32 * 1024 ** 2 },
			{ ...valid, type: 'audio', enable_hls: false, enable_thumbnail: true, user_metadata: { a: 1 } },
		]) expect((await post(body)).status).toBe(201);
	});

	it('uploads, reports in batches (duplicates counted) and completes; the asset then processes', async () => {
		const total = CHUNK * 2 + 100;
		const session = await createSession(total);
		const sizeOf = (i: number) => (i < 3 ? CHUNK : 100);
		const done = await uploadChunks(session.upload_urls, sizeOf);
		const first = await call('POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: [done[1], done[0]] } });
		expect(first.body).toEqual({ asset_id: session.asset_id, processed_chunks: 2, duplicate_chunks: 0, total_completed: 2 });
		sim.advance(5 * 60 * 1000);
		expect((await call('GET', `/assets/${session.asset_id}`)).body.status).toBe('processing');
		const second = await call('POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: [done[0], { ...done[2], proof: `"${done[2].proof}"` }, done[2]] } });
		expect(second.body).toEqual({
			asset_id: session.asset_id, processed_chunks: 1, duplicate_chunks: 2, total_completed: 3,
			url: `${root}/_storage/assets/${session.asset_id}/long.mp4`,
		});
		const status = await call('GET', `/assets/multipart-uploads/${session.upload_id}`);
		expect(status.body).toMatchObject({ status: 'completed', chunks_completed: 3, chunks_failed: 0, chunks_pending: 0, total_size: total, uploaded_size: total });
		expect(status.body.uploaded_chunks.map((c: Json) => c.status)).toEqual(['completed', 'completed', 'completed']);
		expect((await call('GET', '/assets/multipart-uploads')).body.data).toEqual([]);
		expect((await call('GET', `/assets/${session.asset_id}`)).body.status).toBe('processing');
		sim.advance(1000);
		expect((await call('GET', `/assets/${session.asset_id}`)).body).toMatchObject({ status: 'ready', size: total });
		const again = await call('POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: [done[0]] } });
		expect(again.body).toMatchObject({ processed_chunks: 0, duplicate_chunks: 1, total_completed: 3, url: expect.any(String) });
		expect((await call('POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { json: { start: 1, count: 1 } })).body.message).toContain('already completed');
		expect(sim.uploads()[0]).toMatchObject({ status: 'completed', uploadedSize: total, chunksCompleted: 3 });
		expect(sim.getAssetDirect(session.asset_id)?.bytesReceived).toBe(total);
	});

	it('validates reports (refused, and the valid neighbour accepted)', async () => {
		const session = await createSession(CHUNK + 10);
		const [one] = await uploadChunks([session.upload_urls[0]], () => CHUNK);
		const report = (chunks: unknown) => call('POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: chunks } });
		expectInvalid(await call('POST', `/assets/multipart-uploads/${session.upload_id}`, { json: {} }), 'completed_chunks', 'parameter_not_provided');
		expectInvalid(await report([]), 'completed_chunks');
		expectInvalid(await report([{ ...one, chunk_index: 3 }]), 'completed_chunks[0].chunk_index');
		expectInvalid(await report([{ ...one, chunk_index: 0 }]), 'completed_chunks[0].chunk_index');
		expectInvalid(await report([{ ...one, proof_type: 'md5' }]), 'completed_chunks[0].proof_type');
		expectInvalid(await report([{ ...one, chunk_size: 10 }]), 'completed_chunks[0].chunk_size');
		expectInvalid(await report([{ ...one, proof: 'abc' }]), 'completed_chunks[0].proof');
		expectInvalid(await report([one, { chunk_index: 2, proof: 'x', proof_type: 'etag', chunk_size: 10 }]), 'completed_chunks[1].proof');
		expectInvalid(await report([{ chunk_index: 1, proof: one.proof, proof_type: 'etag' }]), 'completed_chunks[0].chunk_size', 'parameter_not_provided');
		expectInvalid(await report([{ ...one, extra: 1 }]), 'completed_chunks[0].extra', 'parameter_unknown');
		// Nothing of a refused batch was recorded.
		expect((await call('GET', `/assets/multipart-uploads/${session.upload_id}`)).body.chunks_completed).toBe(0);
		expect((await report([one])).body).toMatchObject({ processed_chunks: 1, total_completed: 1 });
		expect((await call('POST', '/assets/multipart-uploads/000000000000000000000000', { json: { completed_chunks: [one] } })).status).toBe(404);
	});

	it('gives more presigned URLs (start, count ≤ 50, within the chunks); URLs are single-use and expire', async () => {
		const session = await createSession(CHUNK * 60);
		const more = (json: Json) => call('POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { json });
		expectInvalid(await more({ count: 1 }), 'start', 'parameter_not_provided');
		expectInvalid(await more({ start: 0, count: 1 }), 'start');
		expectInvalid(await more({ start: 61, count: 1 }), 'start');
		expectInvalid(await more({ start: 1, count: 51 }), 'count');
		expectInvalid(await more({ start: 20, count: 42 }), 'count');
		expectInvalid(await more({ start: 1, count: 1, end: 2 }), 'end', 'parameter_unknown');
		const fifty = await more({ start: 11, count: 50 });
		expect(fifty.status).toBe(200);
		expect(fifty.body).toMatchObject({ upload_id: session.upload_id, start_index: 11, count: 50, generated_at: new Date(START).toISOString(), expires_at: new Date(START + HOUR).toISOString() });
		expect(fifty.body.upload_urls.map((u: Json) => u.chunk_index)).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
		const url = session.upload_urls[0].url as string;
		expect((await putChunk(url, CHUNK)).status).toBe(200);
		const reused = await putChunk(url, CHUNK);
		expect(reused.status).toBe(403);
		expect(await reused.text()).toContain('<Code>AccessDenied</Code>');
		const tampered = await putChunk(url.replace(/X-Sim-Token=[0-9a-f]+/, 'X-Sim-Token=00'), CHUNK);
		expect(tampered.status).toBe(403);
		expect((await putChunk(session.upload_urls[1].url.replace('/2?', '/3?'), CHUNK)).status).toBe(403);
		expect((await putChunk(session.upload_urls[1].url, CHUNK + 1)).status).toBe(400);
		sim.advance(HOUR);
		expect((await putChunk(session.upload_urls[1].url, CHUNK)).status).toBe(200);
		sim.advance(1);
		const expired = await putChunk(session.upload_urls[2].url, CHUNK);
		expect(expired.status).toBe(403);
		expect(await expired.text()).toContain('Request has expired');
		const fresh = await more({ start: 1, count: 3 });
		expect(fresh.body.expires_at).toBe(new Date(START + 2 * HOUR + 1).toISOString());
		expect((await putChunk(fresh.body.upload_urls[2].url, CHUNK)).status).toBe(200);
		// Chunk 1 again through a fresh URL: allowed, and counted.
		expect((await putChunk(fresh.body.upload_urls[0].url, CHUNK, 9)).status).toBe(200);
		const chunks = sim.uploads()[0].chunks;
		expect(chunks.slice(0, 3).map((c) => c.puts)).toEqual([2, 1, 1]);
		expect(sim.stats().duplicateChunkPuts).toBe(1);
		expect((await fetch(`${root}/_storage/multipart/${session.upload_id}/1`, { method: 'GET' })).status).toBe(405);
		expect((await fetch(`${root}/_storage/elsewhere`, { method: 'PUT', body: 'x' })).status).toBe(404);
	});

	it('pages the chunk status and lists failed chunks; the session expires after 24 hours', async () => {
		const session = await createSession(CHUNK * 25);
		await uploadChunks(session.upload_urls.slice(0, 2), () => CHUNK);
		sim.failNext(1, { dropMidBody: true, afterBytes: 100, method: 'PUT', pathPrefix: '/_storage/multipart' });
		await expect(putChunk(session.upload_urls[2].url, CHUNK)).rejects.toThrow();
		const page1 = await call('GET', `/assets/multipart-uploads/${session.upload_id}?page_limit=20`);
		expect(page1.body).toMatchObject({ status: 'active', chunks_completed: 0, chunks_failed: 1, chunks_pending: 24, uploaded_size: 0, page_info: { limit_per_page: 20, page: 1, total_page: 2, total_results: 25 } });
		expect(page1.body.uploaded_chunks).toHaveLength(20);
		expect(page1.body.uploaded_chunks[0]).toEqual({ index: 1, status: 'pending', uploaded_at: null, updated_at: expect.any(String) });
		expect(page1.body.uploaded_chunks[2]).toMatchObject({ index: 3, status: 'failed', error: expect.stringContaining('interrupted after 100 of 1024 bytes') });
		const page2 = await call('GET', `/assets/multipart-uploads/${session.upload_id}?page=2&page_limit=20`);
		expect(page2.body.uploaded_chunks.map((c: Json) => c.index)).toEqual([21, 22, 23, 24, 25]);
		expectInvalid(await call('GET', `/assets/multipart-uploads/${session.upload_id}?page_limit=0`), 'page_limit');
		expect((await call('GET', '/assets/multipart-uploads/000000000000000000000000')).status).toBe(404);
		sim.advance(24 * HOUR);
		expect((await call('GET', `/assets/multipart-uploads/${session.upload_id}`)).body.status).toBe('expired');
		expect((await call('GET', '/assets/multipart-uploads')).body.data).toEqual([]);
		expectInvalid(await call('POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { json: { start: 1, count: 1 } }), 'upload_id');
		const late = await call('POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: [{ chunk_index: 1, proof: 'x', proof_type: 'etag', chunk_size: CHUNK }] } });
		expectInvalid(late, 'upload_id');
		expect(late.body.message).toContain('expired');
		const put = await putChunk(session.upload_urls[3].url, CHUNK);
		expect(put.status).toBe(404);
		expect(await put.text()).toContain('NoSuchUpload');
		sim.failUpload(sim.uploads()[0].uploadId);
		expect((await call('GET', `/assets/multipart-uploads/${session.upload_id}`)).body.status).toBe('failed');
	});

	it('resumes an interrupted upload by asking which chunks are done: no chunk twice, none lost', async () => {
		const total = CHUNK * 4 + 10;
		const session = await createSession(total);
		const sizeOf = (i: number) => (i < 5 ? CHUNK : 10);
		const firstThree = await uploadChunks(session.upload_urls.slice(0, 3), sizeOf);
		await call('POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: firstThree.slice(0, 2) } });
		// The client "restarts": it knows only the upload id. It asks what is done.
		const statuses: Json[] = [];
		for (let page = 1; ; page++) {
			const result = await call('GET', `/assets/multipart-uploads/${session.upload_id}?page=${page}&page_limit=2`);
			if (result.body.uploaded_chunks.length === 0) break;
			statuses.push(...result.body.uploaded_chunks);
		}
		expect(statuses.map((c) => c.status)).toEqual(['completed', 'completed', 'pending', 'pending', 'pending']);
		const missing = statuses.filter((c) => c.status !== 'completed').map((c) => c.index as number);
		const urls = await call('POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { json: { start: missing[0], count: missing.length } });
		const rest = await uploadChunks(urls.body.upload_urls, sizeOf);
		const done = await call('POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: rest } });
		expect(done.body).toMatchObject({ processed_chunks: 3, total_completed: 5, url: expect.any(String) });
		const upload = sim.uploads()[0];
		// Chunk 3 was uploaded before the restart but not reported: uploaded again (a second PUT), the rest once.
		expect(upload.chunks.map((c) => c.puts)).toEqual([1, 1, 2, 1, 1]);
		expect(upload.chunks.map((c) => c.bytes)).toEqual([CHUNK, CHUNK, CHUNK, CHUNK, 10]);
		expect(upload).toMatchObject({ status: 'completed', uploadedSize: total });
	});
});

describe('faults and rate limits on asset and chunk requests', () => {
	it('failNext with method and pathPrefix hits the chunk PUT; the URL stays usable after a fault', async () => {
		const session = await createSession(CHUNK * 2);
		sim.failNext(1, { status: 503, method: 'PUT', pathPrefix: '/_storage/multipart' });
		const listed = await call('GET', '/assets');
		expect(listed.status).toBe(200);
		const faulted = await putChunk(session.upload_urls[0].url, CHUNK);
		expect(faulted.status).toBe(503);
		expect((await putChunk(session.upload_urls[0].url, CHUNK)).status).toBe(200);
		sim.failNext(1, { drop: true, pathPrefix: '/_storage/' });
		await expect(putChunk(session.upload_urls[1].url, CHUNK)).rejects.toThrow();
		expect((await putChunk(session.upload_urls[1].url, CHUNK)).status).toBe(200);
		const log = sim.requests().filter((entry) => entry.route === '/_storage/multipart/:upload_id/:chunk');
		expect(log.map((entry) => [entry.status, entry.fault, entry.dropped])).toEqual([[503, 'error', false], [200, null, false], [null, 'drop', true], [200, null, false]]);
		expect(sim.uploads()[0].chunks.map((c) => c.puts)).toEqual([1, 1]);
	});

	it('drops a chunk PUT mid-body: the chunk is failed until uploaded again through the same URL', async () => {
		const session = await createSession(CHUNK * 2);
		sim.failNext(1, { dropMidBody: true, method: 'PUT', pathPrefix: '/_storage/multipart' });
		await expect(putChunk(session.upload_urls[0].url, CHUNK)).rejects.toThrow();
		const chunk = sim.uploads()[0].chunks[0];
		expect(chunk).toMatchObject({ status: 'failed', puts: 0, interrupted: 1, attempts: 1 });
		expect(chunk.bytesReceived).toBe(CHUNK / 2);
		expect(sim.requests().at(-1)).toMatchObject({ fault: 'dropMidBody', dropped: true, status: null });
		const retry = await uploadChunks([session.upload_urls[0]], () => CHUNK);
		expect(sim.uploads()[0].chunks[0]).toMatchObject({ status: 'pending', puts: 1, interrupted: 1 });
		await call('POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: retry } });
		expect(sim.uploads()[0].chunks[0].status).toBe('completed');
		expect(sim.stats()).toMatchObject({ chunkPuts: 1, interruptedChunkPuts: 1, duplicateChunkPuts: 0 });
	});

	it('faults apply to asset creation: dropped mid-body or before, nothing is created; after processing, it is', async () => {
		sim.failNext(1, { dropMidBody: true, pathPrefix: '/assets', method: 'POST' });
		await expect(createDirect('a.mp4', 3000)).rejects.toThrow();
		sim.failNext(1, { status: 500, pathPrefix: '/v1.3/assets' });
		expect((await createDirect('a.mp4', 3000)).status).toBe(500);
		sim.failNext(1, { malformed: true, pathPrefix: '/assets' });
		expect((await createDirect('a.mp4', 3000)).status).toBe(200);
		expect(sim.assets()).toHaveLength(0);
		sim.failNext(1, { dropAfterProcess: true, pathPrefix: '/assets' });
		await expect(createDirect('a.mp4', 3000)).rejects.toThrow();
		expect(sim.assets()).toHaveLength(1);
		expect(sim.counts().faults).toMatchObject({ dropMidBody: 1, error: 1, malformed: 1, dropAfterProcess: 1 });
	});

	it('counts asset and session creation as creates for rate limits; reads apart', async () => {
		sim.configure({ rateLimit: { perMinute: 100, create: { perMinute: 2 } } });
		expect((await createDirect()).status).toBe(201);
		await createSession(10);
		const limited = await createDirect();
		expect(limited.status).toBe(429);
		expect(limited.body.code).toBe('too_many_requests');
		expect(limited.headers.get('retry-after')).toBeTruthy();
		const read = await call('GET', '/assets');
		expect(read.status).toBe(200);
		expect(read.headers.get('x-ratelimit-limit')).toBe('100');
	});
});

describe('control routes', () => {
	it('seeds, lists, completes and deletes assets and lists uploads over /__sim', async () => {
		const control = async (method: string, path: string, body?: unknown) => {
			const response = await fetch(`${root}/__sim${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
			return { status: response.status, body: (await response.json()) as Json };
		};
		const seeded = await control('POST', '/assets', { filename: 'seed.mp4', status: 'processing' });
		expect(seeded.body).toMatchObject({ status: 'processing', filename: 'seed.mp4', json: { _id: seeded.body.assetId } });
		expect((await control('POST', `/assets/${seeded.body.assetId}/complete`, { status: 'failed', message: 'bad' })).body).toMatchObject({ status: 'failed', json: { error: { message: 'bad' } } });
		expect((await control('POST', `/assets/${seeded.body.assetId}/outcome`, { outcome: 'ready', processingMs: 0 })).body.status).toBe('ready');
		expect((await control('GET', '/assets')).body).toHaveLength(1);
		expect((await control('GET', '/health')).body).toMatchObject({ assets: 1 });
		await createSession(10);
		expect((await control('GET', '/uploads')).body[0]).toMatchObject({ totalChunks: 1, status: 'active' });
		expect((await control('DELETE', `/assets/${seeded.body.assetId}`)).body).toEqual({ deleted: true });
		expect((await control('GET', `/assets/${seeded.body.assetId}`)).status).toBe(404);
	});
});
