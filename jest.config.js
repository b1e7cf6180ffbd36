/** Jest runs the TypeScript tests under test/ with ts-jest (transpile only; `npm run typecheck` checks types). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Engine tests wait for retries and simulated tasks in real time.
	testTimeout: 30_000,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/setup-env.js'],
	setupFilesAfterEnv: ['<rootDir>/test/setup-after-env.js'],
};
