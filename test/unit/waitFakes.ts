/**
 * Fakes for the waiting engine's unit tests: a clock that only moves when the code under
 * test sleeps (or a request takes time), and an in-memory TwelveLabs task store whose task
 * statuses follow that clock.
 */
import type {
	ListTasksQuery,
	Task,
	TaskListResponse,
	TaskReader,
} from '../../nodes/TwelveLabs/api/types';
import { isFinalStatus } from '../../nodes/TwelveLabs/api/types';
import { RateLimitedError } from '../../nodes/TwelveLabs/api/rateLimitedError';

export const T0 = Date.UTC(2026, 8, 1, 12, 0, 0);

export class FakeClock {
	private nowMs: number;
	private scheduled: Array<{ atMs: number; action: () => void }> = [];
	/** Every sleep asked for, in order. */
	readonly sleeps: number[] = [];

	constructor(startMs = T0) {
		this.nowMs = startMs;
	}

	now = (): number => this.nowMs;

	/** Runs `action` when the clock reaches `atMs`. */
	at(atMs: number, action: () => void): void {
		this.scheduled.push({ atMs, action });
		this.scheduled.sort((a, b) => a.atMs - b.atMs);
	}

	/** Moves time forward, running scheduled actions at their time; stops early when `stopWhen` turns true. */
	advance(ms: number, stopWhen: () => boolean = () => false): void {
		const targetMs = this.nowMs + Math.max(0, ms);
		while (this.scheduled.length > 0 && this.scheduled[0].atMs <= targetMs) {
			const next = this.scheduled.shift() as { atMs: number; action: () => void };
			this.nowMs = Math.max(this.nowMs, next.atMs);
			next.action();
			if (stopWhen()) return;
		}
		this.nowMs = targetMs;
	}

	/** A plain sleep: it does not notice cancellation. */
	sleep = async (ms: number): Promise<void> => {
		this.sleeps.push(ms);
		this.advance(ms);
	};

	/** A sleep that returns as soon as `signal` aborts, like the node's cancellable sleep. */
	cancellableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
		return async (ms: number) => {
			this.sleeps.push(ms);
			this.advance(ms, () => signal.aborted);
		};
	}
}

export interface FakeTaskSpec {
	createdAtMs: number;
	/** Time from creation to a final status; Infinity never finishes. */
	durationMs: number;
	/** Time spent queued before processing (default 1 s, capped by the duration). */
	queuedMs?: number;
	finalStatus?: 'ready' | 'failed';
}

export interface RecordedCall {
	kind: 'list' | 'get';
	atMs: number;
	page?: number;
	taskId?: string;
	/** Status returned by a successful GET. */
	status?: string;
	failed?: boolean;
}

const FULL_PROMPT = 'Describe every scene of this video, with the people and objects in it.';

export function notFoundError(): Error {
	return Object.assign(new Error('The task does not exist'), { httpCode: '404' });
}

