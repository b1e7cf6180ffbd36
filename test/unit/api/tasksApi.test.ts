/**
 * The task endpoints (nodes/TwelveLabs/api/tasksApi.ts) over the real transport, with a fake
 * `send` in place of n8n's HTTP helper: paths, methods, headers, and the checks of what came
 * back. One attempt per request, so no retry waits.
 */
import { NodeApiError, type IHttpRequestOptions, type IN8nHttpFullResponse } from 'n8n-workflow';
import {
	assertTask,
	checkCreatedTaskId,
	createTask,
	deleteTask,
	getTask,
	listTaskPage,
	taskPath,
	taskReaderFor,
	TASKS_PATH,
} from '../../../nodes/TwelveLabs/api/tasksApi';
import type { TransportContext } from '../../../nodes/TwelveLabs/api/transport';
import { DEFAULT_RETRY_LIMITS } from '../../../nodes/TwelveLabs/api/retryPolicy';
import type { CreateTaskBody, Task } from '../../../nodes/TwelveLabs/api/types';
import { rejectionOf } from '../rejection';
import { NODE } from './node';

const TASK_ID = '6659a1b2c3d4e5f60718293a';
const TASK: Task = { task_id: TASK_ID, status: 'ready', created_at: '2026-01-02T03:04:05Z' };

type Answer = { statusCode: number; body?: unknown; headers?: Record<string, string> };

/** A transport whose every attempt gets the next answer; bodies go out as text, like the wire. */
function fakeTransport(...answers: Answer[]) {
	const sent: IHttpRequestOptions[] = [];
	const transport: TransportContext = {
		node: NODE,
		baseUrl: 'https://api.example.com/v1.3',
		itemIndex: 3,
		limits: { ...DEFAULT_RETRY_LIMITS, maxAttempts: 1 },
		send: async (options) => {
			sent.push(options);
			const answer = answers.shift();
			if (!answer) throw new Error('no more answers');
			const body =
				answer.body === undefined || typeof answer.body === 'string'
					? answer.body
					: JSON.stringify(answer.body);
			return {
				statusCode: answer.statusCode,
				headers: { 'content-type': 'application/json', ...answer.headers },
				body,
			} as IN8nHttpFullResponse;
		},
	};
	return { transport, sent };
}

const rejection = async (promise: Promise<unknown>) => await rejectionOf(promise, NodeApiError);

function thrown(run: () => unknown): NodeApiError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeApiError);
		return error as NodeApiError;
	}
	throw new Error('did not throw');
}

describe('taskPath', () => {
	it('puts a task id under the tasks path', () => {
		expect(taskPath(TASK_ID)).toBe(`/analyze/tasks/${TASK_ID}`);
		expect(taskPath('a_b-C')).toBe('/analyze/tasks/a_b-C');
		// The pattern allows it, and as a path segment it is only a name.
		expect(taskPath('__proto__')).toBe('/analyze/tasks/__proto__');
	});

	it.each(['..', '../indexes', 'a/b', '', 'a b', '%2e%2e', 'x'.repeat(65), '__proto__?x=1'])(
		'refuses %j',
		(id) => {
			expect(() => taskPath(id)).toThrow(`Not a valid task ID: ${JSON.stringify(id)}`);
		},
	);
});

describe('createTask', () => {
	const body = {
		video: { type: 'url', url: 'https://videos.example.com/a.mp4' },
		model_name: 'pegasus1.5',
		prompt: 'Summarize',
	} as unknown as CreateTaskBody;

	it('POSTs the body with its Idempotency-Key and returns the answer', async () => {
		const { transport, sent } = fakeTransport({
			statusCode: 201,
			body: { task_id: TASK_ID, status: 'pending' },
		});
		expect(await createTask(transport, body, 'key-1', { timeout: 5000 })).toEqual({
			task_id: TASK_ID,
			status: 'pending',
		});
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			method: 'POST',
			baseURL: 'https://api.example.com/v1.3',
			url: TASKS_PATH,
			body,
			headers: { accept: 'application/json', 'Idempotency-Key': 'key-1' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: 5000,
		});
	});

	it('refuses an answer without a valid task_id, for the item that sent it', async () => {
		const { transport } = fakeTransport({ statusCode: 201, body: { task_id: '../x' } });
		const error = await rejection(createTask(transport, body, 'key-2'));
		expect(error.message).toBe('TwelveLabs answered the create without a valid task_id ("../x")');
		expect(error.context.itemIndex).toBe(3);
	});

	it('turns a 400 into the described API error', async () => {
		const { transport, sent } = fakeTransport({
			statusCode: 400,
			body: { code: 'parameter_invalid', message: "The value of parameter 'prompt' is invalid." },
		});
		const error = await rejection(createTask(transport, body, 'key-3'));
		expect(error.message).toBe("TwelveLabs refused the parameter 'prompt'");
		expect(error.httpCode).toBe('400');
		expect(sent).toHaveLength(1);
	});
});

