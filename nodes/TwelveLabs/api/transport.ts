/**
 * The one request path of the package. Every call (declarative operations, Create and Wait,
 * the trigger, list search) goes through `sendRequest`, which applies the retry policy,
 * turns error responses into NodeApiErrors with a fix, and checks that a success response
 * is what the API promises.
 *
 * Against a hostile or broken server: redirects are never followed (the API key would go to
 * the other origin, and 301/302/303 would turn a create into a GET); every attempt has a
 * timeout that covers the whole body, derived from the caller's deadline; a body above
 * MAX_RESPONSE_BYTES is refused while it streams in (responseBody.ts); and the API key is cut
 * out of everything the server sends back before any of it is read. The errors it raises are
 * in transportErrors.ts; answers read as a stream of JSON lines go through jsonLines.ts, on the
 * same retry loop.
 */
import {
	sleep,
	type IDataObject,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
} from 'n8n-workflow';
import { isRecord } from './errors';
import {
	headersOf,
	headerValue,
	parseBodyText,
	readBodyText,
	ResponseTooLarge,
} from './responseBody';
import {
	DEFAULT_RETRY_LIMITS,
	decideRetry,
	retryAfterMsFrom,
	type AttemptFailure,
	type RetryLimits,
} from './retryPolicy';
import {
	cancelledError,
	deadlineError,
	gaveUpError,
	redirectError,
	tooLargeError,
	unexpectedBodyError,
} from './transportErrors';
export { DEFAULT_BASE_URL } from './baseUrl';

export const CREDENTIAL_NAME = 'twelveLabsApi';

/** Longest a single attempt may take, headers and body, when the caller has no nearer deadline. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** Shortest timeout an attempt gets near a deadline: less would fail even a healthy API. */
export const MIN_REQUEST_TIMEOUT_MS = 1_000;

/** Largest answer read (a long segmentation result is a few MB); larger ones are refused. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** What replaces the API key wherever the server echoes it back. */
export const REDACTED = '[redacted]';

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path relative to the credential's Base URL, e.g. `/analyze/tasks`. */
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
	headers?: Record<string, string>;
	/** Create requests carrying an Idempotency-Key may be repeated safely. */
	idempotent?: boolean;
	/** For messages: the task, asset or upload session the request is about. */
	taskId?: string;
	assetId?: string;
	uploadId?: string;
	batchId?: string;
	/** Request options n8n adds to declarative nodes (timeout, proxy, SSL). */
	extra?: Partial<IHttpRequestOptions>;
	/**
	 * A body that is not JSON (multipart/form-data), made afresh for every attempt because a
	 * stream is used up by the first one; its headers (Content-Type, Content-Length) come with it.
	 */
	rawBody?: () => Promise<RawBody>;
}

