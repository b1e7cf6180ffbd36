/**
 * Exactly once: the deliveries already accepted, by notification id and by subject (a task or
 * batch and its event), in a bounded window kept in the workflow's static data.
 *
 * TwelveLabs retries a delivery until it gets a 2xx, and may send one twice or out of order; a
 * retry carries the same notification id, a second notification about the same task and event
 * may not. Either is a duplicate: answered 200, not run again.
 *
 * n8n loads the static data afresh for each production webhook call and saves it whole as it
 * answers the call, so two calls handled at the same time would each save what they loaded plus
 * their own entry, and the later save would drop the earlier entry. The window therefore lives
 * in this process's memory too, as one list that every call saves: whichever save comes last
 * writes every claim this process holds, pending ones too. Check and claim run with no await
 * between them, so two simultaneous copies of a delivery cannot both pass. (Several n8n webhook
 * processes share only the saved window: copies that reach two processes within the same
 * moment can both run.)
 *
 * A claim stands once its call answers 200 (after the full read). Until then it is pending: a
 * copy meanwhile is `inFlight`, neither run nor acknowledged, as that call may yet fail. A call
 * that fails first drops its claim: later saves leave it out and a saved copy of it is ignored,
 * so the sender's retry runs.
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
	/**
	 * Every claim this process holds, pending ones too, with those loaded from saved windows.
	 * Every call saves this very list, so whichever save comes last writes all of them.
	 */
	entries: WindowEntry[];
	/** The identities of claims whose call has not answered yet. */
	pending: Set<string>;
	/** The identities of claims that fell (their call failed before its answer): a saved copy is ignored. */
	fallen: Set<string>;
}

/** This process's window of each trigger node (key: workflow ID and node ID). */
const processWindows = new Map<string, ProcessWindow>();

function windowOf(windowKey: string): ProcessWindow {
	let window = processWindows.get(windowKey);
	if (!window) {
		window = { entries: [], pending: new Set(), fallen: new Set() };
		processWindows.set(windowKey, window);
	}
	return window;
}

const identityOf = (entry: WindowEntry) => `${entry[0]}\n${entry[1]}`;

/** Replaces a list's contents in place (calls in flight hold the list itself). */
function replaceEntries(list: WindowEntry[], entries: WindowEntry[]): void {
	list.splice(0, list.length, ...entries);
}

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
		const identity = identityOf(entry);
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
	/** That other call is still in flight: whether it will run the delivery is not known yet. */
	inFlight: boolean;
	/** The window this call saves: this process's whole window, as it is when n8n saves it. */
	entries: WindowEntry[];
	/** Called once the call is answered: `stands` when it was answered 200 (the run follows). */
	settle(stands: boolean): void;
}

/**
 * Claims a delivery: `duplicate` when its notification id or its subject is in the window, and
 * `inFlight` too when that claim is still pending (nothing changes then); otherwise it is added
 * as pending. Synchronous on purpose (see the file comment).
 */
export function claimDelivery(
	windowKey: string,
	saved: unknown,
	delivery: Delivery,
	nowSeconds: number,
	limits: WindowLimits = DEFAULT_LIMITS,
): Claim {
	const window = windowOf(windowKey);
	const loaded = savedEntries(saved).filter((entry) => !window.fallen.has(identityOf(entry)));
	replaceEntries(window.entries, mergeEntries(window.entries, loaded, nowSeconds, limits));
	const known = window.entries.find((entry) => entry[0] === delivery.subject || entry[1] === delivery.eventId);
	if (known) {
		const inFlight = window.pending.has(identityOf(known));
		return { duplicate: true, inFlight, entries: window.entries, settle: () => undefined };
	}
	const entry: WindowEntry = [delivery.subject, delivery.eventId, nowSeconds];
	const identity = identityOf(entry);
	window.fallen.delete(identity);
	window.pending.add(identity);
	window.entries.push(entry);
	if (window.entries.length > limits.maxEntries) window.entries.splice(0, window.entries.length - limits.maxEntries);
	let settled = false;
	return {
		duplicate: false,
		inFlight: false,
		entries: window.entries,
		settle(stands: boolean) {
			if (settled) return;
			settled = true;
			window.pending.delete(identity);
			if (stands) return;
			replaceEntries(window.entries, window.entries.filter((other) => identityOf(other) !== identity));
			window.fallen.add(identity);
			// Bounded: the oldest fallen claims are forgotten first.
			if (window.fallen.size > limits.maxEntries) window.fallen.delete(window.fallen.values().next().value as string);
		},
	};
}

/** Forgets this process's windows (tests: as after an n8n restart). */
export function forgetProcessWindows(): void {
	processWindows.clear();
}
