/**
 * Create and Wait's waiting: reads each unfinished batch once a round until every one is
 * `completed`, `canceled` or `expired`, or the deadline. The interval starts at Initial Poll
 * Interval and grows as the task waiter's does (wait/pollSchedule.ts); a 429's delay slows the
 * next round down instead of failing.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { getBatch } from '../api/batchesApi';
import { isFinalBatchStatus, type Batch } from '../api/batchTypes';
import { RateLimitedError } from '../api/rateLimitedError';
import { cancellableSleep, type TransportContext } from '../api/transport';
import { settled } from '../settled';
import {
	nextIntervalMs,
	sleepBeforeNextRoundMs,
	type PollScheduleOptions,
} from '../wait/pollSchedule';

/** What each batch loop (waiting for a slot, for the batches) runs by. */
export interface BatchLoopSettings {
	/** Epoch ms: nothing waited for past it. */
	deadline: number;
	schedule: PollScheduleOptions;
	extra?: Partial<IHttpRequestOptions>;
	now?: () => number;
}

export interface WaitSettings extends BatchLoopSettings {
	/** When the batches were started (for the interval's growth). */
	startedAt: number;
}

/** Every batch as last read, and whether each is final; batch IDs in the order given. */
export async function waitForBatches(
	transport: TransportContext,
	batchIds: string[],
	settings: WaitSettings,
): Promise<{ batches: Map<string, Batch>; unfinished: string[] }> {
	const now = settings.now ?? (() => Date.now());
	const latest = new Map<string, Batch>();
	let pending = [...batchIds];
	let interval: number | undefined;
	// Bounded by the deadline: each round ends in a sleep of at least the initial interval.
	for (let round = 0; pending.length > 0 && now() < settings.deadline; round++) {
		let retryAfterMs: number | undefined;
		const still: string[] = [];
		for (const batchId of pending) {
			const read = await settled(
				async () => await getBatch({ ...transport, deadline: settings.deadline }, batchId, settings.extra),
			);
			if (read.ok) {
				latest.set(batchId, read.value);
				if (!isFinalBatchStatus(read.value.status)) still.push(batchId);
				continue;
			}
			if (!(read.error instanceof RateLimitedError)) throw read.error;
			retryAfterMs = read.error.retryAfterMs;
			still.push(batchId);
		}
		pending = still;
		if (pending.length === 0) break;
		interval = nextIntervalMs(interval, now() - settings.startedAt, settings.schedule);
		const sleepMs = sleepBeforeNextRoundMs({
			intervalMs: interval,
			nowMs: now(),
			deadlineMs: settings.deadline,
			retryAfterMs,
		});
		if (sleepMs <= 0) break;
		await cancellableSleep(sleepMs, transport.signal);
		if (transport.signal?.aborted) break;
	}
	return { batches: latest, unfinished: pending };
}
