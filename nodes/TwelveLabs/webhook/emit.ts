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

/** Every filter on the task read in full (what the polling trigger asks the task list for). */
export function taskPasses(task: Task, filters: WebhookFilters): boolean {
	const customId = typeof task.custom_id === 'string' ? task.custom_id : '';
	if (filters.customIdPrefix !== undefined && !customId.startsWith(filters.customIdPrefix)) return false;
	const mode = task.request_params?.analysis_mode;
	// A task whose request does not say its mode was created with the default, general.
	if (filters.analysisMode !== undefined && (typeof mode === 'string' ? mode : 'general') !== filters.analysisMode)
		return false;
	if (filters.assetId !== undefined && task.video_source?.asset_id !== filters.assetId) return false;
	if (filters.videoUrl !== undefined && task.video_source?.url !== filters.videoUrl) return false;
	return true;
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
