/** Shared setup for engine tests: a simulator on 127.0.0.1 and credentials pointing at it. */
import { API_KEY, WRONG_KEY } from '../harness/secrets';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import {
	createSimulator,
	profileOptions,
	type Simulator,
	type SimulatorOptions,
} from '../simulator';

/** Random and distinctive, so a leak into any output, error or log line is easy to find. */
export { API_KEY, WRONG_KEY };

export interface SimulatorFixture {
	sim: Simulator;
	credentials: IDataObject;
	baseUrl: string;
}

/** Whether this pass runs against the sparse simulator (jest.config.js, project 'sparse'). */
export const SPARSE = profileOptions().sparse === true;

/** Equality of JSON values as they travel (key order included: both sides come from the same JSON). */
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A response field the SDK marks optional, in an expectation: the value itself, or in the
 * sparse pass the value, null or nothing.
 */
export function optional<T>(value: T): T {
	if (!SPARSE) return value;
	return {
		$$typeof: Symbol.for('jest.asymmetricMatcher'),
		asymmetricMatch: (actual: unknown) =>
			actual === null || actual === undefined || sameJson(actual, value),
		toAsymmetricMatcher: () => `optional(${JSON.stringify(value)})`,
	} as unknown as T;
}

/**
 * Whether `actual` is `full` with some optional parts null or left out (the sparse pass);
 * outside it, whether they are equal.
 */
export function isThinnedFrom(actual: unknown, full: unknown): boolean {
	if (!SPARSE || typeof actual !== 'object' || actual === null)
		return sameJson(actual, full) || (SPARSE && actual === null);
	if (typeof full !== 'object' || full === null) return false;
	if (Array.isArray(actual))
		return (
			Array.isArray(full) &&
			actual.length === full.length &&
			actual.every((entry, index) => isThinnedFrom(entry, full[index]))
		);
	const fullRecord = full as Record<string, unknown>;
	return Object.entries(actual).every(
		([key, value]) => key in fullRecord && isThinnedFrom(value, fullRecord[key]),
	);
}

export async function startSimulator(
	options: Partial<SimulatorOptions> = {},
): Promise<SimulatorFixture> {
	const sim = createSimulator({ apiKeys: [API_KEY], seed: 7, ...profileOptions(), ...options });
	const { url } = await sim.start(0);
	return { sim, baseUrl: url, credentials: { apiKey: API_KEY, baseUrl: url } };
}

/**
 * A simulator for a test file: started before its tests, stopped after them and reset before
 * each (same key, seed 7). The fixture's fields are filled in once it has started.
 */
export function useSimulator(options: Partial<SimulatorOptions> = {}): SimulatorFixture {
	const fixture = {} as SimulatorFixture;
	beforeAll(async () => {
		Object.assign(fixture, await startSimulator(options));
	});
	afterAll(async () => {
		await fixture.sim.stop();
	});
	beforeEach(() => {
		fixture.sim.reset({ apiKeys: [API_KEY], seed: 7, ...options });
	});
	return fixture;
}

/** Everything a user or a log could see of a run, as one string. */
export function visibleText(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, inner: unknown) => {
		if (inner instanceof Error) {
			return {
				message: inner.message,
				description: (inner as { description?: unknown }).description,
				stack: inner.stack,
			};
		}
		if (typeof inner === 'object' && inner !== null) {
			if (seen.has(inner)) return undefined;
			seen.add(inner);
		}
		return inner;
	});
}

export function expectNoSecret(value: unknown): void {
	expect(visibleText(value)).not.toContain(API_KEY);
}

export { VIDEO, CREATE_GENERAL } from '../harness/parameters';

/** A video URL whose query string scripts the simulated task. */
export function scriptedVideo(
	name: string,
	durationMs: number,
	outcome: 'ready' | 'failed' = 'ready',
): string {
	return `https://videos.example.com/${name}.mp4?sim_duration=${durationMs}&sim_outcome=${outcome}`;
}

/** An item with a binary field held in memory (n8n's default binary mode). */
export function binaryItem(
	bytes: Buffer,
	fileName = 'clip.mp4',
	mimeType = 'video/mp4',
	field = 'data',
): INodeExecutionData {
	return {
		json: {},
		binary: {
			[field]: { data: bytes.toString('base64'), mimeType, fileName, fileSize: `${bytes.length} B` },
		},
	};
}
