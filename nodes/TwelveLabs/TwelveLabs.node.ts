import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { BASE_URL_EXPRESSION } from './api/baseUrl';
import { searchTasks } from './methods/searchTasks';
import { executeCreate } from './task/create';
import { executeCreateAndWait } from './task/createAndWait';
import { executeDelete } from './task/delete';
import { executeGet } from './task/get';
import { taskProperties } from './task/index';

export class TwelveLabs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs',
		name: 'twelveLabs',
		icon: { light: 'file:twelvelabs.svg', dark: 'file:twelvelabs.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {create: "Create", createAndWait: "Create and Wait", get: "Get", getMany: "Get Many", delete: "Delete"}[$parameter["operation"]] + " analysis task" }}',
		description:
			'Analyze videos with TwelveLabs Pegasus: summaries, answers, JSON and timestamped segments',
		defaults: { name: 'TwelveLabs' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'twelveLabsApi', required: true }],
		requestDefaults: {
			baseURL: BASE_URL_EXPRESSION,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'analysisTask',
				options: [{ name: 'Analysis Task', value: 'analysisTask' }],
			},
			...taskProperties,
		],
	};

	methods = { listSearch: { searchTasks } };

	customOperations = {
		analysisTask: {
			create: executeCreate,
			createAndWait: executeCreateAndWait,
			get: executeGet,
			delete: executeDelete,
		},
	};
}
