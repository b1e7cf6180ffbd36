/**
 * A result line of a batch as output: shaped like a task (results.ts: simplified, one item per
 * segment, raw), with the batch it belongs to. Pure.
 */
import type { BatchResultItem } from '../api/batchTypes';
import type { Task } from '../api/types';
import { shapeTask, type OutputMode } from '../results';

/** What a line needs from its batch to be read: its ID, mode and creation time. */
export interface BatchContext {
	batch_id: string;
	analysis_mode?: string | null;
	created_at?: string | null;
}

/** The line as the task it is (the result envelope is a task's `result`). */
export function resultAsTask(line: BatchResultItem, batch: BatchContext, assetId?: string): Task {
	return {
		task_id: line.task_id,
		custom_id: line.custom_id ?? null,
		status: line.status,
		created_at: batch.created_at ?? '',
		video_source: assetId === undefined ? null : { type: 'asset_id', asset_id: assetId },
		request_params:
			typeof batch.analysis_mode === 'string' ? { analysis_mode: batch.analysis_mode } : null,
		result: line.data ?? null,
		error: line.error ? { message: line.error.message ?? null } : null,
	};
}

/** The records of one line for an output mode, each with `batch_id`. */
export function resultRecords(
	line: BatchResultItem,
	batch: BatchContext,
	mode: OutputMode,
	assetId?: string,
): Array<Record<string, unknown>> {
	if (mode === 'raw') return [{ ...line, batch_id: batch.batch_id }];
	return shapeTask(resultAsTask(line, batch, assetId), mode).map((record) => ({
		...record,
		batch_id: batch.batch_id,
	}));
}

/** The message of a line that did not end ready. */
export function lineProblem(line: BatchResultItem | undefined): string {
	if (line === undefined) return 'has no result line';
	if (line.status === 'failed')
		return `failed${line.error?.message ? `: ${line.error.message}` : ''}${line.error?.code ? ` (code: ${line.error.code})` : ''}`;
	if (line.status === 'canceled') return 'was canceled (the batch was canceled or expired before it finished)';
	return `is still ${line.status}`;
}
