/**
 * An in-memory TwelveLabs task store that answers like `GET /analyze/tasks` and
 * `GET /analyze/tasks/{id}`: newest-created first, offset paging computed at request time (so
 * pages shift when tasks are created or deleted between reads; a task may appear some time
 * after its created_at), status / analysis_mode /
 * asset_id / video_url filters, abbreviated list items, 404 for deleted tasks, 400 above 50
 * per page. Time is simulated: `advance` moves the server clock and runs task lifecycles.
 * `beforeRequest` runs before each request is served: tests use it to change the store
 * mid-poll or to make a request fail.
 */
import type {
	AnalysisMode,
	ListTasksQuery,
	Task,
	TaskListResponse,
	TaskReader,
} from '../../nodes/TwelveLabs/api/types';
import { MAX_PAGE_LIMIT, isFinalStatus } from '../../nodes/TwelveLabs/api/types';

export class FakeApiError extends Error {
	constructor(
		readonly httpCode: string,
		message: string,
	) {
		super(message);
	}
}

export type Outcome = 'ready' | 'failed' | 'canceled';

export interface NewTask {
	/** Server time of creation (epoch ms); default: now. */
	createdAt?: number;
	status?: string;
	customId?: string | null;
	analysisMode?: AnalysisMode;
	assetId?: string;
	videoUrl?: string;
	/** Appear in lists only this long after created_at (a slow create, replication lag); GET sees the task at once. */
	listingLagMs?: number;
	/** Run the lifecycle automatically: queued, pending, processing, then `outcome` after this long. */
	durationMs?: number;
	outcome?: Outcome;
}

export interface RequestInfo {
	n: number;
	kind: 'list' | 'get';
	query?: ListTasksQuery;
	taskId?: string;
}

interface StoredTask {
	seq: number;
	id: string;
	createdAt: number;
	status: string;
	completedAt?: number;
	customId: string | null;
	analysisMode: AnalysisMode;
	assetId?: string;
	videoUrl?: string;
	listedAt: number;
	plan?: { pendingAt: number; processingAt: number; finishAt: number; outcome: Outcome };
}

const LONG_PROMPT =
	'Summarise this video in three sentences, naming every speaker you can identify.';

export class FakeTaskStore implements TaskReader {
	now: number;

	readonly requests: RequestInfo[] = [];

	beforeRequest: ((info: RequestInfo) => void) | undefined;

	/** When each task became final (server time), for test oracles. */
	readonly finishedAt = new Map<string, number>();

	readonly deletedIds = new Set<string>();

	private readonly tasks = new Map<string, StoredTask>();

	private readonly running = new Set<string>();

	private sorted: StoredTask[] | undefined;

	private seq = 0;

	private readonly resolutionMs: number;

	constructor(options: { now?: number; timestampResolutionMs?: number } = {}) {
		this.now = options.now ?? Date.UTC(2026, 0, 1);
		this.resolutionMs = options.timestampResolutionMs ?? 1;
	}

	create(spec: NewTask = {}): string {
		this.seq++;
		const id = `6650${this.seq.toString(16).padStart(20, '0')}`;
		const createdAt = spec.createdAt ?? this.now;
		const task: StoredTask = {
			seq: this.seq,
			id,
			createdAt,
			status: spec.status ?? 'queued',
			customId: spec.customId ?? null,
			analysisMode: spec.analysisMode ?? 'general',
			assetId: spec.assetId,
			videoUrl:
				spec.videoUrl ?? (spec.assetId ? undefined : `https://videos.example.com/${this.seq}.mp4`),
			listedAt: createdAt + (spec.listingLagMs ?? 0),
		};
		if (spec.durationMs !== undefined) {
			const d = spec.durationMs;
			task.plan = {
				pendingAt: createdAt + d * 0.1,
				processingAt: createdAt + d * 0.2,
				finishAt: createdAt + d,
				outcome: spec.outcome ?? 'ready',
			};
			this.running.add(id);
		}
		if (isFinalStatus(task.status)) this.markFinal(task, task.status, createdAt);
		this.tasks.set(id, task);
		this.sorted = undefined;
		this.applyPlan(task);
		return id;
	}

	setStatus(id: string, status: string): void {
		const task = this.mustGet(id);
		this.running.delete(id);
		task.plan = undefined;
		if (isFinalStatus(status)) this.markFinal(task, status, this.now);
		else task.status = status;
	}

