/**
 * test/simulator/index.d.ts is generated from the simulator's JSDoc (simulatorTypes.js):
 * this fails when the committed file is not what the generator produces now. Fix with
 * `npm run types:simulator`.
 */
import { committedIndexDeclarations, generateIndexDeclarations } from './simulatorTypes';

describe('the simulator declarations', () => {
	it('are what tsc generates from the JSDoc now', () => {
		expect(committedIndexDeclarations()).toBe(generateIndexDeclarations());
	}, 60_000);

	it('declare the API the tests use, from the JavaScript modules', () => {
		const declarations = committedIndexDeclarations();
		for (const name of ['Simulator', 'SimulatorOptions', 'FaultConfig', 'TaskSnapshot'])
			expect(declarations).toMatch(
				new RegExp(`^export type ${name} = import\\("\\./[a-z]+"\\)\\.${name};$`, 'm'),
			);
		expect(declarations).toContain(
			'export function createSimulator(options?: SimulatorOptions): import("./simulator").Simulator;',
		);
	});
});
