/** Delete: remove a completed, canceled or expired batch and its tasks (billing is unchanged). */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { deleteBatch } from '../api/batchesApi';
import { batchIdProperty, forEachPickedBatch } from './shared';

export async function executeDeleteBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachPickedBatch(this, async (transport, batchId, extra) => {
		await deleteBatch(transport, batchId, extra);
		return { deleted: true, batch_id: batchId };
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
