/**
 * The trigger's task events in an n8n poll (the n8n side of trigger/completions.ts): where the
 * state lives, the poll's options, the full reads of what is emitted, and the poll itself.
 */
import {
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';
import { isNotFound } from '../api/errors';
import { getTask, taskReaderFor } from '../api/tasksApi';
import type { TransportContext } from '../api/transport';
import type { Task } from '../api/types';
import { taskItems, type OutputMode } from '../results';
import { readListFilters } from '../task/filters';
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
} from './completions';

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

/** The poll's settings: its deadline (from n8n's poll budget), the task events and filters. */
export function readPollOptions(context: IPollFunctions, now: number, events: FinalStatus[]): PollOptions {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const query = readListFilters(filters);
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
export function noTestEventError(
	node: INode,
	options: PollOptions,
	batchEvents: string[],
): NodeOperationError {
	const filters = options.filters ?? {};
	const settings = [
		`Trigger On: ${[...(options.events ?? []), ...batchEvents].join(', ')}`,
		filters.analysisMode && `Analysis Mode: ${filters.analysisMode}`,
		filters.assetId && `Asset ID: ${filters.assetId}`,
		filters.videoUrl && `Video URL: ${filters.videoUrl}`,
		filters.customIdPrefix && `Custom ID Prefix: ${filters.customIdPrefix}`,
	].filter(Boolean);
	const what = (options.events ?? []).length > 0 ? 'task' : 'batch';
	return new NodeOperationError(node, `No finished ${what} matches the trigger yet`, {
		description: `Looked for the newest ${batchEvents.length > 0 && what === 'task' ? 'task or batch' : what} matching ${settings.join('; ')}. Let a matching ${what} finish (or widen the filters), then fetch again.`,
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

/**
 * The task events of one poll: observe, read in full what is about to be emitted, commit
 * (against the current static data) and return the items. In manual mode (Fetch Test Event)
 * the newest matching finished task, or nothing, and no state is touched.
 */
export async function pollTaskEvents(
	this: IPollFunctions,
	transport: TransportContext,
	options: PollOptions,
): Promise<INodeExecutionData[]> {
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
		if (!latest) return [];
		const full = await fullTasks([latest], new Set(), 1, 'fail');
		return toItems([full.get(latest.task_id) ?? latest]);
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
		return [];
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
	return toItems(emit.map((task) => full.get(task.task_id) ?? task));
}
