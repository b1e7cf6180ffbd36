/** Delete: remove an asset; one still used by indexed assets answers 409 unless Force is on. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { deleteAsset } from '../api/assetsApi';
import { ASSET_ID_KIND, executeDeleteForPickedIds } from '../byId';
import { assetIdProperty } from './assetId';
import { showFor } from './shared';

export const executeDeleteAsset = executeDeleteForPickedIds(
	ASSET_ID_KIND,
	async ({ transport, id, itemIndex, extra }, context) => {
		const force = context.getNodeParameter('force', itemIndex, false) === true;
		await deleteAsset(transport, id, force, extra);
	},
);

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
