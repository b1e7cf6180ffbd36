import { CancelledError, mapWithConcurrency } from '../../../nodes/TwelveLabs/wait/concurrency';

/** Lets other promise chains run: `ticks` turns of the microtask queue. */
async function yieldTicks(ticks: number): Promise<void> {
	for (let tick = 0; tick < ticks; tick++) await Promise.resolve();
}

function tracker() {
	const state = { inFlight: 0, maxInFlight: 0, started: [] as number[], finished: [] as number[] };
	const run = async <R>(index: number, ticks: number, value: () => R): Promise<R> => {
		state.started.push(index);
		state.inFlight++;
		state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
		await yieldTicks(ticks);
		state.inFlight--;
		state.finished.push(index);
		return value();
	};
	return { state, run };
}

describe('mapWithConcurrency', () => {
	it('keeps input order whatever order calls finish in, with at most `limit` in flight', async () => {
		const { state, run } = tracker();
		const items = [5, 1, 4, 2, 8, 3, 7, 6, 9, 0];

		const results = await mapWithConcurrency(items, 3, (item, index) =>
			run(index, item * 3, () => `r${item}`),
		);

		expect(results).toEqual(items.map((item) => `r${item}`));
		expect(state.maxInFlight).toBe(3);
		expect(state.finished).not.toEqual([...state.finished].sort((a, b) => a - b)); // really out of order
		expect(state.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // started in input order
	});

	it('handles limits above the item count, nonsense limits and no items', async () => {
		const { state, run } = tracker();
		expect(
			await mapWithConcurrency([1, 2], 10, (item, index) => run(index, 1, () => item)),
		).toEqual([1, 2]);
		expect(state.maxInFlight).toBe(2);

		const serial = tracker();
		expect(
			await mapWithConcurrency([1, 2, 3], 0, (item, index) => serial.run(index, 1, () => item)),
		).toEqual([1, 2, 3]);
		expect(
			await mapWithConcurrency([1, 2, 3], Number.NaN, (item, index) =>
				serial.run(index, 1, () => item),
			),
		).toEqual([1, 2, 3]);
		expect(serial.state.maxInFlight).toBe(1);

		expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
	});

	it('starts nothing new once the signal aborts, lets running calls finish, then throws CancelledError', async () => {
		const { state, run } = tracker();
		const controller = new AbortController();

		const outcome = mapWithConcurrency(
			Array.from({ length: 10 }, (_, index) => index),
			2,
			(item, index) => {
				if (index === 3) controller.abort();
				return run(index, 5, () => item);
			},
			controller.signal,
		);

		await expect(outcome).rejects.toBeInstanceOf(CancelledError);
		await expect(outcome).rejects.toMatchObject({ startedCount: 4 });
		expect(state.started).toEqual([0, 1, 2, 3]);
		expect([...state.finished].sort()).toEqual([0, 1, 2, 3]);
	});

	it('starts nothing when already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		const calls: number[] = [];

		await expect(
			mapWithConcurrency([1, 2, 3], 2, async (item) => calls.push(item), controller.signal),
		).rejects.toThrow('3 of 3 items were not started');
		expect(calls).toEqual([]);
	});

	it('returns the results when the signal aborts after the last item started', async () => {
		const controller = new AbortController();
		const results = await mapWithConcurrency(
			[1, 2],
			2,
			async (item, index) => {
				if (index === 1) controller.abort();
				await yieldTicks(2);
				return item * 10;
			},
			controller.signal,
		);
		expect(results).toEqual([10, 20]);
	});

	it('stops starting work after a failure and rethrows the first error once running calls are done', async () => {
		const { state, run } = tracker();

		const outcome = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, (item, index) =>
			run(index, 3, () => {
				if (item === 1) throw new Error('create failed for item 1');
				return item;
			}),
		);

		await expect(outcome).rejects.toThrow('create failed for item 1');
		expect(state.started).toEqual([0, 1, 2]);
		expect(state.inFlight).toBe(0);
	});
});
