/**
 * Output shaping shared by Get, Create and Wait and the Trigger: the raw task, a simplified
 * record, or one record per segment of a video-segmentation result. Pure functions.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
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

/**
 * One segment as an item: what it is and where first (definition, start, end, custom fields),
 * then where it comes from. `custom_id` only when the task has one.
 */
export interface SegmentRecord {
	definition_id: string;
	start_time: number | string | null;
	end_time: number | string | null;
	fields: Record<string, unknown>;
	segment_index: number;
	task_id: string;
	custom_id?: string;
}

/** A segment in Simplified output: custom fields under `fields`, as in One Item per Segment. */
export interface SimplifiedSegment {
	start_time: number | string | null;
	end_time: number | string | null;
	fields: Record<string, unknown>;
}

export function analysisModeOf(task: Task): string | null {
	const mode = task.request_params?.analysis_mode;
	return typeof mode === 'string' ? mode : null;
}

function responseFormatTypeOf(task: Task): string | null {
	const format = task.request_params?.response_format;
	return isRecord(format) && typeof format.type === 'string' ? format.type : null;
}

/** Whether the task says it asked for JSON (a JSON schema or segment definitions). */
export function expectsJson(task: Task): boolean {
	return analysisModeOf(task) === 'time_based_metadata' || responseFormatTypeOf(task) !== null;
}

export type ParsedResult =
	| { kind: 'none' }
	| { kind: 'text'; text: string }
	| { kind: 'json'; data: unknown }
	| { kind: 'unparsable'; text: string };

/**
 * `result.data` is a string: JSON text when JSON was asked for, prose otherwise. The request
 * parameters that tell which are optional in the API's answer, so without them a string that
 * parses as a JSON object or list counts as JSON and anything else as prose.
 */
