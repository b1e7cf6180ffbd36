/**
 * Create: an asset from a URL, or from a binary field of the input item: sent directly up to
 * MULTIPART_THRESHOLD_BYTES (and documents, which have no multipart upload), in chunks above
 * (multipartUpload.ts). Every item is checked before anything is sent; the asset is returned
 * as TwelveLabs has it (status `processing` at first).
 */
import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyOptions,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import { createAsset, getAsset } from '../api/assetsApi';
import type { CheckedAsset } from '../api/assetTypes';
import type { TransportContext } from '../api/transport';
import { mapWithConcurrency } from '../wait/concurrency';
import {
	outputUnlessFailed,
	programmaticRequestOptions,
	toNodeError,
	transportFor,
} from '../task/shared';
import { readAssetCreateInput, type AssetCreateInput } from './createInput';
import { uploadInChunks } from './multipartUpload';
import { assetJson } from './shared';

/** Creates from URLs run a few at a time; uploads of files one at a time (memory, bandwidth). */
export const ASSET_CREATE_CONCURRENCY = 4;

export const createAssetOperation: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create an asset',
	description: 'Upload a file or import it from a URL, and return the asset at once',
};

type Prepared = { input: AssetCreateInput } | { error: Error };

/** Reads and checks every item's form; a refused item stops the run unless Continue On Fail. */
export async function prepareAssetInputs(context: IExecuteFunctions): Promise<Prepared[]> {
	const prepared: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		try {
			prepared.push({ input: await readAssetCreateInput(context, itemIndex) });
		} catch (error) {
			const nodeError = toNodeError(context.getNode(), error, itemIndex);
			if (!context.continueOnFail()) throw nodeError;
			prepared.push({ error: nodeError });
		}
	}
	return prepared;
}

/** Runs `fn` after every earlier call has finished: one upload at a time. */
function serial(): <T>(fn: () => Promise<T>) => Promise<T> {
	let last: Promise<unknown> = Promise.resolve();
	return async <T>(fn: () => Promise<T>) => {
		const run = last.then(fn, fn);
		last = run.catch(() => undefined);
		return await run;
	};
}

/** Sends one checked item: from a URL, directly, or in chunks. */
export async function createOneAsset(
	context: IExecuteFunctions,
	transport: TransportContext,
	input: AssetCreateInput,
	extra: Partial<IHttpRequestOptions>,
): Promise<CheckedAsset> {
	const { user_metadata: metadata, ...options } = input.fields;
	if (input.source === 'url') {
		return await createAsset(
			transport,
			{ method: 'url', url: input.url, ...options, user_metadata: metadata && JSON.stringify(metadata) },
			undefined,
			extra,
		);
	}
	const { file, plan } = input;
	const filename = options.filename ?? file.fileName;
	if (plan.method === 'direct') {
		context.logger.info(`TwelveLabs upload '${filename}': ${file.size} bytes in one direct upload`);
		return await createAsset(
			transport,
			{ method: 'direct', ...options, filename, user_metadata: metadata && JSON.stringify(metadata) },
			{
				name: 'file',
				filename,
				contentType: file.mimeType || 'application/octet-stream',
				size: file.size,
				open: async () => await file.open(),
			},
			extra,
		);
	}
	const uploaded = await uploadInChunks(
		{
			transport,
			put: async (options) =>
				(await context.helpers.httpRequest(options)) as unknown as IN8nHttpFullResponse,
			log: (message) => context.logger.info(message),
			signal: transport.signal,
			extra,
		},
		{ ...file, fileName: filename },
		{
			filename,
			type: plan.kind,
			total_size: file.size,
			...(options.enable_hls ? { enable_hls: true } : {}),
			...(options.enable_thumbnail ? { enable_thumbnail: true } : {}),
			...(metadata ? { user_metadata: metadata } : {}),
		},
	);
	return await getAsset(transport, uploaded.assetId, extra);
}

export type CreatedAsset = { asset: CheckedAsset } | { error: Error };

/** Creates every prepared item's asset (URLs 4 at a time, uploads one at a time), in input order. */
export async function createAssets(
	context: IExecuteFunctions,
	prepared: Prepared[],
	transport: TransportContext,
): Promise<CreatedAsset[]> {
	const extra = programmaticRequestOptions(context);
	const uploads = serial();
	return await mapWithConcurrency(
		prepared,
		ASSET_CREATE_CONCURRENCY,
		async (entry, itemIndex): Promise<CreatedAsset> => {
			if ('error' in entry) return entry;
			try {
				const send = async () => await createOneAsset(context, { ...transport, itemIndex }, entry.input, extra);
				return { asset: entry.input.source === 'url' ? await send() : await uploads(send) };
			} catch (error) {
				return { error: error as Error };
			}
		},
		context.getExecutionCancelSignal(),
	);
}

export function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	return {
		json: { error: error.message },
		error: error as NodeApiError | NodeOperationError,
		pairedItem: { item: itemIndex },
	};
}

export async function executeCreateAsset(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const prepared = await prepareAssetInputs(this);
	const created = await createAssets(this, prepared, await transportFor(this));
	const items = created.map((entry, itemIndex) =>
		'error' in entry
			? errorItem(entry.error, itemIndex)
			: { json: assetJson(entry.asset), pairedItem: { item: itemIndex } },
	);
	return outputUnlessFailed(this, items);
}
