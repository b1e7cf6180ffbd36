/**
 * Jest runs the TypeScript tests under test/ with ts-jest (transpile only; `npm run typecheck`
 * checks types). Three projects: every test against the full simulator, then the engine suite
 * (operations, Create and Wait, trigger, faults, assets, batches) again against the sparse simulator (optional
 * response fields null or missing; test/simulator/sdk-sparse.test.ts checks the SDK parses
 * those answers) and with the reference's error wording. One run, one summary.
 */
const base = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	// Engine tests wait for retries and simulated tasks in real time.
	testTimeout: 30_000,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	setupFilesAfterEnv: ['<rootDir>/test/setup-after-env.js'],
};

const ENGINE_SUITE = [
	'<rootDir>/test/integration/operations.test.ts',
	'<rootDir>/test/integration/createAndWait.test.ts',
	'<rootDir>/test/integration/trigger.test.ts',
	'<rootDir>/test/integration/faults.test.ts',
	'<rootDir>/test/integration/errors.test.ts',
	'<rootDir>/test/integration/responses.test.ts',
	'<rootDir>/test/integration/assets.test.ts',
	'<rootDir>/test/integration/assetUpload.test.ts',
	'<rootDir>/test/integration/batches.test.ts',
	'<rootDir>/test/integration/largeVideo.test.ts',
	'<rootDir>/test/integration/pickers.test.ts',
	'<rootDir>/test/integration/triggerBatches.test.ts',
	'<rootDir>/test/integration/webhookTrigger.test.ts',
];

module.exports = {
	testTimeout: base.testTimeout,
	projects: [
		{
			...base,
			displayName: 'full',
			testMatch: ['**/*.test.ts'],
			setupFiles: ['<rootDir>/test/setup-env.js'],
		},
		{
			...base,
			displayName: 'sparse',
			testMatch: ENGINE_SUITE,
			setupFiles: ['<rootDir>/test/setup-env.js', '<rootDir>/test/profiles/sparse.js'],
		},
		{
			...base,
			displayName: 'documented',
			testMatch: ENGINE_SUITE,
			setupFiles: ['<rootDir>/test/setup-env.js', '<rootDir>/test/profiles/documented.js'],
		},
	],
};
