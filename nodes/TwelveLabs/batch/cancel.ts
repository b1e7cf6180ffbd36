/**
 * Cancel: stop a pending or processing batch. Queued items are canceled, items already
 * processing finish (and are billed); the batch is `canceling`, then `canceled`.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { cancelBatch } from '../api/batchesApi';
import { BATCH_ID_KIND, executeForPickedIds } from '../byId';
import { batchIdProperty } from './shared';

/** The item out: the batch as the API answers the cancel. */
export const executeCancelBatch = executeForPickedIds(
	BATCH_ID_KIND,
	async ({ transport, id, extra }) => await cancelBatch(transport, id, extra),
);

export const cancelBatchOperation: INodePropertyOptions = {
	name: 'Cancel',
	value: 'cancel',
	action: 'Cancel an analysis batch',
	description:
		'Stop a pending or processing batch: queued items are canceled, items already processing finish',
};

export const cancelBatchFields: INodeProperties[] = [batchIdProperty(['cancel'])];
