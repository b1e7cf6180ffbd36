/**
 * Wire types of the TwelveLabs analyze-async-tasks API (v1.3), as the SDKs' serialization
 * schemas describe them. Lenient where the API is loose: unknown statuses stay strings.
 */

export type KnownTaskStatus = 'queued' | 'pending' | 'processing' | 'ready' | 'failed' | 'canceled';
export type TaskStatus = KnownTaskStatus | (string & {});

export const FINAL_STATUSES: readonly string[] = ['ready', 'failed', 'canceled'];

export function isFinalStatus(status: string | undefined): boolean {
	return status !== undefined && FINAL_STATUSES.includes(status);
}

export type AnalysisMode = 'general' | 'time_based_metadata';

export type TimestampFormat = 'seconds' | 'hh:mm:ss' | 'hh:mm:ss.fff';

export interface MediaSource {
	name: string;
	media_type: 'image';
	url?: string;
	asset_id?: string;
	base64_string?: string;
}

export interface SegmentField {
	name: string;
	description: string;
	type: 'string' | 'boolean' | 'number' | 'integer' | 'array' | 'timestamp';
	format?: TimestampFormat;
	enum?: string[];
	items?: { type: 'string' | 'number' | 'boolean' | 'integer' };
}

export interface TimeRange {
	start_time: number;
	end_time: number;
}

export interface SegmentDefinition {
	id: string;
	description: string;
	fields?: SegmentField[];
	media_sources?: MediaSource[];
	time_ranges?: TimeRange[];
}

export interface ResponseFormat {
	type: 'json_schema' | 'segment_definitions';
	json_schema?: Record<string, unknown>;
	segment_definitions?: SegmentDefinition[];
	segment_time_format?: TimestampFormat;
}

export type VideoSource =
	| { type: 'url'; url: string }
	| { type: 'asset_id'; asset_id: string }
	| { type: 'base64_string'; base64_string: string };

export interface CreateTaskBody {
	video: VideoSource;
	model_name?: string;
	analysis_mode?: AnalysisMode;
	prompt?: string;
	prompt_v2?: { input_text: string; media_sources?: MediaSource[] };
	temperature?: number;
	max_tokens?: number;
	response_format?: ResponseFormat;
	min_segment_duration?: number;
	max_segment_duration?: number;
	start_time?: number;
	end_time?: number;
	custom_id?: string;
}

export interface CreateTaskResponse {
	task_id: string;
	status: TaskStatus;
}

export interface TaskResult {
	generation_id?: string;
	data: string;
	finish_reason?: 'stop' | 'length' | (string & {});
	usage?: { output_tokens?: number; input_tokens?: number };
}

export interface Task {
	task_id: string;
	custom_id?: string | null;
	status: TaskStatus;
	created_at: string;
	completed_at?: string;
	video_source?: {
		type: string;
		url?: string;
		asset_id?: string;
		system_metadata?: { duration?: number };
	};
	request_params?: Record<string, unknown>;
	result?: TaskResult;
	error?: { message?: string };
	webhooks?: Array<{ url: string; delivered: boolean; attempts: number; last_error?: string }>;
}

export interface PageInfo {
	limit_per_page: number;
	page: number;
	total_page: number;
	total_results: number;
}

export interface TaskListResponse {
	data: Task[];
	page_info: PageInfo;
}

export interface ListTasksQuery {
	page?: number;
	page_limit?: number;
	status?: string;
	video_url?: string;
	asset_id?: string;
	analysis_mode?: AnalysisMode;
}

/** Largest page the list endpoint serves. */
export const MAX_PAGE_LIMIT = 50;

/**
 * What the waiting engine and the trigger need from the API, independent of n8n: the node
 * wires it to its retrying transport, unit tests to an in-memory fake.
 */
export interface TaskReader {
	listTasks(query: ListTasksQuery): Promise<TaskListResponse>;
	getTask(taskId: string): Promise<Task>;
}
