/**
 * Get Many: tasks newest first, over as many pages as needed. Pages are read one after the
 * other and de-duplicated by ID, because a task created while paging shifts every later
 * page by one. Paging is bounded whatever the server claims: it stops on a short page, after
 * a few pages in a row that bring no new id (a server repeating pages or ignoring `page`), and
 * at MAX_LIST_PAGES, which is reported as an error rather than a silently cut list.
 */
import {
	NodeApiError,
	NodeOperationError,
	type JsonObject,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';
import { sendRequest, type TransportContext } from '../api/transport';
import {
	isLastListPage,
	MAX_PAGE_LIMIT,
	type ListTasksQuery,
	type Task,
	type TaskListResponse,
} from '../api/types';
import { shapeTask, type OutputMode } from '../results';
import { taskFiltersProperty } from './filters';
import { outputProperty } from './output';
import { assertTask, NOTHING_SENT, transportFor, userRequestOptions } from './shared';

const show = { resource: ['analysisTask'], operation: ['getMany'] };

/** Most pages one Get Many reads (10,000 tasks at 50 a page): bounds time, requests and memory. */
export const MAX_LIST_PAGES = 200;

/**
 * Pages in a row without a new id after which the list is taken as ended (a server repeating
 * pages or ignoring `page`). One such page is normal: 50 tasks created between two page reads
 * shift a whole page; several in a row are not.
 */
export const MAX_PAGES_WITHOUT_NEW_IDS = 3;

/** Reads pages until `wanted` tasks are collected (all when undefined) or the list ends. */
export async function listTasks(
	transport: TransportContext,
	filters: ListTasksQuery,
	wanted: number | undefined,
	extra?: Partial<IHttpRequestOptions>,
	maxPages = MAX_LIST_PAGES,
): Promise<Task[]> {
	const pageLimit = wanted === undefined ? MAX_PAGE_LIMIT : Math.min(MAX_PAGE_LIMIT, wanted);
	const seen = new Set<string>();
	const tasks: Task[] = [];
	let pagesWithoutNewIds = 0;
	for (let page = 1; ; page++) {
		if (page > maxPages) {
			throw new NodeOperationError(
				transport.node,
				`Get Many stopped after ${maxPages} pages (${tasks.length} tasks): the list is longer than one run reads`,
				{
					itemIndex: transport.itemIndex,
					description: `Narrow the list with Filters (status, video URL, asset ID), or set a Limit of at most ${maxPages * MAX_PAGE_LIMIT}.`,
				},
			);
		}
		const response = await sendRequest<TaskListResponse>(transport, {
			method: 'GET',
			url: '/analyze/tasks',
			qs: { ...filters, page, page_limit: pageLimit } as IDataObject,
			extra,
		});
		if (!Array.isArray(response.data)) {
			throw new NodeApiError(transport.node, { message: 'unexpected response' } as JsonObject, {
				message: 'TwelveLabs returned a task list without "data"',
				itemIndex: transport.itemIndex,
				description:
					'Check that the Base URL of the credential points at the TwelveLabs API (…/v1.3).',
			});
		}
		let newIds = 0;
		for (const entry of response.data) {
			const task = assertTask(transport.node, entry, transport.itemIndex);
			if (seen.has(task.task_id)) continue;
			seen.add(task.task_id);
			newIds++;
			tasks.push(task);
			if (wanted !== undefined && tasks.length >= wanted) return tasks;
		}
		pagesWithoutNewIds = newIds === 0 ? pagesWithoutNewIds + 1 : 0;
		if (response.data.length === 0 || isLastListPage(response, page, pageLimit)) break;
		if (pagesWithoutNewIds >= MAX_PAGES_WITHOUT_NEW_IDS) break;
	}
	return tasks;
}

export function readListFilters(filters: IDataObject): ListTasksQuery {
	const query: ListTasksQuery = {};
	if (filters.status) query.status = String(filters.status);
	if (filters.analysisMode)
		query.analysis_mode = filters.analysisMode as ListTasksQuery['analysis_mode'];
	if (filters.videoUrl) query.video_url = String(filters.videoUrl).trim();
	if (filters.assetId) query.asset_id = String(filters.assetId).trim();
	return query;
}

async function executeGetMany(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	let wanted: number | undefined;
	if (!returnAll) {
		wanted = Number(this.getNodeParameter('limit', 50));
		if (!Number.isInteger(wanted) || wanted < 1) {
			throw new NodeOperationError(
				this.getNode(),
				`'Limit' is ${String(wanted)}, not a whole number of 1 or more`,
				{
					itemIndex,
					description: `Set Limit to how many tasks to return (1 or more), or turn on Return All. ${NOTHING_SENT}`,
				},
			);
		}
	}
	const filters = readListFilters(this.getNodeParameter('filters', {}) as IDataObject);
	const mode = this.getNodeParameter('output', 'simplified') as OutputMode;
	const { options } = requestData;
	const tasks = await listTasks(
		await transportFor(this, { itemIndex }),
		filters,
		wanted,
		userRequestOptions(options),
	);
	return tasks.flatMap((task) =>
		shapeTask(task, mode).map((json) => ({
			json: json as IDataObject,
			pairedItem: { item: itemIndex },
		})),
	);
}

export const getManyOperation: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many analysis tasks',
	description: 'List tasks, newest first, with optional filters',
	routing: {
		request: { method: 'GET', url: '/analyze/tasks' },
		send: { paginate: true },
		operations: { pagination: executeGetMany },
	},
};

export const getManyFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
	taskFiltersProperty(
		[
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'ready',
				options: [
					{ name: 'Failed', value: 'failed' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Processing', value: 'processing' },
					{ name: 'Queued', value: 'queued' },
					{ name: 'Ready', value: 'ready' },
				],
			},
		],
		{ show },
	),
	outputProperty(show),
];
