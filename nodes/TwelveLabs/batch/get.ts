/** Get: one batch as the API returns it: status, item counts per status, times. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { getBatch } from '../api/batchesApi';
import { BATCH_ID_KIND, executeForPickedIds } from '../byId';
import { batchIdProperty } from './shared';

export const executeGetBatch = executeForPickedIds(
	BATCH_ID_KIND,
	async ({ transport, id, extra }) => await getBatch(transport, id, extra),
);

export const getBatchOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an analysis batch',
	description: 'Get a batch with its status and how many items are queued, processing, ready, failed or canceled',
};

export const getBatchFields: INodeProperties[] = [batchIdProperty(['get'])];
