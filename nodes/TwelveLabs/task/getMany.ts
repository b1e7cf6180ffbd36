/**
 * Get Many: tasks newest first, over as many pages as needed, read by listPaging.ts (de-duplicated
 * by ID, bounded whatever the server claims; MAX_LIST_PAGES is an error, not a cut list).
 */
import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { listTaskPage, TASKS_PATH, assertTask } from '../api/tasksApi';
import type { TransportContext } from '../api/transport';
import {
	isLastListPage,
	MAX_PAGE_LIMIT,
	SDK_STATUSES,
	type ListTasksQuery,
	type Task,
} from '../api/types';
import {
	collectPages,
	declaredFilters,
	getManyOperationOf,
	returnAllAndLimitFields,
	titledOptions,
	wantedFromForm,
} from '../listPaging';
import { taskItems, type OutputMode } from '../results';
import { taskFiltersProperty } from './filters';
import { outputProperty } from './output';
import { transportFor, userRequestOptions } from './shared';
import { fitRoutedItems } from '../tool/toolCall';

const show = { resource: ['analysisTask'], operation: ['getMany'] };

/** Most pages one Get Many reads (10,000 tasks at 50 a page): bounds time, requests and memory. */
export const MAX_LIST_PAGES = 200;

/**
 * Reads pages of `list` (the path and filters of the request n8n built from the description)
 * until `wanted` tasks are collected (all when undefined) or the list ends (listPaging.ts).
 */
export async function listTasks(
	transport: TransportContext,
	list: { path: string; filters: IDataObject },
	wanted: number | undefined,
	extra?: Partial<IHttpRequestOptions>,
	maxPages = MAX_LIST_PAGES,
): Promise<Task[]> {
	return await collectPages<Task>({
		wanted,
		maxPages,
		check: (entry) => assertTask(transport.node, entry, transport.itemIndex),
		idOf: (task) => task.task_id,
		readPage: async (page, pageLimit) => {
			const response = await listTaskPage(
				transport,
				{ ...list.filters, page, page_limit: pageLimit } as ListTasksQuery,
				extra,
				list.path,
			);
			return {
				entries: response.data,
				isLast: isLastListPage(response, page, pageLimit),
			};
		},
		tooLong: (pages, collected) =>
			new NodeOperationError(
				transport.node,
				`Get Many stopped after ${pages} pages (${collected} tasks): the list is longer than one run reads`,
				{
					itemIndex: transport.itemIndex,
					description: `Narrow the list with Filters (status, video URL, asset ID), or set a Limit of at most ${pages * MAX_PAGE_LIMIT}.`,
				},
			),
	});
}

async function executeGetMany(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const wanted = wantedFromForm(this, 'tasks');
	const mode = this.getNodeParameter('output', 'simplified') as OutputMode;
	// The request n8n built from the description (the operation's URL, the filters' query
	// parameters), sent page by page through the one transport.
	const { options } = requestData;
	const tasks = await listTasks(
		await transportFor(this, { itemIndex }),
		{ path: options.url ?? TASKS_PATH, filters: declaredFilters(options.qs) },
		wanted,
		userRequestOptions(options),
	);
	return fitRoutedItems(
		this,
		tasks.flatMap((task) => taskItems(task, mode, itemIndex)),
	);
}

export const getManyOperation = getManyOperationOf({
	noun: 'analysis tasks',
	listed: 'tasks',
	path: TASKS_PATH,
	pagination: executeGetMany,
});

export const getManyFields: INodeProperties[] = [
	...returnAllAndLimitFields(show),
	taskFiltersProperty(
		[
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'ready',
				// Alphabetical, as n8n lists options.
				options: titledOptions([...SDK_STATUSES].sort()),
				routing: { send: { type: 'query', property: 'status' } },
			},
		],
		{ show },
	),
	outputProperty(show),
];
