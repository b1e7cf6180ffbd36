/** Get: one batch as the API returns it: status, item counts per status, times. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getBatch } from '../api/batchesApi';
import { BATCH_ID_KIND, forEachPickedId } from '../byId';
import { batchIdProperty } from './shared';

export async function executeGetBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachPickedId(
		this,
		BATCH_ID_KIND,
		async ({ transport, id, extra }) => (await getBatch(transport, id, extra)) as unknown as IDataObject,
	);
}

export const getBatchOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an analysis batch',
	description: 'Get a batch with its status and how many items are queued, processing, ready, failed or canceled',
};

export const getBatchFields: INodeProperties[] = [batchIdProperty(['get'])];
