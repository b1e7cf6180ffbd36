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
} from '../listPaging';
import { MAX_LIST_PAGES } from '../task/getMany';
import { showFor } from './shared';

const show = showFor(['getMany']);

const title = (value: string) => value[0].toUpperCase() + value.slice(1);

async function executeGetManyBatches(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await declaredListItems<Batch>(this, requestData, {
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
				options: [
					{ name: 'General', value: 'general' },
					{ name: 'Video Segmentation', value: 'time_based_metadata' },
				],
				routing: { send: { type: 'query', property: 'analysis_mode' } },
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				description: 'Only batches in any of these statuses',
				options: BATCH_STATUSES.map((status) => ({ name: title(status), value: status })),
				routing: { send: { type: 'query', property: 'status' } },
			},
		],
		{ show },
	),
];
