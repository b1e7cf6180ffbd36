/**
 * Wire types of the TwelveLabs assets and multipart-upload API (v1.3), as twelvelabs-js 1.3.4
 * describes them (api/types/Asset*.d.ts, CreateAssetUploadResponse, GetUploadStatusResponse,
 * ChunkInfo, PresignedUrlChunk, ReportChunkBatchResponse and their serialization schemas).
 * The SDK marks every response field optional, so every field here is optional and may also
 * arrive as null; the node requires only what it cannot work without (assetsApi.ts checks it).
 */

/** AssetStatus: the three the SDK lists; an unknown one stays a string. */
export type AssetStatus = 'processing' | 'ready' | 'failed' | (string & {});

/** The asset types the list filter `asset_types` accepts (AssetsListRequestAssetTypesItem). */
export const ASSET_TYPES = ['video', 'audio', 'image', 'document'] as const;
export type AssetKind = (typeof ASSET_TYPES)[number];

/** The types a multipart upload session accepts (CreateAssetUploadRequestType). */
export type UploadKind = 'video' | 'audio' | 'image';

/** Asset / AssetDetail: `_id` on the wire (the SDK's `id`). */
export interface Asset {
	_id?: string | null;
	method?: 'direct' | 'url' | 'multipart' | 'connector' | (string & {}) | null;
	status?: AssetStatus | null;
	filename?: string | null;
	file_type?: string | null;
	created_at?: string | null;
	user_metadata?: Record<string, unknown> | null;
	source?: Record<string, unknown> | null;
	hls?: Record<string, unknown> | null;
	thumbnail?: Record<string, unknown> | null;
	technical_metadata?: Record<string, unknown> | null;
	size?: number | null;
	duration?: number | null;
	error?: { message?: string | null } | null;
}

/** An asset whose `_id` was checked. */
export type CheckedAsset = Asset & { _id: string };

export interface AssetListResponse {
	data?: Asset[] | null;
	page_info?: {
		limit_per_page?: number | null;
		page?: number | null;
		total_page?: number | null;
		total_results?: number | null;
	} | null;
}

/** Query of GET /assets (AssetsListRequest). */
export interface ListAssetsQuery {
	page?: number;
	page_limit?: number;
	asset_ids?: string[];
	asset_types?: string[];
	filename?: string;
}

/** The form fields of POST /assets (AssetsCreateRequest), besides the file itself. */
export interface CreateAssetFields {
	method: 'direct' | 'url';
	url?: string;
	filename?: string;
	enable_hls?: boolean;
	enable_thumbnail?: boolean;
	/** JSON text, as the API asks. */
	user_metadata?: string;
}

export interface PresignedUrlChunk {
	chunk_index?: number | null;
	url?: string | null;
	expires_at?: string | null;
}

/** Body of POST /assets/multipart-uploads (CreateAssetUploadRequest). */
export interface CreateUploadBody {
	filename: string;
	type: UploadKind;
	total_size: number;
	enable_hls?: boolean;
	enable_thumbnail?: boolean;
	user_metadata?: Record<string, unknown>;
}

export interface CreateUploadResponse {
	upload_id?: string | null;
	asset_id?: string | null;
	upload_urls?: PresignedUrlChunk[] | null;
	upload_headers?: Record<string, string> | null;
	chunk_size?: number | null;
	total_chunks?: number | null;
	expires_at?: string | null;
}

/** A session whose upload_id, asset_id and chunk_size were checked. */
export interface CheckedUploadSession extends CreateUploadResponse {
	upload_id: string;
	asset_id: string;
	chunk_size: number;
}

export interface ChunkInfo {
	index?: number | null;
	status?: 'completed' | 'pending' | 'failed' | (string & {}) | null;
	error?: string | null;
}

export interface UploadStatusResponse {
	upload_id?: string | null;
	status?: 'active' | 'completed' | 'failed' | 'expired' | (string & {}) | null;
	uploaded_chunks?: ChunkInfo[] | null;
	chunks_completed?: number | null;
	page_info?: AssetListResponse['page_info'];
	total_size?: number | null;
	uploaded_size?: number | null;
}

/** CompletedChunk, as reported. */
export interface CompletedChunk {
	chunk_index: number;
	proof: string;
	proof_type: 'etag';
	chunk_size: number;
}

export interface ReportChunksResponse {
	url?: string | null;
	asset_id?: string | null;
	processed_chunks?: number | null;
	duplicate_chunks?: number | null;
	total_completed?: number | null;
}

export interface PresignedUrlsResponse {
	upload_id?: string | null;
	start_index?: number | null;
	count?: number | null;
	upload_urls?: PresignedUrlChunk[] | null;
}
