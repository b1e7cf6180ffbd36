/** Delete: remove a finished task. A task still in progress answers 409, explained to the user. */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { deleteTask } from '../api/tasksApi';
import { forEachPickedId, TASK_ID_KIND } from '../byId';
import { taskIdProperty } from './taskId';

export async function executeDelete(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachPickedId(this, TASK_ID_KIND, async ({ transport, id, extra }) => {
		await deleteTask(transport, id, extra);
		return { deleted: true, task_id: id };
	});
}

export const deleteOperation: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an analysis task',
	description: 'Delete a task that is ready or failed',
};

export const deleteFields: INodeProperties[] = [taskIdProperty(['delete'])];
