/**
 * The webhook trigger's pure parts: the TL-Signature header and check (the docs' signed string
 * `<t>.<raw body>`), the notification reading, and the delivery window's bounds.
 */
import { createHmac } from 'node:crypto';
import {
	claimDelivery,
	forgetProcessWindows,
	mergeEntries,
	savedEntries,
	type WindowEntry,
} from '../../nodes/TwelveLabs/webhook/deliveryWindow';
import { readNotification } from '../../nodes/TwelveLabs/webhook/payload';
import { parseSignatureHeader, verifySignature } from '../../nodes/TwelveLabs/webhook/signature';

const SECRET = 'unit-test-secret';
const hmac = (text: string) => createHmac('sha256', SECRET).update(text).digest('hex');

describe('TL-Signature', () => {
	it('signs "<t>.<raw body>" (the docs\' example: 1659342128.{"name":"test"})', () => {
		const body = Buffer.from('{"name":"test"}');
		const header = `t=1659342128,v1=${hmac('1659342128.{"name":"test"}')}`;
		expect(verifySignature({ secret: SECRET, header, rawBody: body, nowSeconds: 1659342128, toleranceSeconds: 300 })).toEqual({ ok: true, timestamp: 1659342128 });
		// Re-serialized JSON is not the raw body.
		expect(verifySignature({ secret: SECRET, header, rawBody: Buffer.from('{"name": "test"}'), nowSeconds: 1659342128, toleranceSeconds: 300 })).toEqual({ ok: false, problem: 'mismatch' });
	});

	it('parses t and one or more v1 in any order, and refuses anything else', () => {
		const sig = 'a'.repeat(64);
		expect(parseSignatureHeader(`v1=${sig}, t=12`)).toEqual({ timestamp: 12, signatures: [sig] });
		expect(parseSignatureHeader(`t=12,v1=${sig},v1=${'B'.repeat(64)},v2=xyz`)?.signatures).toEqual([sig, 'b'.repeat(64)]);
		for (const bad of ['', 't=12', `v1=${sig}`, 't=abc,v1=' + sig, 't=12,v1=zz', `t=1,t=2,v1=${sig}`, 'garbage', `t=12,v1=${sig}${'x'.repeat(2000)}`]) {
			expect([bad.slice(0, 30), parseSignatureHeader(bad)]).toEqual([bad.slice(0, 30), undefined]);
		}
	});

	it('a signature from another secret is a mismatch; a good one outside the tolerance is stale', () => {
		const body = Buffer.from('{}');
		const check = (header: string | undefined, now = 1000) =>
			verifySignature({ secret: SECRET, header, rawBody: body, nowSeconds: now, toleranceSeconds: 300 });
		expect(check(`t=1000,v1=${createHmac('sha256', 'other').update('1000.{}').digest('hex')}`)).toEqual({ ok: false, problem: 'mismatch' });
		expect(check(`t=1000,v1=${hmac('1000.{}')}`, 1301)).toEqual({ ok: false, problem: 'stale' });
		expect(check(`t=1000,v1=${hmac('1000.{}')}`, 699)).toEqual({ ok: false, problem: 'stale' });
		expect(check(`t=1000,v1=${hmac('1000.{}')}`, 1300).ok).toBe(true);
		expect(check(undefined)).toEqual({ ok: false, problem: 'missing' });
	});
});

describe('notification', () => {
	const read = (value: unknown) => readNotification(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
	it('reads the documented shape (the docs\' example)', () => {
		const reading = read({ id: 'whe_1', created_at: '2024-09-26T10:30:45.123Z', type: 'analyze.task.ready', data: { id: '64f8d2c7e4a1b37f8a9c5d12', custom_id: 'client-ref-42', status: 'ready', created_at: '2024-09-26T10:29:19.968Z' } });
		expect(reading).toMatchObject({ kind: 'notification', notification: { eventId: 'whe_1', subject: 'task', subjectId: '64f8d2c7e4a1b37f8a9c5d12', customId: 'client-ref-42', status: 'ready' } });
	});
	it('knows other products\' events, refuses unknown ones and broken shapes', () => {
		expect(read({ id: 'whe_1', type: 'index.task.ready', data: { id: 'x' } }).kind).toBe('otherEvent');
		for (const bad of ['[1]', 'not json', { id: 'whe_1', type: 'analyze.task.done', data: { id: 'x' } }, { type: 'analyze.task.ready', data: { id: 'x' } }, { id: 'whe_1', type: 'analyze.task.ready', data: { id: '../x' } }]) {
			expect(read(bad).kind).toBe('invalid');
		}
	});
});

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
		// Loaded before A was saved: it does not see A, but writes it back.
		const b = claimDelivery('w', [], { subject: 'sb', eventId: 'eb' }, 10, limits);
		expect(a.duplicate || b.duplicate).toBe(false);
		expect(b.entries.map((e) => e[0])).toEqual(['sa', 'sb']);
	});
});
