/**
 * Output shaping shared by Get, Create and Wait and the Trigger: the raw task, a simplified
 * record, or one record per segment of a video-segmentation result. Pure functions.
 */
import type { Task } from './api/types';
import { isRecord } from './api/errors';

export type OutputMode = 'raw' | 'simplified' | 'segments';

export interface SimplifiedTask {
	task_id: string;
	custom_id: string | null;
	status: string;
	analysis_mode: string | null;
	created_at: string;
	completed_at: string | null;
	video: {
		type: string | null;
		url: string | null;
		asset_id: string | null;
		duration: number | null;
	};
	text?: string;
	data?: unknown;
	finish_reason: string | null;
	usage: { output_tokens: number | null; input_tokens: number | null };
	warning?: string;
	error?: string;
}

export interface SegmentRecord {
	task_id: string;
	custom_id: string | null;
	definition_id: string;
	segment_index: number;
	start_time: number | string | null;
	end_time: number | string | null;
	fields: Record<string, unknown>;
}

export function analysisModeOf(task: Task): string | null {
	const mode = task.request_params?.analysis_mode;
	return typeof mode === 'string' ? mode : null;
}

/** Whether the task asked for JSON (a JSON schema or segment definitions). */
export function expectsJson(task: Task): boolean {
	if (analysisModeOf(task) === 'time_based_metadata') return true;
	const format = task.request_params?.response_format;
	return isRecord(format) && typeof format.type === 'string';
}

export type ParsedResult =
	| { kind: 'none' }
	| { kind: 'text'; text: string }
	| { kind: 'json'; data: unknown }
	| { kind: 'unparsable'; text: string };

/** `result.data` is always a string: JSON text when JSON was asked for, prose otherwise. */
export function parseResultData(task: Task): ParsedResult {
	const raw = task.result?.data;
	if (typeof raw !== 'string') return { kind: 'none' };
	if (!expectsJson(task)) return { kind: 'text', text: raw };
	try {
		return { kind: 'json', data: JSON.parse(raw) };
	} catch {
		return { kind: 'unparsable', text: raw };
	}
}

export function truncationWarning(task: Task): string | undefined {
	if (task.status !== 'ready' || task.result?.finish_reason !== 'length') return undefined;
	const parsed = parseResultData(task);
	const jsonNote =
		parsed.kind === 'unparsable' ? ' The JSON is cut off and could not be parsed.' : '';
	return `The output was truncated because it reached Max Tokens.${jsonNote} Raise Max Tokens (under Options) and run again.`;
}

export function simplifyTask(task: Task): SimplifiedTask {
	const parsed = parseResultData(task);
	const simplified: SimplifiedTask = {
		task_id: task.task_id,
		custom_id: task.custom_id ?? null,
		status: task.status,
		analysis_mode: analysisModeOf(task),
		created_at: task.created_at,
		completed_at: task.completed_at ?? null,
		video: {
			type: task.video_source?.type ?? null,
			url: task.video_source?.url ?? null,
			asset_id: task.video_source?.asset_id ?? null,
			duration: task.video_source?.system_metadata?.duration ?? null,
		},
		finish_reason: task.result?.finish_reason ?? null,
		usage: {
			output_tokens: task.result?.usage?.output_tokens ?? null,
			input_tokens: task.result?.usage?.input_tokens ?? null,
		},
	};
	if (parsed.kind === 'text' || parsed.kind === 'unparsable') simplified.text = parsed.text;
	if (parsed.kind === 'json') simplified.data = parsed.data;
	const warning = truncationWarning(task);
	if (warning) simplified.warning = warning;
	if (task.status !== 'ready' && task.error?.message) simplified.error = task.error.message;
	return simplified;
}

/** One record per segment, in definition order then time order as the API returned them. */
export function segmentRecords(task: Task): SegmentRecord[] {
	const parsed = parseResultData(task);
	if (parsed.kind !== 'json' || !isRecord(parsed.data)) return [];
	const records: SegmentRecord[] = [];
	for (const [definitionId, segments] of Object.entries(parsed.data)) {
		if (!Array.isArray(segments)) continue;
		segments.forEach((segment: unknown, index) => {
			if (!isRecord(segment)) return;
			records.push({
				task_id: task.task_id,
				custom_id: task.custom_id ?? null,
				definition_id: definitionId,
				segment_index: index,
				start_time: timeValue(segment.start_time),
				end_time: timeValue(segment.end_time),
				fields: isRecord(segment.metadata) ? segment.metadata : {},
			});
		});
	}
	return records;
}

function timeValue(value: unknown): number | string | null {
	return typeof value === 'number' || typeof value === 'string' ? value : null;
}

/**
 * The records a task becomes for a chosen output mode. A task without segments (general mode,
 * failed, or still running) stays one simplified record in segment mode, so nothing vanishes.
 */
export function shapeTask(task: Task, mode: OutputMode): Array<Record<string, unknown>> {
	if (mode === 'raw') return [task as unknown as Record<string, unknown>];
	if (
		mode === 'segments' &&
		analysisModeOf(task) === 'time_based_metadata' &&
		task.status === 'ready'
	) {
		const records = segmentRecords(task);
		if (records.length > 0) return records as unknown as Array<Record<string, unknown>>;
	}
	return [simplifyTask(task) as unknown as Record<string, unknown>];
}
