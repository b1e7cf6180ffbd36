/**
 * Create and Wait: creates every item's task first, then waits for all of them together
 * (see wait/waitForTasks.ts), and outputs each item's result in input order. A failed task
 * fails only its own item.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type JsonObject,
} from 'n8n-workflow';
import { buildCreateBody } from '../createRequest/body';
import { MIN_REQUEST_TIMEOUT_MS, type TransportContext } from '../api/transport';
import type { CreateTaskBody, Task } from '../api/types';
import { simplifyTask, taskItems, type OutputMode } from '../results';
import { CancelledError, mapWithConcurrency } from '../wait/concurrency';
import { waitForTasks, type WaitOutcome } from '../wait/waitForTasks';
import { createTask, taskReaderFor } from '../api/tasksApi';
import {
	DEFAULT_INITIAL_INTERVAL_MS,
	DEFAULT_MAX_INTERVAL_MS,
	DEFAULT_WAIT_TIMEOUT_MS,
} from '../wait/pollSchedule';
import { CREATE_CONCURRENCY, idempotencyKey } from './create';
import { itemParameters, readCreateInput } from './createInput';
import { NOTHING_SENT, secondsOption, toNodeError, transportFor } from './shared';
import { uploadVideos, videoUploadOf, type VideoUpload } from './videoUpload';
import { isToolCall, waitLimitMs } from '../tool/toolCall';

export const createAndWaitOperation: INodePropertyOptions = {
	name: 'Create and Wait',
	value: 'createAndWait',
	action: 'Create an analysis task and wait for the result',
	description: 'Start analyzing each video, wait for all of them together, and return the results',
};

export interface WaitSettings {
	timeoutMs: number;
	initialIntervalMs: number;
	maxIntervalMs: number;
	onTimeout: 'fail' | 'returnUnfinished';
}

export function readWaitSettings(context: IExecuteFunctions): WaitSettings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const seconds = (key: string, fallbackSeconds: number, label: string, minSeconds: number) =>
		secondsOption(context, options, { key, label, fallbackSeconds, minSeconds });
	const settings: WaitSettings = {
		timeoutMs: seconds(
			'waitTimeout',
			DEFAULT_WAIT_TIMEOUT_MS / 1000,
			'Wait Timeout (Seconds)',
			1,
		),
		initialIntervalMs: seconds(
			'initialPollInterval',
			DEFAULT_INITIAL_INTERVAL_MS / 1000,
			'Initial Poll Interval (Seconds)',
			0.01,
		),
		maxIntervalMs: seconds(
			'maxPollInterval',
			DEFAULT_MAX_INTERVAL_MS / 1000,
			'Maximum Poll Interval (Seconds)',
			0.01,
		),
		onTimeout: options.onTimeout === 'returnUnfinished' ? 'returnUnfinished' : 'fail',
	};
	if (isToolCall(context)) {
		// An agent's tool call waits briefly, then returns what still runs with its task ID.
		settings.timeoutMs = waitLimitMs(context, settings.timeoutMs);
		settings.onTimeout = 'returnUnfinished';
	}
	if (settings.maxIntervalMs < settings.initialIntervalMs) {
		throw new NodeOperationError(
			context.getNode(),
			"'Options › Maximum Poll Interval (Seconds)' is below the initial poll interval",
			{
				description: `Make the maximum poll interval at least as long as the initial one. ${NOTHING_SENT}`,
			},
		);
	}
	return settings;
}

type ItemState =
	| { kind: 'invalid'; error: Error }
	| { kind: 'toCreate'; body: CreateTaskBody; upload?: VideoUpload }
	| { kind: 'createFailed'; error: Error }
	| { kind: 'created'; taskId: string; customId?: string };

/** The tasks created so far, named so that none is left running unnoticed: "id (custom ID x)". */
function createdTaskList(states: ItemState[]): string[] {
	return states.flatMap((state) =>
		state.kind === 'created'
			? [state.customId ? `${state.taskId} (custom ID ${state.customId})` : state.taskId]
			: [],
	);
}

/** Adds the tasks left running at TwelveLabs to an error that stops the batch. */
function withCreatedTasks<E extends Error>(error: E, states: ItemState[]): E {
	const created = createdTaskList(states);
	if (created.length === 0) return error;
	const note = ` Tasks this run created keep running at TwelveLabs: ${created.join(', ')}. Read them with Get or the TwelveLabs Trigger instead of creating them again.`;
	const described = error as E & { description?: string | null };
	described.description = `${described.description ?? ''}${note}`.trim();
	return error;
}

