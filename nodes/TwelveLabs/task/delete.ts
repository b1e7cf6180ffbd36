/** Delete: remove a finished task. A task still in progress answers 409, explained to the user. */
import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { sendRequest } from '../api/transport';
import { checkTaskId, encodeTaskPath, transportFor, userRequestOptions } from './shared';
import { taskIdProperty } from './taskId';

async function executeDelete(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const taskId = checkTaskId(
		this.getNode(),
		this.getNodeParameter('taskId', undefined, { extractValue: true }),
		itemIndex,
	);
	const { options } = requestData;
	await sendRequest(await transportFor(this, { itemIndex }), {
		method: 'DELETE',
		url: encodeTaskPath(taskId),
		taskId,
		extra: userRequestOptions(options),
	});
	return [{ json: { deleted: true, task_id: taskId }, pairedItem: { item: itemIndex } }];
}

export const deleteOperation: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an analysis task',
	description: 'Delete a task that is ready or failed',
	routing: {
		request: { method: 'DELETE', url: '=/analyze/tasks/{{$parameter.taskId}}' },
		send: { paginate: true },
		operations: { pagination: executeDelete },
	},
};

export const deleteFields: INodeProperties[] = [taskIdProperty(['delete'])];
