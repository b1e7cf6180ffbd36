/** Delete: remove a finished task. A task still in progress answers 409, explained to the user. */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { deleteTask } from '../api/tasksApi';
import { READ_CONCURRENCY } from './get';
import {
	programmaticRequestOptions,
	runForEachItem,
	taskIdOfItem,
	transportFor,
} from './shared';
import { taskIdProperty } from './taskId';

export async function executeDelete(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const transport = await transportFor(this);
	const extra = programmaticRequestOptions(this);
	return await runForEachItem(this, READ_CONCURRENCY, async (itemIndex) => {
		const taskId = taskIdOfItem(this, itemIndex);
		await deleteTask({ ...transport, itemIndex }, taskId, extra);
		return [{ json: { deleted: true, task_id: taskId }, pairedItem: { item: itemIndex } }];
	});
}

export const deleteOperation: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an analysis task',
	description: 'Delete a task that is ready or failed',
};

export const deleteFields: INodeProperties[] = [taskIdProperty(['delete'])];
