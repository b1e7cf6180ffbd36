/** The delivery window's bounds, duplicates by notification ID or subject, and healed lost saves. */
import {
	claimDelivery,
	forgetProcessWindows,
	mergeEntries,
	savedEntries,
	type WindowEntry,
} from '../../../nodes/TwelveLabs/webhook/deliveryWindow';

describe('delivery window', () => {
	const limits = { maxEntries: 3, maxAgeSeconds: 100 };
	beforeEach(() => forgetProcessWindows());
	it('is bounded by count and age, oldest dropped first', () => {
		const entries: WindowEntry[] = [['a', 'e1', 10], ['b', 'e2', 50], ['c', 'e3', 60], ['d', 'e4', 70]];
		expect(mergeEntries(entries, [], 120, limits)).toEqual([['b', 'e2', 50], ['c', 'e3', 60], ['d', 'e4', 70]]);
		expect(mergeEntries(entries, [], 155, limits)).toEqual([['c', 'e3', 60], ['d', 'e4', 70]]);
	});
	it('a duplicate by event id or by subject; what is saved malformed is dropped', () => {
		expect(savedEntries([['a', 'e1', 1], 'x', ['b', 2, 3], null])).toEqual([['a', 'e1', 1]]);
		expect(savedEntries('junk')).toEqual([]);
		const first = claimDelivery('w', undefined, { subject: 's1', eventId: 'e1' }, 10, limits);
		expect(first.duplicate).toBe(false);
		expect(claimDelivery('w', first.entries, { subject: 's1', eventId: 'e9' }, 11, limits).duplicate).toBe(true);
		expect(claimDelivery('w', first.entries, { subject: 's9', eventId: 'e1' }, 11, limits).duplicate).toBe(true);
		// Another workflow's window is its own.
		expect(claimDelivery('w2', undefined, { subject: 's1', eventId: 'e1' }, 11, limits).duplicate).toBe(false);
	});
	it('a save that lost another call\'s entry is healed from this process\'s memory', () => {
		const a = claimDelivery('w', {}, { subject: 'sa', eventId: 'ea' }, 10, limits);
		a.settle(true);
		// Loaded before A was saved: it does not see A, but writes it back.
		const b = claimDelivery('w', [], { subject: 'sb', eventId: 'eb' }, 10, limits);
		expect(a.duplicate || b.duplicate).toBe(false);
		b.settle(true);
		expect(b.entries.map((e) => e[0])).toEqual(['sa', 'sb']);
	});

	it('a pending claim: a copy is in flight and no call saves it; once it stands, every call saves it', () => {
		const a = claimDelivery('w', [], { subject: 'sa', eventId: 'ea' }, 10, limits);
		const copy = claimDelivery('w', [], { subject: 'sa', eventId: 'ea' }, 10, limits);
		expect([copy.duplicate, copy.inFlight]).toEqual([true, true]);
		const b = claimDelivery('w', [], { subject: 'sb', eventId: 'eb' }, 10, limits);
		expect(b.entries.map((e) => e[0])).toEqual([]);
		a.settle(true);
		// B's save, whenever it comes (before or after A's), writes A.
		expect(b.entries.map((e) => e[0])).toEqual(['sa']);
		b.settle(true);
		expect(a.entries.map((e) => e[0])).toEqual(['sa', 'sb']);
		const later = claimDelivery('w', [], { subject: 'sa', eventId: 'ea' }, 11, limits);
		expect([later.duplicate, later.inFlight]).toEqual([true, false]);
	});

	it('a claim whose call fails before its answer: nothing saved holds it, the retry runs', () => {
		const a = claimDelivery('w', [], { subject: 'sa', eventId: 'ea' }, 10, limits);
		const b = claimDelivery('w', [], { subject: 'sb', eventId: 'eb' }, 10, limits);
		a.settle(false);
		a.settle(true); // settled once only
		b.settle(true);
		expect(b.entries.map((e) => e[0])).toEqual(['sb']);
		const retry = claimDelivery('w', b.entries, { subject: 'sa', eventId: 'ea' }, 11, limits);
		expect([retry.duplicate, retry.inFlight]).toEqual([false, false]);
		retry.settle(true);
		expect(claimDelivery('w', b.entries, { subject: 'sa', eventId: 'ea' }, 12, limits).duplicate).toBe(true);
	});
});
