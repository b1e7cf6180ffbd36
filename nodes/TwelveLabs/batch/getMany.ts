/**
 * Get Many: batches newest first, declared like task Get Many (n8n builds `GET /analyze/batches`
 * and the filters' query parameters; the pagination function sends it page by page through the
 * one transport), read by listPaging.ts: de-duplicated by ID, bounded whatever the server claims.
 */
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { assertBatch, BATCHES_PATH, listBatchPage } from '../api/batchesApi';
import { BATCH_STATUSES, type Batch, type ListBatchesQuery } from '../api/batchTypes';
import {
	declaredListItems,
	filtersCollection,
	getManyOperationOf,
	returnAllAndLimitFields,
	titledOptions,
} from '../listPaging';
import { ANALYSIS_MODE_FILTER_OPTIONS } from '../task/filters';
import { MAX_LIST_PAGES } from '../task/getMany';
import { showFor } from './shared';
import { fitRoutedItems } from '../tool/toolCall';

const show = showFor(['getMany']);

async function executeGetManyBatches(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const items = await declaredListItems<Batch>(this, requestData, {
		noun: 'batches',
		narrow: 'statuses, analysis modes',
		defaultPath: BATCHES_PATH,
		maxPages: MAX_LIST_PAGES,
		check: (transport, entry) => assertBatch(transport.node, entry, transport.itemIndex),
		idOf: (batch) => batch.batch_id,
		readPage: async (transport, query, extra, path) =>
			await listBatchPage(transport, query as ListBatchesQuery, extra, path),
		json: (batch) => batch as unknown as IDataObject,
	});
	return fitRoutedItems(this, items);
}

export const getManyBatchesOperation = getManyOperationOf({
	noun: 'analysis batches',
	listed: 'batches',
	path: BATCHES_PATH,
	pagination: executeGetManyBatches,
});

export const getManyBatchesFields: INodeProperties[] = [
	...returnAllAndLimitFields(show),
	filtersCollection(
		'batchFilters',
		[
			{
				displayName: 'Analysis Modes',
				name: 'analysisModes',
				type: 'multiOptions',
				default: [],
				description: 'Only batches in any of these modes',
				options: ANALYSIS_MODE_FILTER_OPTIONS,
				routing: { send: { type: 'query', property: 'analysis_mode' } },
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				description: 'Only batches in any of these statuses',
				options: titledOptions(BATCH_STATUSES),
				routing: { send: { type: 'query', property: 'status' } },
			},
		],
		{ show },
	),
];