export function parseResultData(task: Task): ParsedResult {
	const raw = task.result?.data;
	if (typeof raw !== 'string') return { kind: 'none' };
	if (expectsJson(task)) {
		try {
			return { kind: 'json', data: JSON.parse(raw) };
		} catch {
			return { kind: 'unparsable', text: raw };
		}
	}
	if (!/^\s*[[{]/.test(raw)) return { kind: 'text', text: raw };
	try {
		return { kind: 'json', data: JSON.parse(raw) };
	} catch {
		return { kind: 'text', text: raw };
	}
}

/** A segmentation result: definition ID → list of {start_time, end_time, metadata}. */
function looksLikeSegments(data: unknown): data is Record<string, unknown[]> {
	if (!isRecord(data)) return false;
	const lists = Object.values(data);
	return (
		lists.length > 0 &&
		lists.every(
			(list) =>
				Array.isArray(list) &&
				list.every(
					(segment) => isRecord(segment) && ('start_time' in segment || 'end_time' in segment),
				),
		)
	);
}

/** Segmentation by the request parameters, or (when the API left them out) by the result's shape. */
export function isSegmentationResult(task: Task, data: unknown): data is Record<string, unknown> {
	if (!isRecord(data)) return false;
	if (analysisModeOf(task) === 'time_based_metadata') return true;
	if (responseFormatTypeOf(task) === 'segment_definitions') return true;
	return analysisModeOf(task) === null && looksLikeSegments(data);
}

export type TruncationCause = 'max_tokens' | 'context_window' | 'unknown';

/**
 * Which limit cut the output. The SDK documents two: Max Tokens (output_tokens reached
 * max_tokens) and the context window (input plus output reached the model's limit before
 * max_tokens). Decided on the numbers when the API sent them, else on the message's wording.
 */
export function truncationCause(task: Task): TruncationCause {
	const output = task.result?.usage?.output_tokens;
	const maxTokens = task.request_params?.max_tokens;
	if (typeof output === 'number' && typeof maxTokens === 'number') {
		return output >= maxTokens ? 'max_tokens' : 'context_window';
	}
	const message = task.error?.message ?? '';
	if (/context/i.test(message)) return 'context_window';
	if (/max_tokens|max tokens|maximum response length/i.test(message)) return 'max_tokens';
	return 'unknown';
}

const TRUNCATION_ADVICE: Record<TruncationCause, { what: string; fix: string }> = {
	max_tokens: {
		what: 'it reached Max Tokens',
		fix: 'Raise Max Tokens (under Options) and run again.',
	},
	context_window: {
		what: "the input and the output together reached the model's context window (Max Tokens was not reached)",
		fix: 'Raising Max Tokens does not help here: shorten the prompt, analyze a shorter part of the video (Start Time and End Time) or use fewer reference images, or lower Max Tokens, and run again.',
	},
	unknown: {
		what: "it reached Max Tokens or the model's context window (TwelveLabs did not say which)",
		fix: 'If Max Tokens is below its maximum, raise it (under Options); otherwise shorten the prompt or analyze a shorter part of the video, and run again.',
	},
};

export function truncationWarning(task: Task): string | undefined {
	if (task.status !== 'ready' || task.result?.finish_reason !== 'length') return undefined;
	const parsed = parseResultData(task);
	const jsonNote =
		parsed.kind === 'unparsable' ? ' The JSON is cut off and could not be parsed.' : '';
	const advice = TRUNCATION_ADVICE[truncationCause(task)];
	return `The output was truncated because ${advice.what}.${jsonNote} ${advice.fix}`;
}

function timeValue(value: unknown): number | string | null {
	return typeof value === 'number' || typeof value === 'string' ? value : null;
}

/** Each definition's segments with their custom fields under `fields`. */
function simplifySegments(data: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(data).map(([definitionId, segments]) => [
			definitionId,
			Array.isArray(segments)
				? segments.map((segment: unknown): unknown => {
						if (!isRecord(segment)) return segment;
						const { start_time, end_time, metadata, ...rest } = segment;
						const simplified: SimplifiedSegment = {
							start_time: timeValue(start_time),
							end_time: timeValue(end_time),
							fields: isRecord(metadata) ? metadata : {},
						};
						return { ...simplified, ...rest };
					})
				: segments,
		]),
	);
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
	if (parsed.kind === 'json') {
		simplified.data = isSegmentationResult(task, parsed.data)
			? simplifySegments(parsed.data)
			: parsed.data;
	}
	const warning = truncationWarning(task);
	if (warning) simplified.warning = warning;
	if (task.status !== 'ready' && task.error?.message) simplified.error = task.error.message;
	return simplified;
}

/** One record per segment, in definition order then time order as the API returned them. */
export function segmentRecords(task: Task): SegmentRecord[] {
	const parsed = parseResultData(task);
	if (parsed.kind !== 'json' || !isSegmentationResult(task, parsed.data)) return [];
	const records: SegmentRecord[] = [];
	for (const [definitionId, segments] of Object.entries(parsed.data)) {
		if (!Array.isArray(segments)) continue;
		segments.forEach((segment: unknown, index) => {
			if (!isRecord(segment)) return;
			const record: SegmentRecord = {
				definition_id: definitionId,
				start_time: timeValue(segment.start_time),
				end_time: timeValue(segment.end_time),
				fields: isRecord(segment.metadata) ? segment.metadata : {},
				segment_index: index,
				task_id: task.task_id,
			};
			if (typeof task.custom_id === 'string' && task.custom_id) record.custom_id = task.custom_id;
			records.push(record);
		});
	}
	return records;
}

/**
 * The records a task becomes for a chosen output mode. A task without segments (general mode,
 * failed, or still running) stays one simplified record in segment mode, so nothing vanishes.
 */
export function shapeTask(task: Task, mode: OutputMode): Array<Record<string, unknown>> {
	if (mode === 'raw') return [task as unknown as Record<string, unknown>];
	if (mode === 'segments' && task.status === 'ready') {
		const records = segmentRecords(task);
		if (records.length > 0) return records as unknown as Array<Record<string, unknown>>;
	}
	return [simplifyTask(task) as unknown as Record<string, unknown>];
}

/** shapeTask as n8n items, each paired with the input item it came from (none for a trigger). */
export function taskItems(
	task: Task,
	mode: OutputMode,
	itemIndex?: number,
): INodeExecutionData[] {
	return shapeTask(task, mode).map((json) => ({
		json: json as IDataObject,
		...(itemIndex === undefined ? {} : { pairedItem: { item: itemIndex } }),
	}));
}
