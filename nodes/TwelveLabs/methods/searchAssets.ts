/** "From list" for the Asset picker: recent assets, filtered by what the user types. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { isValidAssetId, listAssetPage } from '../api/assetsApi';
import type { Asset } from '../api/assetTypes';
import { isLastListPage, MAX_PAGE_LIMIT } from '../api/types';
import { transportFor } from '../task/shared';

/** The picker pages on while scrolled, up to this many pages (a server may claim any total_page). */
const MAX_PICKER_PAGES = 20;

/** File name · status · date, each only when the API sent it; the asset ID is always the value. */
export function assetLabel(asset: Asset & { _id: string }): string {
	const created =
		typeof asset.created_at === 'string' ? asset.created_at.slice(0, 16).replace('T', ' ') : '';
	const parts = [asset.filename, asset.status, created].filter(
		(part): part is string => typeof part === 'string' && part !== '',
	);
	return parts.length > 0 ? parts.join(' · ') : asset._id;
}

export async function searchAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const needle = filter?.trim() ?? '';
	const response = await listAssetPage(await transportFor(this), {
		page,
		page_limit: MAX_PAGE_LIMIT,
	});
	const results = response.data
		.filter((asset): asset is Asset & { _id: string } => isValidAssetId(asset?._id))
		.map((asset) => ({ name: assetLabel(asset), value: asset._id }))
		.filter(
			(entry) =>
				!needle ||
				entry.name.toLowerCase().includes(needle.toLowerCase()) ||
				entry.value.includes(needle),
		);
	const more = !isLastListPage(response, page, MAX_PAGE_LIMIT) && page < MAX_PICKER_PAGES;
	return { results, paginationToken: more ? String(page + 1) : undefined };
}
