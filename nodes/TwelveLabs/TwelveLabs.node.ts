import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
	type NodeOutput,
} from 'n8n-workflow';
import { BASE_URL_EXPRESSION } from './api/baseUrl';
import { executeCreateAsset } from './asset/create';
import { executeCreateAndWaitAsset } from './asset/createAndWait';
import { executeDeleteAsset } from './asset/delete';
import { executeCancelBatch } from './batch/cancel';
import { executeCreateBatch } from './batch/create';
import { executeCreateAndWaitBatch } from './batch/createAndWait';
import { executeDeleteBatch } from './batch/delete';
import { executeGetBatch } from './batch/get';
import { executeGetBatchResults } from './batch/getResults';
import { batchProperties } from './batch/index';
import { executeGetAsset } from './asset/get';
import { assetProperties } from './asset/index';
import { searchAssets } from './methods/searchAssets';
import { searchBatches } from './methods/searchBatches';
import { searchTasks } from './methods/searchTasks';
import { executeCreate } from './task/create';
import { executeCreateAndWait } from './task/createAndWait';
import { executeDelete } from './task/delete';
import { executeGet } from './task/get';
import { taskProperties } from './task/index';
import { toolFields } from './tool/fields';
import { dispatchingExecute, toolAwareOperations } from './tool/toolCall';

type Execute = (this: IExecuteFunctions) => Promise<NodeOutput>;

export class TwelveLabs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs',
		name: 'twelveLabs',
		icon: { light: 'file:twelvelabs.svg', dark: 'file:twelvelabs.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {create: "Create", createAndWait: "Create and Wait", get: "Get", getMany: "Get Many", getResults: "Get Results", cancel: "Cancel", delete: "Delete"}[$parameter["operation"]] + ({asset: " asset", analysisBatch: " analysis batch"}[$parameter["resource"]] ?? " analysis task") }}',
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
				options: [
					{ name: 'Analysis Batch', value: 'analysisBatch' },
					{ name: 'Analysis Task', value: 'analysisTask' },
					{ name: 'Asset', value: 'asset' },
				],
			},
			...taskProperties,
			...assetProperties,
			...batchProperties,
			...toolFields,
		],
	};

	methods = { listSearch: { searchTasks, searchAssets, searchBatches } };

	customOperations = toolAwareOperations({
		analysisTask: {
			create: executeCreate,
			createAndWait: executeCreateAndWait,
			get: executeGet,
			delete: executeDelete,
		},
		asset: {
			create: executeCreateAsset,
			createAndWait: executeCreateAndWaitAsset,
			get: executeGetAsset,
			delete: executeDeleteAsset,
		},
		analysisBatch: {
			create: executeCreateBatch,
			createAndWait: executeCreateAndWaitBatch,
			get: executeGetBatch,
			getResults: executeGetBatchResults,
			cancel: executeCancelBatch,
			delete: executeDeleteBatch,
		},
	});

	/** n8n's own `execute` for a declarative node (RoutingNode), once n8n has assigned it. */
	private routedExecute?: Execute;

	/**
	 * No `execute` of its own (the node stays declarative: Get Many routed, n8n's Request
	 * Options). n8n assigns one (RoutingNode) before it runs the node; an AI agent's tool call
	 * may then call it directly, so the custom operations are dispatched first
	 * (tool/toolCall.ts dispatchingExecute).
	 */
	get execute(): Execute | undefined {
		return this.routedExecute && dispatchingExecute(this.customOperations, this.routedExecute);
	}

	set execute(routed: Execute | undefined) {
		this.routedExecute = routed;
	}
}
