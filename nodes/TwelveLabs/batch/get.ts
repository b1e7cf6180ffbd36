/** Get: one batch as the API returns it: status, item counts per status, times. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getBatch } from '../api/batchesApi';
import { batchIdProperty, forEachPickedBatch } from './shared';

export async function executeGetBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachPickedBatch(
		this,
		async (transport, batchId, extra) =>
			(await getBatch(transport, batchId, extra)) as unknown as IDataObject,
	);
}

export const getBatchOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an analysis batch',
	description: 'Get a batch with its status and how many items are queued, processing, ready, failed or canceled',
};

export const getBatchFields: INodeProperties[] = [batchIdProperty(['get'])];
