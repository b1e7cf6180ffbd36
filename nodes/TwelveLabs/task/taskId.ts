import type { INodeProperties } from 'n8n-workflow';
import { idLocatorProperty } from '../idLocator';

/** Task ID picker: a searchable list of recent tasks, or an ID typed in. */
export function taskIdProperty(operations: string[]): INodeProperties {
	return idLocatorProperty({
		displayName: 'Task',
		name: 'taskId',
		description: 'The analysis task',
		resource: 'analysisTask',
		operations,
		searchListMethod: 'searchTasks',
		errorMessage: 'The Task ID must be letters and digits, e.g. 6650c3b4a3e0b8f3c1d2e4f5',
	});
}
