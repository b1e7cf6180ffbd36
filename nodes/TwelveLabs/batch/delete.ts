/** Delete: remove a completed, canceled or expired batch and its tasks (billing is unchanged). */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { deleteBatch } from '../api/batchesApi';
import { READ_CONCURRENCY } from '../task/get';
import { programmaticRequestOptions, runForEachItem, transportFor } from '../task/shared';
import { batchIdOfItem, batchIdProperty } from './shared';

export async function executeDeleteBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const transport = await transportFor(this);
	const extra = programmaticRequestOptions(this);
	return await runForEachItem(this, READ_CONCURRENCY, async (itemIndex) => {
		const batchId = batchIdOfItem(this, itemIndex);
		await deleteBatch({ ...transport, itemIndex }, batchId, extra);
		return [{ json: { deleted: true, batch_id: batchId }, pairedItem: { item: itemIndex } }];
	});
}

export const deleteBatchOperation: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an analysis batch',
	description:
		'Delete a completed, canceled or expired batch and its tasks (cannot be undone; cancel a running batch first)',
};

export const deleteBatchFields: INodeProperties[] = [batchIdProperty(['delete'])];
