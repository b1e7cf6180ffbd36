/**
 * The ID pickers' "From list" (resource locator list search) in n8n-core's LoadOptionsContext
 * against the simulator over real HTTP, as the editor calls them: labels, paging by token,
 * the filter, and the key sent only to the configured origin.
 */
import { listSearch } from '../harness/engine';
import { SPARSE, expectNoSecret, startSimulator, type SimulatorFixture } from './support';

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

const search = async (method: string, filter?: string, paginationToken?: string) => {
	const result = await listSearch({ method, credentials: fixture.credentials, filter, paginationToken });
	expectNoSecret(result);
	return result;
};

describe('the asset picker (searchAssets)', () => {
	beforeEach(() => {
		const start = Date.UTC(2026, 10, 2, 8, 0, 0);
		for (let i = 0; i < 60; i++) {
			fixture.sim.createAssetDirect({ filename: `clip-${i}.mp4`, status: i === 0 ? 'failed' : 'ready', createdAt: start + i * 60_000 });
		}
	});

	it('lists the newest 50 as "file · status · date", the ID as the value, and offers the next page', async () => {
		const first = await search('searchAssets');
		expect(first.results).toHaveLength(50);
		expect(first.results[0].value).toMatch(/^[0-9a-f]{24}$/);
		expect(first.paginationToken).toBe('2');
		const second = await search('searchAssets', undefined, first.paginationToken);
		expect(second.results).toHaveLength(10);
		expect(second.paginationToken).toBeUndefined();
		// A sparse answer may leave out file name, status and date: the label is then what is left, or the ID.
		if (!SPARSE) {
			expect(first.results[0].name).toBe('clip-59.mp4 · ready · 2026-11-02 08:59');
			expect(second.results.map((entry) => entry.name.split(' · ')[0])).toEqual(
				Array.from({ length: 10 }, (_, i) => `clip-${9 - i}.mp4`),
			);
			expect(second.results[9].name).toBe('clip-0.mp4 · failed · 2026-11-02 08:00');
		}
		const ids = new Set([...first.results, ...second.results].map((entry) => entry.value));
		expect(ids.size).toBe(60);
		const sent = fixture.sim.requests();
		expect(sent.map((entry) => [entry.method, entry.route, entry.query])).toEqual([
			['GET', '/assets', { page: '1', page_limit: '50' }],
			['GET', '/assets', { page: '2', page_limit: '50' }],
		]);
		expect(sent.every((entry) => entry.authValid)).toBe(true);
	});

	it('filters the page of the token by what the user types, case-insensitively, name or ID', async () => {
		const [one] = (await search('searchAssets')).results;
		expect((await search('searchAssets', String(one.value))).results).toEqual([one]);
		if (SPARSE) return; // the file names may be left out
		const found = await search('searchAssets', ' CLIP-5');
		expect(found.results.map((entry) => entry.name.split(' · ')[0])).toEqual(
			Array.from({ length: 10 }, (_, i) => `clip-${59 - i}.mp4`),
		);
		expect((await search('searchAssets', 'clip-5.', '2')).results.map((entry) => entry.name)).toEqual([
			'clip-5.mp4 · ready · 2026-11-02 08:05',
		]);
	});
});

describe('the task picker (searchTasks)', () => {
	it('lists the seeded tasks newest first, by status, time and video', async () => {
		const ids = fixture.sim.seedTasks(3, { status: ['ready', 'failed', 'processing'], videoUrl: 'https://videos.example.com/show/pilot.mp4' });
		const result = await search('searchTasks');
		// Seeded oldest first.
		expect(result.results.map((entry) => entry.value)).toEqual([...ids].reverse());
		if (!SPARSE) {
			expect(result.results.map((entry) => entry.name.split(' · ')[0])).toEqual(['processing', 'failed', 'ready']);
			expect(result.results.every((entry) => entry.name.endsWith(' · pilot.mp4'))).toBe(true);
		}
		expect(result.paginationToken).toBeUndefined();
	});
});
