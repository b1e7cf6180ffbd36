/**
 * The `TL-Signature` check, pure. TwelveLabs signs each delivery with the webhook's secret:
 * the header is `t=<unix seconds>,v1=<hex HMAC-SHA256>`, and the signed string is the
 * timestamp, a dot, then the raw request body exactly as received (docs.twelvelabs.io,
 * "Requirements for processing notifications": `signedPayload = t + "." + body`). The docs
 * suggest refusing timestamps more than five minutes from the receiver's clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'tl-signature';

/** The docs' suggestion: a delivery signed more than five minutes from now is refused. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** An HMAC-SHA256 in hex: 64 characters. */
const HEX_SHA256 = /^[0-9a-f]{64}$/i;
/** A header longer than this is not a TwelveLabs signature (a few v1 values at most). */
const MAX_HEADER_LENGTH = 1024;

export type SignatureProblem =
	| 'missing'
	| 'malformed'
	| 'stale'
	| 'mismatch'
	| 'noSecret';

export type SignatureCheck =
	| { ok: true; timestamp: number }
	| { ok: false; problem: SignatureProblem };

/** What each refusal says to the sender (never the expected signature, never the secret). */
export const SIGNATURE_PROBLEM_TEXT: Record<SignatureProblem, string> = {
	missing: 'The TL-Signature header is missing',
	malformed: 'The TL-Signature header is not t=<unix seconds>,v1=<hex HMAC-SHA256>',
	stale: 'The TL-Signature timestamp is outside the accepted tolerance',
	mismatch: 'The TL-Signature does not match the body and the webhook secret',
	noSecret: 'The webhook secret is not set in n8n',
};

export interface ParsedSignature {
	timestamp: number;
	/** Every v1 value (a sender rotating its secret may send one per secret). */
	signatures: string[];
}

/** `t=…,v1=…[,v1=…]`, in any order, spaces around parts allowed; undefined when malformed. */
export function parseSignatureHeader(header: string): ParsedSignature | undefined {
	if (header.length > MAX_HEADER_LENGTH) return undefined;
	let timestamp: number | undefined;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator < 0) return undefined;
		const key = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (key === 't') {
			if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
			timestamp = Number(value);
		} else if (key === 'v1') {
			if (!HEX_SHA256.test(value)) return undefined;
			signatures.push(value.toLowerCase());
		}
		// Other keys (a future v2) are ignored, as signature schemes of this shape intend.
	}
	if (timestamp === undefined || signatures.length === 0) return undefined;
	return { timestamp, signatures };
}

/** The hex HMAC-SHA256 of `<timestamp>.<raw body>` with the secret (also what the simulator sends). */
export function computeSignature(secret: string, timestamp: number, rawBody: Buffer): string {
	return createHmac('sha256', secret)
		.update(`${timestamp}.`)
		.update(rawBody)
		.digest('hex');
}

/** Constant-time equality of two hex digests of the same length. */
function sameDigest(expectedHex: string, givenHex: string): boolean {
	const expected = Buffer.from(expectedHex, 'hex');
	const given = Buffer.from(givenHex, 'hex');
	return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Checks a delivery before anything else reads it. `header` is the TL-Signature value (or
 * undefined), `nowSeconds` the receiver's clock. A timestamp more than `toleranceSeconds` away
 * from it, in either direction, is stale: a captured delivery cannot be replayed later, and the
 * timestamp cannot be changed without the secret.
 */
export function verifySignature(input: {
	secret: string;
	header: string | undefined;
	rawBody: Buffer;
	nowSeconds: number;
	toleranceSeconds: number;
}): SignatureCheck {
	if (input.secret === '') return { ok: false, problem: 'noSecret' };
	if (input.header === undefined || input.header.trim() === '') return { ok: false, problem: 'missing' };
	const parsed = parseSignatureHeader(input.header);
	if (parsed === undefined) return { ok: false, problem: 'malformed' };
	// The signature first: an attacker learns nothing about the clock check from a forged one.
	const expected = computeSignature(input.secret, parsed.timestamp, input.rawBody);
	let matched = false;
	for (const given of parsed.signatures) matched = sameDigest(expected, given) || matched;
	if (!matched) return { ok: false, problem: 'mismatch' };
	if (Math.abs(input.nowSeconds - parsed.timestamp) > input.toleranceSeconds) {
		return { ok: false, problem: 'stale' };
	}
	return { ok: true, timestamp: parsed.timestamp };
}
