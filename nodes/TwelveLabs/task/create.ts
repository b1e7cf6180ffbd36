/** Create: start an analysis task and return its ID at once. */
import { createHash } from 'node:crypto';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodePropertyOptions,
} from 'n8n-workflow';
import { buildCreateBody } from '../api/createBody';
import { sendRequest } from '../api/transport';
import type { CreateTaskBody, CreateTaskResponse } from '../api/types';
import { readCreateInput, type ParameterSource } from './createInput';
import { checkCreatedTaskId, toNodeError, transportFor, userRequestOptions } from './shared';

/**
 * The same execution, node, item and body always give the same key, so a retried create
 * (by the transport or by n8n's Retry On Fail) returns the task already created.
 */
export function idempotencyKey(
	executionId: string,
	nodeId: string,
	itemIndex: number,
	body: CreateTaskBody,
): string {
	const bodyHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
	return createHash('sha256')
		.update(`${executionId}:${nodeId}:${itemIndex}:${bodyHash}`)
		.digest('hex')
		.slice(0, 48);
}

export function singleItemParameters(context: IExecuteSingleFunctions): ParameterSource {
	return {
		get: (name, fallback) => context.getNodeParameter(name, fallback),
		binaryMetadata: (property) => context.helpers.assertBinaryData(property),
		binaryBuffer: async (property) => await context.helpers.getBinaryDataBuffer(property),
	};
}

export async function buildCreateRequestBody(
	context: IExecuteSingleFunctions,
): Promise<{ body: CreateTaskBody; key: string }> {
	const itemIndex = context.getItemIndex();
	try {
		const body = buildCreateBody(await readCreateInput(singleItemParameters(context)));
		return {
			body,
			key: idempotencyKey(context.getExecutionId(), context.getNode().id, itemIndex, body),
		};
	} catch (error) {
		throw toNodeError(context.getNode(), error, itemIndex);
	}
}

async function prepareCreate(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const { body, key } = await buildCreateRequestBody(this);
	requestOptions.body = body as unknown as IDataObject;
	requestOptions.headers = { ...requestOptions.headers, 'Idempotency-Key': key };
	return requestOptions;
}

async function executeCreate(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const { options } = requestData;
	const response = await sendRequest<CreateTaskResponse>(await transportFor(this, { itemIndex }), {
		method: 'POST',
		url: '/analyze/tasks',
		body: options.body as IDataObject,
		headers: options.headers as Record<string, string>,
		idempotent: true,
		extra: userRequestOptions(options),
	});
	checkCreatedTaskId(this.getNode(), response, itemIndex);
	return [{ json: response as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}

export const createOperation: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create an analysis task',
	description: 'Start analyzing a video and return the task ID at once',
	routing: {
		request: { method: 'POST', url: '/analyze/tasks' },
		send: { preSend: [prepareCreate], paginate: true },
		operations: { pagination: executeCreate },
	},
};
