import type { INodeProperties } from 'n8n-workflow';
import { idLocatorProperty } from '../idLocator';
import { ASSET_RESOURCE } from './shared';

/** Asset picker: a searchable list of recent assets, or an ID typed in. */
export function assetIdProperty(operations: string[]): INodeProperties {
	return idLocatorProperty({
		displayName: 'Asset',
		name: 'assetId',
		description: 'The asset',
		resource: ASSET_RESOURCE,
		operations,
		searchListMethod: 'searchAssets',
		errorMessage: 'The Asset ID must be letters and digits, e.g. 6650c3b4a3e0b8f3c1d2e4f5',
	});
}
