/** An item's Overrides (JSON) (nodes/TwelveLabs/batchRequest/overrides.ts); applying them: body.test.ts. */
import { parseOverrides } from '../../../nodes/TwelveLabs/batchRequest/overrides';
import { messageOf } from './message';

describe('parseOverrides', () => {
	it('is empty for nothing, refuses a list and JSON that does not parse', () => {
		expect(parseOverrides('')).toBeUndefined();
		expect(parseOverrides({})).toBeUndefined();
		expect(parseOverrides('{"temperature": 0.5}')).toEqual({ temperature: 0.5 });
		expect(messageOf(() => parseOverrides('[1]'))).toBe("'Overrides (JSON)' is a list, not an object");
		expect(messageOf(() => parseOverrides({ video: {} }))).toBe("'Overrides (JSON) › video' is not a field an item can override");
	});
});

