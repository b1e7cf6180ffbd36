/** Wiring shared by the batch operations: the resource, the batch picker, a batch's ID of an item. */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import type { TransportContext } from '../api/transport';
import { idLocatorProperty } from '../idLocator';
import { READ_CONCURRENCY } from '../task/get';
import {
	checkPickedId,
	programmaticRequestOptions,
	runForEachItem,
	transportFor,
} from '../task/shared';

export const BATCH_RESOURCE = 'analysisBatch';

/** displayOptions.show for fields of some batch operations. */
export const showFor = (operations: string[]) => ({
	resource: [BATCH_RESOURCE],
	operation: operations,
});

/** Batch picker: a searchable list of recent batches, or an ID typed in. */
export function batchIdProperty(operations: string[]): INodeProperties {
	return idLocatorProperty({
		displayName: 'Batch',
		name: 'batchId',
		description: 'The analysis batch',
		resource: BATCH_RESOURCE,
		operations,
		searchListMethod: 'searchBatches',
		errorMessage: 'The Batch ID must be letters and digits, e.g. 68f4ddaf8aaa60d33df0e800',
	});
}

/** Checks a batch ID before it becomes part of a URL. */
export function checkBatchId(node: INode, value: unknown, itemIndex: number): string {
	return checkPickedId(node, value, itemIndex, {
		label: 'Batch',
		noun: 'batch',
		fix: 'Pick a batch from the list, or enter the batch_id returned by Create (letters and digits, e.g. 68f4ddaf8aaa60d33df0e800).',
	});
}

export function batchIdOfItem(context: IExecuteFunctions, itemIndex: number): string {
	return checkBatchId(
		context.getNode(),
		context.getNodeParameter('batchId', itemIndex, undefined, { extractValue: true }),
		itemIndex,
	);
}

/** Runs `call` on the picked batch of every item (a few at a time); its JSON is the item out. */
export async function forEachPickedBatch(
	context: IExecuteFunctions,
	call: (
		transport: TransportContext,
		batchId: string,
		extra: Partial<IHttpRequestOptions>,
	) => Promise<IDataObject>,
): Promise<INodeExecutionData[][]> {
	const transport = await transportFor(context);
	const extra = programmaticRequestOptions(context);
	return await runForEachItem(context, READ_CONCURRENCY, async (itemIndex) => {
		const json = await call({ ...transport, itemIndex }, batchIdOfItem(context, itemIndex), extra);
		return [{ json, pairedItem: { item: itemIndex } }];
	});
}
