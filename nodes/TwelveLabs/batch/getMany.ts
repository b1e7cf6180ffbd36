/**
 * Get Many: batches newest first, declared like task Get Many (n8n builds `GET /analyze/batches`
 * and the filters' query parameters; the pagination function sends it page by page through the
 * one transport), read by listPaging.ts: de-duplicated by ID, bounded whatever the server claims.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { assertBatch, BATCHES_PATH, listBatchPage } from '../api/batchesApi';
import { BATCH_STATUSES, type Batch, type ListBatchesQuery } from '../api/batchTypes';
import { getManyOf, titledOptions, type ListEndpoint } from '../listPaging';
import { ANALYSIS_MODE_FILTER_OPTIONS } from '../task/filters';
import { showFor } from './shared';

/** The list Get Many reads (listPaging.ts). */
const BATCH_LIST: ListEndpoint<Batch, ListBatchesQuery> = {
	listed: 'batches',
	narrow: 'statuses, analysis modes',
	path: BATCHES_PATH,
	readPage: listBatchPage,
	check: assertBatch,
	idOf: (batch) => batch.batch_id,
};

/** The Filters, each sent as the query parameter it declares. */
const BATCH_FILTERS: INodeProperties[] = [
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
];

export const { operation: getManyBatchesOperation, fields: getManyBatchesFields } = getManyOf({
	list: BATCH_LIST,
	noun: 'analysis batches',
	json: (batch) => batch as unknown as IDataObject,
	show: showFor(['getMany']),
	filters: { name: 'batchFilters', options: BATCH_FILTERS },
});
