'use strict';
/**
 * The simulated clock: sim time = base + realElapsed * speed (+ manual jumps).
 * Task status is derived from it on every read, so there are no timers to manage and a
 * test can jump to any moment with advance().
 */
class SimClock {
	constructor({ startAt = Date.now(), speed = 1 } = {}) {
		this.speed = checkSpeed(speed);
		this.baseSim = startAt;
		this.baseReal = performance.now();
	}

	/** Current simulated epoch milliseconds (integer). */
	now() {
		return Math.floor(this.baseSim + (performance.now() - this.baseReal) * this.speed);
	}

	/** Change speed from this moment on, without a jump in sim time. */
	setSpeed(speed) {
		const current = this.baseSim + (performance.now() - this.baseReal) * this.speed;
		this.baseSim = current;
		this.baseReal = performance.now();
		this.speed = checkSpeed(speed);
	}

	advance(ms) {
		if (!Number.isFinite(ms) || ms < 0) throw new Error('advance(ms) needs a non-negative number');
		this.baseSim += ms;
	}

	/** Jump to an absolute sim time (used by reset({startAt})). */
	set(epochMs) {
		this.baseSim = epochMs;
		this.baseReal = performance.now();
	}

	/** Converts a span of sim ms into the real ms it takes at the current speed. */
	toRealMs(simMs) {
		return simMs / this.speed;
	}
}

function checkSpeed(speed) {
	if (!Number.isFinite(speed) || speed <= 0) throw new Error('speed must be a positive number');
	return speed;
}

module.exports = { SimClock };
