/**
 * Create: all input items become one batch (several of at most 1,000 each when there are more),
 * returned at once: one output item per batch with its ID and the task ID of every request.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
} from 'n8n-workflow';
import { transportFor } from '../task/shared';
import { createBatches, type CreatedBatch } from './createBatches';
import { planBatches } from './createInput';
import { createSettingsOf, readBatchSettings } from './settings';

/** The output of one created batch: what the API answered, with each request's asset. */
export function createdBatchJson(batch: CreatedBatch): IDataObject {
	return {
		batch_id: batch.batchId,
		status: batch.status,
		total_items: batch.planned.body.requests.length,
		created_at: batch.createdAt,
		expires_at: batch.expiresAt,
		items: batch.planned.body.requests.map((request) => ({
			task_id: batch.taskIds.get(request.custom_id ?? '') ?? null,
			custom_id: request.custom_id ?? null,
			asset_id: request.video.asset_id,
		})),
	};
}

export async function executeCreateBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const startedAt = Date.now();
	const settings = readBatchSettings(this);
	const { batches, refused } = await planBatches(this);
	const created =
		batches.length === 0
			? []
			: await createBatches(await transportFor(this), batches, createSettingsOf(this, settings, startedAt));
	const output: INodeExecutionData[] = created.map((batch) => ({
		json: createdBatchJson(batch),
		pairedItem: batch.planned.itemIndexes.map((item) => ({ item })),
	}));
	return [[...output, ...refused.values()]];
}

export const createBatchOperation: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create an analysis batch',
	description: 'Analyze every input item’s video in one batch and return the batch ID at once',
};
