/** Thrown by {@link mapWithConcurrency} when the signal aborted before every item was started. */
export class CancelledError extends Error {
	constructor(
		message: string,
		/** How many items had been started (and were let finish) when the work stopped. */
		readonly startedCount: number,
	) {
		super(message);
		this.name = 'CancelledError';
	}
}

function workerCount(limit: number, itemCount: number): number {
	const wanted = Number.isNaN(limit) ? 1 : Math.floor(limit);
	return Math.max(1, Math.min(wanted, itemCount));
}

/**
 * Maps `items` through `fn` with at most `limit` calls in flight; results keep the input
 * order. No new call starts once `signal` is aborted or a call has failed; calls already
 * running are let finish (so no work is left dangling), then the first failure is thrown,
 * or a {@link CancelledError} when the signal stopped items from being started.
 */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	limit: number,
	fn: (item: T, index: number) => Promise<R>,
	signal?: AbortSignal,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let nextIndex = 0;
	let failure: { error: unknown } | undefined;

	const mayStartMore = () => failure === undefined && !signal?.aborted && nextIndex < items.length;

	async function worker(): Promise<void> {
		while (mayStartMore()) {
			const index = nextIndex++;
			try {
				results[index] = await fn(items[index], index);
			} catch (error) {
				failure ??= { error };
			}
		}
	}

	if (items.length > 0) {
		await Promise.all(Array.from({ length: workerCount(limit, items.length) }, worker));
	}
	if (failure !== undefined) throw failure.error;
	if (nextIndex < items.length) {
		throw new CancelledError(
			`Cancelled: ${items.length - nextIndex} of ${items.length} items were not started`,
			nextIndex,
		);
	}
	return results;
}
