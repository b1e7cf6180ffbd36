/**
 * Creating the planned batches one after the other, never more active at once than the
 * account allows, and never twice.
 *
 * Slots: before each create the node counts the account's active batches (`pending`,
 * `processing`, `canceling`); at the limit it waits, the interval growing as in the task
 * waiter (wait/pollSchedule.ts), until one is free or the deadline. A create refused for the
 * limit anyway (429 `too_many_active_batches`: another workflow took the slot) waits again.
 *
 * Duplicates: the API takes no Idempotency-Key for batches, so the transport never repeats a
 * batch create whose outcome is unclear (a 5xx, a dropped connection, a timeout). The node
 * then looks for the batch among those created since it last looked (the newest page of the
 * list, taken just before the create): one with the same mode and number of items whose
 * results carry exactly the custom IDs sent is the batch, and is used. Only when none is found
 * is the create sent again, at most MAX_CREATE_ATTEMPTS times.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { createBatch, listBatchPage, streamBatchResults } from '../api/batchesApi';
import { ACTIVE_BATCH_STATUSES, type CreateBatchBody } from '../api/batchTypes';
import { cancellableSleep, type TransportContext } from '../api/transport';
import { MAX_PAGE_LIMIT } from '../api/types';
import { settled } from '../settled';
import { nextIntervalMs } from '../wait/pollSchedule';
import type { PlannedBatch } from './createInput';
import type { BatchLoopSettings } from './waitForBatches';

/** Creates of one batch, the first included, when each outcome stays unclear. */
export const MAX_CREATE_ATTEMPTS = 3;

/** Rounds of one create refused for the limit although a slot looked free (another workflow took it). */
const MAX_CREATE_ROUNDS = 100;

/** What the API's 429 for a full account says (code), besides the rate limit's plain 429. */
export const ACTIVE_LIMIT_CODE = 'too_many_active_batches';

export interface CreatedBatch {
	batchId: string;
	status: string;
	createdAt: string;
	expiresAt: string;
	/** custom ID → task ID, from the create answer. */
	taskIds: Map<string, string>;
	planned: PlannedBatch;
}

export interface CreateSettings extends BatchLoopSettings {
	maxActive: number;
}

function httpCodeOf(error: unknown): number | undefined {
	const code = Number((error as { httpCode?: unknown })?.httpCode);
	return Number.isInteger(code) && code > 0 ? code : undefined;
}

/** The API's error code of a transport error (errors.ts puts it into the error response). */
function apiCodeOf(error: unknown): string | undefined {
	const response = (error as { errorResponse?: { code?: unknown } })?.errorResponse;
	return typeof response?.code === 'string' ? response.code : undefined;
}

/** A create that may or may not have happened: a server error, or no answer at all. */
function isUnclear(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const code = httpCodeOf(error);
	return code === undefined || code >= 500;
}

function isActiveLimit(error: unknown): boolean {
	return httpCodeOf(error) === 429 && apiCodeOf(error) === ACTIVE_LIMIT_CODE;
}

/** Counts active batches, up to `limit` (one page of at most 50 is enough to decide). */
async function activeBatches(transport: TransportContext, limit: number, extra: CreateSettings['extra']): Promise<number> {
	const page = await listBatchPage(
		transport,
		{ page: 1, page_limit: Math.min(MAX_PAGE_LIMIT, Math.max(1, limit)), status: [...ACTIVE_BATCH_STATUSES] },
		extra,
	);
	return page.data.filter((batch) => ACTIVE_BATCH_STATUSES.includes(String(batch?.status))).length;
}

/** Waits until fewer than `maxActive` batches are active; false when the deadline came first. */
async function waitForSlot(transport: TransportContext, settings: CreateSettings): Promise<boolean> {
	const now = settings.now ?? (() => Date.now());
	const started = now();
	let interval: number | undefined;
	// Bounded by the deadline: every round sleeps at least the initial interval.
	for (let round = 0; now() < settings.deadline; round++) {
		if (transport.signal?.aborted) return false;
		const active = await activeBatches(transport, settings.maxActive, settings.extra);
		if (active < settings.maxActive) return true;
		interval = nextIntervalMs(interval, now() - started, settings.schedule);
		const sleepMs = Math.min(interval, settings.deadline - now());
		if (sleepMs <= 0) break;
		await cancellableSleep(sleepMs, transport.signal);
	}
	return false;
}

/** The IDs of the newest batches: what was there before a create. */
async function newestBatchIds(transport: TransportContext, extra: CreateSettings['extra']): Promise<Set<string>> {
	const page = await listBatchPage(transport, { page: 1, page_limit: MAX_PAGE_LIMIT }, extra);
	return new Set(page.data.map((batch) => String(batch?.batch_id)));
}

