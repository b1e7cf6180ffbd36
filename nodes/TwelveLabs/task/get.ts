/**
 * Get: one task, shaped as the user chose (simplified, one item per segment, or raw). A custom
 * operation, so a task ID refused before any request is the node's own error.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { getTask } from '../api/tasksApi';
import { executeForPickedIds, TASK_ID_KIND } from '../byId';
import { taskItems, type OutputMode } from '../results';
import { outputProperty } from './output';
import { taskIdProperty } from './taskId';

export const executeGet = executeForPickedIds(
	TASK_ID_KIND,
	async ({ transport, id, itemIndex, extra }, context) => {
		// Output is read once for the run (as item 0 has it), like every operation's options.
		const mode = context.getNodeParameter('output', 0, 'simplified') as OutputMode;
		return taskItems(await getTask(transport, id, extra), mode, itemIndex);
	},
);

export const getOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an analysis task',
	description: 'Get a task with its status and, once ready, its result',
};

export const getFields: INodeProperties[] = [
	taskIdProperty(['get']),
	outputProperty({ resource: ['analysisTask'], operation: ['get'] }),
];
