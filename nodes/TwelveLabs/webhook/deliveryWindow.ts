/**
 * Exactly once: the deliveries already accepted, by notification id and by subject (a task or
 * batch and its event), in a bounded window kept in the workflow's static data.
 *
 * TwelveLabs retries a delivery until it gets a 2xx, and may send one twice or out of order; a
 * retry carries the same notification id, a second notification about the same task and event
 * may not. Either is a duplicate: answered 200, not run again.
 *
 * n8n loads the static data afresh for each production webhook call and saves it whole when the
 * call is answered, so two calls handled at the same time would each save what they loaded plus
 * their own entry, and the later save would drop the earlier entry. The window therefore also
 * lives in this process's memory: every check sees the claims of every call this process has
 * handled, and every save writes them all. Check and claim run with no await between them, so two
 * simultaneous copies of a delivery cannot both pass. (Several n8n webhook processes share only
 * the saved window: copies that reach two processes within the same moment can both run.)
 */

/** Entries kept: the completions of several busy days. */
export const WINDOW_MAX_ENTRIES = 5_000;
/** How long an entry is kept: retries come within hours, not days. */
export const WINDOW_MAX_AGE_SECONDS = 3 * 24 * 60 * 60;

/** [subject key, notification id, accepted at (unix seconds)]: compact, as it is saved on every call. */
export type WindowEntry = [string, string, number];

export interface WindowLimits {
	maxEntries: number;
	maxAgeSeconds: number;
}

export const DEFAULT_LIMITS: WindowLimits = {
	maxEntries: WINDOW_MAX_ENTRIES,
	maxAgeSeconds: WINDOW_MAX_AGE_SECONDS,
};

/** The static-data key the window is saved under (the node's own static data). */
export const STATIC_DATA_KEY = 'deliveries';

/** This process's window of each trigger node (key: workflow ID and node ID). */
const processWindows = new Map<string, WindowEntry[]>();

function isEntry(value: unknown): value is WindowEntry {
	return (
		Array.isArray(value) &&
		value.length === 3 &&
		typeof value[0] === 'string' &&
		typeof value[1] === 'string' &&
		typeof value[2] === 'number' &&
		Number.isFinite(value[2])
	);
}

/** The saved window's entries; anything malformed in it is dropped (it only makes the window smaller). */
export function savedEntries(saved: unknown): WindowEntry[] {
	return Array.isArray(saved) ? saved.filter(isEntry) : [];
}

/** Both lists' entries once each, the newest `maxEntries` of those younger than `maxAgeSeconds`, oldest first. */
export function mergeEntries(
	a: readonly WindowEntry[],
	b: readonly WindowEntry[],
	nowSeconds: number,
	limits: WindowLimits,
): WindowEntry[] {
	const byIdentity = new Map<string, WindowEntry>();
	for (const entry of [...a, ...b]) {
		if (nowSeconds - entry[2] > limits.maxAgeSeconds) continue;
		const identity = `${entry[0]}\n${entry[1]}`;
		const known = byIdentity.get(identity);
		if (known === undefined || entry[2] < known[2]) byIdentity.set(identity, entry);
	}
	const merged = [...byIdentity.values()].sort((x, y) => x[2] - y[2]);
	return merged.slice(Math.max(0, merged.length - limits.maxEntries));
}

export interface Delivery {
	/** e.g. `task:<task id>:analyze.task.ready`. */
	subject: string;
	eventId: string;
}

export function subjectKey(kind: 'task' | 'batch', id: string, eventType: string): string {
	return `${kind}:${id}:${eventType}`;
}

/**
 * Claims a delivery: `duplicate` when its notification id or its subject is in the window
 * (nothing changes then); otherwise it is added. Returns the entries to save. Synchronous on
 * purpose (see the file comment).
 */
export function claimDelivery(
	windowKey: string,
	saved: unknown,
	delivery: Delivery,
	nowSeconds: number,
	limits: WindowLimits = DEFAULT_LIMITS,
): { duplicate: boolean; entries: WindowEntry[] } {
	const entries = mergeEntries(
		processWindows.get(windowKey) ?? [],
		savedEntries(saved),
		nowSeconds,
		limits,
	);
	const duplicate = entries.some(
		([subject, eventId]) => subject === delivery.subject || eventId === delivery.eventId,
	);
	if (!duplicate) {
		entries.push([delivery.subject, delivery.eventId, nowSeconds]);
		if (entries.length > limits.maxEntries) entries.splice(0, entries.length - limits.maxEntries);
	}
	processWindows.set(windowKey, entries);
	return { duplicate, entries: [...entries] };
}

/** Forgets this process's windows (tests: as after an n8n restart). */
export function forgetProcessWindows(): void {
	processWindows.clear();
}
