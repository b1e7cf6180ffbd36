/**
 * Get: one task, shaped as the user chose (simplified, one item per segment, or raw). A custom
 * operation, so a task ID refused before any request is the node's own error.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getTask } from '../api/tasksApi';
import { taskItems, type OutputMode } from '../results';
import { outputProperty } from './output';
import {
	programmaticRequestOptions,
	runForEachItem,
	taskIdOfItem,
	transportFor,
} from './shared';
import { taskIdProperty } from './taskId';

/** Reads run a few at a time: fast for many items, gentle on the rate limit. */
export const READ_CONCURRENCY = 4;

export async function executeGet(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = this.getNodeParameter('output', 0, 'simplified') as OutputMode;
	const transport = await transportFor(this);
	const extra = programmaticRequestOptions(this);
	return await runForEachItem(this, READ_CONCURRENCY, async (itemIndex) => {
		const taskId = taskIdOfItem(this, itemIndex);
		const task = await getTask({ ...transport, itemIndex }, taskId, extra);
		return taskItems(task, mode, itemIndex);
	});
}

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
