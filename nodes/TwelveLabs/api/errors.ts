/**
 * Turns TwelveLabs error responses into what a user should read: what happened, and how to
 * fix it. Pure: the transport wraps the result in a NodeApiError.
 */

export interface ApiErrorBody {
	code?: string;
	message?: string;
}

export interface DescribedApiError {
	httpCode: string;
	code: string | undefined;
	message: string;
	description: string;
}

/** Reads both shapes the API uses: flat `{code, message}` and nested `{error: {code, message}}`. */
export function readErrorBody(body: unknown): ApiErrorBody {
	const parsed = typeof body === 'string' ? tryParseJson(body) : body;
	if (!isRecord(parsed)) return {};
	const source = isRecord(parsed.error) ? parsed.error : parsed;
	return {
		code: typeof source.code === 'string' ? source.code : undefined,
		message: typeof source.message === 'string' ? source.message : undefined,
	};
}

/**
 * How messages name the refused parameter, in order: the simulator's "parameter 'x'", the
 * reference's "The x parameter is invalid." / "The following parameters are invalid: x, y."
 * and its timestamp error "response_format.json_schema.properties.n.format: format is …",
 * then a quoted name.
 */
const PARAMETER_PATTERNS = [
	/parameter '([^']+)'/i,
	/\bThe ([A-Za-z0-9_.[\]]+) parameter is\b/,
	/following parameters are [a-z ]+: ?([A-Za-z0-9_.[\]]+)/i,
	/^([a-z_]+(?:[.[][A-Za-z0-9_.[\]<>]*)?): /,
	/`([a-z_.]+)`|"([a-z_]+)"/i,
];

/** The API parameter a 400/422 message names, if any. */
export function parameterNamedIn(message: string | undefined): string | undefined {
	if (!message) return undefined;
	for (const pattern of PARAMETER_PATTERNS) {
		const match = message.match(pattern);
		const name = match?.slice(1).find((group) => group !== undefined);
		if (name) return name;
	}
	return undefined;
}

const SCHEMA_KEYWORD_PATTERN =
	/\b(minLength|maxLength|additionalProperties|uniqueItems|maxItems|oneOf|allOf|not)\b/;

/** The JSON Schema keyword a 422 message names, if any (e.g. "String length constraints (minLength)"). */
export function schemaKeywordNamedIn(message: string | undefined): string | undefined {
	return message?.match(SCHEMA_KEYWORD_PATTERN)?.[1];
}

/** A 400 or 422: which parameter TwelveLabs refused (as its message names it) and the fix. */
function refusedParameters(
	statusCode: number,
	apiMessage: string | undefined,
): { message: string; fix: string } {
	// The reference answers 422 only for an unsupported JSON Schema keyword.
	const parameter =
		parameterNamedIn(apiMessage) ??
		(statusCode === 422 ? 'response_format.json_schema' : undefined);
	const keyword = schemaKeywordNamedIn(apiMessage);
	const fix =
		statusCode === 422
			? keyword
				? `The JSON schema uses "${keyword}", which TwelveLabs does not support: remove it from the JSON Schema field.`
				: 'The JSON schema uses something TwelveLabs does not support (only anyOf for composition; no minLength, maxLength, additionalProperties, uniqueItems or maxItems): remove it from the JSON Schema field.'
			: parameter
				? `Fix the parameter '${parameter}' and run again.`
				: 'Check the parameters of this operation and run again.';
	return {
		message: parameter
			? `TwelveLabs refused the parameter '${parameter}'`
			: 'TwelveLabs refused the request parameters',
		fix,
	};
}