	delete(id: string): void {
		this.mustGet(id);
		this.tasks.delete(id);
		this.running.delete(id);
		this.deletedIds.add(id);
		this.sorted = undefined;
	}

	advance(ms: number): void {
		this.now += ms;
		for (const id of [...this.running]) {
			const task = this.tasks.get(id);
			if (task) this.applyPlan(task);
		}
	}

	statusOf(id: string): string | undefined {
		return this.tasks.get(id)?.status;
	}

	/** Ids of existing tasks, newest-created first. */
	ids(filter: (status: string) => boolean = () => true): string[] {
		return this.newestFirst()
			.filter((task) => filter(task.status))
			.map((task) => task.id);
	}

	async listTasks(query: ListTasksQuery): Promise<TaskListResponse> {
		this.startRequest({ n: this.requests.length + 1, kind: 'list', query: { ...query } });
		const page = query.page ?? 1;
		const limit = query.page_limit ?? 10;
		if (
			!Number.isInteger(page) ||
			page < 1 ||
			!Number.isInteger(limit) ||
			limit < 1 ||
			limit > MAX_PAGE_LIMIT
		) {
			throw new FakeApiError('400', `parameter_invalid: page=${page} page_limit=${limit}`);
		}
		const matching = this.newestFirst().filter(
			(task) =>
				task.listedAt <= this.now &&
				(query.status === undefined || task.status === query.status) &&
				(query.analysis_mode === undefined || task.analysisMode === query.analysis_mode) &&
				(query.asset_id === undefined || task.assetId === query.asset_id) &&
				(query.video_url === undefined || task.videoUrl === query.video_url),
		);
		const data = matching
			.slice((page - 1) * limit, page * limit)
			.map((task) => this.toTask(task, false));
		return {
			data,
			page_info: {
				limit_per_page: limit,
				page,
				total_page: Math.ceil(matching.length / limit),
				total_results: matching.length,
			},
		};
	}

	async getTask(taskId: string): Promise<Task> {
		this.startRequest({ n: this.requests.length + 1, kind: 'get', taskId });
		const task = this.tasks.get(taskId);
		if (!task)
			throw new FakeApiError('404', 'resource_not_exist: The requested task does not exist.');
		return this.toTask(task, true);
	}

	private startRequest(info: RequestInfo): void {
		this.requests.push(info);
		this.beforeRequest?.(info);
	}

	private mustGet(id: string): StoredTask {
		const task = this.tasks.get(id);
		if (!task) throw new Error(`no task ${id}`);
		return task;
	}

	private newestFirst(): StoredTask[] {
		this.sorted ??= [...this.tasks.values()].sort(
			(a, b) => b.createdAt - a.createdAt || b.seq - a.seq,
		);
		return this.sorted;
	}

	private markFinal(task: StoredTask, status: string, at: number): void {
		task.status = status;
		task.completedAt = at;
		this.finishedAt.set(task.id, at);
		this.running.delete(task.id);
	}

	private applyPlan(task: StoredTask): void {
		const plan = task.plan;
		if (!plan || isFinalStatus(task.status)) return;
		if (this.now >= plan.finishAt) this.markFinal(task, plan.outcome, plan.finishAt);
		else if (this.now >= plan.processingAt) task.status = 'processing';
		else if (this.now >= plan.pendingAt) task.status = 'pending';
	}

	private stamp(ms: number): string {
		return new Date(ms - (ms % this.resolutionMs)).toISOString();
	}

	private toTask(task: StoredTask, full: boolean): Task {
		const out: Task = {
			task_id: task.id,
			custom_id: task.customId,
			status: task.status,
			created_at: this.stamp(task.createdAt),
			video_source: task.assetId
				? { type: 'asset_id', asset_id: task.assetId }
				: { type: 'url', url: task.videoUrl },
			request_params: {
				analysis_mode: task.analysisMode,
				prompt: full ? LONG_PROMPT : LONG_PROMPT.slice(0, 30),
			},
		};
		if (task.completedAt !== undefined) out.completed_at = this.stamp(task.completedAt);
		if (task.status === 'ready') {
			out.result = {
				generation_id: `gen-${task.id}`,
				data: 'A summary.',
				finish_reason: 'stop',
				usage: { output_tokens: 3 },
			};
		}
		if (task.status === 'failed')
			out.error = { message: 'Video duration exceeds maximum allowed duration' };
		return out;
	}
}
