/** Bounded, de-duplicated paging of a list (nodes/TwelveLabs/listPaging.ts). */
import type { IExecutePaginationFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	collectPages,
	declaredFilters,
	wantedFromForm,
	type PagedList,
} from '../../nodes/TwelveLabs/listPaging';
import { rejectionOf } from './rejection';

/** A list served from these pages (1-based), recording the reads. */
function list(pages: string[][], extra: Partial<PagedList<string>> = {}) {
	const reads: Array<[number, number]> = [];
	const paged: PagedList<string> = {
		readPage: async (page, pageLimit) => {
			reads.push([page, pageLimit]);
			const entries = pages[page - 1] ?? [];
			return { entries, isLast: page >= pages.length };
		},
		check: (entry) => String(entry),
		idOf: (entry) => entry,
		wanted: undefined,
		maxPages: 10,
		tooLong: (maxPages, collected) => new Error(`more than ${maxPages} pages (${collected})`),
		...extra,
	};
	return { paged, reads };
}

describe('collectPages', () => {
	it('reads to the last page, dropping repeats an insertion shifted onto the next page', async () => {
		const { paged, reads } = list([['a', 'b'], ['b', 'c'], ['d']]);
		expect(await collectPages(paged)).toEqual(['a', 'b', 'c', 'd']);
		expect(reads).toEqual([
			[1, 50],
			[2, 50],
			[3, 50],
		]);
	});

	it('stops at the wanted count, asking for no more than it wants a page', async () => {
		const { paged, reads } = list([['a', 'b', 'c'], ['d']], { wanted: 2 });
		expect(await collectPages(paged)).toEqual(['a', 'b']);
		expect(reads).toEqual([[1, 2]]);
	});

	it('ends after 3 pages in a row with no new id, and on an empty page', async () => {
		const same = list(Array.from({ length: 9 }, () => ['a']));
		expect(await collectPages(same.paged)).toEqual(['a']);
		expect(same.reads).toHaveLength(4);
		const empty = list([['a'], [], ['b']]);
		expect(await collectPages(empty.paged)).toEqual(['a']);
	});

	it('fails past maxPages rather than cutting the list silently', async () => {
		const endless = list(
			Array.from({ length: 20 }, (_, i) => [`id${i}`]),
			{ maxPages: 3 },
		);
		const error = await rejectionOf(collectPages(endless.paged), Error);
		expect(error.message).toBe('more than 3 pages (3)');
	});
});

describe("Get Many's form and filters", () => {
	const NODE = { name: 'TwelveLabs' } as INode;
	const form = (values: Record<string, unknown>) =>
		({
			getNodeParameter: (name: string, fallback: unknown) => values[name] ?? fallback,
			getNode: () => NODE,
			getItemIndex: () => 0,
		}) as unknown as IExecutePaginationFunctions;

	it('wants everything with Return All, else the Limit, a whole number of 1 or more', () => {
		expect(wantedFromForm(form({ returnAll: true, limit: 5 }), 'tasks')).toBeUndefined();
		expect(wantedFromForm(form({ limit: 5 }), 'tasks')).toBe(5);
		expect(wantedFromForm(form({}), 'tasks')).toBe(50);
		let caught: unknown;
		try {
			wantedFromForm(form({ limit: 0 }), 'assets');
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(NodeOperationError);
		expect((caught as NodeOperationError).message).toBe(
			"'Limit' is 0, not a whole number of 1 or more",
		);
	});

	it('keeps only the filters that were set', () => {
		expect(
			declaredFilters({
				status: ['ready'],
				asset_id: '',
				video_url: undefined,
				analysis_mode: [],
				x: 0,
			}),
		).toEqual({ status: ['ready'], x: 0 });
		expect(declaredFilters(undefined)).toEqual({});
	});
});
