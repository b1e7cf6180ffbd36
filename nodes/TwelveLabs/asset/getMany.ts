/**
 * Get Many: assets newest first, declared like task Get Many (n8n builds `GET /assets` and
 * the filters' query parameters; the pagination function sends it page by page through the
 * one transport), read by listPaging.ts: de-duplicated by ID, bounded whatever the server claims.
 */
import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { ASSETS_PATH, assertAsset, listAssetPage } from '../api/assetsApi';
import { ASSET_TYPES, type CheckedAsset, type ListAssetsQuery } from '../api/assetTypes';
import {
	declaredListItems,
	filtersCollection,
	getManyOperationOf,
	returnAllAndLimitFields,
	titledOptions,
} from '../listPaging';
import { MAX_LIST_PAGES } from '../task/getMany';
import { assetJson, showFor } from './shared';
import { fitRoutedItems } from '../tool/toolCall';

const show = showFor(['getMany']);

async function executeGetManyAssets(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const items = await declaredListItems<CheckedAsset>(this, requestData, {
		noun: 'assets',
		narrow: 'asset IDs, types, file name',
		defaultPath: ASSETS_PATH,
		maxPages: MAX_LIST_PAGES,
		check: (transport, entry) => assertAsset(transport.node, entry, transport.itemIndex),
		idOf: (asset) => asset._id,
		readPage: async (transport, query, extra, path) =>
			await listAssetPage(transport, query as ListAssetsQuery, extra, path),
		json: (asset) => assetJson(asset),
	});
	return fitRoutedItems(this, items);
}

export const getManyAssetsOperation = getManyOperationOf({
	noun: 'assets',
	listed: 'assets',
	path: ASSETS_PATH,
	pagination: executeGetManyAssets,
});

export const getManyAssetsFields: INodeProperties[] = [
	...returnAllAndLimitFields(show),
	filtersCollection(
		'assetFilters',
		[
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
		],
		{ show },
	),
];