/** How a task that is final but not ready ended; a status newer than the SDK is named. */
function endedHow(status: string): string {
	if (status === 'failed') return 'failed';
	if (status === 'canceled') return 'was canceled';
	return `ended with status '${status}'`;
}

function taskFailedError(context: IExecuteFunctions, task: Task, itemIndex: number): NodeApiError {
	const reason = task.error?.message ?? 'no reason given';
	return new NodeApiError(
		context.getNode(),
		{ task_id: task.task_id, status: task.status, message: reason } as JsonObject,
		{
			message: `The task ${task.task_id} ${endedHow(task.status)}: ${reason}`,
			description:
				'Check that the video is reachable and within the limits of the model (length, format), then run the item again.',
			itemIndex,
		},
	);
}

/** 1. Every item checked and its body built before anything is sent. */
async function prepareItems(context: IExecuteFunctions): Promise<ItemState[]> {
	const node = context.getNode();
	const states: ItemState[] = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		try {
			const input = await readCreateInput(itemParameters(context, itemIndex));
			const body = buildCreateBody(input);
			states.push({ kind: 'toCreate', body, upload: videoUploadOf(input, body, itemIndex) });
		} catch (error) {
			const nodeError = toNodeError(node, error, itemIndex);
			if (!context.continueOnFail()) throw nodeError;
			states.push({ kind: 'invalid', error: nodeError });
		}
	}
	return states;
}

/**
 * 2. Videos above the inline limit uploaded as assets and waited for (videoUpload.ts), within
 * the Wait Timeout. An item whose upload failed fails alone under Continue On Fail; otherwise
 * the run stops before any task is created.
 */
async function uploadAll(
	context: IExecuteFunctions,
	states: ItemState[],
	transport: TransportContext,
	settings: WaitSettings,
	deadline: number,
): Promise<void> {
	const uploads = states.flatMap((state) =>
		state.kind === 'toCreate' && state.upload ? [state.upload] : [],
	);
	if (uploads.length === 0) return;
	const failed = await uploadVideos(context, transport, uploads, {
		deadline,
		initialIntervalMs: settings.initialIntervalMs,
		timeoutName: 'Wait Timeout',
	});
	for (const [itemIndex, error] of failed) {
		if (!context.continueOnFail()) throw error;
		states[itemIndex] = { kind: 'createFailed', error };
	}
}

/**
 * 3. Creates every task, a few at a time, recording each item's outcome in `states`. Without
 * Continue On Fail, a refused item stops further creates (each would be an orphan of a failed
 * run) and the run, naming the tasks already created.
 */
async function createAll(
	context: IExecuteFunctions,
	states: ItemState[],
	transport: TransportContext,
): Promise<void> {
	const signal = context.getExecutionCancelSignal();
	const continueOnFail = context.continueOnFail();
	const creating = mapWithConcurrency(
		states,
		CREATE_CONCURRENCY,
		async (state, itemIndex) => {
			if (state.kind !== 'toCreate') return;
			if (!continueOnFail && states.some((other) => other.kind === 'createFailed')) return;
			try {
				// The key is made once the body is final (an uploaded video's asset ID in it).
				const key = idempotencyKey(context.getExecutionId(), context.getNode().id, itemIndex, state.body);
				const response = await createTask({ ...transport, itemIndex }, state.body, key);
				states[itemIndex] = {
					kind: 'created',
					taskId: response.task_id,
					customId: state.body.custom_id,
				};
			} catch (error) {
				states[itemIndex] = { kind: 'createFailed', error: error as Error };
			}
		},
		signal,
	);
	// Cancelled with items left unstarted, mapWithConcurrency rejects with CancelledError.
	const created = await creating.then(
		() => true,
		(error: unknown) => (error instanceof CancelledError ? false : Promise.reject(error)),
	);
	if (!created || signal?.aborted) {
		const started = createdTaskList(states);
		throw new NodeOperationError(
			context.getNode(),
			'The execution was cancelled while the tasks were being created',
			{
				description: started.length
					? `These tasks were created and keep running at TwelveLabs: ${started.join(', ')}.`
					: 'No task was created.',
			},
		);
	}
	const failed = states.find((state) => state.kind === 'createFailed');
	if (!continueOnFail && failed?.kind === 'createFailed') {
		throw withCreatedTasks(failed.error, states);
	}
}

/**
 * 4. Waits for all created tasks together, in what is left of the Wait Timeout (the creates
 * count against it, so the whole run is bounded). The engine's last round runs at the timeout;
 * no request of it may outlast it by more than the shortest request timeout.
 */
