/** The errors the transport raises (nodes/TwelveLabs/api/transportErrors.ts): what they say. */
import { NodeApiError } from 'n8n-workflow';
import { RateLimitedError } from '../../../nodes/TwelveLabs/api/rateLimitedError';
import type { TransportContext } from '../../../nodes/TwelveLabs/api/transport';
import {
	apiError,
	gaveUpError,
	redirectError,
	tooLargeError,
	unexpectedAnswerError,
	unexpectedBodyError,
} from '../../../nodes/TwelveLabs/api/transportErrors';
import { NODE } from './node';

const CONTEXT = {
	node: NODE,
	baseUrl: 'https://api.example.com/v1.3',
	itemIndex: 4,
} as TransportContext;
const GET = { method: 'GET' as const, url: '/analyze/tasks/t1', taskId: 't1' };
const NOTE = {
	attempts: 1,
	reason: 'not retried',
	maxRetryAfterMs: 65_000,
	nowMs: Date.UTC(2026, 0, 1),
	timeoutShortened: false,
};

describe('transport errors', () => {
	it('a 429 with a delay is a RateLimitedError; other statuses plain NodeApiErrors; HTML is named', () => {
		const limited = apiError(CONTEXT, 429, { code: 'too_many_requests' }, GET, {
			retryAfterMs: 3_000,
		});
		expect(limited).toBeInstanceOf(RateLimitedError);
		expect((limited as RateLimitedError).retryAfterMs).toBe(3_000);
		const html = apiError(CONTEXT, 502, '<html>bad gateway</html>', GET, {});
		expect(html).not.toBeInstanceOf(RateLimitedError);
		expect([html.httpCode, html.context.itemIndex]).toEqual(['502', 4]);
		expect(html.description).toContain('The answer was an HTML page, not TwelveLabs JSON');
	});

	it('a redirect names the origin it pointed at, relative or unparsable targets too', () => {
		expect(redirectError(CONTEXT, 301, 'https://other.example/v1.3/x?key=1').message).toBe(
			'The Base URL answered with a redirect (HTTP 301) to https://other.example; it was not followed',
		);
		expect(redirectError(CONTEXT, 307, '/elsewhere').message).toContain(
			'to https://api.example.com;',
		);
		expect(redirectError(CONTEXT, 302, 'http://[bad').message).toContain(
			'to an address that does not parse;',
		);
		expect(redirectError(CONTEXT, 302, undefined).message).toContain('to another address;');
	});

	it('a refused large answer states its cap in MB', () => {
		expect(tooLargeError(CONTEXT, 64 * 1048576).message).toBe(
			'TwelveLabs sent an answer larger than 64 MB; it was refused unread',
		);
	});

	it('giving up says what the last attempt met and how many attempts were made', () => {
		const timeout = gaveUpError(CONTEXT, GET, { kind: 'timeout', timeoutMs: 2_500 }, undefined, {
			...NOTE,
			timeoutShortened: true,
		});
		expect(timeout.message).toBe('TwelveLabs did not answer within 3 s');
		expect(timeout.description).toContain("(the timeout is what was left of the run's time)");
		const network = gaveUpError(CONTEXT, GET, { kind: 'network', code: 'ECONNRESET' }, undefined, {
			...NOTE,
			attempts: 3,
			reason: 'attempts used up',
		});
		expect(network.message).toBe(
			'Could not reach TwelveLabs: the connection failed before an answer arrived',
		);
		expect(network.description).toBe(
			'Network error ECONNRESET. Check the Base URL of the credential and the network, then run again. (3 attempts made: attempts used up.)',
		);
		const quota = gaveUpError(
			CONTEXT,
			GET,
			{ kind: 'status', statusCode: 429, retryAfterMs: 3_600_000 },
			{ code: 'too_many_requests', message: 'slow down' },
			NOTE,
		);
		expect(quota).toBeInstanceOf(RateLimitedError);
		expect(quota.description).toContain(
			'The limit resets in about 60 min (at 2026-01-01T01:00:00.000Z), which is likely a per-day quota.',
		);
	});

	it('a success answer that is not what was asked names what it was', () => {
		expect(unexpectedBodyError(CONTEXT, 200, undefined).message).toBe(
			'TwelveLabs answered with an empty answer instead of JSON',
		);
		expect(unexpectedBodyError(CONTEXT, 200, '<p>').message).toBe(
			'TwelveLabs answered with an HTML page instead of JSON',
		);
		const missing = unexpectedAnswerError(NODE, 'No task_id in the answer', 1, 'a created task');
		expect(missing).toBeInstanceOf(NodeApiError);
		expect(missing.description).toBe(
			'The answer does not look like a created task. Check that the Base URL of the credential points at the TwelveLabs API (…/v1.3).',
		);
	});
});
