/** The Asset resource: its operations and every field they show. */
import type { INodeProperties } from 'n8n-workflow';
import { createAssetOperation } from './create';
import { createAndWaitAssetOperation } from './createAndWait';
import { createAssetFields } from './createFields';
import { deleteAssetFields, deleteAssetOperation } from './delete';
import { getAssetFields, getAssetOperation } from './get';
import { getManyAssetsFields, getManyAssetsOperation } from './getMany';
import { ASSET_RESOURCE } from './shared';

export const assetProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'create',
		displayOptions: { show: { resource: [ASSET_RESOURCE] } },
		options: [
			createAssetOperation,
			createAndWaitAssetOperation,
			deleteAssetOperation,
			getAssetOperation,
			getManyAssetsOperation,
		],
	},
	...createAssetFields,
	...getAssetFields,
	...getManyAssetsFields,
	...deleteAssetFields,
];
