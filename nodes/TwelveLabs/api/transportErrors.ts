/**
 * The errors the transport raises, each a NodeApiError a user can act on: what happened and
 * how to fix it. The API's own refusals are described by errors.ts.
 */
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';
import { describeApiError } from './errors';
import { RateLimitedError } from './rateLimitedError';
import { looksLikeHtml } from './responseBody';
import type { AttemptFailure } from './retryPolicy';
import type { ApiRequest, TransportContext } from './transport';

export function apiError(
	context: TransportContext,
	statusCode: number,
	body: unknown,
	request: ApiRequest,
	extra: { retryAfterMs?: number; retryNote?: string },
): NodeApiError {
	const described = describeApiError(statusCode, looksLikeHtml(body) ? undefined : body, {
		taskId: request.taskId,
		assetId: request.assetId,
		uploadId: request.uploadId,
		batchId: request.batchId,
		retryAfterSeconds: extra.retryAfterMs !== undefined ? extra.retryAfterMs / 1000 : undefined,
	});
	const htmlNote = looksLikeHtml(body)
		? ' The answer was an HTML page, not TwelveLabs JSON: a proxy or gateway in between answered instead of the API; check the Base URL.'
		: '';
	const response = {
		statusCode,
		code: described.code ?? null,
		message: described.message,
	} as JsonObject;
	const options = {
		message: described.message,
		description: `${described.description}${htmlNote}${extra.retryNote ?? ''}`,
		httpCode: described.httpCode,
		itemIndex: context.itemIndex,
	};
	// The waiting engine slows its rounds down by a 429's delay instead of failing the batch.
	return statusCode === 429 && extra.retryAfterMs !== undefined
		? new RateLimitedError(context.node, response, options, extra.retryAfterMs)
		: new NodeApiError(context.node, response, options);
}

/** A redirect is an error: following it would send the API key (and a create's body) elsewhere. */
export function redirectError(
	context: TransportContext,
	statusCode: number,
	location: string | undefined,
): NodeApiError {
	let target = 'another address';
	if (location !== undefined) {
		try {
			target = new URL(location, context.baseUrl).origin;
		} catch {
			target = 'an address that does not parse';
		}
	}
	return new NodeApiError(context.node, { statusCode, message: 'redirect' } as JsonObject, {
		message: `The Base URL answered with a redirect (HTTP ${statusCode}) to ${target}; it was not followed`,
		description:
			'Redirects are never followed, so the API key only goes to the configured Base URL and no request changes its method. Set the Base URL of the credential to the address the API really lives at (e.g. https://api.twelvelabs.io/v1.3).',
		httpCode: String(statusCode),
		itemIndex: context.itemIndex,
	});
}

export function tooLargeError(context: TransportContext, limitBytes: number): NodeApiError {
	return new NodeApiError(context.node, { message: 'response too large' } as JsonObject, {
		message: `TwelveLabs sent an answer larger than ${Math.round(limitBytes / 1048576)} MB; it was refused unread`,
		description:
			'No TwelveLabs answer is that large: check that the Base URL of the credential points at the TwelveLabs API (…/v1.3).',
		httpCode: null as unknown as string,
		itemIndex: context.itemIndex,
	});
}

export function cancelledError(context: TransportContext): NodeApiError {
	return new NodeApiError(context.node, { message: 'cancelled' } as JsonObject, {
		message: 'The execution was cancelled',
		itemIndex: context.itemIndex,
	});
}

export function deadlineError(context: TransportContext): NodeApiError {
	return new NodeApiError(context.node, { message: 'deadline' } as JsonObject, {
		message: 'The time left for this run was used up before TwelveLabs answered',
		description:
			'The request was not sent because the run reached its deadline (the Wait Timeout, or the time n8n gives a trigger poll). Run again later.',
		httpCode: null as unknown as string,
		itemIndex: context.itemIndex,
	});
}

