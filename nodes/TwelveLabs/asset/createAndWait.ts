/**
 * Create and Wait: creates every item's asset (as Create), then waits for all of them together
 * until each is ready or failed (waitForAssets.ts). Wait Timeout bounds the whole operation,
 * uploads included. A failed asset fails only its own item.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
} from 'n8n-workflow';
import type { CheckedAsset } from '../api/assetTypes';
import { outputUnlessFailed, secondsOption, transportFor } from '../task/shared';
import { DEFAULT_INITIAL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS } from '../wait/pollSchedule';
import { createAssets, errorItem, prepareAssetInputs } from './create';
import { assetJson, unreadyAssetError } from './shared';
import { waitForAssets } from './waitForAssets';
import { waitLimitMs } from '../tool/toolCall';

export const createAndWaitAssetOperation: INodePropertyOptions = {
	name: 'Create and Wait',
	value: 'createAndWait',
	action: 'Create an asset and wait until it is ready',
	description: 'Upload or import each file, then wait for all of them together until ready or failed',
};

export async function executeCreateAndWaitAsset(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const startedAt = Date.now();
	const options = this.getNodeParameter('assetOptions', 0, {}) as IDataObject;
	const timeoutMs = waitLimitMs(
		this,
		secondsOption(this, options, {
			key: 'waitTimeout',
			label: 'Wait Timeout (Seconds)',
			fallbackSeconds: DEFAULT_WAIT_TIMEOUT_MS / 1000,
			minSeconds: 1,
		}),
	);
	const initialIntervalMs = secondsOption(this, options, {
		key: 'pollInterval',
		label: 'Poll Interval (Seconds)',
		fallbackSeconds: DEFAULT_INITIAL_INTERVAL_MS / 1000,
		minSeconds: 0.01,
	});
	const deadline = startedAt + timeoutMs;
	const prepared = await prepareAssetInputs(this);
	const transport = await transportFor(this, { deadline });
	const created = await createAssets(this, prepared, transport);
	const ids = created.flatMap((entry) => ('asset' in entry ? [entry.asset._id] : []));
	const outcomes = await waitForAssets(transport, ids, {
		deadline,
		initialIntervalMs,
		signal: this.getExecutionCancelSignal(),
	});
	const items = created.map((entry, itemIndex): INodeExecutionData => {
		if ('error' in entry) return errorItem(entry.error, itemIndex);
		const id = entry.asset._id;
		const outcome = outcomes.get(id) ?? { kind: 'timeout' as const };
		const error = unreadyAssetError(
			this.getNode(),
			id,
			outcome,
			itemIndex,
			{
				name: 'Wait Timeout',
				fix: `read it later with Get (asset ${id}) instead of creating it again, or raise Options › Wait Timeout.`,
			},
		);
		if (error) return errorItem(error, itemIndex);
		return { json: assetJson((outcome as { asset: CheckedAsset }).asset), pairedItem: { item: itemIndex } };
	});
	return outputUnlessFailed(this, items);
}
