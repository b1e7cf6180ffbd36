import {
	nextIntervalMs,
	sleepBeforeNextRoundMs,
	type PollScheduleOptions,
} from '../../../nodes/TwelveLabs/wait/pollSchedule';

const defaults: PollScheduleOptions = { initialIntervalMs: 2000, maxIntervalMs: 30_000 };
const LONG_AGO = 1e9; // elapsed time so large that the lag bound never binds

/** Times (ms since start) at which rounds run: the first at once, then after each interval. */
function roundTimes(options: PollScheduleOptions, untilMs: number): number[] {
	const times = [0];
	let interval: number | undefined;
	while (times[times.length - 1] < untilMs) {
		const now = times[times.length - 1];
		interval = nextIntervalMs(interval, now, options);
		times.push(now + interval);
	}
	return times;
}

describe('nextIntervalMs', () => {
	it('starts with the initial interval', () => {
		expect(nextIntervalMs(undefined, 0, defaults)).toBe(2000);
		expect(nextIntervalMs(undefined, LONG_AGO, { ...defaults, initialIntervalMs: 500 })).toBe(500);
	});

	it('grows ×1.5 per round up to the cap', () => {
		const intervals: number[] = [];
		let interval: number | undefined;
		for (let round = 0; round < 10; round++) {
			interval = nextIntervalMs(interval, LONG_AGO, defaults);
			intervals.push(interval);
		}
		expect(intervals).toEqual([
			2000, 3000, 4500, 6750, 10125, 15187.5, 22781.25, 30000, 30000, 30000,
		]);
	});

	it('never exceeds maxLagRatio × elapsed, nor goes under the initial interval', () => {
		expect(nextIntervalMs(4000, 15_000, defaults)).toBe(3000); // 0.2 × 15 s beats 1.5 × 4 s
		expect(nextIntervalMs(2000, 3000, defaults)).toBe(2000); // 0.2 × 3 s is under the floor
		expect(nextIntervalMs(20_000, 1_000_000, defaults)).toBe(30_000); // capped
		expect(nextIntervalMs(4000, 15_000, { ...defaults, maxLagRatio: 0.5, growthFactor: 2 })).toBe(
			7500,
		);
	});

	it('falls back to sane values for nonsense options', () => {
		expect(nextIntervalMs(undefined, 0, { initialIntervalMs: 0, maxIntervalMs: -1 })).toBe(2000);
		expect(nextIntervalMs(2000, LONG_AGO, { initialIntervalMs: 2000, maxIntervalMs: 1000 })).toBe(
			2000,
		);
		expect(nextIntervalMs(2000, LONG_AGO, { ...defaults, growthFactor: 0.5 })).toBe(2000);
	});

	it('notices a task at most ~20 % after it finished (the wall-time target), where ×1.5 alone reaches ~50 %', () => {
		const worstRatio = (options: PollScheduleOptions) => {
			const times = roundTimes(options, 700_000);
			let worst = 0;
			for (let finishMs = 15_000; finishMs <= 600_000; finishMs += 250) {
				const noticedMs = times.find((time) => time >= finishMs) as number;
				worst = Math.max(worst, noticedMs / finishMs);
			}
			return worst;
		};
		expect(worstRatio(defaults)).toBeLessThanOrEqual(1.2 + 1e-9);
		expect(worstRatio({ ...defaults, maxLagRatio: 1 })).toBeGreaterThan(1.4);
	});

	it('keeps the number of rounds modest: about 25 for a 5-minute wait', () => {
		const rounds = roundTimes(defaults, 300_000).length;
		expect(rounds).toBeGreaterThan(20);
		expect(rounds).toBeLessThanOrEqual(28);
	});
});

describe('sleepBeforeNextRoundMs', () => {
	const now = 1_000_000;

	it('sleeps the interval when nothing else matters', () => {
		expect(sleepBeforeNextRoundMs({ intervalMs: 4500, nowMs: now, deadlineMs: now + 60_000 })).toBe(
			4500,
		);
	});

	it('sleeps at least what Retry-After asks', () => {
		expect(
			sleepBeforeNextRoundMs({
				intervalMs: 2000,
				nowMs: now,
				deadlineMs: now + 60_000,
				retryAfterMs: 7000,
			}),
		).toBe(7000);
		expect(
			sleepBeforeNextRoundMs({
				intervalMs: 9000,
				nowMs: now,
				deadlineMs: now + 60_000,
				retryAfterMs: 7000,
			}),
		).toBe(9000);
	});

	it('never sleeps past the deadline, Retry-After included, and never negative', () => {
		expect(sleepBeforeNextRoundMs({ intervalMs: 30_000, nowMs: now, deadlineMs: now + 5000 })).toBe(
			5000,
		);
		expect(
			sleepBeforeNextRoundMs({
				intervalMs: 2000,
				nowMs: now,
				deadlineMs: now + 5000,
				retryAfterMs: 60_000,
			}),
		).toBe(5000);
		expect(sleepBeforeNextRoundMs({ intervalMs: 2000, nowMs: now, deadlineMs: now - 10 })).toBe(0);
	});
});
