/**
 * Create: start an analysis task for each item and return its ID at once. A custom
 * operation, not declarative routing: n8n wraps any error thrown inside a routed request as an
 * API error ("Error code: none"), and input refused here must read as what it is, with nothing
 * sent to TwelveLabs.
 */
import { createHash } from 'node:crypto';
import type {
	NodeApiError,
	NodeOperationError,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
} from 'n8n-workflow';
import { buildCreateBody } from '../createRequest/body';
import { createTask } from '../api/tasksApi';
import type { CreateTaskBody, CreateTaskResponse, VideoSource } from '../api/types';
import { mapWithConcurrency } from '../wait/concurrency';
import { itemParameters, readCreateInput } from './createInput';
import {
	programmaticRequestOptions,
	toNodeError,
	transportFor,
} from './shared';

/** Creates run a few at a time: fast for big batches, gentle on the rate limit. */
export const CREATE_CONCURRENCY = 4;

/**
 * The same execution, node, item and body always give the same key, so a retried create
 * (by the transport or by n8n's Retry On Fail) returns the task already created.
 */
export function idempotencyKey(
	executionId: string,
	nodeId: string,
	itemIndex: number,
	body: CreateTaskBody,
): string {
	const bodyHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
	return createHash('sha256')
		.update(`${executionId}:${nodeId}:${itemIndex}:${bodyHash}`)
		.digest('hex')
		.slice(0, 48);
}

/** The video as given, without inline data (a base64 video stays out of the output). */
export function videoEcho(video: VideoSource): Record<string, string> {
	if (video.type === 'url') return { type: 'url', url: video.url };
	if (video.type === 'asset_id') return { type: 'asset_id', asset_id: video.asset_id };
	return { type: 'base64_string' };
}

/** Create's output: the API's {task_id, status}, plus the custom ID and video it was given. */
export function createdTaskItem(
	response: CreateTaskResponse,
	body: CreateTaskBody,
): Record<string, unknown> {
	return {
		task_id: response.task_id,
		status: response.status,
		custom_id: body.custom_id ?? null,
		video: videoEcho(body.video),
	};
}

type Outcome = { body: CreateTaskBody; key: string } | { error: Error };

export async function executeCreate(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	// Every item is checked before anything is sent.
	const prepared: Outcome[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const body = buildCreateBody(await readCreateInput(itemParameters(this, itemIndex)));
			prepared.push({
				body,
				key: idempotencyKey(this.getExecutionId(), node.id, itemIndex, body),
			});
		} catch (error) {
			const nodeError = toNodeError(node, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			prepared.push({ error: nodeError });
		}
	}
	const transport = await transportFor(this);
	const extra = programmaticRequestOptions(this);
	const results = await mapWithConcurrency(
		prepared,
		CREATE_CONCURRENCY,
		async (entry, itemIndex): Promise<INodeExecutionData> => {
			const pairedItem = { item: itemIndex };
			if ('error' in entry)
				return {
					json: { error: entry.error.message },
					error: entry.error as NodeOperationError,
					pairedItem,
				};
			try {
				const response = await createTask({ ...transport, itemIndex }, entry.body, entry.key, extra);
				return { json: createdTaskItem(response, entry.body) as IDataObject, pairedItem };
			} catch (error) {
				// The transport's errors are NodeApiErrors already.
				return {
					json: { error: (error as Error).message },
					error: error as NodeApiError,
					pairedItem,
				};
			}
		},
		this.getExecutionCancelSignal(),
	);
	const failure = results.find((result) => result.error !== undefined)?.error;
	if (failure && !this.continueOnFail()) throw failure;
	return [results];
}

export const createOperation: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create an analysis task',
	description: 'Start analyzing a video and return the task ID at once',
};
