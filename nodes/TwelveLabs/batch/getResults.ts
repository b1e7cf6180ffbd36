/**
 * Get Results: a batch's results, one item per result (or per segment), read from the API's
 * JSON-lines stream line by line as it arrives, never the whole answer at once. Callable while
 * the batch is still running (unfinished items come with their status). Statuses filters the
 * lines here: the API has no filter for this route.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getBatch, streamBatchResults } from '../api/batchesApi';
import { BATCH_ITEM_STATUSES } from '../api/batchTypes';
import { titledOptions } from '../listPaging';
import type { OutputMode } from '../results';
import { outputProperty } from '../task/output';
import { programmaticRequestOptions, runForEachItem, transportFor } from '../task/shared';
import { resultRecords } from './resultItems';
import { batchIdOfItem, batchIdProperty, showFor } from './shared';

const show = showFor(['getResults']);

export async function executeGetBatchResults(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const transport = await transportFor(this);
	const extra = programmaticRequestOptions(this);
	// Results arrive as a stream each: one batch at a time.
	return await runForEachItem(this, 1, async (itemIndex) => {
		const batchId = batchIdOfItem(this, itemIndex);
		const mode = this.getNodeParameter('output', itemIndex, 'simplified') as OutputMode;
		const statuses = this.getNodeParameter('resultStatuses', itemIndex, []) as string[];
		const itemTransport = { ...transport, itemIndex };
		// The batch's mode tells how to read each result's text (JSON for segmentation).
		const batch = await getBatch(itemTransport, batchId, extra);
		let items: INodeExecutionData[] = [];
		await streamBatchResults(
			itemTransport,
			batchId,
			{
				onStart: () => {
					items = [];
				},
				onResult: (result) => {
					if (statuses.length > 0 && !statuses.includes(result.status)) return;
					for (const json of resultRecords(result, batch, mode))
						items.push({ json: json as IDataObject, pairedItem: { item: itemIndex } });
				},
			},
			extra,
		);
		return items;
	});
}

export const getBatchResultsOperation: INodePropertyOptions = {
	name: 'Get Results',
	value: 'getResults',
	action: 'Get the results of an analysis batch',
	description:
		'One item per video of a batch with its status and, once ready, its result; also while the batch runs',
};

export const getBatchResultsFields: INodeProperties[] = [
	batchIdProperty(['getResults']),
	{
		displayName: 'Statuses',
		name: 'resultStatuses',
		type: 'multiOptions',
		default: [],
		description: 'Only results in any of these statuses; none chosen returns every result',
		displayOptions: { show },
		options: titledOptions(BATCH_ITEM_STATUSES),
	},
	outputProperty(show),
];
