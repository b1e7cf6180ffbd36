/** The simulator's sample files (/_files/<name>?bytes=N) over real HTTP: what the examples download. */
import { createSimulator, type Simulator } from './index';

let sim: Simulator;
let root: string;
beforeAll(async () => {
	sim = createSimulator({ seed: 1 });
	root = (await sim.start()).url.replace(/\/v1\.3$/, '');
});
afterAll(async () => {
	await sim.stop();
});

describe('GET /_files/<name>', () => {
	it('streams exactly the bytes asked for, the same on every download, typed by extension', async () => {
		const first = await fetch(`${root}/_files/clip%20one.mov?bytes=3000000`);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toBe('video/quicktime');
		expect(first.headers.get('content-length')).toBe('3000000');
		expect(first.headers.get('content-disposition')).toBe('attachment; filename="clip one.mov"');
		const bytes = Buffer.from(await first.arrayBuffer());
		expect(bytes.length).toBe(3_000_000);
		expect([bytes[0], bytes[1], bytes[2_999_999]]).toEqual([0, 7, (2_999_999 * 7) % 251]);
		const again = Buffer.from(await (await fetch(`${root}/_files/clip%20one.mov?bytes=3000000`)).arrayBuffer());
		expect(again.equals(bytes)).toBe(true);
	});

	it('answers HEAD with the size and no body, and refuses a bad size or method', async () => {
		const head = await fetch(`${root}/_files/a.mp4?bytes=10`, { method: 'HEAD' });
		expect([head.status, head.headers.get('content-length'), head.headers.get('content-type')]).toEqual([200, '10', 'video/mp4']);
		expect((await fetch(`${root}/_files/a.mp4?bytes=-1`)).status).toBe(400);
		expect((await fetch(`${root}/_files/a.mp4?bytes=1.5`)).status).toBe(400);
		expect((await fetch(`${root}/_files/a.mp4`, { method: 'POST' })).status).toBe(405);
	});

	it('needs no API key and is not logged as an API request', async () => {
		await fetch(`${root}/_files/b.bin?bytes=1`);
		expect(sim.requests()).toEqual([]);
	});
});
