/** Wiring shared by the asset operations: the fields shown, the item an asset becomes, why a waited-for asset cannot be used. */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type JsonObject,
} from 'n8n-workflow';
import type { Asset } from '../api/assetTypes';
import type { AssetOutcome } from './waitForAssets';

export const ASSET_RESOURCE = 'asset';

/** displayOptions.show for fields of some asset operations. */
export const showFor = (operations: string[]) => ({
	resource: [ASSET_RESOURCE],
	operation: operations,
});

/** The item an asset becomes: the API's fields, its `_id` named `asset_id` and first. */
export function assetJson(asset: Asset & { _id: string }): IDataObject {
	const { _id, ...rest } = asset;
	return { asset_id: _id, ...rest } as IDataObject;
}

/**
 * Why a waited-for asset cannot be used: it failed, it was still processing at the deadline
 * (`timeout` names the option that ran out and what to do), or it could not be read. Undefined
 * when it is ready.
 */
export function unreadyAssetError(
	node: INode,
	assetId: string,
	outcome: AssetOutcome,
	itemIndex: number,
	timeout: { name: string; fix: string },
): Error | undefined {
	if (outcome.kind === 'ready') return undefined;
	if (outcome.kind === 'error') return outcome.error;
	if (outcome.kind === 'failed') {
		const reason = outcome.asset.error?.message;
		return new NodeApiError(node, { message: 'asset failed' } as JsonObject, {
			message: `The asset '${assetId}' failed${reason ? `: ${reason}` : ''}`,
			description:
				'TwelveLabs could not process the file (corrupt, unsupported or unreadable). Check the file and create the asset again.',
			itemIndex,
		});
	}
	return new NodeOperationError(
		node,
		`The asset '${assetId}' was still ${outcome.asset?.status ?? 'processing'} when the ${timeout.name} ran out`,
		{ itemIndex, description: `It keeps processing at TwelveLabs: ${timeout.fix}` },
	);
}
