/**
 * Error mapping (nodes/TwelveLabs/api/errors.ts): each status family, both body shapes the
 * API uses, and bodies that are text, HTML or nothing. The wording of the reference's 400/422
 * messages is covered in fidelity.test.ts.
 */
import {
	describeApiError,
	isNotFound,
	isRecord,
	parameterNamedIn,
	readErrorBody,
	schemaKeywordNamedIn,
} from '../../../nodes/TwelveLabs/api/errors';

const FLAT = { code: 'some_code', message: 'Something happened.' };
const NESTED = { error: FLAT };

describe('readErrorBody', () => {
	it.each([
		['flat', FLAT],
		['nested', NESTED],
		['flat as text', JSON.stringify(FLAT)],
		['nested as text', JSON.stringify(NESTED)],
	])('reads the %s shape', (_name, body) => {
		expect(readErrorBody(body)).toEqual({ code: 'some_code', message: 'Something happened.' });
	});

	it.each([
		['nothing', undefined],
		['text that is not JSON', '<html>Bad gateway</html>'],
		['a list', [FLAT]],
		['null', null],
	])('reads nothing from %s', (_name, body) => {
		expect(readErrorBody(body)).toEqual({});
	});

	it('ignores members of the wrong type', () => {
		expect(readErrorBody({ code: 5, message: { text: 'x' } })).toEqual({
			code: undefined,
			message: undefined,
		});
		// `error` that is not an object: the flat members are read.
		expect(readErrorBody({ error: 'boom', code: 'c' })).toEqual({ code: 'c', message: undefined });
	});
});

describe('describeApiError by status', () => {
	it.each([
		['flat', FLAT],
		['nested', NESTED],
	])('401 with a %s body: the key, with what TwelveLabs said', (_name, body) => {
		expect(describeApiError(401, body)).toEqual({
			httpCode: '401',
			code: 'some_code',
			message: 'The API key was rejected',
			description: expect.stringMatching(
				/^Check the TwelveLabs credential: .* TwelveLabs says: Something happened\. \(code: some_code\)$/,
			),
		});
	});

	it('an api_key_invalid code is a key problem whatever the status', () => {
		expect(describeApiError(403, { code: 'api_key_invalid' }).message).toBe(
			'The API key was rejected',
		);
		expect(describeApiError(400, { error: { code: 'unauthorized' } }).message).toBe(
			'The API key was rejected',
		);
	});

	it('404 names the task when there is one', () => {
		expect(describeApiError(404, NESTED, { taskId: 'abc' }).message).toBe(
			"The task 'abc' was not found",
		);
		const described = describeApiError(404, undefined);
		expect(described.message).toBe('The requested resource was not found');
		expect(described.description).not.toContain('TwelveLabs says');
	});

	it("409 keeps the code but not the API's advice to cancel", () => {
		const described = describeApiError(409, {
			code: 'task_in_progress',
			message: 'Cancel the task first.',
		});
		expect(described.message).toBe(
			'The task is still being processed; wait until it is ready or failed, then delete it.',
		);
		expect(described.description).toBe(
			'Use Create and Wait, Get or the TwelveLabs Trigger to learn when the task is final. (code: task_in_progress)',
		);
	});

	it.each([
		[undefined, 'Retry in a minute.'],
		[30.2, 'TwelveLabs asked to retry after 31 s.'],
		[600, 'TwelveLabs asked to retry after 10 min.'],
		[5 * 3600, 'TwelveLabs asked to retry after 5 h.'],
	])('429 with Retry-After %p', (retryAfterSeconds, when) => {
		const described = describeApiError(429, FLAT, { retryAfterSeconds });
		expect(described.message).toBe('The TwelveLabs rate limit was reached');
		expect(described.description.startsWith(`${when} Spread the work out`)).toBe(true);
	});

	it('a too_many_requests code is a rate limit whatever the status', () => {
		expect(describeApiError(400, { code: 'too_many_requests' }).message).toBe(
			'The TwelveLabs rate limit was reached',
		);
	});

	it('400 without a named parameter asks to check the parameters', () => {
		expect(describeApiError(400, { message: 'Bad request.' })).toEqual({
			httpCode: '400',
			code: undefined,
			message: 'TwelveLabs refused the request parameters',
			description:
				'Check the parameters of this operation and run again. TwelveLabs says: Bad request.',
		});
	});

	it('400 naming a parameter says which to fix', () => {
		const described = describeApiError(400, NESTED_PARAMETER);
		expect(described.message).toBe("TwelveLabs refused the parameter 'video.url'");
		expect(described.description.startsWith("Fix the parameter 'video.url' and run again.")).toBe(
			true,
		);
	});

	it('422 is about the JSON schema even when nothing is named', () => {
		const described = describeApiError(422, { message: 'Unsupported.' });
		expect(described.message).toBe(
			"TwelveLabs refused the parameter 'response_format.json_schema'",
		);
		expect(described.description).toMatch(
			/^The JSON schema uses something TwelveLabs does not support/,
		);
	});

	it.each([500, 502, 503, 504])('%i is a server error, usually temporary', (status) => {
		const described = describeApiError(status, '<html>gateway</html>');
		expect(described.message).toBe(`TwelveLabs had a server error (${status})`);
		expect(described.description).toBe(
			'This is usually temporary: run the node again in a moment. If it persists, check the TwelveLabs status page.',
		);
	});

	it('any other status says the status', () => {
		expect(describeApiError(418, FLAT)).toEqual({
			httpCode: '418',
			code: 'some_code',
			message: 'TwelveLabs answered with status 418',
			description:
				'Check the node parameters and the credential. TwelveLabs says: Something happened. (code: some_code)',
		});
	});
});

const NESTED_PARAMETER = {
	error: { code: 'parameter_invalid', message: 'The video.url parameter is invalid.' },
};

describe('what messages name', () => {
	it('finds a parameter in backticks or double quotes, and nothing in plain text', () => {
		expect(parameterNamedIn('Check `custom_id` please')).toBe('custom_id');
		expect(parameterNamedIn('The field "prompt" is too long')).toBe('prompt');
		expect(parameterNamedIn('Something went wrong.')).toBeUndefined();
		expect(parameterNamedIn(undefined)).toBeUndefined();
	});

	it('finds a schema keyword', () => {
		expect(schemaKeywordNamedIn('uniqueItems is not supported')).toBe('uniqueItems');
		expect(schemaKeywordNamedIn('minimum is fine')).toBeUndefined();
		expect(schemaKeywordNamedIn(undefined)).toBeUndefined();
	});

	it('isRecord is true for plain objects only', () => {
		expect([{}, { a: 1 }].every(isRecord)).toBe(true);
		expect([null, [], 'x', 1, undefined].some(isRecord)).toBe(false);
	});
});

describe('isNotFound', () => {
	it('recognises n8n and plain HTTP errors', () => {
		expect(isNotFound({ httpCode: '404' })).toBe(true);
		expect(isNotFound({ statusCode: 404 })).toBe(true);
		expect(isNotFound({ httpCode: '409' })).toBe(false);
		expect(isNotFound(new Error('404'))).toBe(false);
		expect(isNotFound(undefined)).toBe(false);
		expect(isNotFound({ response: { status: 404 } })).toBe(true);
		expect(isNotFound({ status: '404' })).toBe(true);
	});
});