const FAKE_NODE = {
	id: 'fake',
	name: 'TwelveLabs',
	type: 'twelveLabs',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

export function rateLimitedError(retryAfterMs: number): Error {
	return new RateLimitedError(
		FAKE_NODE,
		{ message: 'Too many requests' },
		{ message: 'Too many requests', httpCode: '429' },
		retryAfterMs,
	);
}

/** An in-memory analyze-tasks API: newest-first paged list with abbreviated items, full GET, 404 when gone. */
export class FakeTaskApi implements TaskReader {
	readonly calls: RecordedCall[] = [];
	private readonly tasks = new Map<string, FakeTaskSpec>();
	private readonly insertionOrder: string[] = [];
	private readonly failures: Array<{ kind: 'list' | 'get'; error: Error }> = [];
	private nextId = 1;

	constructor(
		private readonly clock: FakeClock,
		/** Time each request takes. */
		private readonly latencyMs = 0,
	) {}

	add(spec: FakeTaskSpec): string {
		const taskId = (0xa0000000 + this.nextId++).toString(16).padStart(24, '0');
		this.tasks.set(taskId, spec);
		this.insertionOrder.push(taskId);
		return taskId;
	}

	/** Adds `count` other tasks of the account, finished long ago, created from `newestCreatedAtMs` backwards 1 s apart. */
	addOthers(count: number, newestCreatedAtMs: number): string[] {
		return Array.from({ length: count }, (_, index) =>
			this.add({ createdAtMs: newestCreatedAtMs - index * 1000, durationMs: 1000 }),
		);
	}

	delete(taskId: string): void {
		this.tasks.delete(taskId);
	}

	/** The next call of `kind` fails with `error`. */
	failNext(kind: 'list' | 'get', error: Error): void {
		this.failures.push({ kind, error });
	}

	statusOf(taskId: string, atMs = this.clock.now()): string {
		const spec = this.tasks.get(taskId) as FakeTaskSpec;
		const age = atMs - spec.createdAtMs;
		if (age >= spec.durationMs) return spec.finalStatus ?? 'ready';
		return age < Math.min(spec.queuedMs ?? 1000, spec.durationMs) ? 'queued' : 'processing';
	}

	fullTask(taskId: string): Task {
		const spec = this.tasks.get(taskId) as FakeTaskSpec;
		const status = this.statusOf(taskId);
		const task: Task = {
			task_id: taskId,
			custom_id: null,
			status,
			created_at: new Date(spec.createdAtMs).toISOString(),
			video_source: { type: 'url', url: `https://videos.example/${taskId}.mp4` },
			request_params: {
				analysis_mode: 'general',
				prompt: FULL_PROMPT,
				temperature: 0.2,
				max_tokens: 4096,
			},
		};
		if (isFinalStatus(status))
			task.completed_at = new Date(spec.createdAtMs + spec.durationMs).toISOString();
		if (status === 'ready') {
			task.result = {
				generation_id: `gen-${taskId}`,
				data: `Summary of ${taskId}`,
				finish_reason: 'stop',
			};
		}
		if (status === 'failed')
			task.error = { message: 'Video duration exceeds maximum allowed duration' };
		return task;
	}

	/** How the list shows a task: prompt cut to 30 characters. */
	private listItem(taskId: string): Task {
		const task = this.fullTask(taskId);
		return {
			...task,
			request_params: { ...task.request_params, prompt: FULL_PROMPT.slice(0, 30) },
		};
	}

	async listTasks(query: ListTasksQuery): Promise<TaskListResponse> {
		const page = query.page ?? 1;
		const limit = query.page_limit ?? 10;
		const call: RecordedCall = { kind: 'list', atMs: this.clock.now(), page };
		this.calls.push(call);
		this.clock.advance(this.latencyMs);
		this.throwInjected('list', call);

		const ids = this.newestFirst();
		const data = ids.slice((page - 1) * limit, page * limit).map((taskId) => this.listItem(taskId));
		return {
			data,
			page_info: {
				limit_per_page: limit,
				page,
				total_page: Math.ceil(ids.length / limit),
				total_results: ids.length,
			},
		};
	}

	async getTask(taskId: string): Promise<Task> {
		const call: RecordedCall = { kind: 'get', atMs: this.clock.now(), taskId };
		this.calls.push(call);
		this.clock.advance(this.latencyMs);
		this.throwInjected('get', call);
		if (!this.tasks.has(taskId)) {
			call.failed = true;
			throw notFoundError();
		}
		const task = this.fullTask(taskId);
		call.status = task.status;
		return task;
	}

	// ---- what the tests assert on ----

	listCalls(): RecordedCall[] {
		return this.calls.filter((call) => call.kind === 'list');
	}

	getCalls(taskId?: string): RecordedCall[] {
		return this.calls.filter(
			(call) => call.kind === 'get' && (taskId === undefined || call.taskId === taskId),
		);
	}

	/** GETs that returned the task in a final status. */
	finalGets(taskId: string): number {
		return this.getCalls(taskId).filter(
			(call) => call.status !== undefined && isFinalStatus(call.status),
		).length;
	}

	private throwInjected(kind: 'list' | 'get', call: RecordedCall): void {
		const index = this.failures.findIndex((failure) => failure.kind === kind);
		if (index < 0) return;
		const [failure] = this.failures.splice(index, 1);
		call.failed = true;
		throw failure.error;
	}

	/** Newest first; ties broken by insertion, later first, like a stable server sort. */
	private newestFirst(): string[] {
		const position = new Map(this.insertionOrder.map((taskId, index) => [taskId, index]));
		return [...this.tasks.keys()].sort((a, b) => {
			const byTime =
				(this.tasks.get(b) as FakeTaskSpec).createdAtMs -
				(this.tasks.get(a) as FakeTaskSpec).createdAtMs;
			return byTime !== 0 ? byTime : (position.get(b) as number) - (position.get(a) as number);
		});
	}
}
