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
import { isNotFound } from './api/errors';
import { getTask, taskReaderFor } from './api/tasksApi';
import type { TransportContext } from './api/transport';
import type { Task } from './api/types';
import { taskItems, type OutputMode } from './results';
import { readListFilters, taskFiltersProperty } from './task/filters';
import { outputProperty } from './task/output';
import { transportFor } from './task/shared';
import {
	DEFAULT_MAX_REQUESTS,
	asInFlight,
	commit,
	fetchedInFull,
	isAccountError,
	latestCompleted,
	observe,
	resetMalformedState,
	type CompletionState,
	type FinalStatus,
	type PollOptions,
} from './trigger/completions';

/**
 * Requests a poll's tracking may make; the full reads of the tasks it emits get the rest of
 * DEFAULT_MAX_REQUESTS, and at least a quarter of it. Tasks left unread are emitted by the next polls.
 */
const TRACKING_REQUESTS = Math.floor(DEFAULT_MAX_REQUESTS * 0.75);

function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a failed read says, short and without the request (which carries no key, but may be long). */
function describeError(error: unknown): string {
	const record = (isPlainObject(error) ? error : {}) as { message?: unknown; httpCode?: unknown };
	const code = typeof record.httpCode === 'string' ? ` (HTTP ${record.httpCode})` : '';
	const message = typeof record.message === 'string' ? record.message : String(error);
	return `${message.slice(0, 200)}${code}`;
}

/**
 * The object the trigger keeps its state in: its node static data, or — when n8n loaded
 * something there that cannot hold it (null, a string, an array) and the node cannot replace
 * it — a key of the workflow's global static data named after the node.
 */
function stateHome(context: IPollFunctions): { state: CompletionState; problem?: string } {
	const own: unknown = context.getWorkflowStaticData('node');
	if (isPlainObject(own)) return { state: own as CompletionState };
	const global: unknown = context.getWorkflowStaticData('global');
	if (!isPlainObject(global)) {
		throw new NodeOperationError(
			context.getNode(),
			"The workflow's saved trigger data is unreadable",
			{ description: 'Deactivate the workflow, clear its static data, and activate it again.' },
		);
	}
	const key = `twelveLabsTrigger:${context.getNode().name}`;
	const fallback = Object.hasOwn(global, key) ? global[key] : undefined;
	if (isPlainObject(fallback)) return { state: fallback as CompletionState };
	global[key] = {};
	return {
		state: global[key] as CompletionState,
		problem: `the node's static data is ${own === null ? 'null' : Array.isArray(own) ? 'an array' : `a ${typeof own}`}; it is kept under the workflow's static data instead`,
	};
}

function readPollOptions(context: IPollFunctions, now: number): PollOptions {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const query = readListFilters(filters);
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
			analysisMode: query.analysis_mode,
			assetId: query.asset_id,
			videoUrl: query.video_url,
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

/**
 * List items are abbreviated; reads each task in full unless the poll already did. A task left
 * unread (the poll budget or request cap ran out, it was deleted after it was listed, or its
 * read failed) is absent. A failed read skips the task, not the others: the caller keeps it
 * tracked and a later poll reads it again. The key or the account (401, 403, 429) still fails
 * the poll, with nothing committed.
 */
async function readInFull(
	context: IPollFunctions,
	transport: TransportContext,
	tasks: Task[],
	how: {
		fetchFull: boolean;
		alreadyFull: Set<string>;
		maxReads: number;
		onFailure: 'fail' | 'skip';
		deadline?: number;
	},
): Promise<Map<string, Task>> {
	const byId = new Map<string, Task>();
	let reads = 0;
	for (const task of tasks) {
		if (!how.fetchFull || how.alreadyFull.has(task.task_id)) {
			byId.set(task.task_id, task);
			continue;
		}
		if (reads >= how.maxReads) continue;
		if (how.deadline !== undefined && Date.now() >= how.deadline) break;
		reads++;
		const read = await getTask(transport, task.task_id).catch((error: unknown) => {
			if (isNotFound(error)) return undefined;
			if (how.onFailure === 'fail' || isAccountError(error)) throw error;
			context.logger.warn(
				`TwelveLabs Trigger: could not read finished task ${task.task_id} in full; it will be read again by a later poll: ${describeError(error)}`,
			);
			return undefined;
		});
		if (read !== undefined) byId.set(task.task_id, read);
	}
	return byId;
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
		const options = readPollOptions(this, Date.now());
		// Each request's timeout is what is left of the poll's budget.
		const transport = await transportFor(this, { deadline: options.deadline });
		const reader = taskReaderFor(transport);
		const mode = this.getNodeParameter('output', 'simplified') as OutputMode;
		const fetchFull = this.getNodeParameter('fetchFullTask', true) as boolean;

		const fullTasks = async (
			tasks: Task[],
			alreadyFull: Set<string>,
			maxReads: number,
			onFailure: 'fail' | 'skip',
		) =>
			await readInFull(this, transport, tasks, {
				fetchFull,
				alreadyFull,
				maxReads,
				onFailure,
				deadline: options.deadline,
			});
		const toItems = (tasks: Task[]): INodeExecutionData[] =>
			tasks.flatMap((task) => taskItems(task, mode));

		if (this.getMode() === 'manual') {
			const latest = await latestCompleted(reader, options);
			if (!latest) throw noTestEventError(this.getNode(), options);
			const full = await fullTasks([latest], new Set(), 1, 'fail');
			return [toItems([full.get(latest.task_id) ?? latest])];
		}

		const home = stateHome(this);
		const state = home.state;
		const problem = home.problem ?? resetMalformedState(state, options);
		if (problem !== undefined) {
			this.logger.warn(
				`TwelveLabs Trigger: its saved state was malformed (${problem}); taking a new baseline`,
			);
		}
		const observation = await observe(state, reader, {
			...options,
			maxRequests: TRACKING_REQUESTS,
		});
		for (const failure of observation.readFailures) {
			this.logger.warn(
				`TwelveLabs Trigger: could not read task ${failure.taskId}; it stays tracked and is read again by a later poll: ${describeError(failure.error)}`,
			);
		}
		// Fetch what is about to be emitted BEFORE committing: if the account fails a read, the
		// poll fails with the state untouched and the next poll emits the same tasks.
		const candidates = commit(JSON.parse(JSON.stringify(state)) as CompletionState, observation);
		if (candidates.length === 0) {
			commit(state, observation);
			return null;
		}
		const full = await fullTasks(
			candidates,
			fetchedInFull(observation),
			Math.max(
				DEFAULT_MAX_REQUESTS - observation.requests,
				DEFAULT_MAX_REQUESTS - TRACKING_REQUESTS,
			),
			'skip',
		);
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
