/**
 * The one request path of the package. Every call (declarative operations, Create and Wait,
 * the trigger, list search) goes through `sendRequest`, which applies the retry policy,
 * turns error responses into NodeApiErrors with a fix, and checks that a success response
 * is what the API promises. The API key never enters a message: errors are built from the
 * status and the response body only.
 */
import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
	type JsonObject,
} from 'n8n-workflow';
import { describeApiError, isRecord } from './errors';
import {
	DEFAULT_RETRY_LIMITS,
	decideRetry,
	retryAfterMsFrom,
	type AttemptFailure,
	type RetryLimits,
} from './retryPolicy';

export const CREDENTIAL_NAME = 'twelveLabsApi';

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path relative to the credential's Base URL, e.g. `/analyze/tasks`. */
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
	headers?: Record<string, string>;
	/** Create requests carrying an Idempotency-Key may be repeated safely. */
	idempotent?: boolean;
	/** For messages: the task the request is about. */
	taskId?: string;
	/** Request options n8n adds to declarative nodes (timeout, proxy, SSL). */
	extra?: Partial<IHttpRequestOptions>;
}

/** What one HTTP attempt needs from n8n; the node passes `httpRequestWithAuthentication`. */
export type SendAttempt = (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;

export interface TransportContext {
	node: INode;
	baseUrl: string;
	send: SendAttempt;
	signal?: AbortSignal;
	itemIndex?: number;
	limits?: RetryLimits;
	/** Injected so tests can make jitter deterministic. */
	random?: () => number;
	now?: () => number;
	/** Called before each retry; the waiting engine uses it to slow down after a 429. */
	onRetry?: (info: {
		attempt: number;
		delayMs: number;
		statusCode?: number;
		reason: string;
	}) => void;
}

/** Sleeps in slices of at most a second so a cancelled execution stops promptly. */
export async function cancellableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	let remaining = ms;
	while (remaining > 0 && !signal?.aborted) {
		const slice = Math.min(remaining, 1000);
		await sleep(slice);
		remaining -= slice;
	}
}

export function normalizeBaseUrl(value: unknown): string {
	const text =
		typeof value === 'string' && value.trim() !== ''
			? value.trim()
			: 'https://api.twelvelabs.io/v1.3';
	return text.replace(/\/+$/, '');
}

function networkCode(error: unknown): string | undefined {
	if (!isRecord(error)) return undefined;
	const cause = isRecord(error.cause) ? error.cause : undefined;
	const code = error.code ?? cause?.code;
	return typeof code === 'string' ? code : undefined;
}

/** An n8n HTTP helper error that carries a response is an HTTP status, not a network fault. */
function statusOfThrown(error: unknown): number | undefined {
	if (!isRecord(error)) return undefined;
	const candidates = [
		error.httpCode,
		isRecord(error.response) ? error.response.status : undefined,
		error.statusCode,
	];
	for (const candidate of candidates) {
		const status = Number(candidate);
		if (Number.isInteger(status) && status >= 100) return status;
	}
	return undefined;
}

