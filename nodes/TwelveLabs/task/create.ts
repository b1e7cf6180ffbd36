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
import { DEFAULT_INITIAL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS } from '../wait/pollSchedule';
import { itemParameters, readCreateInput } from './createInput';
import {
	outputUnlessFailed,
	programmaticRequestOptions,
	secondsOption,
	toNodeError,
	transportFor,
} from './shared';
import { uploadVideos, videoUploadOf, type VideoUpload } from './videoUpload';

export const createOperation: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create an analysis task',
	description: 'Start analyzing a video and return the task ID at once',
};

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

/**
 * The video as given, without inline data (a base64 video stays out of the output); a file
 * uploaded as an asset first names its binary field.
 */
export function videoEcho(video: VideoSource, uploadedFrom?: string): Record<string, string> {
	if (video.type === 'url') return { type: 'url', url: video.url };
	if (video.type === 'asset_id') {
		const echo = { type: 'asset_id', asset_id: video.asset_id };
		return uploadedFrom === undefined ? echo : { ...echo, uploaded_from_binary_field: uploadedFrom };
	}
	return { type: 'base64_string' };
}

/** Create's output: the API's {task_id, status}, plus the custom ID and video it was given. */
export function createdTaskItem(
	response: CreateTaskResponse,
	body: CreateTaskBody,
	uploadedFrom?: string,
): Record<string, unknown> {
	return {
		task_id: response.task_id,
		status: response.status,
		custom_id: body.custom_id ?? null,
		video: videoEcho(body.video, uploadedFrom),
	};
}

type Outcome = { body: CreateTaskBody; upload?: VideoUpload } | { error: Error };

/** Every item read and checked, its body built, before anything is sent. */
async function prepareItems(context: IExecuteFunctions): Promise<Outcome[]> {
	const prepared: Outcome[] = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		try {
			const input = await readCreateInput(itemParameters(context, itemIndex));
			const body = buildCreateBody(input);
			prepared.push({ body, upload: videoUploadOf(input, body, itemIndex) });
		} catch (error) {
			const nodeError = toNodeError(context.getNode(), error, itemIndex);
			if (!context.continueOnFail()) throw nodeError;
			prepared.push({ error: nodeError });
		}
	}
	return prepared;
}

export async function executeCreate(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const uploadTimeoutMs = secondsOption(this, this.getNodeParameter('options', 0, {}) as IDataObject, {
		key: 'uploadWaitTimeout',
		label: 'Upload Wait Timeout (Seconds)',
		fallbackSeconds: DEFAULT_WAIT_TIMEOUT_MS / 1000,
		minSeconds: 1,
	});
	const prepared = await prepareItems(this);
	const transport = await transportFor(this);
	const uploads = prepared.flatMap((entry) => ('upload' in entry && entry.upload ? [entry.upload] : []));
	if (uploads.length > 0) {
		const deadline = Date.now() + uploadTimeoutMs;
		const failed = await uploadVideos(this, { ...transport, deadline }, uploads, {
			deadline,
			initialIntervalMs: DEFAULT_INITIAL_INTERVAL_MS,
			timeoutName: 'Upload Wait Timeout',
		});
		for (const [itemIndex, error] of failed) {
			if (!this.continueOnFail()) throw error;
			prepared[itemIndex] = { error };
		}
	}
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
				// The key is made once the body is final (an uploaded video's asset ID in it).
				const key = idempotencyKey(this.getExecutionId(), node.id, itemIndex, entry.body);
				const response = await createTask({ ...transport, itemIndex }, entry.body, key, extra);
				return {
					json: createdTaskItem(response, entry.body, entry.upload?.propertyName) as IDataObject,
					pairedItem,
				};
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
	return outputUnlessFailed(this, results);
}
