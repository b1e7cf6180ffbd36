/** Wiring shared by the operations: the transport for an n8n context, and error conversion. */
import {
	NodeOperationError,
	type NodeApiError,
	type IDataObject,
	type INodeExecutionData,
	type DeclarativeRestApiSettings,
	type IExecuteFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';
import { InvalidParameterError } from '../createRequest/input';
import { baseUrlProblem, normalizeBaseUrl } from '../api/baseUrl';
import { CREDENTIAL_NAME, type TransportContext } from '../api/transport';
import { TASK_ID_PATTERN } from '../api/taskIds';
import { mapWithConcurrency } from '../wait/concurrency';

type RequestingContext =
	| IExecuteFunctions
	| IExecuteSingleFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions;

export async function transportFor(
	context: RequestingContext,
	options: { itemIndex?: number; signal?: AbortSignal; deadline?: number } = {},
): Promise<TransportContext> {
	const credentials = await context.getCredentials(CREDENTIAL_NAME);
	const signal =
		options.signal ??
		('getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined);
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	const problem = baseUrlProblem(baseUrl);
	if (problem !== undefined) {
		throw new NodeOperationError(context.getNode(), problem, {
			itemIndex: options.itemIndex,
			description: 'Fix the Base URL in the TwelveLabs credential. Nothing was sent.',
		});
	}
	return {
		node: context.getNode(),
		baseUrl,
		secret: typeof credentials.apiKey === 'string' ? credentials.apiKey : undefined,
		deadline: options.deadline,
		send: async (requestOptions) =>
			await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_NAME,
				requestOptions,
			),
		signal,
		itemIndex: options.itemIndex,
	};
}

/** Said of every locally refused input, so it is never mistaken for an answer of the API. */
export const NOTHING_SENT = 'Nothing was sent to TwelveLabs.';

/** Local validation failures become NodeOperationErrors that name the field and the fix. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): Error {
	if (error instanceof InvalidParameterError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: `${error.fix} ${NOTHING_SENT}`,
		});
	}
	return error as Error;
}

/** Checks an ID picked or typed in a picker (byId.ts) before it becomes part of a URL. */
export function checkPickedId(
	node: INode,
	value: unknown,
	itemIndex: number,
	picker: { label: string; noun: string; fix: string },
): string {
	const id = typeof value === 'string' ? value.trim() : '';
	if (!TASK_ID_PATTERN.test(id)) {
		throw new NodeOperationError(
			node,
			id === ''
				? `'${picker.label}' is empty`
				: `'${picker.label}' ("${id}") is not a valid ${picker.noun} ID`,
			{ itemIndex, description: `${picker.fix} ${NOTHING_SENT}` },
		);
	}
	return id;
}

/** The "Request Options" n8n adds to declarative nodes (timeout, proxy, SSL), kept on every request. */
export function userRequestOptions(
	options: DeclarativeRestApiSettings.HttpRequestOptions,
): Partial<IHttpRequestOptions> {
	const extra: Partial<IHttpRequestOptions> = {};
	if (options.timeout) extra.timeout = options.timeout;
	if (options.proxy) extra.proxy = options.proxy as IHttpRequestOptions['proxy'];
	if (options.skipSslCertificateValidation)
		extra.skipSslCertificateValidation = Boolean(options.skipSslCertificateValidation);
	return extra;
}

/** n8n's "Request Options" of a programmatic operation that apply to one request (timeout, TLS check). */
export function programmaticRequestOptions(
	context: IExecuteFunctions,
): Partial<IHttpRequestOptions> {
	const options = context.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	const extra: Partial<IHttpRequestOptions> = {};
	if (typeof options.timeout === 'number' && options.timeout > 0) extra.timeout = options.timeout;
	if (options.allowUnauthorizedCerts === true) extra.skipSslCertificateValidation = true;
	return extra;
}

/**
 * The node's output: every item, unless one failed and Continue On Fail is off; then the first
 * failure is thrown (after every item was tried, so nothing sent is left unreported).
 */
export function outputUnlessFailed(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
): INodeExecutionData[][] {
	const failure = items.find((item) => item.error !== undefined)?.error;
	if (failure && !context.continueOnFail()) throw failure;
	return [items];
}

/**
 * Runs `run` for every input item, `limit` at a time, output in input order. A failure stops
 * the run, or with Continue On Fail becomes that item's error item. Checks that throw before a
 * request (e.g. the task ID) reach the user as the node's own error, not an API error.
 */
export async function runForEachItem(
	context: IExecuteFunctions,
	limit: number,
	run: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	const results = await mapWithConcurrency(
		context.getInputData(),
		limit,
		async (_item, itemIndex): Promise<INodeExecutionData[]> => {
			try {
				return await run(itemIndex);
			} catch (error) {
				const nodeError = error as NodeApiError | NodeOperationError;
				return [
					{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } },
				];
			}
		},
		context.getExecutionCancelSignal(),
	);
	return outputUnlessFailed(context, results.flat());
}

/**
 * A duration option in seconds (Wait Timeout, poll intervals) as ms: `fallbackSeconds` when not
 * set, refused naming the field when not a number of at least `minSeconds`.
 */
export function secondsOption(
	context: IExecuteFunctions,
	options: IDataObject,
	field: { key: string; label: string; fallbackSeconds: number; minSeconds: number },
): number {
	const raw = options[field.key];
	const value = raw === undefined ? field.fallbackSeconds : Number(raw);
	if (!Number.isFinite(value) || value < field.minSeconds) {
		throw new NodeOperationError(
			context.getNode(),
			`'Options › ${field.label}' is ${String(raw)}, below ${field.minSeconds}`,
			{
				description: `Set ${field.label} to ${field.minSeconds} seconds or more. ${NOTHING_SENT}`,
			},
		);
	}
	return Math.round(value * 1000);
}
