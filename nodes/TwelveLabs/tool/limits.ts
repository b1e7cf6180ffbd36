/**
 * What a tool call returns to an AI agent, made to fit a model's context: long texts cut, long
 * lists (segments, tasks, results) kept to their first entries, each cut named in a
 * `tool_note`, and a task still running told how to read it later. Pure functions.
 */
import type { IDataObject } from 'n8n-workflow';
import { isFinalStatus } from '../api/types';

export interface ToolLimits {
	/** Characters a string keeps; longer ones are cut. */
	maxTextLength: number;
	/** Entries a list keeps (and items a call returns). */
	maxListItems: number;
}

export const DEFAULT_TOOL_LIMITS: ToolLimits = { maxTextLength: 4000, maxListItems: 25 };

/** Told to the model with a task that is still running (Create, or Create and Wait past its limit). */
export function checkLaterNote(taskId: string): string {
	return `The analysis is still running. Do not start it again: check it later (in about 30 seconds) with the tool that gets an analysis task, passing task_id "${taskId}". Its result is there once status is "ready".`;
}

const MAX_DEPTH = 20;

/** A value with its long strings and lists cut; `cuts` collects what was cut, by path. */
function fitValue(value: unknown, path: string, limits: ToolLimits, cuts: string[], depth: number): unknown {
	if (typeof value === 'string') {
		if (value.length <= limits.maxTextLength) return value;
		cuts.push(`"${path}" was cut to ${limits.maxTextLength} of ${value.length} characters`);
		return `${value.slice(0, limits.maxTextLength)}…`;
	}
	if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
	if (Array.isArray(value)) {
		const kept = value.slice(0, limits.maxListItems);
		if (value.length > kept.length) {
			cuts.push(`"${path}" kept its first ${kept.length} of ${value.length} entries`);
		}
		return kept.map((entry, index) => fitValue(entry, `${path}[${index}]`, limits, cuts, depth + 1));
	}
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [
			key,
			fitValue(entry, path ? `${path}.${key}` : key, limits, cuts, depth + 1),
		]),
	);
}

/** One item's JSON for a model: cut to the limits, with a note of every cut and, for a running task, what to do next. */
export function fitItemForModel(json: IDataObject, limits: ToolLimits): IDataObject {
	const cuts: string[] = [];
	const fitted = fitValue(json, '', limits, cuts, 0) as IDataObject;
	if (cuts.length > 0) {
		fitted.tool_note = `Shortened to fit the conversation: ${cuts.join('; ')}. The tool's Tool Limits set these sizes.`;
	}
	const { task_id: taskId, status } = json;
	if (typeof taskId === 'string' && typeof status === 'string' && !isFinalStatus(status)) {
		fitted.next_step = checkLaterNote(taskId);
	}
	return fitted;
}

/**
 * The items of one call for a model: at most `maxListItems` of them, each fitted; when some
 * are left out, a last item says how many.
 */
export function fitItemsForModel(items: IDataObject[], limits: ToolLimits): IDataObject[] {
	const kept = items.slice(0, limits.maxListItems).map((json) => fitItemForModel(json, limits));
	if (items.length > kept.length) {
		kept.push({
			tool_note: `${items.length - kept.length} more results were left out (${items.length} in all; the tool's Tool Limits keep ${kept.length}). Narrow the request to see others.`,
		});
	}
	return kept;
}