/** The error of a request given up on: what its last attempt met, and how many were made. */
export function gaveUpError(
	context: TransportContext,
	request: ApiRequest,
	failure: AttemptFailure,
	lastBody: unknown,
	note: {
		attempts: number;
		reason: string;
		maxRetryAfterMs: number;
		nowMs: number;
		/** Whether a timeout was cut short to what was left of the run's time. */
		timeoutShortened: boolean;
	},
): NodeApiError {
	const retryNote = note.attempts > 1 ? ` (${note.attempts} attempts made: ${note.reason}.)` : '';
	if (failure.kind === 'timeout') {
		return new NodeApiError(context.node, { message: 'timeout' } as JsonObject, {
			message: `TwelveLabs did not answer within ${Math.ceil(failure.timeoutMs / 1000)} s`,
			description: `The server accepted the connection but the answer did not arrive in time${note.timeoutShortened ? " (the timeout is what was left of the run's time)" : ''}. Check the Base URL of the credential and the TwelveLabs status, then run again.${retryNote}`,
			httpCode: null as unknown as string,
			itemIndex: context.itemIndex,
		});
	}
	if (failure.kind === 'network' && failure.code === STREAM_CUT_CODE) {
		return new NodeApiError(context.node, { message: 'answer cut off' } as JsonObject, {
			message: `The answer of TwelveLabs was cut off mid-line after ${failure.linesRead ?? 0} whole lines`,
			description: `The connection ended, failed or stalled while the answer was streaming in; what had arrived was not used (each attempt reads from the start). Run again; if it keeps happening, check the network or a proxy between n8n and TwelveLabs.${retryNote}`,
			httpCode: null as unknown as string,
			itemIndex: context.itemIndex,
		});
	}
	if (failure.kind === 'network') {
		return new NodeApiError(
			context.node,
			// No error code in what NodeApiError reads: it would replace this message with its own.
			{ message: 'network error' } as JsonObject,
			{
				message: 'Could not reach TwelveLabs: the connection failed before an answer arrived',
				description: `${failure.code ? `Network error ${failure.code}. ` : ''}Check the Base URL of the credential and the network, then run again.${retryNote}`,
				httpCode: null as unknown as string,
				itemIndex: context.itemIndex,
			},
		);
	}
	const rateLimitNote =
		failure.statusCode === 429 &&
		failure.retryAfterMs !== undefined &&
		failure.retryAfterMs > note.maxRetryAfterMs
			? ` The limit resets in about ${Math.ceil(failure.retryAfterMs / 60000)} min (at ${new Date(note.nowMs + failure.retryAfterMs).toISOString()}), which is likely a per-day quota.`
			: '';
	return apiError(context, failure.statusCode, lastBody, request, {
		retryAfterMs: failure.retryAfterMs,
		retryNote: `${rateLimitNote}${retryNote}`,
	});
}

/** The network-failure code of a JSON-lines answer cut off mid-line (jsonLines.ts streamJsonLines). */
export const STREAM_CUT_CODE = 'ANSWER_CUT_OFF';

/** A line of a JSON-lines answer above the cap: refused, not read further. */
export function lineTooLongError(
	context: TransportContext,
	lineNumber: number,
	limitBytes: number,
): NodeApiError {
	return new NodeApiError(context.node, { message: 'line too long' } as JsonObject, {
		message: `Line ${lineNumber} of the answer of TwelveLabs is longer than ${Math.round(limitBytes / 1048576)} MB; it was refused unread`,
		description:
			'No TwelveLabs result line is that large: check that the Base URL of the credential points at the TwelveLabs API (…/v1.3).',
		httpCode: null as unknown as string,
		itemIndex: context.itemIndex,
	});
}

/** A whole line of a JSON-lines answer that is not JSON. */
export function unexpectedLineError(context: TransportContext, lineNumber: number): NodeApiError {
	return new NodeApiError(context.node, { message: 'unexpected response' } as JsonObject, {
		message: `Line ${lineNumber} of the answer of TwelveLabs is not JSON`,
		description:
			'A proxy or gateway between n8n and TwelveLabs may have answered instead of the API. Check the Base URL of the credential (it should end in /v1.3).',
		httpCode: null as unknown as string,
		itemIndex: context.itemIndex,
	});
}

/** A 2xx whose body is not what the operation needs (a proxy's page, an empty answer). */
export function unexpectedBodyError(
	context: TransportContext,
	statusCode: number,
	body: unknown,
): NodeApiError {
	const what =
		body === undefined
			? 'an empty answer'
			: looksLikeHtml(body)
				? 'an HTML page'
				: 'something that is not JSON';
	return new NodeApiError(
		context.node,
		{ statusCode, message: 'unexpected response' } as JsonObject,
		{
			message: `TwelveLabs answered with ${what} instead of JSON`,
			description:
				'A proxy or gateway between n8n and TwelveLabs may have answered instead of the API. Check the Base URL of the credential (it should end in /v1.3).',
			httpCode: String(statusCode),
			itemIndex: context.itemIndex,
		},
	);
}

/** A success answer that lacks what the API promises (an id, a list): the Base URL is likely wrong. */
export function unexpectedAnswerError(
	node: INode,
	message: string,
	itemIndex: number | undefined,
	what: string,
): NodeApiError {
	return new NodeApiError(node, { message: 'unexpected response' } as JsonObject, {
		message,
		description: `The answer does not look like ${what}. Check that the Base URL of the credential points at the TwelveLabs API (…/v1.3).`,
		itemIndex,
	});
}
