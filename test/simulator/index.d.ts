/**
 * Public API of the TwelveLabs API simulator (index.js): analyze tasks, assets, multipart uploads.
 * Times are sim epoch milliseconds unless a name says "real".
 */

export type SimTaskStatus = 'queued' | 'pending' | 'processing' | 'ready' | 'failed' | 'canceled';
export type SimFinalStatus = 'ready' | 'failed' | 'canceled';
export type ErrorShape = 'flat' | 'nested' | 'mixed';

export interface FaultConfig {
	/** Seed of the fault sequence (defaults to the simulator seed). */
	seed?: number;
	/** Fraction of requests answered 500/502/503 with an API-shaped body, before processing. */
	errorRate?: number;
	/** Fraction of requests whose socket is destroyed before processing. */
	dropRate?: number;
	/** Fraction of requests processed (e.g. task created) whose response is then lost. */
	dropAfterProcessRate?: number;
	/** Extra real-time delay on a fraction of requests. */
	latency?: { rate: number; ms: number };
	/** Of every `every` requests, the last `length` are 429 with Retry-After (real ms). */
	burst429?: { every: number; length?: number; retryAfterMs?: number };
	/** Fraction of requests answered 502 with an HTML proxy page. */
	htmlErrorRate?: number;
	/** Fraction of requests answered 200 with a body that is not valid JSON or lacks fields (not processed). */
	malformedRate?: number;
}

/** One exact fault for failNext(); method/pathPrefix restrict which request takes it. */
export interface FaultSpec {
	status?: number;
	/** For status 429: real ms sent as Retry-After (ceil seconds) and X-Sim-Retry-After-Ms. */
	retryAfterMs?: number;
	code?: string;
	message?: string;
	drop?: boolean;
	dropAfterProcess?: boolean;
	html?: boolean;
	malformed?: boolean;
	variant?: 'invalid_json' | 'missing_fields';
	/** Real ms of extra latency (alone or with another fault). */
	latencyMs?: number;
	/** The connection drops after part of the request body was read (streamed routes: asset create, chunk PUT). */
	dropMidBody?: boolean;
	/** With dropMidBody: bytes read before the drop (default half the Content-Length, at least 1). */
	afterBytes?: number;
	method?: string;
	/** e.g. '/analyze/tasks', '/assets' or '/_storage/multipart' (the /v1.3 prefix is optional). */
	pathPrefix?: string;
}

export interface RateLimitConfig {
	/** Per category: create and the reads (list, retrieve, delete) are counted apart. */
	perMinute?: number | null;
	perDay?: number | null;
	/** Limits of create alone (default: perMinute/perDay). */
	create?: { perMinute?: number | null; perDay?: number | null };
}

/** Extra passes of the engine suite: the API as sparse as the SDK allows, or its documented error wording. */
export type SimulatorProfile = 'full' | 'sparse' | 'documented';

export interface SimulatorOptions {
	/** Seeds ids, durations, outcomes, results and faults. Default 1. */
	seed?: number;
	/** Sim ms per real ms. Default 1. */
	speed?: number;
	/** Sim epoch ms at start. Default Date.now(). */
	startAt?: number;
	/** Accepted x-api-key values. Default ['sim-key']. */
	apiKeys?: string[];
	/** Default 'flat'. 'mixed' alternates flat and nested. */
	errorShape?: ErrorShape;
	/** 'simulator' (default): detailed messages; 'documented': the reference's own wording. */
	errorWording?: 'simulator' | 'documented';
	/** Seeded: every response field the SDK marks optional may be null or missing. Default false. */
	sparse?: boolean;
	/** 429s carry Retry-After 'always' (default), 'sometimes' (a seeded half) or 'never'. */
	retryAfter?: 'always' | 'sometimes' | 'never';
	/** Task durations from creation to final status (sim ms). Default 5000..30000. */
	durations?: { minMs?: number; maxMs?: number };
	/** Fractions of the duration spent queued, then pending. Default 0.1 and 0.1. */
	phases?: { queued?: number; pending?: number };
	/** Probability that a task fails. Default 0. */
	failureRate?: number;
	/** Default none (headers still sent, limit 1000000). */
	rateLimit?: RateLimitConfig;
	faults?: FaultConfig;
	/**
	 * Asset id → state, for task creation. Unlisted ids: assets in the store by their status
	 * (deleted ones do not exist), ids starting "notready" are processing, other 24-hex ids ready.
	 */
	assets?: Record<string, string>;
	/** Upload limits and timing (merged key by key with the defaults). */
	uploads?: UploadOptions;
	/** Default true. false makes the simulator ignore Idempotency-Key (to show duplicates). */
	honorIdempotencyKey?: boolean;
	/** Webhook URLs shown as delivered on final tasks. Default []. */
	webhooks?: string[];
	/** Request log entries kept. Default 100000. */
	logLimit?: number;
}

