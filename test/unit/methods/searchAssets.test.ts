/**
 * The asset picker (nodes/TwelveLabs/methods/searchAssets.ts) over a mocked n8n load-options
 * context: its HTTP helper answers, nothing is sent.
 */
import type {
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	ILoadOptionsFunctions,
	INode,
} from 'n8n-workflow';
import { assetLabel, searchAssets } from '../../../nodes/TwelveLabs/methods/searchAssets';

const NODE = { name: 'TwelveLabs', type: 'x', typeVersion: 1, parameters: {} } as unknown as INode;

function context(pages: unknown[]) {
	const sent: IHttpRequestOptions[] = [];
	const fake = {
		getNode: () => NODE,
		getCredentials: async () => ({ apiKey: 'key-123456', baseUrl: 'https://api.example.com/v1.3' }),
		helpers: {
			httpRequestWithAuthentication: async (
				_credential: string,
				options: IHttpRequestOptions,
			): Promise<IN8nHttpFullResponse> => {
				sent.push(options);
				return { statusCode: 200, headers: {}, body: JSON.stringify(pages.shift()) };
			},
		},
	};
	return { fake: fake as unknown as ILoadOptionsFunctions, sent };
}

const asset = (n: number, extra: Record<string, unknown> = {}) => ({
	_id: `asset${n}`,
	filename: `clip-${n}.mp4`,
	status: 'ready',
	created_at: '2026-03-04T05:06:07Z',
	...extra,
});

describe('assetLabel', () => {
	it('file name · status · minute, or the ID when the API sent none of them', () => {
		expect(assetLabel(asset(1))).toBe('clip-1.mp4 · ready · 2026-03-04 05:06');
		expect(assetLabel({ _id: 'bare' })).toBe('bare');
	});
});

describe('searchAssets', () => {
	it('lists a page of 50, drops entries without a usable ID, filters, and offers the next page', async () => {
		const fillers = Array.from({ length: 46 }, (_, i) => asset(100 + i, { filename: 'filler' }));
		const data = [
			asset(1),
			asset(12),
			{ ...asset(3), _id: '../x' },
			asset(4, { filename: 'Other.MOV' }),
			...fillers,
		];
		const { fake, sent } = context([{ data, page_info: { total_page: 3 } }]);
		const all = await searchAssets.call(fake);
		expect(all.results.map((entry) => entry.value)).toEqual([
			'asset1',
			'asset12',
			'asset4',
			...fillers.map((filler) => filler._id),
		]);
		expect(all.paginationToken).toBe('2');
		expect(sent[0]).toMatchObject({
			method: 'GET',
			url: '/assets',
			qs: { page: 1, page_limit: 50 },
		});
		const filtered = context([{ data, page_info: { total_page: 2 } }]);
		const found = await searchAssets.call(filtered.fake, ' other ', '2');
		expect(found.results).toEqual([
			{ name: 'Other.MOV · ready · 2026-03-04 05:06', value: 'asset4' },
		]);
		expect(found.paginationToken).toBeUndefined();
		expect(filtered.sent[0].qs).toMatchObject({ page: 2 });
		const short = context([{ data: [asset(1)], page_info: { total_page: 9 } }]);
		expect((await searchAssets.call(short.fake)).paginationToken).toBeUndefined();
	});
});
