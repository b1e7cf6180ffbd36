/** Get: one task, shaped as the user chose (simplified, one item per segment, or raw). */
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { sendRequest } from '../api/transport';
import { shapeTask, type OutputMode } from '../results';
import { outputProperty } from './output';
import {
	assertTask,
	checkTaskId,
	encodeTaskPath,
	transportFor,
	userRequestOptions,
} from './shared';
import { taskIdProperty } from './taskId';

async function executeGet(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const node = this.getNode();
	const taskId = checkTaskId(
		node,
		this.getNodeParameter('taskId', undefined, { extractValue: true }),
		itemIndex,
	);
	const mode = this.getNodeParameter('output', 'simplified') as OutputMode;
	const { options } = requestData;
	const body = await sendRequest(await transportFor(this, { itemIndex }), {
		method: 'GET',
		url: encodeTaskPath(taskId),
		taskId,
		extra: userRequestOptions(options),
	});
	const task = assertTask(node, body, itemIndex);
	return shapeTask(task, mode).map((json) => ({
		json: json as IDataObject,
		pairedItem: { item: itemIndex },
	}));
}

export const getOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an analysis task',
	description: 'Get a task with its status and, once ready, its result',
	routing: {
		request: { method: 'GET', url: '=/analyze/tasks/{{$parameter.taskId}}' },
		send: { paginate: true },
		operations: { pagination: executeGet },
	},
};

export const getFields: INodeProperties[] = [
	taskIdProperty(['get']),
	outputProperty({ resource: ['analysisTask'], operation: ['get'] }),
];
