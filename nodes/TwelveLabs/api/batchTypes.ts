/**
 * Wire types of the analysis-batch endpoints (`/analyze/batches`, v1.3), as the SDK's
 * serialization schemas describe them (twelvelabs-js 1.3.4: api/types/Batch*, AnalyzeBatch*,
 * CreateAnalyzeBatchResponse, CreatedBatchItem). Every field the SDK marks optional is
 * optional here and may also arrive as null: the node never relies on one. Unknown statuses
 * stay strings.
 */
import type { AnalysisMode, MediaSource, PageInfo, ResponseFormat } from './types';

/** CreateAnalyzeBatchRequest.requests: "Provide 1 to 1,000 requests". */
export const MAX_BATCH_REQUESTS = 1000;
/** "Up to 5 active batches per account." */
export const DEFAULT_MAX_ACTIVE_BATCHES = 5;
/** The only model a batch takes (CreateAnalyzeBatchRequestModelName). */
export const BATCH_MODEL = 'pegasus1.5';

/** BatchStatus. A batch never has the status `failed`. */
export const BATCH_STATUSES = [
	'pending',
	'processing',
	'canceling',
	'canceled',
	'completed',
	'expired',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number] | (string & {});
/** Where a batch stops changing: "Poll … until the batch reaches completed, canceled or expired". */
export const FINAL_BATCH_STATUSES: readonly string[] = ['completed', 'canceled', 'expired'];
/** What counts against the account's active-batch limit. */
export const ACTIVE_BATCH_STATUSES: readonly string[] = ['pending', 'processing', 'canceling'];

/** BatchItemStatus: the status of one result entry. */
export const BATCH_ITEM_STATUSES = ['queued', 'processing', 'ready', 'failed', 'canceled'] as const;
export type BatchItemStatus = (typeof BATCH_ITEM_STATUSES)[number] | (string & {});

export function isFinalBatchStatus(status: unknown): boolean {
	return typeof status === 'string' && FINAL_BATCH_STATUSES.includes(status);
}

/** BatchPrompt: not supported when analysis_mode is time_based_metadata. */
export interface BatchPrompt {
	input_text: string;
	media_sources?: MediaSource[];
}

/** The fields `defaults` and every item may carry (BatchDefaults, BatchItemRequest). */
export interface BatchSettings {
	prompt?: BatchPrompt;
	response_format?: ResponseFormat;
	temperature?: number;
	max_tokens?: number;
	min_segment_duration?: number;
	max_segment_duration?: number;
	start_time?: number;
	end_time?: number;
}

/** The keys of BatchSettings: what an item may override. */
export const BATCH_SETTING_KEYS = [
	'prompt',
	'response_format',
	'temperature',
	'max_tokens',
	'min_segment_duration',
	'max_segment_duration',
	'start_time',
	'end_time',
] as const satisfies ReadonlyArray<keyof BatchSettings>;

export interface BatchItemRequest extends BatchSettings {
	video: { type: 'asset_id'; asset_id: string };
	custom_id?: string;
}

export interface CreateBatchBody {
	model_name: string;
	analysis_mode: AnalysisMode;
	defaults?: BatchSettings;
	requests: BatchItemRequest[];
}

export interface CreatedBatchItem {
	task_id: string;
	custom_id?: string | null;
}

/** CreateAnalyzeBatchResponse: every field required by the SDK. */
export interface CreateBatchResponse {
	batch_id: string;
	status: BatchStatus;
	total_items: number;
	created_at: string;
	expires_at: string;
	items: CreatedBatchItem[];
}

/** AnalyzeBatchStatusResponse (AnalyzeBatchSummary plus the item counts). */
export interface Batch {
	batch_id: string;
	analysis_mode: AnalysisMode | (string & {});
	model_name: string;
	status: BatchStatus;
	total_items: number;
	created_at: string;
	expires_at: string;
	completed_at?: string | null;
	canceled_at?: string | null;
	expired_at?: string | null;
	queued_items: number;
	processing_items: number;
	ready_items: number;
	failed_items: number;
	canceled_items: number;
	webhooks?: unknown[] | null;
}

export interface BatchListResponse {
	data: Batch[];
	page_info?: PageInfo | null;
}

/** BatchesListRequest: `status` and `analysis_mode` repeat for several values. */
export interface ListBatchesQuery {
	page?: number;
	page_limit?: number;
	status?: string | string[];
	analysis_mode?: string | string[];
}

/** One line of the results stream (BatchResultItem). */
export interface BatchResultItem {
	task_id: string;
	custom_id?: string | null;
	status: BatchItemStatus;
	/** For `ready`: the same envelope as a task's `result`. */
	data?: {
		generation_id?: string;
		data?: string | null;
		finish_reason?: string | null;
		usage?: { output_tokens?: number | null; input_tokens?: number | null } | null;
	} | null;
	/** For `failed`: `message` always, `code` not yet. */
	error?: { code?: string | null; message?: string | null } | null;
}
