/** The TL-Signature header and check: TwelveLabs' documented signed string `<t>.<raw body>`. */
import { createHmac } from 'node:crypto';
import { parseSignatureHeader, verifySignature } from '../../../nodes/TwelveLabs/webhook/signature';

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