export interface UploadOptions {
	/** Direct upload (POST /assets, method direct) of video, audio and documents. Default 200 MiB. */
	directMaxBytes?: number;
	/** Images, direct or multipart. Default 32 MiB. */
	imageMaxBytes?: number;
	/** Multipart total_size of video and audio. Default 10 GiB. */
	multipartMaxBytes?: number;
	/** Chunk size in bytes; null (default) chooses max(5 MiB, total_size / 10000 rounded up to MiB). */
	chunkSize?: number | null;
	/** Presigned URLs in the create-session response. Default 10. */
	initialUrls?: number;
	/** Presigned URL lifetime, sim ms. Default 1 hour. */
	urlTtlMs?: number;
	/** Upload session lifetime, sim ms. Default 24 hours. */
	sessionTtlMs?: number;
	/** Sim ms an asset stays processing once its bytes are complete. Default 2000..10000. */
	processing?: { minMs: number; maxMs: number };
}

export type SimAssetStatus = 'processing' | 'ready' | 'failed';

export interface AssetSnapshot {
	assetId: string;
	seq: number;
	method: 'direct' | 'url' | 'multipart';
	status: SimAssetStatus;
	kind: 'video' | 'audio' | 'image' | 'document';
	filename: string;
	fileType: string;
	url: string | null;
	/** Declared or known size in bytes. */
	size: number;
	/** Bytes the simulator received (direct file part, or the reported chunks of a multipart upload). */
	bytesReceived: number;
	createdAt: number;
	/** Sim time of the final status; null while a multipart upload is incomplete. */
	readyAt: number | null;
	outcome: 'ready' | 'failed';
	uploadId: string | null;
	userMetadata: Record<string, unknown> | null;
	indexedReferences: number;
	/** The asset as GET /assets/:id returns it (full profile). */
	json: Record<string, unknown>;
}

export interface CreateAssetDirectOptions {
	id?: string;
	filename?: string;
	fileType?: string;
	method?: 'direct' | 'url';
	url?: string;
	size?: number;
	/** Default 'ready'. */
	status?: SimAssetStatus;
	processingMs?: number;
	createdAt?: number;
	userMetadata?: Record<string, unknown>;
	enableHls?: boolean;
	enableThumbnail?: boolean;
	/** Indexed assets referencing it: DELETE answers 409 unless force=true. */
	indexedReferences?: number;
}

export interface ChunkSnapshot {
	index: number;
	status: 'completed' | 'pending' | 'failed';
	/** Bytes of the last complete PUT. */
	bytes: number;
	etag: string | null;
	reported: boolean;
	/** PUT requests that reached the bucket with a valid URL. */
	attempts: number;
	/** Complete PUTs (more than 1: the chunk was uploaded again). */
	puts: number;
	/** PUTs cut before their end (dropped mid-body or aborted by the client). */
	interrupted: number;
	bytesReceived: number;
}

export interface UploadSnapshot {
	uploadId: string;
	assetId: string;
	filename: string;
	type: 'video' | 'audio' | 'image';
	status: 'active' | 'completed' | 'failed' | 'expired';
	totalSize: number;
	chunkSize: number;
	totalChunks: number;
	createdAt: number;
	expiresAt: number;
	completedAt: number | null;
	chunksCompleted: number;
	uploadedSize: number;
	urlsIssued: number;
	chunks: ChunkSnapshot[];
}

export interface RequestLogEntry {
	/** Sim epoch ms when the request arrived. */
	time: number;
	method: string;
	path: string;
	/** Route pattern, e.g. '/analyze/tasks/:id', or 'other'. */
	route: string;
	query: Record<string, string>;
	/** The parsed JSON request body (null when none or not JSON); strings over 64 KiB are replaced by a placeholder. */
	body: unknown;
	/** Status sent (or that would have been sent when dropped after processing); null when dropped before. */
	status: number | null;
	idempotencyKey: string | null;
	/** null when the request never reached auth (fault before processing). */
	authValid: boolean | null;
	dropped: boolean;
	fault: 'drop' | 'error' | 'rate429' | 'html' | 'malformed' | 'dropAfterProcess' | 'dropMidBody' | 'latency' | null;
}

export interface SimCounts {
	requests: number;
	/** Keyed by "METHOD route", e.g. "GET /analyze/tasks/:id". */
	byRoute: Record<string, number>;
	/** Keyed by status code, or "dropped". */
	byStatus: Record<string, number>;
	/** Number of 429 responses (rate limit and injected). */
	rateLimited: number;
	dropped: number;
	faults: Record<string, number>;
}

export interface SimStats {
	creates: number;
	createsWithoutKey: number;
	idempotentReplays: number;
	idempotencyKeyBodyMismatches: number;
	/** Tasks created beyond the first per Idempotency-Key (0 when keys are honoured). */
	duplicateCreates: number;
	tasks: number;
	/** Assets in the store. */
	assets: number;
	/** POST /assets that created an asset. */
	assetCreates: number;
	uploadSessions: number;
	/** Complete chunk PUTs, those beyond the first per chunk, and the interrupted ones. */
	chunkPuts: number;
	duplicateChunkPuts: number;
	interruptedChunkPuts: number;
}

