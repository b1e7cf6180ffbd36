/** "From list" for the Batch picker: recent batches, filtered by what the user types. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { isValidBatchId, listBatchPage } from '../api/batchesApi';
import type { Batch } from '../api/batchTypes';
import { isLastListPage, MAX_PAGE_LIMIT } from '../api/types';
import { transportFor } from '../task/shared';

/** The picker pages on while scrolled, up to this many pages (a server may claim any total_page). */
const MAX_PICKER_PAGES = 20;

/** Status · ready of total · date, each only when the API sent it; the batch ID is always the value. */
export function batchLabel(batch: Batch): string {
	const created =
		typeof batch.created_at === 'string' ? batch.created_at.slice(0, 16).replace('T', ' ') : '';
	const counts =
		typeof batch.total_items === 'number'
			? `${typeof batch.ready_items === 'number' ? batch.ready_items : '?'}/${batch.total_items} ready`
			: '';
	const parts = [batch.status, counts, created].filter(
		(part): part is string => typeof part === 'string' && part !== '',
	);
	return parts.length > 0 ? `${parts.join(' · ')} (${batch.batch_id})` : batch.batch_id;
}

export async function searchBatches(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const needle = filter?.trim().toLowerCase() ?? '';
	const response = await listBatchPage(await transportFor(this), {
		page,
		page_limit: MAX_PAGE_LIMIT,
	});
	const results = response.data
		.filter((batch) => isValidBatchId(batch?.batch_id))
		.map((batch) => ({ name: batchLabel(batch), value: batch.batch_id }))
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle));
	const more = !isLastListPage(response, page, MAX_PAGE_LIMIT) && page < MAX_PICKER_PAGES;
	return { results, paginationToken: more ? String(page + 1) : undefined };
}
