import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { sendRequest } from './api/transport';
import type { Task } from './api/types';
import { shapeTask, type OutputMode } from './results';
import { taskFiltersProperty } from './task/filters';
import { outputProperty } from './task/output';
import { assertTask, encodeTaskPath, taskReaderFor, transportFor } from './task/shared';
import {
	asInFlight,
	commit,
	fetchedInFull,
	latestCompleted,
	observe,
	type CompletionState,
	type FinalStatus,
	type PollOptions,
} from './trigger/completions';
import { isNotFoundError } from './trigger/taskFacts';

function readPollOptions(context: IPollFunctions, now: number): PollOptions {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const events = context.getNodeParameter('events', ['ready']) as FinalStatus[];
	const budget =
		typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : undefined;
	return {
		now,
		clock: () => Date.now(),
		// Keep a margin so the poll returns before n8n abandons it.
		deadline: budget !== undefined && budget > 0 ? now + Math.max(1000, budget * 0.8) : undefined,
		events,
		filters: {
			analysisMode: filters.analysisMode
				? (String(filters.analysisMode) as 'general' | 'time_based_metadata')
				: undefined,
			assetId: filters.assetId ? String(filters.assetId).trim() : undefined,
			videoUrl: filters.videoUrl ? String(filters.videoUrl).trim() : undefined,
			customIdPrefix: filters.customIdPrefix ? String(filters.customIdPrefix) : undefined,
		},
	};
}

/**
 * Fetch Test Event found nothing: say which settings it matched against, instead of n8n's
 * generic "no data" notice, so the user knows what to change or what to wait for.
 */
function noTestEventError(node: INode, options: PollOptions): NodeOperationError {
	const filters = options.filters ?? {};
	const settings = [
		`Trigger On: ${(options.events ?? []).join(', ')}`,
		filters.analysisMode && `Analysis Mode: ${filters.analysisMode}`,
		filters.assetId && `Asset ID: ${filters.assetId}`,
		filters.videoUrl && `Video URL: ${filters.videoUrl}`,
		filters.customIdPrefix && `Custom ID Prefix: ${filters.customIdPrefix}`,
	].filter(Boolean);
	return new NodeOperationError(node, 'No finished task matches the trigger yet', {
		description: `Looked for the newest task matching ${settings.join('; ')}. Let a matching task finish (or widen the filters), then fetch again.`,
	});
}

export class TwelveLabsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Trigger',
		name: 'twelveLabsTrigger',
		icon: { light: 'file:twelvelabs.svg', dark: 'file:twelvelabs.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["events"].join(", ")}}',
		// The node panel lists this trigger and the TwelveLabs node as one app entry and shows
		// this description for it (n8n's own rule), so it speaks for both.
		description: 'Analyze videos with TwelveLabs Pegasus, and start workflows when analyses finish',
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
					{
						name: 'Task Canceled',
						value: 'canceled',
						description: 'A task was stopped before it finished',
					},
					{ name: 'Task Failed', value: 'failed', description: 'A task ended in failure' },
					{ name: 'Task Ready', value: 'ready', description: 'A task finished with a result' },
				],
			},
			taskFiltersProperty([
				{
					displayName: 'Custom ID Prefix',
					name: 'customIdPrefix',
					type: 'string',
					default: '',
					placeholder: 'e.g. batch-7_',
					description: 'Only tasks whose custom ID starts with this text',
				},
			]),
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

		// List items are abbreviated; read the full task unless the poll already did. A task left
		// unread (the poll budget ran out, or it was deleted after it was listed) is absent.
		const fullTasks = async (
			tasks: Task[],
			alreadyFull: Set<string>,
		): Promise<Map<string, Task>> => {
			const byId = new Map<string, Task>();
			for (const task of tasks) {
				if (!fetchFull || alreadyFull.has(task.task_id)) {
					byId.set(task.task_id, task);
					continue;
				}
				if (options.deadline !== undefined && Date.now() >= options.deadline) break;
				const read = await sendRequest(transport, {
					method: 'GET',
					url: encodeTaskPath(task.task_id),
					taskId: task.task_id,
				}).catch((error: unknown) => {
					if (isNotFoundError(error)) return undefined;
					throw error;
				});
				if (read !== undefined) byId.set(task.task_id, assertTask(transport.node, read));
			}
			return byId;
		};
		const toItems = (tasks: Task[]): INodeExecutionData[] =>
			tasks.flatMap((task) => shapeTask(task, mode).map((json) => ({ json: json as IDataObject })));

		if (this.getMode() === 'manual') {
			const latest = await latestCompleted(reader, options);
			if (!latest) throw noTestEventError(this.getNode(), options);
			const full = await fullTasks([latest], new Set());
			return [toItems([full.get(latest.task_id) ?? latest])];
		}

		const state = this.getWorkflowStaticData('node') as CompletionState;
		const observation = await observe(state, reader, options);
		// Fetch what is about to be emitted BEFORE committing: if a read fails, the poll fails
		// with the state untouched and the next poll emits the same tasks.
		const candidates = commit(JSON.parse(JSON.stringify(state)) as CompletionState, observation);
		if (candidates.length === 0) {
			commit(state, observation);
			return null;
		}
		const full = await fullTasks(candidates, fetchedInFull(observation));
		// Commit runs synchronously against the shared static data: a poll that overlapped
		// this one and committed first has already retired what it emitted. Candidates left
		// unread stay tracked as in flight: the next poll reads them again and emits (or settles) them.
		const unread = new Set(
			candidates.filter((task) => !full.has(task.task_id)).map((task) => task.task_id),
		);
		const emit = commit(state, unread.size > 0 ? asInFlight(observation, unread) : observation);
		if (emit.length === 0) return null;
		return [toItems(emit.map((task) => full.get(task.task_id) ?? task))];
	}
}
