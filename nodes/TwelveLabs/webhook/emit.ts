/**
 * Which accepted notifications start the workflow, and the items they start it with: the
 * trigger's filters (the same as the polling trigger's), and the item of a notification that
 * is not read in full (a task read in full is shaped by results.ts, as the polling trigger's). Pure.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { Task } from '../api/types';
import type { Notification } from './payload';

export interface WebhookFilters {
	customIdPrefix?: string;
	/** These three need the task in full (the notification does not carry them). */
	analysisMode?: string;
	assetId?: string;
	videoUrl?: string;
}

function text(value: unknown): string | undefined {
	const trimmed = typeof value === 'string' ? value.trim() : '';
	return trimmed === '' ? undefined : trimmed;
}

/**
 * The Filters collection's values; empty ones are no filter. Without the full read only the
 * custom ID prefix is shown (a value left from before is not applied).
 */
export function readWebhookFilters(filters: IDataObject, fetchFull: boolean): WebhookFilters {
	const customIdPrefix =
		typeof filters.customIdPrefix === 'string' && filters.customIdPrefix !== ''
			? filters.customIdPrefix
			: undefined;
	if (!fetchFull) return { customIdPrefix };
	return {
		customIdPrefix,
		analysisMode: text(filters.analysisMode),
		assetId: text(filters.assetId),
		videoUrl: text(filters.videoUrl),
	};
}

/**
 * The custom ID filter on the notification alone: `undefined` when it cannot tell (a task event
 * without `custom_id`; the full task decides then). Batch events have no custom ID: a prefix
 * filter lets none through.
 */
export function notificationPasses(
	notification: Notification,
	filters: WebhookFilters,
): boolean | undefined {
	if (filters.customIdPrefix === undefined) return true;
	if (notification.subject === 'batch') return false;
	if (notification.customId === undefined) return undefined;
	return notification.customId.startsWith(filters.customIdPrefix);
}

/**
 * Every filter on the task read in full (what the polling trigger asks the task list for).
 * `unchecked` names the filters the task's answer gave nothing to check against (the API marks
 * `request_params` and `video_source` optional): the task is let through rather than lost, and
 * the item says so.
 */
export function taskVerdict(task: Task, filters: WebhookFilters): { passes: boolean; unchecked: string[] } {
	const unchecked: string[] = [];
	const check = (label: string, wanted: string | undefined, actual: unknown, known: boolean) => {
		if (wanted === undefined) return true;
		if (!known) {
			unchecked.push(label);
			return true;
		}
		return actual === wanted;
	};
	const customId = typeof task.custom_id === 'string' ? task.custom_id : '';
	if (filters.customIdPrefix !== undefined && !customId.startsWith(filters.customIdPrefix))
		return { passes: false, unchecked };
	const mode = task.request_params?.analysis_mode;
	const source = task.video_source;
	const sourceKnown = typeof source?.type === 'string';
	const passes =
		check('Analysis Mode', filters.analysisMode, mode, typeof mode === 'string') &&
		check('Asset ID', filters.assetId, source?.asset_id, sourceKnown) &&
		check('Video URL', filters.videoUrl, source?.url, sourceKnown);
	return { passes, unchecked };
}

/** What an item says when a filter could not be checked. */
export function uncheckedWarning(unchecked: string[]): string {
	return `TwelveLabs' answer did not say what the ${unchecked.join(', ')} filter needs; the task was let through unchecked`;
}

/** Where an item came from: the notification, so a workflow can log or correlate it. */
function eventFields(notification: Notification): IDataObject {
	return {
		event_id: notification.eventId,
		event_type: notification.type,
		notified_at: notification.createdAt ?? null,
	};
}

/** An item from the notification alone (no full read, or the read failed: then with a warning). */
export function notificationItem(notification: Notification, warning?: string): INodeExecutionData {
	const data = notification.data;
	const subject: IDataObject =
		notification.subject === 'task'
			? {
					task_id: notification.subjectId,
					status: notification.status ?? null,
					custom_id: notification.customId ?? null,
					created_at: typeof data.created_at === 'string' ? data.created_at : null,
				}
			: { batch_id: notification.subjectId, ...(data as IDataObject) };
	if (notification.subject === 'batch') delete subject.id;
	return {
		json: { ...subject, ...eventFields(notification), ...(warning === undefined ? {} : { warning }) },
	};
}
