/**
 * The asset and multipart-upload endpoints, each written once: path, method, and the check
 * that what came back is what the operation needs. Nothing else builds an asset or upload
 * URL. (The presigned chunk URLs are the storage's, not the API's: asset/multipartUpload.ts
 * sends to them without the API key.)
 */
import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import type {
	Asset,
	AssetListResponse,
	CheckedAsset,
	CheckedUploadSession,
	CompletedChunk,
	CreateAssetFields,
	CreateUploadBody,
	CreateUploadResponse,
	ListAssetsQuery,
	PresignedUrlsResponse,
	ReportChunksResponse,
	UploadStatusResponse,
} from './assetTypes';
import { formDataBody, type FilePart } from './formData';
import { isValidTaskId } from './taskIds';
import { sendRequest, type TransportContext } from './transport';
import { unexpectedAnswerError } from './transportErrors';

/** Relative to the credential's Base URL; also what Get Many's routing declares. */
export const ASSETS_PATH = '/assets';
const UPLOADS_PATH = '/assets/multipart-uploads';

/** Most presigned URLs one request may ask for (RequestAdditionalPresignedUrLsRequest.count). */
export const MAX_PRESIGNED_URLS = 50;

/** Largest page of the asset list and of an upload's chunk statuses (the SDK's page_limit max). */
export const MAX_ASSET_PAGE_LIMIT = 50;

type Extra = Partial<IHttpRequestOptions> | undefined;

/** Asset and upload ids have the shape of task ids (letters, digits, `_`, `-`): only such go into a path. */
export const isValidAssetId = isValidTaskId;

function idPath(base: string, id: string, what: string): string {
	if (!isValidAssetId(id)) throw new Error(`Not a valid ${what} ID: ${JSON.stringify(id)}`);
	return `${base}/${encodeURIComponent(id)}`;
}

export const assetPath = (assetId: string) => idPath(ASSETS_PATH, assetId, 'asset');
const uploadPath = (uploadId: string) => idPath(UPLOADS_PATH, uploadId, 'upload');

const unexpected = (transport: TransportContext, message: string) =>
	unexpectedAnswerError(transport.node, message, transport.itemIndex, 'a TwelveLabs asset');

const shown = (value: unknown) =>
	value === undefined ? 'none' : JSON.stringify(value).slice(0, 80);

/** An asset needs an id (the SDK marks even that optional; without it nothing can follow). */
export function assertAsset(node: INode, body: unknown, itemIndex?: number): CheckedAsset {
	const id = (body as Asset | undefined)?._id;
	if (!isValidAssetId(id)) {
		throw unexpectedAnswerError(
			node,
			`TwelveLabs returned an asset without a valid _id (${shown(id)})`,
			itemIndex,
			'a TwelveLabs asset',
		);
	}
	return body as CheckedAsset;
}

/** POST /assets as multipart/form-data: from a URL, or with the file's bytes (direct). */
export async function createAsset(
	transport: TransportContext,
	fields: CreateAssetFields,
	file?: FilePart,
	extra?: Extra,
): Promise<CheckedAsset> {
	const text: Record<string, string | undefined> = {
		method: fields.method,
		url: fields.url,
		filename: fields.filename,
		enable_hls: fields.enable_hls === undefined ? undefined : String(fields.enable_hls),
		enable_thumbnail:
			fields.enable_thumbnail === undefined ? undefined : String(fields.enable_thumbnail),
		user_metadata: fields.user_metadata,
	};
	// Not idempotent (no Idempotency-Key for assets): only a 429 is waited out and sent again.
	const body = await sendRequest(transport, {
		method: 'POST',
		url: ASSETS_PATH,
		rawBody: async () => await formDataBody(text, file),
		extra,
	});
	return assertAsset(transport.node, body, transport.itemIndex);
}

