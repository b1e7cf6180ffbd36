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
 * writes every claim that stands in this process. Check and claim run with no await between
 * them, so two simultaneous copies of a delivery cannot both pass. (Several n8n webhook
 * processes share only the saved window: copies that reach two processes within the same
 * moment can both run.)
 *
 * A claim stands once its call answers 200 (after the full read, just before n8n saves the
 * static data and starts the run). Until then it is pending and saved by no call: a copy
 * meanwhile is `inFlight`, neither run nor acknowledged, as that call may yet fail; if it does
 * (or n8n stops under it), nothing saved holds the claim, so the sender's retry runs.
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
	 * The claims that stand, with those loaded from saved windows. Every call saves this very
	 * list, so whichever save comes last writes all of them.
	 */
	standing: WindowEntry[];
	/** The claims whose call has not answered yet, by identity. */
	pending: Map<string, WindowEntry>;
}

/** This process's window of each trigger node (key: workflow ID and node ID). */
const processWindows = new Map<string, ProcessWindow>();

function windowOf(windowKey: string): ProcessWindow {
	let window = processWindows.get(windowKey);
	if (!window) {
		window = { standing: [], pending: new Map() };
		processWindows.set(windowKey, window);
	}
	return window;
}

const identityOf = (entry: WindowEntry) => `${entry[0]}\n${entry[1]}`;

/** Replaces a list's contents in place (calls in flight hold the list itself). */
function replaceEntries(list: WindowEntry[], entries: WindowEntry[]): void {
	list.splice(0, list.length, ...entries);
}

const isDelivery = (delivery: Delivery) => (entry: WindowEntry) =>
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
	/** The window this call saves: the claims that stand in this process when n8n saves it. */
	entries: WindowEntry[];
	/** Called once the call answers or fails: `stands` when it answered 200 (the run follows). */
	settle(stands: boolean): void;
}

/**
 * Claims a delivery: `duplicate` when its notification id or its subject is in the window, and
 * `inFlight` too when only a pending claim has it (nothing changes then); otherwise it is added
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
	const entries = window.standing;
	replaceEntries(entries, mergeEntries(entries, savedEntries(saved), nowSeconds, limits));
	const seen = isDelivery(delivery);
	if (entries.some(seen)) return { duplicate: true, inFlight: false, entries, settle: () => undefined };
	if ([...window.pending.values()].some(seen)) {
		return { duplicate: true, inFlight: true, entries, settle: () => undefined };
	}
	const entry: WindowEntry = [delivery.subject, delivery.eventId, nowSeconds];
	const identity = identityOf(entry);
	window.pending.set(identity, entry);
	let settled = false;
	return {
		duplicate: false,
		inFlight: false,
		entries,
		settle(stands: boolean) {
			if (settled) return;
			settled = true;
			window.pending.delete(identity);
			if (!stands) return;
			entries.push(entry);
			if (entries.length > limits.maxEntries) entries.splice(0, entries.length - limits.maxEntries);
		},
	};
}

/** Forgets this process's windows (tests: as after an n8n restart). */
export function forgetProcessWindows(): void {
	processWindows.clear();
}
