/**
 * The analysis-batch endpoints, each written once: path, method, and the check that what came
 * back is what the operation needs. The batch operations, their waiting and the batch picker
 * call these; nothing else builds a batch URL.
 */
import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import type {
	Batch,
	BatchListResponse,
	BatchResultItem,
	CreateBatchBody,
	CreateBatchResponse,
	ListBatchesQuery,
} from './batchTypes';
import { isRecord } from './errors';
import { isValidTaskId } from './taskIds';
import { streamJsonLines } from './jsonLines';
import { sendRequest, type TransportContext } from './transport';
import { unexpectedAnswerError } from './transportErrors';

/** Relative to the credential's Base URL; also what Get Many's routing declares. */
export const BATCHES_PATH = '/analyze/batches';

type Extra = Partial<IHttpRequestOptions> | undefined;

/** Batch ids have the shape of task ids: only such go into a path. */
export const isValidBatchId = isValidTaskId;

export function batchPath(batchId: string, tail = ''): string {
	if (!isValidBatchId(batchId)) throw new Error(`Not a valid batch ID: ${JSON.stringify(batchId)}`);
	return `${BATCHES_PATH}/${encodeURIComponent(batchId)}${tail}`;
}

const shown = (value: unknown) =>
	value === undefined ? 'none' : JSON.stringify(value).slice(0, 80);

const unexpected = (node: INode, message: string, itemIndex: number | undefined) =>
	unexpectedAnswerError(node, message, itemIndex, 'a TwelveLabs analysis batch');

/** A batch needs a valid id and a status (every other field is read leniently). */
export function assertBatch(node: INode, body: unknown, itemIndex?: number): Batch {
	const record = isRecord(body) ? body : {};
	if (!isValidBatchId(record.batch_id))
		throw unexpected(
			node,
			`TwelveLabs returned a batch without a valid batch_id (${shown(record.batch_id)})`,
			itemIndex,
		);
	if (typeof record.status !== 'string')
		throw unexpected(node, `TwelveLabs returned the batch ${record.batch_id} without a status`, itemIndex);
	return body as Batch;
}

/** POST: one batch. Not repeated after an unclear failure (see batch/createBatches.ts). */
export async function createBatch(
	transport: TransportContext,
	body: CreateBatchBody,
	extra?: Extra,
): Promise<CreateBatchResponse> {
	const response = await sendRequest<CreateBatchResponse>(transport, {
		method: 'POST',
		url: BATCHES_PATH,
		body: body as unknown as IDataObject,
		extra,
	});
	assertBatch(transport.node, response, transport.itemIndex);
	if (!Array.isArray(response.items))
		throw unexpected(
			transport.node,
			`TwelveLabs created the batch ${response.batch_id} but did not list its items`,
			transport.itemIndex,
		);
	return response;
}

export async function getBatch(
	transport: TransportContext,
	batchId: string,
	extra?: Extra,
): Promise<Batch> {
	const body = await sendRequest(transport, {
		method: 'GET',
		url: batchPath(batchId),
		batchId,
		extra,
	});
	return assertBatch(transport.node, body, transport.itemIndex);
}

/** POST …/cancel: the batch as it is then (status `canceling`). */
export async function cancelBatch(
	transport: TransportContext,
	batchId: string,
	extra?: Extra,
): Promise<Batch> {
	const body = await sendRequest(transport, {
		method: 'POST',
		url: batchPath(batchId, '/cancel'),
		batchId,
		// Canceling twice has the effect of canceling once.
		idempotent: true,
		extra,
	});
	return assertBatch(transport.node, body, transport.itemIndex);
}

export async function deleteBatch(
	transport: TransportContext,
	batchId: string,
	extra?: Extra,
): Promise<void> {
	await sendRequest(transport, { method: 'DELETE', url: batchPath(batchId), batchId, extra });
}

/** One page of the batch list, newest first; `status` and `analysis_mode` repeat. */
export async function listBatchPage(
	transport: TransportContext,
	query: ListBatchesQuery,
	extra?: Extra,
	path: string = BATCHES_PATH,
): Promise<BatchListResponse> {
	const response = await sendRequest<BatchListResponse>(transport, {
		method: 'GET',
		url: path,
		qs: { ...query } as IDataObject,
		extra: { ...extra, arrayFormat: 'repeat' },
	});
	if (!Array.isArray(response.data))
		throw unexpected(transport.node, 'TwelveLabs returned a batch list without "data"', transport.itemIndex);
	return response;
}

/**
 * GET …/results: the JSON-lines stream, each result handed to `onResult` as its line arrives
 * (never the whole answer at once). `onStart` runs before the first line of every attempt: an
 * answer cut off is read again from the start, so the caller drops what it had.
 */
export async function streamBatchResults(
	transport: TransportContext,
	batchId: string,
	handler: { onStart(): void; onResult(result: BatchResultItem, lineNumber: number): void },
	extra?: Extra,
): Promise<void> {
	await streamJsonLines(
		transport,
		{ method: 'GET', url: batchPath(batchId, '/results'), batchId, extra },
		{
			onStart: () => handler.onStart(),
			onValue: (value, lineNumber) => {
				if (!isRecord(value) || !isValidTaskId(value.task_id) || typeof value.status !== 'string')
					throw unexpected(
						transport.node,
						`Line ${lineNumber} of the results of batch ${batchId} is not a result (it needs a task_id and a status)`,
						transport.itemIndex,
					);
				handler.onResult(value as unknown as BatchResultItem, lineNumber);
			},
		},
	);
}