async function waitAll(
	context: IExecuteFunctions,
	states: ItemState[],
	transport: TransportContext,
	settings: WaitSettings,
	startedAtMs: number,
): Promise<Map<string, WaitOutcome>> {
	const node = context.getNode();
	const createdIds = states.flatMap((state) => (state.kind === 'created' ? [state.taskId] : []));
	const runDeadline = startedAtMs + settings.timeoutMs;
	const waited = await waitForTasks(
		createdIds.map((taskId) => ({ taskId })),
		{
			reader: taskReaderFor({ ...transport, deadline: runDeadline + MIN_REQUEST_TIMEOUT_MS }),
			now: () => Date.now(),
			// The engine sleeps in slices and checks the signal between them.
			sleep: async (ms) => await sleep(ms),
			signal: context.getExecutionCancelSignal(),
		},
		{
			timeoutMs: Math.max(0, runDeadline - Date.now()),
			initialIntervalMs: settings.initialIntervalMs,
			maxIntervalMs: settings.maxIntervalMs,
			startedAtMs,
		},
	).catch((error: unknown) => {
		// A daily quota, a rejected key: the wait stops, the tasks keep running.
		throw withCreatedTasks(error as Error, states);
	});
	if (waited.cancelled) {
		throw new NodeOperationError(
			node,
			`The execution was cancelled while waiting for ${createdIds.length} tasks`,
			{
				description: `The tasks keep running at TwelveLabs: ${createdIds.join(', ')}. Read them later with Get or the TwelveLabs Trigger.`,
			},
		);
	}
	const unfinished = waited.outcomes.filter((outcome) => outcome.state === 'unfinished');
	if (unfinished.length > 0 && settings.onTimeout === 'fail') {
		const list = unfinished.map(
			(outcome) =>
				`${outcome.taskId} (${outcome.state === 'unfinished' ? outcome.lastStatus : ''})`,
		);
		throw new NodeOperationError(
			node,
			`${unfinished.length} of ${createdIds.length} tasks did not finish within the wait timeout: ${list.join(', ')}`,
			{
				description:
					'They keep running at TwelveLabs. Read them later with the Get operation or the TwelveLabs Trigger, raise Options › Wait Timeout, or set Options › On Timeout to "Return Unfinished Tasks".',
			},
		);
	}
	return new Map(waited.outcomes.map((outcome) => [outcome.taskId, outcome]));
}

/** 5. One or more output items per input item, in input order. */
function outputItems(
	context: IExecuteFunctions,
	states: ItemState[],
	outcomes: Map<string, WaitOutcome>,
	mode: OutputMode,
): INodeExecutionData[] {
	const node = context.getNode();
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, state] of states.entries()) {
		const pairedItem = { item: itemIndex };
		// n8n keeps only the message in an error item's JSON, so the messages name the task.
		const fail = (error: Error) => {
			if (!context.continueOnFail()) throw error;
			output.push({ json: { error: error.message }, error: error as NodeApiError, pairedItem });
		};
		if (state.kind === 'invalid' || state.kind === 'createFailed') {
			fail(state.error);
			continue;
		}
		if (state.kind !== 'created') continue;
		const outcome = outcomes.get(state.taskId);
		if (!outcome || outcome.state === 'deleted') {
			fail(
				new NodeOperationError(node, `The task ${state.taskId} was deleted while waiting for it`, {
					itemIndex,
				}),
			);
		} else if (outcome.state === 'unfinished') {
			const task =
				outcome.task ??
				({ task_id: state.taskId, status: outcome.lastStatus, created_at: '' } as Task);
			output.push({
				json: (mode === 'raw' ? task : simplifyTask(task)) as unknown as IDataObject,
				pairedItem,
			});
		} else if (outcome.task.status !== 'ready') {
			fail(taskFailedError(context, outcome.task, itemIndex));
		} else {
			output.push(...taskItems(outcome.task, mode, itemIndex));
		}
	}
	return output;
}

export async function executeCreateAndWait(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const settings = readWaitSettings(this);
	const mode = this.getNodeParameter('output', 0, 'simplified') as OutputMode;
	const startedAtMs = Date.now();
	const states = await prepareItems(this);
	const transport = await transportFor(this, {
		signal: this.getExecutionCancelSignal(),
		deadline: startedAtMs + settings.timeoutMs,
	});
	await uploadAll(this, states, transport, settings, startedAtMs + settings.timeoutMs);
	await createAll(this, states, transport);
	const outcomes = await waitAll(this, states, transport, settings, startedAtMs);
	return [outputItems(this, states, outcomes, mode)];
}
