/**
 * Get Many: tasks newest first, over as many pages as needed, read by listPaging.ts (de-duplicated
 * by ID, bounded whatever the server claims; MAX_LIST_PAGES is an error, not a cut list), each
 * task shaped as Output says.
 */
import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { listTaskPage, TASKS_PATH, assertTask } from '../api/tasksApi';
import { SDK_STATUSES, type ListTasksQuery, type Task } from '../api/types';
import {
	getManyOperationOf,
	readDeclaredList,
	returnAllAndLimitFields,
	titledOptions,
	type ListEndpoint,
} from '../listPaging';
import { taskItems, type OutputMode } from '../results';
import { taskFiltersProperty } from './filters';
import { outputProperty } from './output';
import { fitRoutedItems } from '../tool/toolCall';

const show = { resource: ['analysisTask'], operation: ['getMany'] };

const TASK_LIST: ListEndpoint<Task, ListTasksQuery> = {
	listed: 'tasks',
	narrow: 'status, video URL, asset ID',
	path: TASKS_PATH,
	readPage: listTaskPage,
	check: assertTask,
	idOf: (task) => task.task_id,
};

async function executeGetMany(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const mode = this.getNodeParameter('output', 'simplified') as OutputMode;
	const tasks = await readDeclaredList(this, requestData, TASK_LIST);
	const itemIndex = this.getItemIndex();
	return fitRoutedItems(
		this,
		tasks.flatMap((task) => taskItems(task, mode, itemIndex)),
	);
}

export const getManyOperation = getManyOperationOf({
	noun: 'analysis tasks',
	list: TASK_LIST,
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
