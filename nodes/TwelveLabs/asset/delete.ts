/** Delete: remove an asset; one still used by indexed assets answers 409 unless Force is on. */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { deleteAsset } from '../api/assetsApi';
import { READ_CONCURRENCY } from '../task/get';
import { programmaticRequestOptions, runForEachItem, transportFor } from '../task/shared';
import { assetIdProperty } from './assetId';
import { assetIdOfItem, showFor } from './shared';

export async function executeDeleteAsset(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const transport = await transportFor(this);
	const extra = programmaticRequestOptions(this);
	return await runForEachItem(this, READ_CONCURRENCY, async (itemIndex) => {
		const assetId = assetIdOfItem(this, itemIndex);
		const force = this.getNodeParameter('force', itemIndex, false) === true;
		await deleteAsset({ ...transport, itemIndex }, assetId, force, extra);
		return [{ json: { deleted: true, asset_id: assetId }, pairedItem: { item: itemIndex } }];
	});
}

export const deleteAssetOperation: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an asset',
	description: 'Delete an asset (cannot be undone)',
};

export const deleteAssetFields: INodeProperties[] = [
	assetIdProperty(['delete']),
	{
		displayName: 'Force',
		name: 'force',
		type: 'boolean',
		default: false,
		description:
			'Whether to delete the asset even when indexed assets use it (TwelveLabs then unlinks them); off, such an asset is refused',
		displayOptions: { show: showFor(['delete']) },
	},
];