/** A 404 (what the request is about does not exist) or a 409 (it is still busy). */
function missingOrBusy(
	statusCode: number,
	context: { taskId?: string; assetId?: string; uploadId?: string; batchId?: string },
): { message: string; fix: string; apiText: boolean } {
	if (context.batchId) {
		return statusCode === 409
			? {
					message: `The batch '${context.batchId}' is not in a status that allows this`,
					fix: 'Cancel works on pending and processing batches; Delete on completed, canceled and expired ones (cancel a running batch first, then wait until it is canceled).',
					apiText: true,
				}
			: {
					message: `The batch '${context.batchId}' was not found`,
					fix: 'Check the Batch: it must be an existing analysis batch of this account. Batches are deleted 30 days after creation.',
					apiText: true,
				};
	}
	if (statusCode === 409 && context.assetId) {
		return {
			message: `The asset '${context.assetId}' is still used by indexed assets`,
			fix: 'Delete the indexed assets that use it first, or turn on Force to delete the asset anyway.',
			apiText: true,
		};
	}
	if (statusCode === 409) {
		return {
			message:
				'The task is still being processed; wait until it is ready or failed, then delete it.',
			fix: 'Use Create and Wait, Get or the TwelveLabs Trigger to learn when the task is final.',
			apiText: false,
		};
	}
	if (context.assetId) {
		return {
			message: `The asset '${context.assetId}' was not found`,
			fix: 'Check the Asset: it must be an existing asset of this account. Deleted assets cannot be read.',
			apiText: true,
		};
	}
	if (context.uploadId) {
		return {
			message: `The upload session '${context.uploadId}' was not found`,
			fix: 'The multipart upload session is gone (completed, expired after 24 hours, or never created): upload the file again.',
			apiText: true,
		};
	}
	return {
		message: context.taskId
			? `The task '${context.taskId}' was not found`
			: 'The requested resource was not found',
		fix: 'Check the Task ID: it must be an existing analysis task of this account (24 hexadecimal characters). Deleted tasks cannot be read.',
		apiText: true,
	};
}

export function describeApiError(
	statusCode: number,
	body: unknown,
	context: {
		operation?: string;
		taskId?: string;
		assetId?: string;
		uploadId?: string;
		batchId?: string;
		retryAfterSeconds?: number;
	} = {},
): DescribedApiError {
	const { code, message: apiMessage } = readErrorBody(body);
	const detail = apiMessage ? `TwelveLabs says: ${apiMessage}` : '';
	const withDetail = (fix: string) =>
		[fix, detail, code ? `(code: ${code})` : ''].filter(Boolean).join(' ');
	const httpCode = String(statusCode);

	if (statusCode === 401 || code === 'api_key_invalid' || code === 'unauthorized') {
		return {
			httpCode,
			code,
			message: 'The API key was rejected',
			description: withDetail(
				'Check the TwelveLabs credential: copy the API key again from the TwelveLabs Playground (API Keys page) and make sure the Base URL is right.',
			),
		};
	}
	if (statusCode === 404 || statusCode === 409) {
		const { message, fix, apiText } = missingOrBusy(statusCode, context);
		// The API's 409 text for a task advises cancelling, which nothing here can do: only its code.
		const description = apiText
			? withDetail(fix)
			: [fix, code ? `(code: ${code})` : ''].filter(Boolean).join(' ');
		return { httpCode, code, message, description };
	}
	if (statusCode === 429 || code === 'too_many_requests') {
		const when =
			context.retryAfterSeconds !== undefined
				? `TwelveLabs asked to retry after ${formatSeconds(context.retryAfterSeconds)}.`
				: 'Retry in a minute.';
		return {
			httpCode,
			code,
			message: 'The TwelveLabs rate limit was reached',
			description: withDetail(
				`${when} Spread the work out: fewer items per run, Create plus the TwelveLabs Trigger instead of Create and Wait, or a higher plan.`,
			),
		};
	}
	if (statusCode === 400 || statusCode === 422) {
		const { message, fix } = refusedParameters(statusCode, apiMessage);
		return { httpCode, code, message, description: withDetail(fix) };
	}
	if (statusCode >= 500) {
		return {
			httpCode,
			code,
			message: `TwelveLabs had a server error (${statusCode})`,
			description: withDetail(
				'This is usually temporary: run the node again in a moment. If it persists, check the TwelveLabs status page.',
			),
		};
	}
	return {
		httpCode,
		code,
		message: `TwelveLabs answered with status ${statusCode}`,
		description: withDetail('Check the node parameters and the credential.'),
	};
}

function formatSeconds(seconds: number): string {
	if (seconds < 120) return `${Math.ceil(seconds)} s`;
	if (seconds < 7200) return `${Math.ceil(seconds / 60)} min`;
	return `${Math.round(seconds / 3600)} h`;
}

function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether an error means "this does not exist" (HTTP 404), in the shapes n8n's errors and HTTP
 * clients use: the waiting engine and the trigger read a 404 on GET as a deletion.
 */
export function isNotFound(error: unknown): boolean {
	if (!isRecord(error)) return false;
	const response = isRecord(error.response) ? error.response : {};
	const codes = [
		error.httpCode,
		error.statusCode,
		error.status,
		response.status,
		response.statusCode,
	];
	return codes.some((code) => code === 404 || code === '404');
}