describe('getTask', () => {
	it('GETs the task path and returns the task', async () => {
		const { transport, sent } = fakeTransport({ statusCode: 200, body: TASK });
		expect(await getTask(transport, TASK_ID)).toEqual(TASK);
		expect(sent[0]).toMatchObject({ method: 'GET', url: `/analyze/tasks/${TASK_ID}` });
		expect(sent[0].body).toBeUndefined();
	});

	it('sends nothing for an id that is not one', async () => {
		const { transport, sent } = fakeTransport();
		await expect(getTask(transport, '..')).rejects.toThrow('Not a valid task ID: ".."');
		expect(sent).toHaveLength(0);
	});

	it('names the task a 404 is about', async () => {
		const { transport } = fakeTransport({
			statusCode: 404,
			body: { error: { code: 'not_found', message: 'No such task' } },
		});
		const error = await rejection(getTask(transport, TASK_ID));
		expect(error.message).toBe(`The task '${TASK_ID}' was not found`);
		expect(error.description).toContain('TwelveLabs says: No such task (code: not_found)');
	});

	it('refuses an answer that is not a task', async () => {
		const { transport } = fakeTransport({ statusCode: 200, body: { task_id: TASK_ID } });
		expect((await rejection(getTask(transport, TASK_ID))).message).toBe(
			'TwelveLabs returned a task without status, created_at',
		);
	});

	it('refuses an HTML page answered with 200', async () => {
		const { transport } = fakeTransport({ statusCode: 200, body: '<html>proxy</html>' });
		expect((await rejection(getTask(transport, TASK_ID))).message).toBe(
			'TwelveLabs answered with an HTML page instead of JSON',
		);
	});
});

describe('deleteTask', () => {
	it('DELETEs the task path and accepts an empty answer', async () => {
		const { transport, sent } = fakeTransport({ statusCode: 204, body: '' });
		await expect(deleteTask(transport, TASK_ID)).resolves.toBeUndefined();
		expect(sent[0]).toMatchObject({ method: 'DELETE', url: `/analyze/tasks/${TASK_ID}` });
	});

	it('reports a 409 as a task still being processed', async () => {
		const { transport } = fakeTransport({ statusCode: 409, body: { code: 'task_in_progress' } });
		expect((await rejection(deleteTask(transport, TASK_ID))).message).toMatch(
			/^The task is still being processed/,
		);
	});
});

describe('listTaskPage', () => {
	it('GETs the declared path with the query', async () => {
		const page = { data: [TASK], page_info: { page: 2, total_page: 2 } };
		const { transport, sent } = fakeTransport({ statusCode: 200, body: page });
		expect(
			await listTaskPage(
				transport,
				{ page: 2, page_limit: 50, status: 'ready' },
				undefined,
				'/x/tasks',
			),
		).toEqual(page);
		expect(sent[0]).toMatchObject({
			method: 'GET',
			url: '/x/tasks',
			qs: { page: 2, page_limit: 50, status: 'ready' },
		});
	});

	it('uses the tasks path by default', async () => {
		const { transport, sent } = fakeTransport({ statusCode: 200, body: { data: [] } });
		await listTaskPage(transport, { page: 1 });
		expect(sent[0].url).toBe(TASKS_PATH);
	});

	it.each([{}, { data: null }, { data: { task_id: TASK_ID } }])(
		'refuses a page without a data list: %j',
		async (body) => {
			const { transport } = fakeTransport({ statusCode: 200, body });
			const error = await rejection(listTaskPage(transport, { page: 1 }));
			expect(error.message).toBe('TwelveLabs returned a task list without "data"');
			expect(error.context.itemIndex).toBe(3);
		},
	);
});

describe('taskReaderFor', () => {
	it('reads pages and tasks through the same transport', async () => {
		const { transport, sent } = fakeTransport(
			{ statusCode: 200, body: { data: [TASK] } },
			{ statusCode: 200, body: TASK },
		);
		const reader = taskReaderFor(transport);
		expect((await reader.listTasks({ page: 1, page_limit: 10 })).data).toEqual([TASK]);
		expect(await reader.getTask(TASK_ID)).toEqual(TASK);
		expect(sent.map((options) => `${options.method} ${options.url}`)).toEqual([
			`GET ${TASKS_PATH}`,
			`GET ${TASKS_PATH}/${TASK_ID}`,
		]);
	});
});

describe('checkCreatedTaskId and assertTask', () => {
	it('returns a valid created task id', () => {
		expect(checkCreatedTaskId(NODE, { task_id: TASK_ID })).toBe(TASK_ID);
	});

	it.each([
		[undefined, 'none'],
		[{}, 'none'],
		[{ task_id: 7 }, '7'],
		[{ task_id: '__proto__/x' }, '"__proto__/x"'],
	])('refuses the create answer %j', (body, shown) => {
		const error = thrown(() => checkCreatedTaskId(NODE, body, 1));
		expect(error.message).toBe(`TwelveLabs answered the create without a valid task_id (${shown})`);
		expect(error.description).toContain('Base URL');
		expect(error.context.itemIndex).toBe(1);
	});

	it('cuts a long invalid id in the message', () => {
		const error = thrown(() => checkCreatedTaskId(NODE, { task_id: 'x'.repeat(200) }));
		expect(error.message).toBe(
			`TwelveLabs answered the create without a valid task_id (${`"${'x'.repeat(200)}"`.slice(0, 80)})`,
		);
	});

	it('accepts a task with id, status and creation time, returning it as is', () => {
		const task = { ...TASK, custom_id: 'c' };
		expect(assertTask(NODE, task)).toBe(task);
	});

	it.each([
		[undefined, 'task_id, status, created_at'],
		[{ task_id: TASK_ID, status: 'ready' }, 'created_at'],
		[{ task_id: 5, status: 'ready', created_at: 'x' }, 'task_id'],
	])('names what a task answer %j lacks', (body, missing) => {
		expect(thrown(() => assertTask(NODE, body)).message).toBe(
			`TwelveLabs returned a task without ${missing}`,
		);
	});

	it('refuses a task whose id would change a path', () => {
		expect(thrown(() => assertTask(NODE, { ...TASK, task_id: '..' })).message).toBe(
			'TwelveLabs returned a task whose task_id is not valid ("..")',
		);
	});
});
