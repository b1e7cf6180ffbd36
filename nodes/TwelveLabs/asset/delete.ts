/** Delete: remove an asset; one still used by indexed assets answers 409 unless Force is on. */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { deleteAsset } from '../api/assetsApi';
import { ASSET_ID_KIND, forEachPickedId } from '../byId';
import { assetIdProperty } from './assetId';
import { showFor } from './shared';

export async function executeDeleteAsset(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	return await forEachPickedId(this, ASSET_ID_KIND, async ({ transport, id, itemIndex, extra }) => {
		const force = this.getNodeParameter('force', itemIndex, false) === true;
		await deleteAsset(transport, id, force, extra);
		return { deleted: true, asset_id: id };
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
