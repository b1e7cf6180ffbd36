/**
 * Cancel: stop a pending or processing batch. Queued items are canceled, items already
 * processing finish (and are billed); the batch is `canceling`, then `canceled`.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { cancelBatch } from '../api/batchesApi';
import { READ_CONCURRENCY } from '../task/get';
import { programmaticRequestOptions, runForEachItem, transportFor } from '../task/shared';
import { batchIdOfItem, batchIdProperty } from './shared';

export async function executeCancelBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const transport = await transportFor(this);
	const extra = programmaticRequestOptions(this);
	return await runForEachItem(this, READ_CONCURRENCY, async (itemIndex) => {
		const batch = await cancelBatch({ ...transport, itemIndex }, batchIdOfItem(this, itemIndex), extra);
		return [{ json: batch as unknown as IDataObject, pairedItem: { item: itemIndex } }];
	});
}

export const cancelBatchOperation: INodePropertyOptions = {
	name: 'Cancel',
	value: 'cancel',
	action: 'Cancel an analysis batch',
	description:
		'Stop a pending or processing batch: queued items are canceled, items already processing finish',
};

export const cancelBatchFields: INodeProperties[] = [batchIdProperty(['cancel'])];