export async function getAsset(
	transport: TransportContext,
	assetId: string,
	extra?: Extra,
): Promise<CheckedAsset> {
	const body = await sendRequest(transport, {
		method: 'GET',
		url: assetPath(assetId),
		assetId,
		extra,
	});
	return assertAsset(transport.node, body, transport.itemIndex);
}

export async function deleteAsset(
	transport: TransportContext,
	assetId: string,
	force: boolean,
	extra?: Extra,
): Promise<void> {
	await sendRequest(transport, {
		method: 'DELETE',
		url: assetPath(assetId),
		qs: force ? { force: true } : undefined,
		assetId,
		extra,
	});
}

/** One page of the asset list, newest first; list filters are sent repeated (`asset_ids=a&asset_ids=b`). */
export async function listAssetPage(
	transport: TransportContext,
	query: ListAssetsQuery,
	extra?: Extra,
	path: string = ASSETS_PATH,
): Promise<AssetListResponse & { data: Asset[] }> {
	const response = await sendRequest<AssetListResponse>(transport, {
		method: 'GET',
		url: path,
		qs: { ...query } as IDataObject,
		extra: { ...extra, arrayFormat: 'repeat' },
	});
	if (!Array.isArray(response.data)) {
		throw unexpected(transport, 'TwelveLabs returned an asset list without "data"');
	}
	return response as AssetListResponse & { data: Asset[] };
}

/** POST /assets/multipart-uploads: a session needs its upload id, asset id and chunk size. */
export async function createUploadSession(
	transport: TransportContext,
	body: CreateUploadBody,
	extra?: Extra,
): Promise<CheckedUploadSession> {
	const session = await sendRequest<CreateUploadResponse>(transport, {
		method: 'POST',
		url: UPLOADS_PATH,
		body: body as unknown as IDataObject,
		extra,
	});
	const chunkSize = session.chunk_size;
	if (
		!isValidAssetId(session.upload_id) ||
		!isValidAssetId(session.asset_id) ||
		typeof chunkSize !== 'number' ||
		!Number.isInteger(chunkSize) ||
		chunkSize < 1
	) {
		throw unexpected(
			transport,
			`TwelveLabs answered the upload session without a valid upload_id, asset_id or chunk_size (${shown(session.upload_id)}, ${shown(session.asset_id)}, ${shown(chunkSize)})`,
		);
	}
	return session as CheckedUploadSession;
}

/** One page of an upload session's status (its chunks, paged). */
export async function getUploadStatusPage(
	transport: TransportContext,
	uploadId: string,
	page: number,
	extra?: Extra,
): Promise<UploadStatusResponse> {
	return await sendRequest<UploadStatusResponse>(transport, {
		method: 'GET',
		url: uploadPath(uploadId),
		qs: { page, page_limit: MAX_ASSET_PAGE_LIMIT },
		uploadId,
		extra,
	});
}

/** Reports uploaded chunks; the API ignores a chunk reported twice, so a retry is safe. */
export async function reportChunks(
	transport: TransportContext,
	uploadId: string,
	chunks: CompletedChunk[],
	extra?: Extra,
): Promise<ReportChunksResponse> {
	return await sendRequest<ReportChunksResponse>(transport, {
		method: 'POST',
		url: uploadPath(uploadId),
		body: { completed_chunks: chunks } as unknown as IDataObject,
		idempotent: true,
		uploadId,
		extra,
	});
}

/** Fresh presigned URLs for chunks `start`..`start + count - 1` (at most MAX_PRESIGNED_URLS). */
export async function requestPresignedUrls(
	transport: TransportContext,
	uploadId: string,
	start: number,
	count: number,
	extra?: Extra,
): Promise<PresignedUrlsResponse> {
	return await sendRequest<PresignedUrlsResponse>(transport, {
		method: 'POST',
		url: `${uploadPath(uploadId)}/presigned-urls`,
		body: { start, count },
		// Asking for URLs twice only yields two sets of URLs.
		idempotent: true,
		uploadId,
		extra,
	});
}