function parseBody(response: IN8nHttpFullResponse): unknown {
	const { body } = response;
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

function headersOf(response: IN8nHttpFullResponse): Record<string, unknown> {
	return (response.headers ?? {}) as Record<string, unknown>;
}

function looksLikeHtml(body: unknown): boolean {
	return typeof body === 'string' && /^\s*</.test(body);
}

function apiError(
	context: TransportContext,
	statusCode: number,
	body: unknown,
	request: ApiRequest,
	extra: { retryAfterMs?: number; retryNote?: string },
): NodeApiError {
	const described = describeApiError(statusCode, looksLikeHtml(body) ? undefined : body, {
		taskId: request.taskId,
		retryAfterSeconds: extra.retryAfterMs !== undefined ? extra.retryAfterMs / 1000 : undefined,
	});
	const htmlNote = looksLikeHtml(body)
		? ' The answer was an HTML page, not TwelveLabs JSON: a proxy or gateway in between answered instead of the API; check the Base URL.'
		: '';
	const error = new NodeApiError(
		context.node,
		{ statusCode, code: described.code ?? null, message: described.message } as JsonObject,
		{
			message: described.message,
			description: `${described.description}${htmlNote}${extra.retryNote ?? ''}`,
			httpCode: described.httpCode,
			itemIndex: context.itemIndex,
		},
	);
	return error;
}

/**
 * Sends one API request with the package's retry policy and returns the parsed body.
 * 2xx with a body that is not JSON (an HTML page from a proxy) is an error, not data.
 */
export async function sendRequest<T = unknown>(
	context: TransportContext,
	request: ApiRequest,
): Promise<T> {
	const limits = context.limits ?? DEFAULT_RETRY_LIMITS;
	const now = context.now ?? (() => Date.now());
	const random = context.random ?? Math.random;
	const started = now();
	const options: IHttpRequestOptions = {
		...request.extra,
		method: request.method,
		baseURL: context.baseUrl,
		url: request.url,
		qs: request.qs,
		body: request.body,
		headers: { accept: 'application/json', ...request.headers },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	let ambiguousEarlierAttempt = false;
	for (let attempt = 1; ; attempt++) {
		if (context.signal?.aborted) {
			throw new NodeApiError(context.node, { message: 'cancelled' } as JsonObject, {
				message: 'The execution was cancelled',
				itemIndex: context.itemIndex,
			});
		}
		let response: IN8nHttpFullResponse | undefined;
		let thrown: unknown;
		try {
			response = await context.send(options);
		} catch (error) {
			thrown = error;
		}
		let failure: AttemptFailure;
		let lastBody: unknown;
		if (response) {
			const body = parseBody(response);
			if (response.statusCode >= 200 && response.statusCode < 300) {
				return checkSuccessBody<T>(context, request, response.statusCode, body);
			}
			// A repeated DELETE whose first attempt went through finds the task gone: that is success.
			if (request.method === 'DELETE' && response.statusCode === 404 && ambiguousEarlierAttempt) {
				return undefined as T;
			}
			lastBody = body;
			failure = {
				kind: 'status',
				statusCode: response.statusCode,
				retryAfterMs: retryAfterMsFrom(headersOf(response), now()),
			};
		} else {
			const status = statusOfThrown(thrown);
			failure =
				status !== undefined
					? { kind: 'status', statusCode: status }
					: { kind: 'network', code: networkCode(thrown) };
		}
		ambiguousEarlierAttempt =
			ambiguousEarlierAttempt ||
			failure.kind === 'network' ||
			(failure.kind === 'status' && failure.statusCode >= 500);
		const decision = decideRetry(failure, {
			attempt,
			elapsedMs: now() - started,
			method: request.method,
			idempotent: request.idempotent ?? false,
			random: random(),
			limits,
		});
		if (!decision.retry) {
			const retryNote = attempt > 1 ? ` (${attempt} attempts made: ${decision.reason}.)` : '';
			if (failure.kind === 'network') {
				throw new NodeApiError(
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
				failure.retryAfterMs > limits.maxRetryAfterMs
					? ` The limit resets in about ${Math.ceil(failure.retryAfterMs / 60000)} min (at ${new Date(now() + failure.retryAfterMs).toISOString()}), which is likely a per-day quota.`
					: '';
			const error = apiError(context, failure.statusCode, lastBody, request, {
				retryAfterMs: failure.retryAfterMs,
				retryNote: `${rateLimitNote}${retryNote}`,
			});
			// The waiting engine reads this to slow its rounds down instead of failing the batch.
			if (failure.statusCode === 429 && failure.retryAfterMs !== undefined) {
				Object.assign(error, { retryAfterMs: failure.retryAfterMs });
			}
			throw error;
		}
		context.onRetry?.({
			attempt,
			delayMs: decision.delayMs,
			statusCode: failure.kind === 'status' ? failure.statusCode : undefined,
			reason: decision.reason,
		});
		await cancellableSleep(decision.delayMs, context.signal);
	}
}

function checkSuccessBody<T>(
	context: TransportContext,
	request: ApiRequest,
	statusCode: number,
	body: unknown,
): T {
	if (request.method === 'DELETE') return undefined as T;
	if (!isRecord(body)) {
		const what =
			body === undefined
				? 'an empty answer'
				: looksLikeHtml(body)
					? 'an HTML page'
					: 'something that is not JSON';
		throw new NodeApiError(
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
	return body as T;
}
