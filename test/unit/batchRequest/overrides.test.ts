/** An item's Overrides (JSON) (nodes/TwelveLabs/batchRequest/overrides.ts); applying them: body.test.ts. */
import { parseOverrides } from '../../../nodes/TwelveLabs/batchRequest/overrides';

function refusalOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('not refused');
}

describe('parseOverrides', () => {
	it('is empty for nothing, refuses a list and JSON that does not parse', () => {
		expect(parseOverrides('')).toBeUndefined();
		expect(parseOverrides({})).toBeUndefined();
		expect(parseOverrides('{"temperature": 0.5}')).toEqual({ temperature: 0.5 });
		expect(refusalOf(() => parseOverrides('[1]'))).toBe("'Overrides (JSON)' is a list, not an object");
		expect(refusalOf(() => parseOverrides({ video: {} }))).toBe("'Overrides (JSON) › video' is not a field an item can override");
	});
});

