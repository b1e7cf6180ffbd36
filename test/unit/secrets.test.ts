/** The watch every test file runs under (test/setup-after-env.js). */
import { loggedLines, n8nCoreLogger } from '../harness/secrets';

describe('the output watch', () => {
	it("routes n8n-core's logger into memory, where the key check reads it", () => {
		n8nCoreLogger().error('marker 7f3a: a node error the test expects');
		expect(loggedLines()).toContain('error: marker 7f3a: a node error the test expects');
	});
});
