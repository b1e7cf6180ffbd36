/** The trigger's saved state (trigger/state.ts): read whole, written back, replaced in place. */
import {
	readState,
	readTaskTimes,
	replaceState,
	STATE_VERSION,
	writeState,
	type CompletionState,
} from '../../../nodes/TwelveLabs/trigger/state';

const MINUTE = 60_000;

describe('readState: anything malformed is named, so the poll can start a fresh baseline', () => {
	const NOW = Date.UTC(2026, 0, 1);
	const valid = (): Record<string, unknown> => ({
		v: 2,
		filterKey: '[null,null,null,null]',
		baselineAt: NOW - MINUTE,
		watermark: NOW - MINUTE,
		inFlight: { '6650000000000000000000aa': NOW - 5 * MINUTE },
		retired: { '6650000000000000000000bb': NOW - 2 * MINUTE },
	});

	it('accepts a valid state, an empty one, and the previous version', () => {
		expect(readState(valid(), NOW).kind).toBe('tracking');
		expect(readState({ ...valid(), v: 1 }, NOW).kind).toBe('tracking');
		expect(readState({}, NOW).kind).toBe('empty');
	});

	it.each([null, 'state', [], 42, true])('the whole state %p is malformed', (raw) => {
		expect(readState(raw, NOW)).toMatchObject({ kind: 'malformed' });
	});

	const broken: Array<[string, unknown]> = [];
	for (const field of ['v', 'filterKey', 'baselineAt', 'watermark', 'inFlight', 'retired']) {
		for (const value of [null, field === 'filterKey' ? 42 : 'text', [], {}, undefined]) {
			// {} is a valid (empty) map, and a missing field only in some places
			if (
				value !== undefined &&
				typeof value === 'object' &&
				!Array.isArray(value) &&
				['inFlight', 'retired'].includes(field)
			)
				continue;
			broken.push([field, value]);
		}
	}
	it.each(broken)('%s = %p is malformed', (field, value) => {
		const state = { ...valid(), [field]: value };
		if (value === undefined) delete state[field];
		expect(readState(state, NOW)).toMatchObject({ kind: 'malformed' });
	});

	it.each([
		['a non-finite time', { '6650000000000000000000aa': null }],
		['a string time', { '6650000000000000000000aa': '1767225600000' }],
		['an invalid task id', { '../secret': NOW }],
		['an empty task id', { '': NOW }],
	])('an entry with %s in inFlight or retired is malformed', (_name, entries) => {
		expect(readState({ ...valid(), inFlight: entries }, NOW).kind).toBe('malformed');
		expect(readState({ ...valid(), retired: entries }, NOW).kind).toBe('malformed');
	});
});

describe('the tracked state, read and written', () => {
	const ID = '6650000000000000000000aa';

	it('reads maps of task times, naming the first bad entry', () => {
		expect(readTaskTimes({ [ID]: 5 }, 'inFlight')).toEqual(new Map([[ID, 5]]));
		expect(readTaskTimes([], 'inFlight')).toBe('inFlight is an array, not an object');
		expect(readTaskTimes({ [ID]: Infinity }, 'retired')).toBe(
			`retired holds Infinity for task ${ID}`,
		);
		// Trusted entries are not checked (tens of thousands are read more than once a poll).
		expect(readTaskTimes({ [ID]: 'x' }, 'retired', false)).toEqual(new Map([[ID, 'x']]));
	});

	it('writes what it reads back, with the sweep and the rotation only when set', () => {
		const tracked = {
			filterKey: 'k',
			baselineAt: 1,
			watermark: 2,
			inFlight: new Map([[ID, 3]]),
			retired: new Map<string, number>(),
		};
		expect(writeState(tracked)).toEqual({
			v: STATE_VERSION,
			filterKey: 'k',
			baselineAt: 1,
			watermark: 2,
			inFlight: { [ID]: 3 },
			retired: {},
		});
		const full = writeState({
			...tracked,
			sweep: { below: 9, position: 4, total: 10 },
			checkedUpTo: 'x',
		});
		expect(readState(full, 2)).toEqual({
			kind: 'tracking',
			state: { ...tracked, sweep: { below: 9, position: 4, total: 10 }, checkedUpTo: 'x' },
		});
	});

	it('reads a baseline in progress as empty, and a bad one as malformed', () => {
		const baselining = {
			filterKey: 'k',
			startedAt: 1,
			since: 1,
			step: 2,
			list: 1,
			inFlight: {},
			retired: {},
		};
		expect(readState({ baselining }, 0)).toEqual({
			kind: 'empty',
			baselining: { ...baselining, cursor: undefined },
		});
		expect(readState({ baselining: { ...baselining, list: 3 } }, 0)).toEqual({
			kind: 'malformed',
			problem: 'baselining has an invalid step',
		});
		expect(readState({ baselining: { ...baselining, cursor: { below: 1 } } }, 0)).toEqual({
			kind: 'malformed',
			problem: 'baselining has an invalid cursor',
		});
	});

	it('replaceState assigns only what changed and deletes what is gone, in place', () => {
		const inFlight = { [ID]: 3 };
		const target: CompletionState = { v: 2, inFlight, watermark: 1, checkedUpTo: 'x' };
		replaceState(target, { v: 2, inFlight: { [ID]: 3 }, watermark: 5 });
		expect(target).toEqual({ v: 2, inFlight: { [ID]: 3 }, watermark: 5 });
		expect(target.inFlight).toBe(inFlight); // equal JSON: the loaded object is kept
		replaceState(target, {});
		expect(target).toEqual({});
	});
});
