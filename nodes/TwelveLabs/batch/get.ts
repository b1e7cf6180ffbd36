/** Get: one batch as the API returns it: status, item counts per status, times. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getBatch } from '../api/batchesApi';
import { READ_CONCURRENCY } from '../task/get';
import { programmaticRequestOptions, runForEachItem, transportFor } from '../task/shared';
import { batchIdOfItem, batchIdProperty } from './shared';

export async function executeGetBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const transport = await transportFor(this);
	const extra = programmaticRequestOptions(this);
	return await runForEachItem(this, READ_CONCURRENCY, async (itemIndex) => {
		const batch = await getBatch({ ...transport, itemIndex }, batchIdOfItem(this, itemIndex), extra);
		return [{ json: batch as unknown as IDataObject, pairedItem: { item: itemIndex } }];
	});
}

export const getBatchOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an analysis batch',
	description: 'Get a batch with its status and how many items are queued, processing, ready, failed or canceled',
};

export const getBatchFields: INodeProperties[] = [batchIdProperty(['get'])];
