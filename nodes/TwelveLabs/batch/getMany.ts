/**
 * Get Many: batches newest first, declared like task Get Many (n8n builds `GET /analyze/batches`
 * and the filters' query parameters; the pagination function sends it page by page through the
 * one transport), read by listPaging.ts: de-duplicated by ID, bounded whatever the server claims.
 */
import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';
import { assertBatch, BATCHES_PATH, listBatchPage } from '../api/batchesApi';
import { BATCH_STATUSES, type Batch, type ListBatchesQuery } from '../api/batchTypes';
import { isLastListPage, MAX_PAGE_LIMIT } from '../api/types';
import {
	collectPages,
	declaredFilters,
	returnAllAndLimitFields,
	wantedFromForm,
} from '../listPaging';
import { MAX_LIST_PAGES } from '../task/getMany';
import { transportFor, userRequestOptions } from '../task/shared';
import { showFor } from './shared';

const show = showFor(['getMany']);

const title = (value: string) => value[0].toUpperCase() + value.slice(1);

async function executeGetManyBatches(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const wanted = wantedFromForm(this, 'batches');
	const { options } = requestData;
	const transport = await transportFor(this, { itemIndex });
	const filters = declaredFilters(options.qs);
	const batches = await collectPages<Batch>({
		wanted,
		maxPages: MAX_LIST_PAGES,
		check: (entry) => assertBatch(transport.node, entry, itemIndex),
		idOf: (batch) => batch.batch_id,
		readPage: async (page, pageLimit) => {
			const response = await listBatchPage(
				transport,
				{ ...filters, page, page_limit: pageLimit } as ListBatchesQuery,
				userRequestOptions(options),
				options.url ?? BATCHES_PATH,
			);
			return { entries: response.data, isLast: isLastListPage(response, page, pageLimit) };
		},
		tooLong: (pages, collected) =>
			new NodeOperationError(
				transport.node,
				`Get Many stopped after ${pages} pages (${collected} batches): the list is longer than one run reads`,
				{
					itemIndex,
					description: `Narrow the list with Filters (statuses, analysis modes), or set a Limit of at most ${pages * MAX_PAGE_LIMIT}.`,
				},
			),
	});
	return batches.map((batch) => ({
		json: batch as unknown as IDataObject,
		pairedItem: { item: itemIndex },
	}));
}

export const getManyBatchesOperation: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many analysis batches',
	description: 'List batches, newest first, with optional filters',
	routing: {
		request: { method: 'GET', url: BATCHES_PATH },
		send: { paginate: true },
		operations: { pagination: executeGetManyBatches },
	},
};

export const getManyBatchesFields: INodeProperties[] = [
	...returnAllAndLimitFields(show),
	{
		displayName: 'Filters',
		name: 'batchFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
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
	},
];
