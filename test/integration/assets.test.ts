/**
 * The Asset resource through n8n's engine against the simulator over HTTP: Get, Get Many,
 * Delete, Create from a URL and from a binary field (direct upload), every local refusal.
 * Multipart uploads and Create and Wait: assetUpload.test.ts.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { runNode } from '../harness/engine';
import { binaryItem, expectNoSecret, optional, startSimulator, type SimulatorFixture } from './support';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

let fixture: SimulatorFixture;
beforeAll(async () => {
	fixture = await startSimulator();
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	fixture.sim.reset({ apiKeys: [String(fixture.credentials.apiKey)], seed: 7 });
});

async function run(parameters: IDataObject, items?: INodeExecutionData[], continueOnFail = false) {
	const result = await runNode({
		parameters: { resource: 'asset', ...parameters },
		credentials: fixture.credentials,
		items,
		continueOnFail,
	});
	expectNoSecret(result);
	return result;
}

const apiRequests = () => fixture.sim.requests().filter((entry) => !entry.path.startsWith('/_storage'));

describe('Get', () => {
	it('returns the asset with its ID as asset_id', async () => {
		const seeded = fixture.sim.createAssetDirect({ filename: 'intro.mp4', size: 1234 });
		const result = await run({ operation: 'get', assetId: byId(seeded.assetId) });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			asset_id: seeded.assetId,
			status: 'ready',
			filename: optional('intro.mp4'),
		});
		expect(result.items[0].json).not.toHaveProperty('_id');
		expect(fixture.sim.requests().map((entry) => `${entry.method} ${entry.route}`)).toEqual([
			'GET /assets/:id',
		]);
	});

	it('names a missing asset', async () => {
		const result = await run({ operation: 'get', assetId: byId('0123456789abcdef01234567') });
		expect(result.error?.message).toBe("The asset '0123456789abcdef01234567' was not found");
	});

	it('refuses an ID that is not one before any request', async () => {
		const result = await run({ operation: 'get', assetId: { __rl: true, mode: 'list', value: '../tasks' } });
		expect(result.error?.message).toBe('\'Asset\' ("../tasks") is not a valid asset ID');
		expect(result.error?.description).toContain('Nothing was sent to TwelveLabs.');
		expect(fixture.sim.requests()).toHaveLength(0);
	});

	it('reads every item, each paired with its input', async () => {
		const a = fixture.sim.createAssetDirect({ filename: 'a.mp4' });
		const b = fixture.sim.createAssetDirect({ filename: 'b.png' });
		const result = await run({ operation: 'get', assetId: '={{ $json.id }}' }, [
			{ json: { id: a.assetId } },
			{ json: { id: b.assetId } },
		]);
		expect(result.items.map((item) => [item.json.asset_id, item.pairedItem])).toEqual([
			[a.assetId, { item: 0 }],
			[b.assetId, { item: 1 }],
		]);
	});
});

describe('Get Many', () => {
	it('returns up to Limit assets, newest first', async () => {
		for (let index = 0; index < 5; index++) {
			fixture.sim.createAssetDirect({ filename: `clip${index}.mp4`, createdAt: fixture.sim.now() + index * 1000 });
		}
		const result = await run({ operation: 'getMany', limit: 3 });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.asset_id)).toEqual(
			fixture.sim.assets().slice(0, 3).map((asset) => asset.assetId),
		);
		expect(fixture.sim.requests()[0].query).toMatchObject({ page: '1', page_limit: '3' });
	});

	it('reads every page with Return All, without duplicates', async () => {
		for (let index = 0; index < 120; index++) fixture.sim.createAssetDirect({ filename: `c${index}.mp4` });
		const result = await run({ operation: 'getMany', returnAll: true });
		const ids = result.items.map((item) => item.json.asset_id);
		expect(ids).toHaveLength(120);
		expect(new Set(ids).size).toBe(120);
		expect(fixture.sim.requests().map((entry) => entry.query.page)).toEqual(['1', '2', '3']);
	});

	it('sends the filters the SDK offers: asset IDs (repeated), types, file name', async () => {
		const a = fixture.sim.createAssetDirect({ filename: 'Meeting-1.mp4' });
		const b = fixture.sim.createAssetDirect({ filename: 'meeting-2.png', fileType: 'image/png' });
		fixture.sim.createAssetDirect({ filename: 'other.mp4' });
		const result = await run({
			operation: 'getMany',
			returnAll: true,
			assetFilters: { assetIds: `${a.assetId}, ${b.assetId}`, filename: 'MEETING' },
		});
		expect(result.items.map((item) => item.json.asset_id).sort()).toEqual([a.assetId, b.assetId].sort());
		const typed = await run({ operation: 'getMany', returnAll: true, assetFilters: { assetTypes: ['image'] } });
		expect(typed.items.map((item) => item.json.asset_id)).toEqual([b.assetId]);
		const queries = fixture.sim.requests().map((entry) => entry.query);
		expect(queries[0]).toMatchObject({ filename: 'MEETING' });
		expect(queries[1]).toMatchObject({ asset_types: 'image' });
	});

	it('refuses a Limit below 1 before any request', async () => {
		const result = await run({ operation: 'getMany', limit: 0 });
		expect(result.error?.message).toBe("'Limit' is 0, not a whole number of 1 or more");
		expect(fixture.sim.requests()).toHaveLength(0);
	});
});

describe('Delete', () => {
	it('deletes an asset', async () => {
		const seeded = fixture.sim.createAssetDirect({ filename: 'old.mp4' });
		const result = await run({ operation: 'delete', assetId: byId(seeded.assetId) });
		expect(result.items[0].json).toEqual({ deleted: true, asset_id: seeded.assetId });
		expect(fixture.sim.getAssetDirect(seeded.assetId)).toBeUndefined();
		expect(fixture.sim.requests()[0].query).toEqual({});
	});

	it('explains an asset still used by indexed assets, and deletes it with Force', async () => {
		const seeded = fixture.sim.createAssetDirect({ filename: 'used.mp4', indexedReferences: 2 });
		const refused = await run({ operation: 'delete', assetId: byId(seeded.assetId) });
		expect(refused.error?.message).toBe(`The asset '${seeded.assetId}' is still used by indexed assets`);
		expect(refused.error?.description).toContain('turn on Force');
		const forced = await run({ operation: 'delete', assetId: byId(seeded.assetId), force: true });
		expect(forced.items[0].json).toEqual({ deleted: true, asset_id: seeded.assetId });
		expect(fixture.sim.requests()[1].query).toEqual({ force: 'true' });
	});
});

describe('Create from a URL', () => {
	it('creates the asset with the options as form fields', async () => {
		const result = await run({
			operation: 'create',
			assetSource: 'url',
			assetUrl: 'https://videos.example.com/launch.mp4',
			assetOptions: {
				fileName: 'Launch day.mp4',
				enableHls: true,
				enableThumbnail: true,
				userMetadata: '{"project": "launch", "take": 3, "final": false}',
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			asset_id: expect.stringMatching(/^[0-9a-f]{24}$/),
			status: 'processing',
		});
		const [asset] = fixture.sim.assets();
		expect(asset).toMatchObject({
			method: 'url',
			url: 'https://videos.example.com/launch.mp4',
			filename: 'Launch day.mp4',
			userMetadata: { project: 'launch', take: 3, final: false },
		});
		expect(asset.json).toMatchObject({ hls: expect.anything(), thumbnail: expect.anything() });
		expect(fixture.sim.stats().assetCreates).toBe(1);
	});

	it('sends only what was set', async () => {
		await run({ operation: 'create', assetSource: 'url', assetUrl: 'https://videos.example.com/a.mp4' });
		const [asset] = fixture.sim.assets();
		expect(asset).toMatchObject({ filename: 'a.mp4', userMetadata: null });
		expect(asset.json).not.toHaveProperty('hls');
	});

	it.each([
		[{ assetUrl: '={{ "" }}' }, "'URL' is empty"],
		[{ assetUrl: 'ftp://example.com/a.mp4' }, "'URL' must start with http:// or https://"],
		[{ assetOptions: { userMetadata: '[1]' } }, "'Options › User Metadata' is not a JSON object"],
		[{ assetOptions: { userMetadata: '{"a": {"b": 1}}' } }, "'Options › User Metadata' has the key \"a\" whose value is not a string, number or boolean"],
		[{ assetOptions: { userMetadata: '{oops' } }, "'Options › User Metadata' is not valid JSON"],
		[{ assetOptions: { fileName: 'x'.repeat(256) } }, "'Options › File Name' has 256 characters, above 255"],
	])('refuses %j before any request', async (parameters, message) => {
		const result = await run({
			operation: 'create',
			assetSource: 'url',
			assetUrl: 'https://videos.example.com/a.mp4',
			...parameters,
		});
		expect(result.error?.message).toContain(message);
		expect(result.error?.description).toContain('Nothing was sent to TwelveLabs.');
		expect(fixture.sim.requests()).toHaveLength(0);
	});

	it('with Continue On Fail, a refused item becomes an error item and the others go on', async () => {
		const result = await run(
			{ operation: 'create', assetSource: 'url', assetUrl: '={{ $json.url }}' },
			[{ json: { url: 'https://videos.example.com/a.mp4' } }, { json: { url: 'nope' } }],
			true,
		);
		expect(result.items[0].json.asset_id).toEqual(expect.any(String));
		expect(result.items[1].json.error).toContain("'URL' is not a valid URL");
		expect(fixture.sim.assets()).toHaveLength(1);
	});
});

describe('Create from a binary field (direct upload)', () => {
	it('uploads a small file as multipart/form-data, byte for byte', async () => {
		const bytes = Buffer.alloc(300_000, 7);
		const result = await run({ operation: 'create' }, [binaryItem(bytes, 'small clip.mp4')]);
		expect(result.error).toBeUndefined();
		const [asset] = fixture.sim.assets();
		expect(asset).toMatchObject({ method: 'direct', filename: 'small clip.mp4', bytesReceived: 300_000, kind: 'video' });
		expect(result.items[0].json.asset_id).toBe(asset.assetId);
		expect(apiRequests().map((entry) => `${entry.method} ${entry.route}`)).toEqual(['POST /assets']);
	});

	it('sends documents directly, named by the File Name option', async () => {
		const result = await run(
			{ operation: 'create', assetOptions: { fileName: 'notes.md' } },
			[binaryItem(Buffer.from('# Notes\n'), 'upload.bin', 'application/octet-stream')],
		);
		expect(result.error).toBeUndefined();
		expect(fixture.sim.assets()[0]).toMatchObject({ filename: 'notes.md', kind: 'document' });
	});

	it.each([
		[[binaryItem(Buffer.from('x'))], { assetBinaryProperty: 'video' }, "'Input Binary Field' names the binary field \"video\", which the input item does not have"],
		[[{ json: {} }], {}, "'Input Binary Field' names the binary field \"data\", which the input item does not have"],
		[[binaryItem(Buffer.alloc(0))], {}, "'Input Binary Field' holds an empty file"],
		[[binaryItem(Buffer.from('MZ'), 'setup.exe', 'application/x-msdownload')], {}, "'Input Binary Field' holds \"setup.exe\" (application/x-msdownload), a type TwelveLabs does not accept as an asset"],
	])('refuses bad input before any byte is sent (%#)', async (items, parameters, message) => {
		const result = await run({ operation: 'create', ...parameters }, items);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain('Nothing was sent to TwelveLabs.');
		expect(fixture.sim.requests()).toHaveLength(0);
	});

	it('refuses a file above the maximum for its type before any byte is sent', async () => {
		const image = Buffer.alloc(32 * 1024 * 1024 + 1);
		const result = await run({ operation: 'create' }, [binaryItem(image, 'big.png', 'image/png')]);
		expect(result.error?.message).toBe(
			"'Input Binary Field' holds a image file of 32.0 MB, above the 32.0 MB TwelveLabs accepts for image assets",
		);
		expect(fixture.sim.requests()).toHaveLength(0);
	});

	it('waits out a 429 and sends the whole file again, once', async () => {
		fixture.sim.failNext(1, { status: 429, retryAfterMs: 50, method: 'POST', pathPrefix: '/assets' });
		const result = await run({ operation: 'create' }, [binaryItem(Buffer.alloc(4096, 1))]);
		expect(result.error).toBeUndefined();
		expect(fixture.sim.assets()).toHaveLength(1);
		expect(fixture.sim.assets()[0].bytesReceived).toBe(4096);
	});

	it('does not send a direct upload again after a dropped connection (it could create a duplicate)', async () => {
		fixture.sim.failNext(1, { dropMidBody: true, method: 'POST', pathPrefix: '/assets' });
		const result = await run({ operation: 'create' }, [binaryItem(Buffer.alloc(200_000, 1))]);
		expect(result.error?.message).toBeDefined();
		expect(fixture.sim.assets()).toHaveLength(0);
		expect(apiRequests()).toHaveLength(1);
	});
});
