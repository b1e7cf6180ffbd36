import { InvalidParameterError } from '../../../nodes/TwelveLabs/createRequest/input';

/** The InvalidParameterError `run` throws, as `field: problem | fix`. */
export function refusalOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidParameterError);
		const { field, problem, fix } = error as InvalidParameterError;
		return `${field}: ${problem} | ${fix}`;
	}
	throw new Error('nothing was refused');
}
