/** Delete: remove a completed, canceled or expired batch and its tasks (billing is unchanged). */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { deleteBatch } from '../api/batchesApi';
import { BATCH_ID_KIND, forEachPickedId } from '../byId';
import { batchIdProperty } from './shared';

export async function executeDeleteBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachPickedId(this, BATCH_ID_KIND, async ({ transport, id, extra }) => {
		await deleteBatch(transport, id, extra);
		return { deleted: true, batch_id: id };
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
