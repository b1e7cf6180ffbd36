/**
 * Reading a verified notification, pure. TwelveLabs' notification schema
 * (docs.twelvelabs.io, "Notification schema"): `{id, created_at, type, data}`, where `id`
 * identifies the notification, `created_at` (RFC 3339) is when it was sent and `data` depends
 * on `type`. For async analysis, `type` is `analyze.task.ready` or `analyze.task.failed` (newer
 * revisions add `analyze.task.canceled`) and `data` holds the task: `{id, status, custom_id,
 * created_at, …}`. The batch-completion notification's name and fields are not in the docs
 * this package was built from: `analyze.batch.completed` with the batch as `data` (`id` being
 * the batch ID) is an assumption, kept in this one place.
 */
import { isRecord } from '../api/errors';

export const TASK_EVENTS = [
	'analyze.task.ready',
	'analyze.task.failed',
	'analyze.task.canceled',
] as const;
export const BATCH_EVENTS = ['analyze.batch.completed'] as const;

export type TaskEventType = (typeof TASK_EVENTS)[number];
export type BatchEventType = (typeof BATCH_EVENTS)[number];
export type EventType = TaskEventType | BatchEventType;

/**
 * Documented events this node never starts a workflow for: an account webhook receives every
 * event of the account, video indexing ones included. They are acknowledged and dropped.
 */
const OTHER_DOCUMENTED_EVENTS = ['index.task.ready', 'index.task.failed'];

/** Notification ids and subject ids are short tokens; anything else is not TwelveLabs'. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export interface Notification {
	/** The notification's id: the same on every retry of one delivery. */
	eventId: string;
	type: EventType;
	subject: 'task' | 'batch';
	/** The task ID (task events) or the batch ID (batch events). */
	subjectId: string;
	/** `data.status` when it is a string. */
	status: string | undefined;
	/** `data.custom_id` when it is a string (task events). */
	customId: string | undefined;
	/** When TwelveLabs sent it, as it says. */
	createdAt: string | undefined;
	/** `data` as sent. */
	data: Record<string, unknown>;
	/** The whole notification as sent. */
	raw: Record<string, unknown>;
}

export type PayloadReading =
	| { kind: 'notification'; notification: Notification }
	/** A documented event of another product (video indexing): acknowledged, not run. */
	| { kind: 'otherEvent'; type: string }
	| { kind: 'invalid'; problem: string };

const isTaskEvent = (type: string): type is TaskEventType =>
	(TASK_EVENTS as readonly string[]).includes(type);
const isBatchEvent = (type: string): type is BatchEventType =>
	(BATCH_EVENTS as readonly string[]).includes(type);

function parseJson(rawBody: Buffer): unknown {
	try {
		return JSON.parse(rawBody.toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}

/** The notification in a raw body whose signature was checked. */
export function readNotification(rawBody: Buffer): PayloadReading {
	const body = parseJson(rawBody);
	if (!isRecord(body)) return { kind: 'invalid', problem: 'The body is not a JSON object' };
	const { id, type, data, created_at: createdAt } = body;
	if (typeof type !== 'string' || type === '') {
		return { kind: 'invalid', problem: 'The notification has no type' };
	}
	if (OTHER_DOCUMENTED_EVENTS.includes(type)) return { kind: 'otherEvent', type };
	if (!isTaskEvent(type) && !isBatchEvent(type)) {
		return { kind: 'invalid', problem: `Unknown event type ${JSON.stringify(type.slice(0, 64))}` };
	}
	if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
		return { kind: 'invalid', problem: 'The notification has no valid id' };
	}
	if (!isRecord(data) || typeof data.id !== 'string' || !ID_PATTERN.test(data.id)) {
		return { kind: 'invalid', problem: 'The notification has no valid data.id' };
	}
	return {
		kind: 'notification',
		notification: {
			eventId: id,
			type,
			subject: isTaskEvent(type) ? 'task' : 'batch',
			subjectId: data.id,
			status: typeof data.status === 'string' ? data.status : undefined,
			customId: typeof data.custom_id === 'string' ? data.custom_id : undefined,
			createdAt: typeof createdAt === 'string' ? createdAt : undefined,
			data,
			raw: body,
		},
	};
}
