/**
 * Get Many: assets newest first, declared like task Get Many (n8n builds `GET /assets` and
 * the filters' query parameters; the pagination function sends it page by page through the
 * one transport), read by listPaging.ts: de-duplicated by ID, bounded whatever the server claims.
 */
import type { INodeProperties } from 'n8n-workflow';
import { ASSETS_PATH, assertAsset, listAssetPage } from '../api/assetsApi';
import { ASSET_TYPES, type CheckedAsset, type ListAssetsQuery } from '../api/assetTypes';
import { getManyOf, titledOptions, type ListEndpoint } from '../listPaging';
import { assetJson, showFor } from './shared';

/** The list Get Many reads (listPaging.ts). */
const ASSET_LIST: ListEndpoint<CheckedAsset, ListAssetsQuery> = {
	listed: 'assets',
	narrow: 'asset IDs, types, file name',
	path: ASSETS_PATH,
	readPage: listAssetPage,
	check: assertAsset,
	idOf: (asset) => asset._id,
};

/** The Filters, each sent as the query parameter it declares. */
const ASSET_FILTERS: INodeProperties[] = [
	{
		displayName: 'Asset IDs',
		name: 'assetIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 6650c3b4a3e0b8f3c1d2e4f5, 6650c3b4a3e0b8f3c1d2e4f6',
		description: 'Only these assets; several IDs separated by commas',
		routing: {
			send: {
				type: 'query',
				property: 'asset_ids',
				value:
					'={{ String($value).split(",").map(id => id.trim()).filter(id => id !== "") }}',
			},
		},
	},
	{
		displayName: 'Asset Types',
		name: 'assetTypes',
		type: 'multiOptions',
		default: [],
		description: 'Only assets of these types',
		options: titledOptions(ASSET_TYPES),
		routing: { send: { type: 'query', property: 'asset_types' } },
	},
	{
		displayName: 'File Name Contains',
		name: 'filename',
		type: 'string',
		default: '',
		description: 'Only assets whose file name contains this text (case-insensitive)',
		routing: { send: { type: 'query', property: 'filename' } },
	},
];

export const { operation: getManyAssetsOperation, fields: getManyAssetsFields } = getManyOf({
	list: ASSET_LIST,
	noun: 'assets',
	json: assetJson,
	show: showFor(['getMany']),
	filters: { name: 'assetFilters', options: ASSET_FILTERS },
});
