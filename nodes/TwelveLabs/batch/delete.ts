/** Delete: remove a completed, canceled or expired batch and its tasks (billing is unchanged). */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { deleteBatch } from '../api/batchesApi';
import { BATCH_ID_KIND, executeDeleteForPickedIds } from '../byId';
import { batchIdProperty } from './shared';

export const executeDeleteBatch = executeDeleteForPickedIds(
	BATCH_ID_KIND,
	async ({ transport, id, extra }) => await deleteBatch(transport, id, extra),
);

export const deleteBatchOperation: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an analysis batch',
	description:
		'Delete a completed, canceled or expired batch and its tasks (cannot be undone; cancel a running batch first)',
};

export const deleteBatchFields: INodeProperties[] = [batchIdProperty(['delete'])];
