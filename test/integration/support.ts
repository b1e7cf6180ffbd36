/** Shared setup for engine tests: a simulator on 127.0.0.1 and credentials pointing at it. */
import { API_KEY, WRONG_KEY } from '../harness/secrets';
import type { IDataObject } from 'n8n-workflow';
import { createSimulator, profileOptions, type Simulator, type SimulatorOptions } from '../simulator';

/** Random and distinctive, so a leak into any output, error or log line is easy to find. */
export { API_KEY, WRONG_KEY };

export interface SimulatorFixture {
	sim: Simulator;
	credentials: IDataObject;
	baseUrl: string;
}

export async function startSimulator(
	options: Partial<SimulatorOptions> = {},
): Promise<SimulatorFixture> {
	const sim = createSimulator({ apiKeys: [API_KEY], seed: 7, ...profileOptions(), ...options });
	const { url } = await sim.start(0);
	return { sim, baseUrl: url, credentials: { apiKey: API_KEY, baseUrl: url } };
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
