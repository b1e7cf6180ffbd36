/** The cost model of a changes poll (trigger/cost.ts). */
import { cheapestResolution } from '../../../nodes/TwelveLabs/trigger/cost';

describe('cheapestResolution', () => {
	it('GETs a few tasks, reads the in-flight lists for many, extends the scan when it is short', () => {
		const few = { unresolved: 3, extendReads: 10, listReads: 3, expectedFinished: 0 };
		expect(cheapestResolution(few)).toBe('get');
		expect(cheapestResolution({ ...few, unresolved: 4 })).toBe('lists');
		expect(cheapestResolution({ ...few, unresolved: 400, expectedFinished: 400 })).toBe('extend');
		expect(cheapestResolution({ ...few, unresolved: 2, extendReads: 1 })).toBe('extend');
		expect(cheapestResolution({ ...few, unresolved: 0 })).toBe('none');
	});
});