/** A body sent as is: a Buffer, or a stream read once. */
export interface RawBody {
	body: Buffer | AsyncIterable<Buffer>;
	headers: Record<string, string>;
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
	/** The API key, cut out of every answer before it is read (errors, run data, logs). */
	secret?: string;
	/** Epoch ms the caller must be done by (Wait Timeout, poll budget): attempts time out before it. */
	deadline?: number;
	/** Per-attempt timeout when the deadline is further away; default DEFAULT_REQUEST_TIMEOUT_MS. */
	requestTimeoutMs?: number;
	/** Default MAX_RESPONSE_BYTES. */
	maxResponseBytes?: number;
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

/** Cuts the API key out of text the server sent, wherever it appears. */
export function redactSecret(text: string, secret: string | undefined): string {
	return secret && secret.length >= 4 ? text.split(secret).join(REDACTED) : text;
}

/** The timeout of the next attempt: the default, or less when the caller's deadline is nearer. */
export function attemptTimeoutMs(context: TransportContext, nowMs: number): number {
	const ceiling = context.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
	if (context.deadline === undefined) return ceiling;
	return Math.max(MIN_REQUEST_TIMEOUT_MS, Math.min(ceiling, context.deadline - nowMs));
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

function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400;
}

/** One attempt: the answer, read whole (within the cap and the timeout), or what went wrong. */
export type AttemptResult =
	| { kind: 'answer'; statusCode: number; body: unknown; response: IN8nHttpFullResponse }
	| { kind: 'failure'; failure: AttemptFailure }
	| { kind: 'tooLarge'; limitBytes: number };

async function attempt(
	context: TransportContext,
	options: IHttpRequestOptions,
	timeoutMs: number,
): Promise<AttemptResult> {
	const timer = AbortSignal.timeout(timeoutMs);
	const signal = context.signal ? AbortSignal.any([timer, context.signal]) : timer;
	let response: IN8nHttpFullResponse;
	try {
		response = await context.send({ ...options, timeout: timeoutMs, abortSignal: signal });
	} catch (error) {
		return failureOf(context, error, timer, timeoutMs);
	}
	return await answerOf(context, response, { timer, signal, timeoutMs });
}

/** The answer read whole within the cap and the attempt's time, or what went wrong reading it. */
export async function answerOf(
	context: TransportContext,
	response: IN8nHttpFullResponse,
	time: { timer: AbortSignal; signal: AbortSignal; timeoutMs: number },
): Promise<AttemptResult> {
	try {
		const text = await readBodyText(
			response,
			context.maxResponseBytes ?? MAX_RESPONSE_BYTES,
			time.signal,
		);
		return {
			kind: 'answer',
			statusCode: response.statusCode,
			body: parseBodyText(redactSecret(text, context.secret)),
			response,
		};
	} catch (error) {
		if (error instanceof ResponseTooLarge)
			return { kind: 'tooLarge', limitBytes: error.limitBytes };
		return failureOf(context, error, time.timer, time.timeoutMs);
	}
}

/** What a request that threw met: the run cancelled (thrown), its timeout, a status, the network. */
export function failureOf(
	context: TransportContext,
	error: unknown,
	timer: AbortSignal,
	timeoutMs: number,
): AttemptResult {
	if (context.signal?.aborted) throw cancelledError(context);
	if (timer.aborted) return { kind: 'failure', failure: { kind: 'timeout', timeoutMs } };
	const status = statusOfThrown(error);
	return {
		kind: 'failure',
		failure:
			status !== undefined
				? { kind: 'status', statusCode: status }
				: { kind: 'network', code: networkCode(error) },
	};
}

/** What n8n's HTTP helper gets for every attempt of `request`. */
function httpOptions(context: TransportContext, request: ApiRequest): IHttpRequestOptions {
	return {
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
		// The API key must not follow a redirect to another origin; a 3xx is reported instead.
		disableFollowRedirect: true,
		// Read as a stream so that size and time are bounded while the body arrives.
		encoding: 'stream',
	};
}

/** The options of one attempt: with a fresh raw body when the request has one. */
async function withRawBody(
	options: IHttpRequestOptions,
	request: ApiRequest,
): Promise<IHttpRequestOptions> {
	if (request.rawBody === undefined) return options;
	const raw = await request.rawBody();
	return {
		...options,
		body: raw.body as unknown as IDataObject,
		headers: { ...options.headers, ...raw.headers },
	};
}

/**
 * Sends one API request with the package's retry policy and returns the parsed body.
 * 2xx with a body that is not JSON (an HTML page from a proxy) is an error, not data.
 */
export async function sendRequest<T = unknown>(
	context: TransportContext,
	request: ApiRequest,
): Promise<T> {
	return await withRetries<T>(context, request, async (options, timeoutMs) => {
		const result = await attempt(context, options, timeoutMs);
		if (result.kind !== 'answer' || result.statusCode < 200 || result.statusCode >= 300)
			return result;
		return {
			kind: 'done',
			value: checkSuccessBody<T>(context, request, result.statusCode, result.body),
		};
	});
}

/** An attempt's outcome for the retry loop: done, an answer to judge, or a failure. */
export type LoopResult<T> = AttemptResult | { kind: 'done'; value: T };

/** The retry loop of every request: attempts until one is done or the policy gives up. */
export async function withRetries<T>(
	context: TransportContext,
	request: ApiRequest,
	run: (options: IHttpRequestOptions, timeoutMs: number) => Promise<LoopResult<T>>,
): Promise<T> {
	const limits = context.limits ?? DEFAULT_RETRY_LIMITS;
	const now = context.now ?? (() => Date.now());
	const random = context.random ?? Math.random;
	const started = now();
	const options = httpOptions(context, request);
	const userTimeoutMs =
		Number(request.extra?.timeout) > 0 ? Number(request.extra?.timeout) : undefined;
	let ambiguousEarlierAttempt = false;
	let failedAttempts = 0;
	for (let attemptNumber = 1; ; attemptNumber++) {
		if (context.signal?.aborted) throw cancelledError(context);
		if (context.deadline !== undefined && now() >= context.deadline) throw deadlineError(context);
		const timeoutMs = Math.min(attemptTimeoutMs(context, now()), userTimeoutMs ?? Infinity);
		const result = await run(await withRawBody(options, request), timeoutMs);
		if (result.kind === 'done') return result.value;
		if (result.kind === 'tooLarge') throw tooLargeError(context, result.limitBytes);
		let failure: AttemptFailure;
		let lastBody: unknown;
		if (result.kind === 'answer') {
			const { statusCode, body, response } = result;
			if (isRedirect(statusCode)) {
				throw redirectError(context, statusCode, headerValue(response, 'location'));
			}
			// A repeated DELETE whose first attempt went through finds the task gone: that is success.
			if (request.method === 'DELETE' && statusCode === 404 && ambiguousEarlierAttempt) {
				return undefined as T;
			}
			lastBody = body;
			failure = {
				kind: 'status',
				statusCode,
				retryAfterMs: retryAfterMsFrom(headersOf(response), now()),
			};
		} else {
			failure = result.failure;
		}
		ambiguousEarlierAttempt =
			ambiguousEarlierAttempt ||
			failure.kind !== 'status' ||
			(failure.kind === 'status' && failure.statusCode >= 500);
		const waitedOutRateLimit =
			failure.kind === 'status' &&
			failure.statusCode === 429 &&
			failure.retryAfterMs !== undefined;
		if (!waitedOutRateLimit) failedAttempts++;
		const decision = decideRetry(failure, {
			attempt: attemptNumber,
			failedAttempts,
			elapsedMs: now() - started,
			method: request.method,
			idempotent: request.idempotent ?? false,
			random: random(),
			limits,
			remainingMs: context.deadline === undefined ? undefined : context.deadline - now(),
		});
		if (!decision.retry) {
			throw gaveUpError(context, request, failure, lastBody, {
				attempts: attemptNumber,
				reason: decision.reason,
				maxRetryAfterMs: limits.maxRetryAfterMs,
				nowMs: now(),
				timeoutShortened: failure.kind === 'timeout' && failure.timeoutMs < DEFAULT_REQUEST_TIMEOUT_MS,
			});
		}
		context.onRetry?.({
			attempt: attemptNumber,
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
	// DELETE answers nothing or JSON; anything else (an HTML page) is not a deletion.
	if (request.method === 'DELETE') {
		if (body === undefined || typeof body !== 'string') return undefined as T;
	} else if (isRecord(body)) {
		return body as T;
	}
	throw unexpectedBodyError(context, statusCode, body);
}
