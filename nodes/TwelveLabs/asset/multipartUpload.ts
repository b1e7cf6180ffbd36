/**
 * A multipart upload of one file (video, audio or image above the direct-upload threshold),
 * as twelvelabs-js's uploader does it (wrapper/resources/MultipartUploadWrapper.js), but
 * streamed and resumable:
 * - the file is read once, in order, in pieces of the session's chunk_size; at most
 *   CHUNKS_IN_FLIGHT pieces are held at a time (memory: chunk_size × CHUNKS_IN_FLIGHT);
 * - each piece is PUT to its presigned URL with n8n's plain HTTP helper, never with the API key
 *   (the URL is the storage's, and carries its own signature);
 * - a failed PUT is retried alone, up to CHUNK_ATTEMPTS times with backoff, each time through a
 *   fresh presigned URL (a URL may have expired, or be used up by an attempt that landed);
 * - uploaded chunks are reported with their ETag in batches of REPORT_BATCH; more presigned URLs
 *   are asked for (at most 50 at a time) as the upload reaches chunks it has none for;
 * - when a chunk still fails or a report does not go through, the upload asks the session's
 *   status which chunks are complete and uploads only the rest (at most MAX_RESUMES times).
 */
import {
	NodeOperationError,
	sleep,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';
import {
	createUploadSession,
	getUploadStatusPage,
	MAX_ASSET_PAGE_LIMIT,
	MAX_PRESIGNED_URLS,
	reportChunks,
	requestPresignedUrls,
} from '../api/assetsApi';
import type {
	CheckedUploadSession,
	CompletedChunk,
	CreateUploadBody,
	PresignedUrlChunk,
} from '../api/assetTypes';
import { isLastListPage } from '../api/types';
import type { TransportContext } from '../api/transport';
import type { FileSource } from './fileSource';

export const CHUNKS_IN_FLIGHT = 3;
export const CHUNK_ATTEMPTS = 4;
export const REPORT_BATCH = 10;
export const MAX_RESUMES = 3;
/** Longest one chunk PUT may take (a 5 MB to 100 MB piece over a slow line). */
export const CHUNK_TIMEOUT_MS = 10 * 60_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;

export interface UploadContext {
	transport: TransportContext;
	/** n8n's HTTP helper without credentials: chunk PUTs go to the storage, not the API. */
	put: (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;
	log: (message: string) => void;
	signal?: AbortSignal;
	extra?: Partial<IHttpRequestOptions>;
}

export interface MultipartResult {
	assetId: string;
	uploadId: string;
	totalChunks: number;
	chunkSize: number;
}

/** Why one chunk could not be uploaded; `final` when another attempt cannot help (session gone). */
class ChunkFailure extends Error {
	constructor(
		readonly chunkIndex: number,
		readonly reason: string,
		readonly final: boolean,
	) {
		super(`chunk ${chunkIndex} failed: ${reason}`);
	}
}

function headerOf(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = (response.headers as Record<string, unknown> | undefined)?.[name];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/** The storage's error code in an S3-style XML body, if any. */
function storageErrorCode(body: unknown): string | undefined {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
	return /<Code>([^<]{1,80})<\/Code>/.exec(text)?.[1];
}

class ChunkedUpload {
	private readonly urls = new Map<number, string>();
	private urlFetch: Promise<void> | undefined;
	/** Chunks uploaded in this run, with their proof (kept until TwelveLabs confirms them). */
	private readonly uploaded = new Map<number, CompletedChunk>();
	/** Chunks TwelveLabs confirmed (reported, or completed in the session's status). */
	private done = new Set<number>();
	private toReport: CompletedChunk[] = [];
	private reports: Promise<void> = Promise.resolve();
	private reportFailure: Error | undefined;
	readonly totalChunks: number;
	private loggedPercent = -1;

	constructor(
		private readonly context: UploadContext,
		private readonly file: FileSource,
		private readonly session: CheckedUploadSession,
	) {
		this.totalChunks = Math.ceil(file.size / session.chunk_size);
		this.addUrls(session.upload_urls);
	}

	private get name(): string {
		return `'${this.file.fileName}' (upload ${this.session.upload_id})`;
	}

	private addUrls(entries: PresignedUrlChunk[] | null | undefined): void {
		for (const entry of entries ?? []) {
			const index = entry?.chunk_index;
			const url = entry?.url;
			if (
				typeof index === 'number' &&
				Number.isInteger(index) &&
				index >= 1 &&
				index <= this.totalChunks &&
				typeof url === 'string' &&
				/^https?:\/\//i.test(url)
			) {
				this.urls.set(index, url);
			}
		}
	}

	/** The presigned URL of a chunk, asking TwelveLabs for a batch of URLs from it when needed. */
	private async urlFor(index: number): Promise<string | undefined> {
		for (let tries = 0; tries < 3; tries++) {
			const known = this.urls.get(index);
			if (known !== undefined) return known;
			this.urlFetch ??= (async () => {
				try {
					const count = Math.min(MAX_PRESIGNED_URLS, this.totalChunks - index + 1);
					const answer = await requestPresignedUrls(
						this.context.transport,
						this.session.upload_id,
						index,
						count,
						this.context.extra,
					);
					this.addUrls(answer.upload_urls);
				} finally {
					this.urlFetch = undefined;
				}
			})();
			await this.urlFetch;
		}
		return undefined;
	}

	/** One PUT of a chunk: its proof, or why it failed (`final` when retrying cannot help). */
	private async putOnce(
		index: number,
		bytes: Buffer,
	): Promise<{ chunk: CompletedChunk } | { reason: string; final: boolean }> {
		const url = await this.urlFor(index);
		if (url === undefined) return { reason: 'TwelveLabs gave no upload URL for it', final: true };
		let response: IN8nHttpFullResponse;
		try {
			response = await this.context.put({
				method: 'PUT',
				url,
				body: bytes,
				headers: {
					...(this.session.upload_headers ?? {}),
					'Content-Type': 'application/octet-stream',
				},
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: CHUNK_TIMEOUT_MS,
				abortSignal: this.context.signal,
				skipSslCertificateValidation: this.context.extra?.skipSslCertificateValidation,
			});
		} catch (error) {
			if (this.context.signal?.aborted) return { reason: 'cancelled', final: true };
			const failed = error as { code?: unknown; message?: string; cause?: { code?: unknown } };
			const code = failed.code ?? failed.cause?.code;
			return {
				reason: `the connection failed (${typeof code === 'string' ? code : failed.message})`,
				final: false,
			};
		}
		const etag = headerOf(response, 'etag')?.replace(/"/g, '').trim();
		if (response.statusCode >= 200 && response.statusCode < 300 && etag) {
			return {
				chunk: { chunk_index: index, proof: etag, proof_type: 'etag', chunk_size: bytes.length },
			};
		}
		const code = storageErrorCode(response.body);
		return {
			reason:
				response.statusCode >= 200 && response.statusCode < 300
					? `the storage answered ${response.statusCode} without an ETag`
					: `the storage answered ${response.statusCode}${code ? ` ${code}` : ''}`,
			// The session is gone (completed elsewhere or expired): no URL can help.
			final: code === 'NoSuchUpload',
		};
	}

	/** A chunk, retried alone with backoff, each attempt through a fresh URL. */
	private async uploadChunk(index: number, bytes: Buffer): Promise<CompletedChunk | ChunkFailure> {
		let reason = '';
		for (let attempt = 1; attempt <= CHUNK_ATTEMPTS; attempt++) {
			if (this.context.signal?.aborted) return new ChunkFailure(index, 'cancelled', true);
			const result = await this.putOnce(index, bytes);
			if ('chunk' in result) return result.chunk;
			reason = result.reason;
			if (result.final) return new ChunkFailure(index, reason, true);
			// The next attempt goes through a fresh URL (this one may be expired or used up).
			this.urls.delete(index);
			if (attempt < CHUNK_ATTEMPTS) {
				const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
				this.context.log(
					`TwelveLabs upload ${this.name}: chunk ${index} of ${this.totalChunks} failed (${reason}); attempt ${attempt + 1} of ${CHUNK_ATTEMPTS} in ${delay} ms`,
				);
				await sleep(delay);
			}
		}
		return new ChunkFailure(index, `${reason}, ${CHUNK_ATTEMPTS} times`, false);
	}

	private queueReport(chunk: CompletedChunk, flush = false): void {
		this.toReport.push(chunk);
		if (this.toReport.length >= REPORT_BATCH || flush) this.sendQueued();
	}

	private sendQueued(): void {
		if (this.toReport.length === 0) return;
		const batch = this.toReport;
		this.toReport = [];
		this.reports = this.reports.then(async () => {
			if (this.reportFailure) return;
			try {
				await reportChunks(
					this.context.transport,
					this.session.upload_id,
					batch,
					this.context.extra,
				);
				for (const chunk of batch) this.done.add(chunk.chunk_index);
				this.logProgress();
			} catch (error) {
				this.reportFailure = error as Error;
			}
		});
	}

	private logProgress(): void {
		const percent = Math.floor((this.done.size / this.totalChunks) * 100);
		if (percent === this.loggedPercent) return;
		this.loggedPercent = percent;
		this.context.log(
			`TwelveLabs upload ${this.name}: ${this.done.size} of ${this.totalChunks} chunks stored (${percent}%)`,
		);
	}

	/** One pass over the file: uploads every chunk not yet uploaded; the first failure, if any. */
	private async pass(): Promise<Error | undefined> {
		this.reportFailure = undefined;
		for (const chunk of this.uploaded.values()) {
			if (!this.done.has(chunk.chunk_index)) this.queueReport(chunk);
		}
		const inFlight = new Set<Promise<void>>();
		let failure: Error | undefined;
		let index = 0;
		for await (const bytes of this.file.chunks(this.session.chunk_size)) {
			index++;
			if (failure || this.reportFailure || this.context.signal?.aborted) break;
			if (this.done.has(index) || this.uploaded.has(index)) continue;
			while (inFlight.size >= CHUNKS_IN_FLIGHT) await Promise.race(inFlight);
			if (failure) break;
			const chunkIndex = index;
			const running: Promise<void> = this.uploadChunk(chunkIndex, bytes)
				.then((chunk) => {
					if (chunk instanceof ChunkFailure) {
						failure ??= chunk;
						return;
					}
					this.uploaded.set(chunkIndex, chunk);
					this.queueReport(chunk);
				})
				.catch((error: unknown) => {
					failure ??= error as Error;
				})
				.finally(() => inFlight.delete(running));
			inFlight.add(running);
		}
		await Promise.all(inFlight);
		this.sendQueued();
		await this.reports;
		if (!failure && !this.reportFailure && !this.context.signal?.aborted && index !== this.totalChunks) {
			throw new NodeOperationError(
				this.context.transport.node,
				`The binary data of ${this.name} came in ${index} chunks, not the ${this.totalChunks} its size of ${this.file.size} bytes makes`,
				{ itemIndex: this.context.transport.itemIndex },
			);
		}
		return failure ?? this.reportFailure;
	}

	/** Each chunk's status in the session; a failed or expired session cannot be resumed. */
	private async readStatus(): Promise<Map<number, string>> {
		const statuses = new Map<number, string>();
		let sessionStatus: string | undefined;
		// Bounded whatever the server claims: the chunks fill this many pages, plus one.
		const maxPages = Math.ceil(this.totalChunks / MAX_ASSET_PAGE_LIMIT) + 1;
		for (let page = 1; page <= maxPages; page++) {
			const answer = await getUploadStatusPage(
				this.context.transport,
				this.session.upload_id,
				page,
				this.context.extra,
			);
			sessionStatus = answer.status ?? sessionStatus;
			const chunks = Array.isArray(answer.uploaded_chunks) ? answer.uploaded_chunks : [];
			for (const chunk of chunks) {
				if (typeof chunk?.index === 'number') statuses.set(chunk.index, String(chunk.status ?? ''));
			}
			const listPage = { data: chunks, page_info: answer.page_info };
			if (isLastListPage(listPage, page, MAX_ASSET_PAGE_LIMIT)) break;
		}
		if (sessionStatus === 'failed' || sessionStatus === 'expired') {
			throw new NodeOperationError(
				this.context.transport.node,
				`The upload session of ${this.name} is ${sessionStatus}; it cannot be resumed`,
				{
					itemIndex: this.context.transport.itemIndex,
					description: 'Run the node again to upload the file in a new session.',
				},
			);
		}
		return statuses;
	}

	async run(): Promise<void> {
		this.context.log(
			`TwelveLabs upload ${this.name}: ${this.file.size} bytes in ${this.totalChunks} chunks of ${this.session.chunk_size} bytes, ${CHUNKS_IN_FLIGHT} at a time`,
		);
		for (let resumes = 0; ; resumes++) {
			const failure = await this.pass();
			if (!failure && this.done.size >= this.totalChunks) break;
			if (this.context.signal?.aborted || (failure instanceof ChunkFailure && failure.final) || resumes >= MAX_RESUMES) {
				throw this.stopped(failure);
			}
			// Ask which chunks are complete, then upload only the rest.
			const statuses = await this.readStatus();
			this.done = new Set([...statuses].filter(([, status]) => status === 'completed').map(([index]) => index));
			for (const index of [...this.uploaded.keys()]) {
				// Uploaded but not confirmed: a pending chunk is reported again, any other uploaded again.
				if (!this.done.has(index) && statuses.get(index) !== 'pending') this.uploaded.delete(index);
			}
			this.context.log(
				`TwelveLabs upload ${this.name}: resuming after ${failure?.message ?? 'an incomplete pass'}; ${this.done.size} of ${this.totalChunks} chunks already stored, uploading the rest`,
			);
		}
		this.context.log(`TwelveLabs upload ${this.name}: all ${this.totalChunks} chunks stored`);
	}

	private stopped(failure: Error | undefined): Error {
		if (failure && !(failure instanceof ChunkFailure)) return failure;
		return new NodeOperationError(
			this.context.transport.node,
			`The upload of ${this.name} stopped: ${failure?.message ?? 'not every chunk was stored'}`,
			{
				itemIndex: this.context.transport.itemIndex,
				description: `${this.done.size} of ${this.totalChunks} chunks were stored; no asset was completed. Run the node again to upload the file again (the unfinished session expires after 24 hours).`,
			},
		);
	}
}

/** Creates the upload session, uploads every chunk, and returns the ids once all are stored. */
export async function uploadInChunks(
	context: UploadContext,
	file: FileSource,
	body: CreateUploadBody,
): Promise<MultipartResult> {
	const session = await createUploadSession(context.transport, body, context.extra);
	const upload = new ChunkedUpload(context, file, session);
	await upload.run();
	return {
		assetId: session.asset_id,
		uploadId: session.upload_id,
		totalChunks: upload.totalChunks,
		chunkSize: session.chunk_size,
	};
}
