import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { sendRequest } from './api/transport';
import type { Task } from './api/types';
import { shapeTask, type OutputMode } from './results';
import { taskReaderFor } from './task/createAndWait';
import { outputProperty } from './task/output';
import { assertTask, encodeTaskPath, transportFor } from './task/shared';
import {
	commit,
	latestCompleted,
	observe,
	type CompletionState,
	type PollOptions,
} from './trigger/completions';

type CompletionEvent = 'ready' | 'failed' | 'canceled';

function readPollOptions(context: IPollFunctions, now: number): PollOptions {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const events = context.getNodeParameter('events', ['ready']) as CompletionEvent[];
	const budget = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : undefined;
	return {
		now,
		// Keep a margin so the poll returns before n8n abandons it.
		deadline: budget !== undefined && budget > 0 ? now + Math.max(1000, budget * 0.8) : undefined,
		events,
		filters: {
			analysisMode: filters.analysisMode ? (String(filters.analysisMode) as 'general' | 'time_based_metadata') : undefined,
			assetId: filters.assetId ? String(filters.assetId).trim() : undefined,
			videoUrl: filters.videoUrl ? String(filters.videoUrl).trim() : undefined,
			customIdPrefix: filters.customIdPrefix ? String(filters.customIdPrefix) : undefined,
		},
	};
}

export class TwelveLabsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Trigger',
		name: 'twelveLabsTrigger',
		icon: { light: 'file:twelvelabs.svg', dark: 'file:twelvelabs.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["events"].join(", ")}}',
		description: 'Starts the workflow when TwelveLabs analysis tasks finish',
		defaults: { name: 'TwelveLabs Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'twelveLabsApi', required: true }],
		properties: [
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'multiOptions',
				default: ['ready'],
				required: true,
				options: [
					{ name: 'Task Canceled', value: 'canceled', description: 'A task was canceled (newer API revisions)' },
					{ name: 'Task Failed', value: 'failed', description: 'A task ended in failure' },
					{ name: 'Task Ready', value: 'ready', description: 'A task finished with a result' },
				],
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						displayName: 'Analysis Mode',
						name: 'analysisMode',
						type: 'options',
						default: 'general',
						options: [
							{ name: 'General', value: 'general' },
							{ name: 'Video Segmentation', value: 'time_based_metadata' },
						],
					},
					{ displayName: 'Asset ID', name: 'assetId', type: 'string', default: '', description: 'Only tasks on this asset' },
					{
						displayName: 'Custom ID Prefix',
						name: 'customIdPrefix',
						type: 'string',
						default: '',
						placeholder: 'e.g. batch-7_',
						description: 'Only tasks whose custom ID starts with this text',
					},
					{
						displayName: 'Video URL',
						name: 'videoUrl',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/video.mp4',
						description: 'Only tasks on exactly this video URL',
					},
				],
			},
			{
				displayName: 'Fetch Full Task',
				name: 'fetchFullTask',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each finished task in full (one request per task). The task list shortens prompts and keeps only the first segment definition.',
			},
			outputProperty({}),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const transport = await transportFor(this);
		const reader = taskReaderFor(transport);
		const options = readPollOptions(this, Date.now());
		const mode = this.getNodeParameter('output', 'simplified') as OutputMode;
		const fetchFull = this.getNodeParameter('fetchFullTask', true) as boolean;

		const shape = async (tasks: Task[]): Promise<INodeExecutionData[]> => {
			const output: INodeExecutionData[] = [];
			for (const listed of tasks) {
				const task = fetchFull
					? assertTask(transport.node, await sendRequest(transport, { method: 'GET', url: encodeTaskPath(listed.task_id), taskId: listed.task_id }))
					: listed;
				for (const json of shapeTask(task, mode)) output.push({ json: json as IDataObject });
			}
			return output;
		};

		if (this.getMode() === 'manual') {
			const latest = await latestCompleted(reader, options);
			if (!latest) return null;
			return [await shape([latest])];
		}

		const state = this.getWorkflowStaticData('node') as unknown as CompletionState;
		const observation = await observe(state, reader, options);
		// Commit runs synchronously against the shared static data, so an overlapping poll
		// that committed first is taken into account and nothing is emitted twice.
		const emit = commit(state, observation);
		if (emit.length === 0) return null;
		return [await shape(emit)];
	}
}
