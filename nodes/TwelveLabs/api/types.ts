/**
 * Wire types of the TwelveLabs analyze-async-tasks API (v1.3), as the SDKs' serialization
 * schemas describe them (twelvelabs-js 1.3.4 api/types/AnalyzeTask*.d.ts). Every field the
 * SDK marks optional is optional here and may also arrive as null: the node never relies on
 * one. Lenient where the API is loose: unknown statuses stay strings.
 */

/** The statuses the SDK lists (AnalyzeTaskStatus); the only ones sent as list filters. */
export const SDK_STATUSES = ['queued', 'pending', 'processing', 'ready', 'failed'] as const;
export type KnownTaskStatus = (typeof SDK_STATUSES)[number] | 'canceled';
export type TaskStatus = KnownTaskStatus | (string & {});

/** Whether a status may be sent as the list's `status` filter without the user typing it. */
export function isSdkStatus(status: string): boolean {
	return (SDK_STATUSES as readonly string[]).includes(status);
}

const RUNNING_STATUSES: readonly string[] = ['queued', 'pending', 'processing'];
/** `canceled` is not in the SDK but newer API revisions and webhooks use it. */
export const FINAL_STATUSES: readonly string[] = ['ready', 'failed', 'canceled'];
/**
 * Words that mark an unknown status as an end state ("cancelled", "expired", "upload_failed"),
 * at the start of a word so that "incomplete" or "unfinished" stay in flight.
 */
const FINAL_LOOKING_STATUS =
	/(^|[\s_-])(cancel|fail|error|abort|expire|reject|time[sd]?[_-]?out|stop|done|complete|succe|finish)/i;

/** An API timestamp (created_at, completed_at) as epoch ms; undefined when absent or unparsable. */
export function instantMs(value: string | null | undefined): number | undefined {
	if (typeof value !== 'string') return undefined;
	const ms = Date.parse(value);
	return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Whether a task in this status will not change any more. An unknown status counts as final
 * when its name looks like an end (so waiting does not run into its timeout on a status a
 * newer API adds); an unknown status that does not (e.g. "downloading") counts as in flight.
 */
export function isFinalStatus(status: string | null | undefined): boolean {
	if (typeof status !== 'string' || status === '') return false;
	if (FINAL_STATUSES.includes(status)) return true;
	if (RUNNING_STATUSES.includes(status)) return false;
	return FINAL_LOOKING_STATUS.test(status);
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

/** `result`: the SDK requires data, finish_reason, generation_id and usage.output_tokens. */
export interface TaskResult {
	generation_id?: string;
	data?: string | null;
	finish_reason?: 'stop' | 'length' | (string & {}) | null;
	usage?: { output_tokens?: number | null; input_tokens?: number | null } | null;
}

/** AnalyzeTaskResponse: only task_id, status and created_at are required. */
export interface Task {
	task_id: string;
	custom_id?: string | null;
	status: TaskStatus;
	created_at: string;
	completed_at?: string | null;
	video_source?: {
		type?: string | null;
		url?: string | null;
		asset_id?: string | null;
		system_metadata?: { duration?: number | null } | null;
	} | null;
	request_params?: Record<string, unknown> | null;
	result?: TaskResult | null;
	error?: { message?: string | null } | null;
	webhooks?: Array<{
		url: string;
		delivered: boolean;
		attempts: number;
		last_error?: string;
	}> | null;
}

/** PageInfo: every member optional in the SDK. */
export interface PageInfo {
	limit_per_page?: number | null;
	page?: number | null;
	total_page?: number | null;
	total_results?: number | null;
}

export interface TaskListResponse {
	data: Task[];
	page_info?: PageInfo | null;
}

/**
 * Whether a list page is the last one: a page shorter than asked for always is (the API fills
 * every page but the last), and so is the page `page_info.total_page` names when the API sent
 * it (the SDK marks it optional). A total_page that keeps growing cannot keep paging going.
 */
export function isLastListPage(
	response: { data?: unknown[] | null; page_info?: PageInfo | null },
	page: number,
	pageLimit: number,
): boolean {
	if ((Array.isArray(response.data) ? response.data : []).length < pageLimit) return true;
	const totalPages = response.page_info?.total_page;
	return typeof totalPages === 'number' && Number.isFinite(totalPages) && page >= totalPages;
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
