/**
 * The analysis-task endpoints, each written once: path, method, and the check that what came
 * back is what the operation needs. Operations, the waiting engine, the trigger and the task
 * picker call these; nothing else builds a task URL.
 */
import {
	NodeApiError,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';
import { isValidTaskId } from './taskIds';
import { sendRequest, type TransportContext } from './transport';
import { unexpectedAnswerError } from './transportErrors';
import type {
	CreateTaskBody,
	CreateTaskResponse,
	ListTasksQuery,
	Task,
	TaskListResponse,
	TaskReader,
} from './types';

/** Relative to the credential's Base URL; also what the credential test and Get Many's routing declare. */
export const TASKS_PATH = '/analyze/tasks';

/** n8n's Request Options (timeout, proxy, TLS) of the operation, when it has any. */
type Extra = Partial<IHttpRequestOptions> | undefined;

/** The path of one task; refuses an ID that is not one (it would change the path). */
export function taskPath(taskId: string): string {
	if (!isValidTaskId(taskId)) throw new Error(`Not a valid task ID: ${JSON.stringify(taskId)}`);
	return `${TASKS_PATH}/${encodeURIComponent(taskId)}`;
}

const unexpectedAnswer = (node: INode, message: string, itemIndex: number | undefined) =>
	unexpectedAnswerError(node, message, itemIndex, 'a TwelveLabs task');

/** The task id of a create answer: without a valid one there is nothing to read or wait for. */
export function checkCreatedTaskId(node: INode, body: unknown, itemIndex?: number): string {
	const taskId = (body as { task_id?: unknown } | undefined)?.task_id;
	if (!isValidTaskId(taskId)) {
		throw unexpectedAnswer(
			node,
			`TwelveLabs answered the create without a valid task_id (${taskId === undefined ? 'none' : JSON.stringify(taskId).slice(0, 80)})`,
			itemIndex,
		);
	}
	return taskId;
}

/** Checks the promise of the API that a task has an id, a status and a creation time. */
export function assertTask(node: INode, body: unknown, itemIndex?: number): Task {
	const record = body as Partial<Task> | undefined;
	const missing = ['task_id', 'status', 'created_at'].filter(
		(key) => typeof (record as Record<string, unknown> | undefined)?.[key] !== 'string',
	);
	if (missing.length > 0) {
		throw unexpectedAnswer(
			node,
			`TwelveLabs returned a task without ${missing.join(', ')}`,
			itemIndex,
		);
	}
	if (!isValidTaskId(record?.task_id)) {
		throw unexpectedAnswer(
			node,
			`TwelveLabs returned a task whose task_id is not valid (${JSON.stringify(record?.task_id).slice(0, 80)})`,
			itemIndex,
		);
	}
	return record as Task;
}

/** POST: one task, with its idempotency key (so a retry cannot create a second one). */
export async function createTask(
	transport: TransportContext,
	body: CreateTaskBody,
	idempotencyKey: string,
	extra?: Extra,
): Promise<CreateTaskResponse> {
	const response = await sendRequest<CreateTaskResponse>(transport, {
		method: 'POST',
		url: TASKS_PATH,
		body: body as unknown as IDataObject,
		headers: { 'Idempotency-Key': idempotencyKey },
		idempotent: true,
		extra,
	});
	checkCreatedTaskId(transport.node, response, transport.itemIndex);
	return response;
}

export async function getTask(
	transport: TransportContext,
	taskId: string,
	extra?: Extra,
): Promise<Task> {
	const body = await sendRequest(transport, {
		method: 'GET',
		url: taskPath(taskId),
		taskId,
		extra,
	});
	return assertTask(transport.node, body, transport.itemIndex);
}

export async function deleteTask(
	transport: TransportContext,
	taskId: string,
	extra?: Extra,
): Promise<void> {
	await sendRequest(transport, { method: 'DELETE', url: taskPath(taskId), taskId, extra });
}

/**
 * One page of the task list (newest first); the API promises `data`, so a page without it is
 * an error. `path` is Get Many's declared URL (TASKS_PATH unless its description says otherwise).
 */
export async function listTaskPage(
	transport: TransportContext,
	query: ListTasksQuery,
	extra?: Extra,
	path: string = TASKS_PATH,
): Promise<TaskListResponse> {
	const response = await sendRequest<TaskListResponse>(transport, {
		method: 'GET',
		url: path,
		qs: { ...query } as IDataObject,
		extra,
	});
	if (!Array.isArray(response.data)) {
		throw new NodeApiError(transport.node, { message: 'unexpected response' } as JsonObject, {
			message: 'TwelveLabs returned a task list without "data"',
			itemIndex: transport.itemIndex,
			description: 'Check that the Base URL of the credential points at the TwelveLabs API (…/v1.3).',
		});
	}
	return response;
}

/** The list and task reads the waiting engine and the trigger need. */
export function taskReaderFor(transport: TransportContext): TaskReader {
	return {
		listTasks: async (query) => await listTaskPage(transport, query),
		getTask: async (taskId) => await getTask(transport, taskId),
	};
}
