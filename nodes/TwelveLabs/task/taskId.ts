import type { INodeProperties } from 'n8n-workflow';

/** Task ID picker: a searchable list of recent tasks, or an ID typed in. */
export function taskIdProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Task',
		name: 'taskId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The analysis task',
		displayOptions: { show: { resource: ['analysisTask'], operation: operations } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTasks', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6650c3b4a3e0b8f3c1d2e4f5',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[A-Za-z0-9_-]{1,64}$',
							errorMessage: 'The Task ID must be letters and digits, e.g. 6650c3b4a3e0b8f3c1d2e4f5',
						},
					},
				],
			},
		],
	};
}
