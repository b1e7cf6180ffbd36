/** Delete: remove a finished task. A task still in progress answers 409, explained to the user. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { deleteTask } from '../api/tasksApi';
import { executeDeleteForPickedIds, TASK_ID_KIND } from '../byId';
import { taskIdProperty } from './taskId';

export const executeDelete = executeDeleteForPickedIds(
	TASK_ID_KIND,
	async ({ transport, id, extra }) => await deleteTask(transport, id, extra),
);

export const deleteOperation: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an analysis task',
	description: 'Delete a task that is ready or failed',
};

export const deleteFields: INodeProperties[] = [taskIdProperty(['delete'])];