export interface TaskSnapshot {
	taskId: string;
	seq: number;
	status: SimTaskStatus;
	createdAt: number;
	completedAt: number | null;
	plannedCompletionAt: number;
	outcome: SimFinalStatus;
	durationMs: number;
	videoSeconds: number;
	analysisMode: 'general' | 'time_based_metadata';
	model: string;
	customId: string | null;
	idempotencyKey: string | null;
	/** True after completeTask() or a cancel. */
	forced: boolean;
	/** The normalised request (defaults filled in). */
	request: Record<string, unknown>;
	/** The task as GET /analyze/tasks/:id returns it (getTaskDirect, createTaskDirect, setTaskOutcome). */
	json?: Record<string, unknown>;
}

export interface SeedTasksOptions {
	/** One status, or a list cycled over the tasks. Default 'ready'. */
	status?: SimTaskStatus | SimTaskStatus[];
	analysisMode?: 'general' | 'time_based_metadata';
	/** The newest seeded task is created spacingMs before this. Default now. */
	createdBefore?: number;
	/** Default 60000. */
	spacingMs?: number;
	videoUrl?: string;
	assetId?: string;
	customIdPrefix?: string;
	prompt?: string;
	/** A full create body, or a function of the index, instead of the generated one. */
	body?: Record<string, unknown> | ((index: number) => Record<string, unknown>);
}

export interface CreateTaskDirectOptions {
	createdAt?: number;
	idempotencyKey?: string | null;
	durationMs?: number;
	outcome?: 'ready' | 'failed';
	/** Skip asset/download checks. Default true (checks run). */
	external?: boolean;
}

export interface TaskOutcome {
	/** Sim ms from creation (plus delayQueuedMs) to the final status. */
	durationMs?: number;
	outcome?: 'ready' | 'failed';
	failMessage?: string;
	delayQueuedMs?: number;
}

export interface Simulator {
	start(port?: number): Promise<{ url: string; port: number }>;
	stop(): Promise<void>;
	/** Base URL with /v1.3 once started. */
	readonly url: string | undefined;
	reset(options?: SimulatorOptions): void;
	configure(options: SimulatorOptions): void;
	currentOptions(): Required<Omit<SimulatorOptions, 'startAt'>>;
	setSpeed(speed: number): void;
	now(): number;
	/** Jumps the clock forward; returns the new sim time. */
	advance(ms: number): number;

	requests(): RequestLogEntry[];
	resetLog(): void;
	counts(): SimCounts;
	stats(): SimStats;

	seedTasks(count: number, options?: SeedTasksOptions): string[];
	createTaskDirect(body: Record<string, unknown>, options?: CreateTaskDirectOptions): TaskSnapshot;
	getTaskDirect(taskId: string): TaskSnapshot | undefined;
	deleteTaskDirect(taskId: string): boolean;
	/** All tasks, oldest first, without json. */
	tasks(): TaskSnapshot[];
	tasksByIdempotencyKey(): Map<string, string[]>;
	setTaskOutcome(taskId: string, outcome: TaskOutcome): TaskSnapshot;
	/** Forces a final status now; returns the task as the API sends it. */
	completeTask(taskId: string, status?: SimFinalStatus, message?: string): Record<string, unknown>;

	/** Stored assets, newest first. */
	assets(): AssetSnapshot[];
	getAssetDirect(assetId: string): AssetSnapshot | undefined;
	createAssetDirect(options?: CreateAssetDirectOptions): AssetSnapshot;
	deleteAssetDirect(assetId: string): boolean;
	setAssetOutcome(assetId: string, outcome: { processingMs?: number; outcome?: 'ready' | 'failed'; failMessage?: string }): AssetSnapshot;
	/** Forces 'ready' or 'failed' now. */
	completeAsset(assetId: string, status?: 'ready' | 'failed', message?: string): AssetSnapshot;
	/** Multipart upload sessions, newest first, with per-chunk PUT counters. */
	uploads(): UploadSnapshot[];
	/** Makes an upload session 'failed'. */
	failUpload(uploadId: string): void;

	setFaults(config: FaultConfig): void;
	failNext(n: number, spec: FaultSpec): void;
	clearFaults(): void;
}

export declare function createSimulator(options?: SimulatorOptions): Simulator;
/** The options of a profile; `profileOptions()` reads TWELVELABS_SIM_PROFILE. */
export declare function profileOptions(profile?: string): Partial<SimulatorOptions>;
export declare function mulberry32(seed: number): () => number;
export declare function hashString(text: string): number;
export declare function formatTimestamp(seconds: number, format?: 'seconds' | 'hh:mm:ss' | 'hh:mm:ss.fff'): number | string;
export declare const DEFAULT_OPTIONS: Readonly<SimulatorOptions>;
