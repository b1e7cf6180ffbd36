/** Wiring shared by the asset operations: the asset ID of an item, and the item an asset becomes. */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import type { Asset } from '../api/assetTypes';
import { checkPickedId } from '../task/shared';

export const ASSET_RESOURCE = 'asset';

/** displayOptions.show for fields of some asset operations. */
export const showFor = (operations: string[]) => ({
	resource: [ASSET_RESOURCE],
	operation: operations,
});

/** Checks an asset ID before it becomes part of a URL. */
export function checkAssetId(node: INode, value: unknown, itemIndex: number): string {
	return checkPickedId(node, value, itemIndex, {
		label: 'Asset',
		noun: 'asset',
		fix: 'Pick an asset from the list, or enter the asset ID returned by Create (letters and digits, e.g. 6650c3b4a3e0b8f3c1d2e4f5).',
	});
}

export function assetIdOfItem(context: IExecuteFunctions, itemIndex: number): string {
	return checkAssetId(
		context.getNode(),
		context.getNodeParameter('assetId', itemIndex, undefined, { extractValue: true }),
		itemIndex,
	);
}

/** The item an asset becomes: the API's fields, its `_id` named `asset_id` and first. */
export function assetJson(asset: Asset & { _id: string }): IDataObject {
	const { _id, ...rest } = asset;
	return { asset_id: _id, ...rest } as IDataObject;
}
