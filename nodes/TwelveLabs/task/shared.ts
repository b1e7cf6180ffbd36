/** Wiring shared by the operations: the transport for an n8n context, and error conversion. */
import {
	NodeApiError,
	NodeOperationError,
	type JsonObject,
	type IDataObject,
	type INodeExecutionData,
	type DeclarativeRestApiSettings,
	type IExecuteFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type IPollFunctions,
} from 'n8n-workflow';
import { InvalidParameterError } from '../createRequest/input';
import { baseUrlProblem, normalizeBaseUrl } from '../api/baseUrl';
import { CREDENTIAL_NAME, sendRequest, type TransportContext } from '../api/transport';
import { isValidTaskId, TASK_ID_PATTERN } from '../api/taskIds';
import type { Task, TaskListResponse, TaskReader } from '../api/types';
import { mapWithConcurrency } from '../wait/concurrency';

type RequestingContext =
	| IExecuteFunctions
	| IExecuteSingleFunctions
	| IPollFunctions
	| ILoadOptionsFunctions;

export async function transportFor(
	context: RequestingContext,
	options: { itemIndex?: number; signal?: AbortSignal; deadline?: number } = {},
): Promise<TransportContext> {
	const credentials = await context.getCredentials(CREDENTIAL_NAME);
	const signal =
		options.signal ??
		('getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined);
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	const problem = baseUrlProblem(baseUrl);
	if (problem !== undefined) {
		throw new NodeOperationError(context.getNode(), problem, {
			itemIndex: options.itemIndex,
			description: 'Fix the Base URL in the TwelveLabs credential. Nothing was sent.',
		});
	}
	return {
		node: context.getNode(),
		baseUrl,
		secret: typeof credentials.apiKey === 'string' ? credentials.apiKey : undefined,
		deadline: options.deadline,
		send: async (requestOptions) =>
			await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_NAME,
				requestOptions,
			),
		signal,
		itemIndex: options.itemIndex,
	};
}

/** Said of every locally refused input, so it is never mistaken for an answer of the API. */
export const NOTHING_SENT = 'Nothing was sent to TwelveLabs.';

/** Local validation failures become NodeOperationErrors that name the field and the fix. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): Error {
	if (error instanceof InvalidParameterError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: `${error.fix} ${NOTHING_SENT}`,
		});
	}
	return error as Error;
}

/** Checks a task ID before it becomes part of a URL. */
export function checkTaskId(node: INode, value: unknown, itemIndex: number): string {
	const taskId = typeof value === 'string' ? value.trim() : '';
	if (!TASK_ID_PATTERN.test(taskId)) {
		throw new NodeOperationError(
			node,
			taskId === '' ? "'Task' is empty" : `'Task' ("${taskId}") is not a valid task ID`,
			{
				itemIndex,
				description: `Pick a task from the list, or enter the task_id returned by Create (24 letters and digits, e.g. 6650c3b4a3e0b8f3c1d2e4f5). ${NOTHING_SENT}`,
			},
		);
	}
	return taskId;
}

/** The checked task ID of one input item of a programmatic operation. */
export function taskIdOfItem(context: IExecuteFunctions, itemIndex: number): string {
	return checkTaskId(
		context.getNode(),
		context.getNodeParameter('taskId', itemIndex, undefined, { extractValue: true }),
		itemIndex,
	);
}

/** The path of one task; see isValidTaskId. */
export function encodeTaskPath(taskId: string): string {
	if (!isValidTaskId(taskId)) throw new Error(`Not a valid task ID: ${JSON.stringify(taskId)}`);
	return `/analyze/tasks/${encodeURIComponent(taskId)}`;
}

function unexpectedAnswer(
	node: INode,
	message: string,
	itemIndex: number | undefined,
): NodeApiError {
	return new NodeApiError(node, { message: 'unexpected response' } as JsonObject, {
		message,
		description:
			'The answer does not look like a TwelveLabs task. Check that the Base URL of the credential points at the TwelveLabs API (…/v1.3).',
		itemIndex,
	});
}

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

/** Checks the promise of the API that a task has an id and a status before it is shaped. */
export function assertTask(node: INode, body: unknown, itemIndex?: number): Task {
	const record = body as Partial<Task> | undefined;
	const missing = ['task_id', 'status', 'created_at'].filter(
		(key) => typeof (record as Record<string, unknown> | undefined)?.[key] !== 'string',
	);
	if (missing.length === 0 && !isValidTaskId(record?.task_id)) {
		throw unexpectedAnswer(
			node,
			`TwelveLabs returned a task whose task_id is not valid (${JSON.stringify(record?.task_id).slice(0, 80)})`,
			itemIndex,
		);
	}
	if (missing.length > 0) {
		throw unexpectedAnswer(
			node,
			`TwelveLabs returned a task without ${missing.join(', ')}`,
			itemIndex,
		);
	}
	return record as Task;
}

/** The "Request Options" n8n adds to declarative nodes (timeout, proxy, SSL), kept on every request. */
export function userRequestOptions(
	options: DeclarativeRestApiSettings.HttpRequestOptions,
): Partial<IHttpRequestOptions> {
	const extra: Partial<IHttpRequestOptions> = {};
	if (options.timeout) extra.timeout = options.timeout;
	if (options.proxy) extra.proxy = options.proxy as IHttpRequestOptions['proxy'];
	if (options.skipSslCertificateValidation)
		extra.skipSslCertificateValidation = Boolean(options.skipSslCertificateValidation);
	return extra;
}

/** n8n's "Request Options" of a programmatic operation that apply to one request (timeout, TLS check). */
export function programmaticRequestOptions(
	context: IExecuteFunctions,
): Partial<IHttpRequestOptions> {
	const options = context.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	const extra: Partial<IHttpRequestOptions> = {};
	if (typeof options.timeout === 'number' && options.timeout > 0) extra.timeout = options.timeout;
	if (options.allowUnauthorizedCerts === true) extra.skipSslCertificateValidation = true;
	return extra;
}

/**
 * Runs `run` for every input item, `limit` at a time, output in input order. A failure stops
 * the run, or with Continue On Fail becomes that item's error item. Checks that throw before a
 * request (e.g. the task ID) reach the user as the node's own error, not an API error.
 */
export async function runForEachItem(
	context: IExecuteFunctions,
	limit: number,
	run: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	const results = await mapWithConcurrency(
		context.getInputData(),
		limit,
		async (_item, itemIndex): Promise<INodeExecutionData[]> => {
			try {
				return await run(itemIndex);
			} catch (error) {
				const nodeError = error as NodeApiError | NodeOperationError;
				return [
					{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } },
				];
			}
		},
		context.getExecutionCancelSignal(),
	);
	const failure = results.flat().find((item) => item.error !== undefined)?.error;
	if (failure && !context.continueOnFail()) throw failure;
	return [results.flat()];
}

/** The task list and task reads the waiting engine and the trigger need, over the transport. */
export function taskReaderFor(transport: TransportContext): TaskReader {
	return {
		listTasks: async (query) =>
			await sendRequest<TaskListResponse>(transport, {
				method: 'GET',
				url: '/analyze/tasks',
				qs: { ...query },
			}),
		getTask: async (taskId) =>
			assertTask(
				transport.node,
				await sendRequest(transport, { method: 'GET', url: encodeTaskPath(taskId), taskId }),
			),
	};
}