/** The custom IDs in a batch's results (read line by line), each with its task ID. */
async function resultCustomIds(
	transport: TransportContext,
	batchId: string,
	extra: CreateSettings['extra'],
): Promise<Map<string, string>> {
	let ids = new Map<string, string>();
	await streamBatchResults(
		transport,
		batchId,
		{
			onStart: () => {
				ids = new Map();
			},
			onResult: (result) => {
				if (typeof result.custom_id === 'string') ids.set(result.custom_id, result.task_id);
			},
		},
		extra,
	);
	return ids;
}

/** The batch an unclear create made, if it made one (see the top of this file). */
async function findCreated(
	transport: TransportContext,
	body: CreateBatchBody,
	before: Set<string>,
	extra: CreateSettings['extra'],
): Promise<Omit<CreatedBatch, 'planned'> | undefined> {
	const page = await listBatchPage(transport, { page: 1, page_limit: MAX_PAGE_LIMIT }, extra);
	const wanted = body.requests.map((request) => request.custom_id ?? '');
	for (const batch of page.data) {
		if (before.has(String(batch?.batch_id))) continue;
		if (batch.total_items !== body.requests.length || batch.analysis_mode !== body.analysis_mode) continue;
		const found = await resultCustomIds(transport, batch.batch_id, extra);
		if (found.size === wanted.length && wanted.every((id) => found.has(id)))
			return {
				batchId: batch.batch_id,
				status: batch.status,
				createdAt: batch.created_at,
				expiresAt: batch.expires_at,
				taskIds: found,
			};
	}
	return undefined;
}

function itemRange(planned: PlannedBatch): string {
	const indexes = planned.itemIndexes;
	return indexes.length === 1 ? `item ${indexes[0]}` : `items ${indexes[0]}–${indexes[indexes.length - 1]}`;
}

function createdSoFar(created: CreatedBatch[]): string {
	return created.length === 0
		? 'No batch was created.'
		: `Created so far: ${created.map((batch) => batch.batchId).join(', ')}.`;
}

/** Creates one planned batch (waiting for a slot, never twice). */
async function createOne(
	transport: TransportContext,
	planned: PlannedBatch,
	settings: CreateSettings,
	created: CreatedBatch[],
): Promise<CreatedBatch> {
	let unclear = 0;
	// Each round waits for a slot (bounded by the deadline) or counts an unclear attempt.
	for (let round = 0; round < MAX_CREATE_ROUNDS; round++) {
		if (!(await waitForSlot(transport, settings)))
			throw new NodeOperationError(
				transport.node,
				`No batch slot became free within the Wait Timeout: ${settings.maxActive} batches were still active`,
				{
					description: `The batch for ${itemRange(planned)} was not sent. ${createdSoFar(created)} Raise the Wait Timeout, lower the number of items, or cancel batches you no longer need (Options › Max Active Batches is the account's limit).`,
				},
			);
		const before = await newestBatchIds(transport, settings.extra);
		const sent = await settled(async () => await createBatch(transport, planned.body, settings.extra));
		if (sent.ok) {
			const response = sent.value;
			return {
				batchId: response.batch_id,
				status: response.status,
				createdAt: response.created_at,
				expiresAt: response.expires_at,
				taskIds: new Map(
					response.items
						.filter((item) => typeof item?.custom_id === 'string')
						.map((item) => [item.custom_id as string, item.task_id]),
				),
				planned,
			};
		}
		const { error } = sent;
		if (isActiveLimit(error)) continue;
		if (!isUnclear(error)) throw error;
		unclear++;
		const found = await findCreated(transport, planned.body, before, settings.extra);
		if (found) return { ...found, planned };
		if (unclear >= MAX_CREATE_ATTEMPTS) {
			const apiError = error as NodeApiError;
			apiError.description = `${apiError.description ?? ''} The batch for ${itemRange(planned)} was sent ${unclear} times without a clear answer and is not in the batch list. ${createdSoFar(created)}`;
			throw apiError;
		}
	}
	throw new NodeOperationError(
		transport.node,
		`The batch for ${itemRange(planned)} was refused ${MAX_CREATE_ROUNDS} times for the active-batch limit`,
		{ description: createdSoFar(created) },
	);
}

/** Creates every planned batch in order; a failure names what was created before it. */
export async function createBatches(
	transport: TransportContext,
	planned: PlannedBatch[],
	settings: CreateSettings,
): Promise<CreatedBatch[]> {
	const created: CreatedBatch[] = [];
	for (const batch of planned) created.push(await createOne(transport, batch, settings, created));
	return created;
}
