/** Get: one asset as the API returns it (its processing status, and once ready its details). */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getAsset } from '../api/assetsApi';
import { ASSET_ID_KIND, forEachPickedId } from '../byId';
import { assetIdProperty } from './assetId';
import { assetJson } from './shared';

export async function executeGetAsset(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachPickedId(this, ASSET_ID_KIND, async ({ transport, id, extra }) =>
		assetJson(await getAsset(transport, id, extra)),
	);
}

export const getAssetOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an asset',
	description: 'Get an asset with its status and details',
};

export const getAssetFields: INodeProperties[] = [assetIdProperty(['get'])];
