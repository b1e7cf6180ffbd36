/** Get: one asset as the API returns it (its processing status, and once ready its details). */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getAsset } from '../api/assetsApi';
import { READ_CONCURRENCY } from '../task/get';
import { programmaticRequestOptions, runForEachItem, transportFor } from '../task/shared';
import { assetIdProperty } from './assetId';
import { assetIdOfItem, assetJson } from './shared';

export async function executeGetAsset(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const transport = await transportFor(this);
	const extra = programmaticRequestOptions(this);
	return await runForEachItem(this, READ_CONCURRENCY, async (itemIndex) => {
		const asset = await getAsset({ ...transport, itemIndex }, assetIdOfItem(this, itemIndex), extra);
		return [{ json: assetJson(asset), pairedItem: { item: itemIndex } }];
	});
}

export const getAssetOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an asset',
	description: 'Get an asset with its status and details',
};

export const getAssetFields: INodeProperties[] = [assetIdProperty(['get'])];
