/**
 * The HTTP side of a delivery, before anything reads it: its size, its raw body (as n8n read
 * it off the wire) and its TL-Signature. Pure apart from reading the request object.
 */
import { SIGNATURE_HEADER, SIGNATURE_PROBLEM_TEXT, verifySignature } from './signature';

/**
 * The largest body accepted. A notification is a few hundred bytes; anything near this is not
 * one, and is refused before its signature is computed.
 */
export const MAX_BODY_BYTES = 64 * 1024;

export interface DeliveryRefusal {
	ok: false;
	status: 400 | 401 | 413;
	message: string;
}

export type Delivery = { ok: true; rawBody: Buffer; timestamp: number } | DeliveryRefusal;

/** What this needs of n8n's request object (an express Request with n8n's rawBody). */
export interface IncomingDelivery {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: unknown;
}

function headerValue(request: IncomingDelivery, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(',') : value;
}

/** Size, then signature. `nowSeconds` is this server's clock. */
export function readDelivery(
	request: IncomingDelivery,
	check: { secret: string; toleranceSeconds: number; nowSeconds: number },
): Delivery {
	const tooLarge: DeliveryRefusal = {
		ok: false,
		status: 413,
		message: `The body is larger than ${MAX_BODY_BYTES} bytes, which no TwelveLabs notification is`,
	};
	const declared = Number(headerValue(request, 'content-length'));
	if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return tooLarge;
	const rawBody = request.rawBody;
	if (!Buffer.isBuffer(rawBody) || rawBody.length === 0) {
		return { ok: false, status: 400, message: 'The delivery has no body' };
	}
	if (rawBody.length > MAX_BODY_BYTES) return tooLarge;
	const signature = verifySignature({
		secret: check.secret,
		header: headerValue(request, SIGNATURE_HEADER),
		rawBody,
		nowSeconds: check.nowSeconds,
		toleranceSeconds: check.toleranceSeconds,
	});
	if (!signature.ok) {
		return { ok: false, status: 401, message: SIGNATURE_PROBLEM_TEXT[signature.problem] };
	}
	return { ok: true, rawBody, timestamp: signature.timestamp };
}
