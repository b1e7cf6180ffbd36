/**
 * Waits for many assets at once until each is ready or failed: each round reads the asset list
 * filtered by the IDs still processing (50 a request) instead of one request per asset, then
 * sleeps an interval that grows as the task waiter's does (wait/pollSchedule.ts) and never passes
 * the deadline. An asset the list does not return is read alone (a 404 ends only that asset).
 */
import { sleep } from 'n8n-workflow';
import { getAsset, listAssetPage, MAX_ASSET_PAGE_LIMIT } from '../api/assetsApi';
import type { Asset, CheckedAsset } from '../api/assetTypes';
import type { TransportContext } from '../api/transport';
import { mapWithConcurrency } from '../wait/concurrency';
import { DEFAULT_GROWTH_FACTOR, DEFAULT_MAX_INTERVAL_MS } from '../wait/pollSchedule';

/** A round that could not read a status counts; this many in a row end the wait. */
const MAX_FAILED_ROUNDS = 5;

export type AssetOutcome =
	| { kind: 'ready'; asset: CheckedAsset }
	| { kind: 'failed'; asset: CheckedAsset }
	| { kind: 'error'; error: Error }
	| { kind: 'timeout'; asset?: CheckedAsset };

/** Whether an asset will not change any more: ready or failed (a missing status is still processing). */
export function isFinalAsset(asset: Asset): boolean {
	return asset.status === 'ready' || asset.status === 'failed';
}

export async function waitForAssets(
	transport: TransportContext,
	assetIds: string[],
	options: { deadline: number; initialIntervalMs: number; signal?: AbortSignal },
): Promise<Map<string, AssetOutcome>> {
	const outcomes = new Map<string, AssetOutcome>();
	const latest = new Map<string, CheckedAsset>();
	let interval = options.initialIntervalMs;
	let failedRounds = 0;
	for (;;) {
		const pending = [...new Set(assetIds)].filter((id) => !outcomes.has(id));
		if (pending.length === 0 || options.signal?.aborted) break;
		const roundError = await readRound(transport, pending, outcomes, latest);
		if (roundError === undefined) failedRounds = 0;
		// A read cut by the deadline: what is still processing has timed out.
		else if (Date.now() >= options.deadline) break;
		else if (++failedRounds >= MAX_FAILED_ROUNDS) {
			for (const id of pending) {
				if (!outcomes.has(id)) outcomes.set(id, { kind: 'error', error: roundError });
			}
			break;
		}
		if (assetIds.every((id) => outcomes.has(id))) break;
		const left = options.deadline - Date.now();
		if (left <= 0) break;
		const wait = Math.min(interval, left);
		// Slices of at most a second, so a cancelled execution stops promptly.
		for (let slept = 0; slept < wait && !options.signal?.aborted; slept += 1000) {
			await sleep(Math.min(1000, wait - slept));
		}
		interval = Math.min(DEFAULT_MAX_INTERVAL_MS, interval * DEFAULT_GROWTH_FACTOR);
	}
	for (const id of assetIds) {
		if (!outcomes.has(id)) outcomes.set(id, { kind: 'timeout', asset: latest.get(id) });
	}
	return outcomes;
}

/** One round of status reads; the error that made it incomplete, if any. */
async function readRound(
	transport: TransportContext,
	pending: string[],
	outcomes: Map<string, AssetOutcome>,
	latest: Map<string, CheckedAsset>,
): Promise<Error | undefined> {
	const seen = new Set<string>();
	let roundError: Error | undefined;
	try {
		await readListed(transport, pending, seen, note);
	} catch (error) {
		return error as Error;
	}
	// Not in the list (a list that ignores the filter, or lags): read alone.
	await mapWithConcurrency(
		pending.filter((id) => !seen.has(id)),
		4,
		async (id) => {
			try {
				note(await getAsset(transport, id));
			} catch (error) {
				// A 404 ends only that asset; anything else makes the round incomplete.
				if ((error as { httpCode?: string }).httpCode === '404') {
					outcomes.set(id, { kind: 'error', error: error as Error });
				} else roundError ??= error as Error;
			}
		},
	);
	return roundError;

	function note(asset: CheckedAsset): void {
		latest.set(asset._id, asset);
		if (asset.status === 'ready') outcomes.set(asset._id, { kind: 'ready', asset });
		else if (asset.status === 'failed') outcomes.set(asset._id, { kind: 'failed', asset });
	}
}

/** The list filtered by the pending IDs, 50 a request. */
async function readListed(
	transport: TransportContext,
	pending: string[],
	seen: Set<string>,
	note: (asset: CheckedAsset) => void,
): Promise<void> {
	for (let start = 0; start < pending.length; start += MAX_ASSET_PAGE_LIMIT) {
		const ids = pending.slice(start, start + MAX_ASSET_PAGE_LIMIT);
		const page = await listAssetPage(transport, {
			asset_ids: ids,
			page: 1,
			page_limit: MAX_ASSET_PAGE_LIMIT,
		});
		for (const entry of page.data) {
			const id = entry?._id;
			if (typeof id !== 'string' || !ids.includes(id)) continue;
			seen.add(id);
			note(entry as CheckedAsset);
		}
	}
}
