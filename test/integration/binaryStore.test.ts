/**
 * A binary whose file n8n's binary data store cannot give: in queue mode, a worker that does not
 * share the disk the main instance stored it on (filesystem binary data); or an execution n8n
 * has pruned. Every operation that reads binaries refuses it naming the field, the store and the
 * fix, before any request, through n8n's engine and its real filesystem binary data service.
 */
import type { IDataObject } from 'n8n-workflow';
import { dropStoredBinary, runNode, storeBinary } from '../harness/engine';
import { CREATE_GENERAL, expectNoSecret, startSimulator, type SimulatorFixture } from './support';

const MiB = 1024 * 1024;

let fixture: SimulatorFixture;
beforeAll(async () => {
	fixture = await startSimulator();
});
afterAll(async () => {
	await fixture.sim.stop();
});
beforeEach(() => {
	fixture.sim.reset({ apiKeys: [String(fixture.credentials.apiKey)], seed: 3 });
});

const BINARY_TASK = { ...CREATE_GENERAL, videoSource: 'binary', binaryPropertyName: 'data' };

const cases: Array<{ name: string; parameters: IDataObject; bytes: number }> = [
	{ name: 'Analysis Task › Create, a file sent inline', parameters: { ...BINARY_TASK, operation: 'create' }, bytes: MiB },
	{ name: 'Analysis Task › Create and Wait, a file above 30 MB (an asset first)', parameters: { ...BINARY_TASK, operation: 'createAndWait' }, bytes: 30 * MiB + 1 },
	{ name: 'Asset › Create', parameters: { resource: 'asset', operation: 'create' }, bytes: MiB },
];

describe('a binary the binary data store cannot give', () => {
	it.each(cases)('$name: refused naming the field and the fix, nothing sent', async ({ parameters, bytes }) => {
		const binary = await storeBinary(Buffer.alloc(bytes, 9), { fileName: 'clip.mp4', mimeType: 'video/mp4' });
		await dropStoredBinary(binary);
		const result = await runNode({ parameters, credentials: fixture.credentials, items: [{ json: {}, binary: { data: binary } }] });
		expectNoSecret(result);
		expect(result.error?.message).toBe(
			'\'Input Binary Field\' names the binary field "data", whose file n8n\'s binary data store (filesystem) could not give: File not found',
		);
		expect(result.error?.description).toContain('every n8n process must use one shared N8N_BINARY_DATA_STORAGE_PATH folder');
		expect(result.error?.description).toContain('Nothing was sent to TwelveLabs.');
		expect(fixture.sim.requests()).toEqual([]);
	});

	it('Continue On Fail: that item fails alone, the next one is analyzed', async () => {
		const gone = await storeBinary(Buffer.alloc(MiB, 1), { fileName: 'gone.mp4', mimeType: 'video/mp4' });
		const kept = await storeBinary(Buffer.alloc(MiB, 2), { fileName: 'kept.mp4', mimeType: 'video/mp4' });
		await dropStoredBinary(gone);
		const result = await runNode({
			parameters: { ...BINARY_TASK, operation: 'create' },
			credentials: fixture.credentials,
			items: [{ json: {}, binary: { data: gone } }, { json: {}, binary: { data: kept } }],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatch(/could not give: File not found/);
		expect(result.items[1].json).toMatchObject({ task_id: expect.stringMatching(/^[0-9a-f]{24}$/), video: { type: 'base64_string' } });
	});
});
