/**
 * Create and Wait: Create, then wait until every batch is `completed`, `canceled` or `expired`
 * (within the Wait Timeout), then read each batch's results line by line and output one item
 * per input item, paired by custom ID, in input order. An item that failed or was canceled is an
 * error item under Continue On Fail; otherwise the node fails naming it.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
} from 'n8n-workflow';
import { streamBatchResults } from '../api/batchesApi';
import type { Batch, BatchResultItem } from '../api/batchTypes';
import type { TransportContext } from '../api/transport';
import type { OutputMode } from '../results';
import { outputUnlessFailed, programmaticRequestOptions, transportFor } from '../task/shared';
import { createBatches, type CreatedBatch } from './createBatches';
import { planBatches } from './createInput';
import { lineProblem, resultRecords } from './resultItems';
import { createSettingsOf, readBatchSettings } from './settings';
import { waitForBatches } from './waitForBatches';

export const createAndWaitBatchOperation: INodePropertyOptions = {
	name: 'Create and Wait',
	value: 'createAndWait',
	action: 'Create an analysis batch and wait for the results',
	description:
		'Analyze every input item’s video in one batch, wait until it has finished, and return one result per item',
};

/** The results of one batch by custom ID (only the custom IDs it was sent with). */
async function resultsByCustomId(
	transport: TransportContext,
	batch: CreatedBatch,
	context: IExecuteFunctions,
): Promise<Map<string, BatchResultItem>> {
	const wanted = new Set(batch.planned.body.requests.map((request) => request.custom_id ?? ''));
	let results = new Map<string, BatchResultItem>();
	await streamBatchResults(
		transport,
		batch.batchId,
		{
			onStart: () => {
				results = new Map();
			},
			onResult: (result) => {
				const customId = result.custom_id ?? '';
				if (wanted.has(customId)) results.set(customId, result);
			},
		},
		programmaticRequestOptions(context),
	);
	return results;
}

function unfinishedError(context: IExecuteFunctions, unfinished: string[], batches: Map<string, Batch>) {
	const described = unfinished.map((batchId) => {
		const batch = batches.get(batchId);
		return batch
			? `${batchId} (${batch.status}: ${batch.ready_items} ready, ${batch.failed_items} failed, ${batch.queued_items} queued, ${batch.processing_items} processing)`
			: batchId;
	});
	return new NodeOperationError(
		context.getNode(),
		`${unfinished.length === 1 ? 'A batch was' : `${unfinished.length} batches were`} still running at the Wait Timeout`,
		{
			description: `Still running: ${described.join('; ')}. They go on in TwelveLabs: read them later with Get Results, or raise the Wait Timeout, or set On Timeout to Return Unfinished Tasks.`,
		},
	);
}

/** The output items of one batch's input items, in input order. */
function itemsOfBatch(
	context: IExecuteFunctions,
	batch: CreatedBatch,
	state: Batch | undefined,
	results: Map<string, BatchResultItem>,
	mode: OutputMode,
): Map<number, INodeExecutionData[]> {
	const byItem = new Map<number, INodeExecutionData[]>();
	const context_ = {
		batch_id: batch.batchId,
		analysis_mode: state?.analysis_mode ?? batch.planned.body.analysis_mode,
		created_at: state?.created_at ?? batch.createdAt,
	};
	batch.planned.body.requests.forEach((request, position) => {
		const itemIndex = batch.planned.itemIndexes[position];
		const customId = request.custom_id ?? '';
		const line = results.get(customId);
		const pairedItem = { item: itemIndex };
		if (line !== undefined && line.status !== 'failed' && line.status !== 'canceled') {
			byItem.set(
				itemIndex,
				resultRecords(line, context_, mode, request.video.asset_id).map((json) => ({
					json: json as IDataObject,
					pairedItem,
				})),
			);
			return;
		}
		const error = new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex} (custom ID ${customId}) ${lineProblem(line)}`,
			{
				itemIndex,
				description: `In batch ${batch.batchId}, task ${line?.task_id ?? batch.taskIds.get(customId) ?? 'unknown'}. Failed and canceled items are not billed; send them again in a new batch.`,
			},
		);
		byItem.set(itemIndex, [
			{
				json: {
					error: error.message,
					batch_id: batch.batchId,
					task_id: line?.task_id ?? batch.taskIds.get(customId) ?? null,
					custom_id: customId,
					status: line?.status ?? null,
				},
				error,
				pairedItem,
			},
		]);
	});
	return byItem;
}

export async function executeCreateAndWaitBatch(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const startedAt = Date.now();
	const settings = readBatchSettings(this);
	const mode = this.getNodeParameter('output', 0, 'simplified') as OutputMode;
	const { batches: planned, refused } = await planBatches(this);
	const transport = await transportFor(this);
	const createSettings = createSettingsOf(this, settings, startedAt);
	const created = planned.length === 0 ? [] : await createBatches(transport, planned, createSettings);
	const { batches, unfinished } = await waitForBatches(
		transport,
		created.map((batch) => batch.batchId),
		{
			deadline: createSettings.deadline,
			schedule: createSettings.schedule,
			startedAt,
			extra: createSettings.extra,
		},
	);
	if (unfinished.length > 0 && settings.onTimeout === 'fail') throw unfinishedError(this, unfinished, batches);
	const byItem = new Map<number, INodeExecutionData[]>(
		Array.from(refused, ([index, item]) => [index, [item]]),
	);
	for (const batch of created) {
		const results = await resultsByCustomId(transport, batch, this);
		for (const [index, items] of itemsOfBatch(this, batch, batches.get(batch.batchId), results, mode))
			byItem.set(index, items);
	}
	const output: INodeExecutionData[] = [];
	const count = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) output.push(...(byItem.get(itemIndex) ?? []));
	return outputUnlessFailed(this, output);
}
