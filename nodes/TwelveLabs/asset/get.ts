/** Get: one asset as the API returns it (its processing status, and once ready its details). */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { getAsset } from '../api/assetsApi';
import { ASSET_ID_KIND, executeForPickedIds } from '../byId';
import { assetIdProperty } from './assetId';
import { assetJson } from './shared';

export const executeGetAsset = executeForPickedIds(
	ASSET_ID_KIND,
	async ({ transport, id, extra }) => assetJson(await getAsset(transport, id, extra)),
);

export const getAssetOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an asset',
	description: 'Get an asset with its status and details',
};

export const getAssetFields: INodeProperties[] = [assetIdProperty(['get'])];
