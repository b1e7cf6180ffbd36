/**
 * Runs `call` and hands its failure back as a value, to be inspected and then rethrown as it
 * is: transport errors already are NodeApiErrors and local refusals InvalidParameterErrors,
 * wrapping would lose them.
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settled<T>(call: () => Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await call() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** settled for a call that does not wait. */
export function settledSync<T>(call: () => T): Settled<T> {
	try {
		return { ok: true, value: call() };
	} catch (error) {
		return { ok: false, error };
	}
}
