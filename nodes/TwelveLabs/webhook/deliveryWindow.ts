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
 * handled, and every save writes all those that stand. Check and claim run with no await
 * between them, so two simultaneous copies of a delivery cannot both pass. (Several n8n webhook
 * processes share only the saved window: copies that reach two processes within the same
 * moment can both run.)
 *
 * A claim stands once n8n answers its call 2xx (n8n answers after it has started the run, even
 * when the sender no longer waits). Until then it is pending: a copy meanwhile is `inFlight` (not
 * run, and not acknowledged either: its call may yet fail), and no other call saves it; a call
 * n8n answers otherwise (it could not start the run, e.g. while stopping) drops it, so the
 * sender's retry runs. A claim that stands is added to the saved window of every call still in
 * flight, whose save may come later than this call's.
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

/** This process's window of one trigger node. */
interface ProcessWindow {
	/** Claims whose call was answered 2xx, with those loaded from saved windows. */
	standing: WindowEntry[];
	/** Claims whose call is not answered yet. */
	pending: Set<WindowEntry>;
	/** The windows calls in flight will save: a claim that comes to stand is added to each. */
	inFlight: Set<WindowEntry[]>;
}

/** This process's window of each trigger node (key: workflow ID and node ID). */
const processWindows = new Map<string, ProcessWindow>();

function windowOf(windowKey: string): ProcessWindow {
	let window = processWindows.get(windowKey);
	if (!window) {
		window = { standing: [], pending: new Set(), inFlight: new Set() };
		processWindows.set(windowKey, window);
	}
	return window;
}

const sameDelivery = (entry: WindowEntry, delivery: Delivery) =>
	entry[0] === delivery.subject || entry[1] === delivery.eventId;

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

export interface Claim {
	/** This call must not run: another call has (or had) the delivery. */
	duplicate: boolean;
	/** That other call is still in flight: whether it starts the run is not known yet. */
	inFlight: boolean;
	/** The window this call saves (kept up to date while the call is in flight). */
	entries: WindowEntry[];
	/** Called once the call is answered: `stands` when the answer was a 2xx. */
	settle(stands: boolean): void;
}

/**
 * Claims a delivery: `duplicate` when its notification id or its subject is in the window, and
 * `inFlight` too when only a pending claim has it (nothing changes then); otherwise it is added
 * as pending. Synchronous on purpose (see the
 * file comment).
 */
export function claimDelivery(
	windowKey: string,
	saved: unknown,
	delivery: Delivery,
	nowSeconds: number,
	limits: WindowLimits = DEFAULT_LIMITS,
): Claim {
	const window = windowOf(windowKey);
	window.standing = mergeEntries(window.standing, savedEntries(saved), nowSeconds, limits);
	const entries = [...window.standing];
	if (window.standing.some((entry) => sameDelivery(entry, delivery))) {
		return { duplicate: true, inFlight: false, entries, settle: () => undefined };
	}
	if ([...window.pending].some((entry) => sameDelivery(entry, delivery))) {
		return { duplicate: true, inFlight: true, entries, settle: () => undefined };
	}
	const entry: WindowEntry = [delivery.subject, delivery.eventId, nowSeconds];
	entries.push(entry);
	if (entries.length > limits.maxEntries) entries.splice(0, entries.length - limits.maxEntries);
	window.pending.add(entry);
	window.inFlight.add(entries);
	let settled = false;
	return {
		duplicate: false,
		inFlight: false,
		entries,
		settle(stands: boolean) {
			if (settled) return;
			settled = true;
			window.pending.delete(entry);
			window.inFlight.delete(entries);
			if (!stands) return;
			window.standing = mergeEntries(window.standing, [entry], nowSeconds, limits);
			for (const other of window.inFlight) {
				if (!other.some((known) => sameDelivery(known, delivery))) other.push(entry);
			}
		},
	};
}

/** Forgets this process's windows (tests: as after an n8n restart). */
export function forgetProcessWindows(): void {
	processWindows.clear();
}
