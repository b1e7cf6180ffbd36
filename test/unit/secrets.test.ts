/** The watch every test file runs under (test/setup-after-env.js). */
import path from 'node:path';
import { loggedLines } from '../harness/secrets';

const fromCore = (name: string) =>
	require(
		require.resolve(name, { paths: [path.dirname(require.resolve('n8n-core/package.json'))] }),
	) as Record<string, unknown>;

describe('the output watch', () => {
	it("routes n8n-core's logger into memory, where the key check reads it", () => {
		const { Container } = fromCore('@n8n/di') as { Container: { get(token: unknown): unknown } };
		const { Logger } = fromCore('@n8n/backend-common');
		const logger = Container.get(Logger) as { error(message: string): void };
		logger.error('marker 7f3a: a node error the test expects');
		expect(loggedLines()).toContain('error: marker 7f3a: a node error the test expects');
	});
});
