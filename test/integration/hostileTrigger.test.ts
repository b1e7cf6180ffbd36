/**
 * The TwelveLabs Trigger through n8n-core's real PollContext against servers that misbehave
 * (test/hostile) and against the simulator at scale: future-dated tasks, tasks that cannot be
 * read, corrupt static data, task ids named like Object.prototype members, and 20,000 tasks in
 * flight. Each test failed on the code before issue 10.
 *
 * The trigger reads the local clock (Date.now) for its `now`, so the hostile servers date their
 * tasks from it too.
 */
import type { IDataObject, INodeExecutionData, Workflow } from 'n8n-workflow';
import { pollTrigger, triggerWorkflow } from '../harness/engine';
import { loggedLines } from '../harness/secrets';
import { sendJson, stallAfterHeaders, startHostile, task, taskId } from '../hostile/server';
import { startTaskServer, type TaskServer } from '../hostile/taskServer';
import { API_KEY, expectNoSecret, startSimulator, type SimulatorFixture } from './support';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const ALL_EVENTS = ['ready', 'failed', 'canceled'];
const NODE_KEY = 'node:TwelveLabs Trigger';

const servers: TaskServer[] = [];
async function serve(): Promise<TaskServer> {
	const server = await startTaskServer();
	servers.push(server);
	return server;
}
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => await server.close()));
});

const iso = (ms: number) => new Date(ms).toISOString();

/** A finished task created `ago` ms before now (local clock). */
function finished(id: string, ago: number, overrides: Record<string, unknown> = {}) {
	const created = Date.now() - ago;
	return task(id, {
		created_at: iso(created),
		completed_at: iso(created + SECOND),
		...overrides,
	});
}

/** A task in flight created `ago` ms before now. */
function running(id: string, ago: number) {
	return task(id, {
		status: 'processing',
		created_at: iso(Date.now() - ago),
		completed_at: undefined,
		result: undefined,
	});
}

/** `count` finished tasks an hour and more old: the account's history. */
function addHistory(server: TaskServer, count: number, prefix = 'a'): void {
	for (let i = 0; i < count; i++)
		server.put(finished(`${prefix}${taskId(i + 1).slice(prefix.length)}`, HOUR + i * MINUTE));
}

function markReady(server: TaskServer, id: string, at = Date.now()): void {
	server.update(id, {
		status: 'ready',
		completed_at: iso(at),
		result: { data: `result of ${id}` },
	});
}

class Trigger {
	private constructor(
		public workflow: Workflow,
		private readonly credentials: IDataObject,
	) {}

	static async create(
		credentials: IDataObject,
		parameters: IDataObject = {},
		staticData?: IDataObject,
	): Promise<Trigger> {
		const workflow = await triggerWorkflow({
			parameters: { events: ALL_EVENTS, output: 'raw', ...parameters },
			staticData,
		});
		return new Trigger(workflow, credentials);
	}

	async poll(): Promise<{ ids: string[]; items: INodeExecutionData[]; requests: number }> {
		const { result, requests } = await pollTrigger({
			workflow: this.workflow,
			credentials: this.credentials,
		});
		expectNoSecret(result);
		expectNoSecret(this.workflow.staticData);
		const items = result?.[0] ?? [];
		return { ids: items.map((item) => String(item.json.task_id)), items, requests };
	}

	/** n8n restarted: the same trigger, rebuilt from its static data as saved (JSON). */
	async restart(): Promise<Trigger> {
		const saved = JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
		const node = this.workflow.getNode('TwelveLabs Trigger');
		return await Trigger.create(this.credentials, node?.parameters ?? {}, saved);
	}

	state(): Record<string, unknown> {
		const all = JSON.parse(JSON.stringify(this.workflow.staticData)) as Record<string, unknown>;
		return (all[NODE_KEY] ?? {}) as Record<string, unknown>;
	}
}

const credentialsFor = (server: TaskServer): IDataObject => ({
	apiKey: API_KEY,
	baseUrl: server.url,
});

/** Warnings logged since `from` (an index into loggedLines()). */
function warningsSince(from: number): string[] {
	return loggedLines()
		.slice(from)
		.filter((line) => line.startsWith('warn: '));
}

describe('a stalled answer ends within the poll budget', () => {
	it('the list read that never finishes times out at what is left of the budget', async () => {
		const api = await startHostile((_request, response) => stallAfterHeaders(response));
		try {
			const workflow = await triggerWorkflow({
				parameters: { events: ALL_EVENTS, output: 'raw' },
			});
			const poll = pollTrigger({
				workflow,
				credentials: { apiKey: API_KEY, baseUrl: api.url },
				pollBudgetMs: 3 * SECOND,
			});
			// The budget's 80 % (2.4 s) is the request's timeout: not the 60 s default.
			await expect(poll).rejects.toThrow(/^TwelveLabs did not answer within [1-3] s$/);
		} finally {
			await api.close();
		}
	}, 20_000);
});

describe('clock skew: a future-dated task does not hide newer ones', () => {
	it('a task dated minutes ahead: newer tasks are still emitted, and it is emitted once when it finishes', async () => {
		const server = await serve();
		addHistory(server, 10);
		const trigger = await Trigger.create(credentialsFor(server), { fetchFullTask: false });
		expect((await trigger.poll()).ids).toEqual([]);

		const ahead = server.put({
			...running('f0000000000000000000000f', 0),
			created_at: iso(Date.now() + 10 * MINUTE),
		});
		expect((await trigger.poll()).ids).toEqual([]);
		const newer = [
			'b00000000000000000000001',
			'b00000000000000000000002',
			'b00000000000000000000003',
		];
		for (const id of newer) {
			server.put(finished(id, 0));
			expect((await trigger.poll()).ids).toEqual([id]);
		}
		markReady(server, ahead, Date.now() + 11 * MINUTE);
		expect((await trigger.poll()).ids).toEqual([ahead]);
		for (let i = 0; i < 3; i++) expect((await trigger.poll()).ids).toEqual([]);
		expect(Number(trigger.state().watermark)).toBeLessThanOrEqual(Date.now() + 15 * SECOND);
	});

	it('a task dated 2099 is emitted once; the trigger does not go silent', async () => {
		const server = await serve();
		addHistory(server, 10);
		const trigger = await Trigger.create(credentialsFor(server));
		await trigger.poll();
		const far = server.put(
			finished('f00000000000000000002099', 0, {
				created_at: '2099-01-01T00:00:00Z',
				completed_at: '2099-01-01T00:10:00Z',
			}),
		);
		expect((await trigger.poll()).ids).toEqual([far]);
		for (const id of ['c00000000000000000000001', 'c00000000000000000000002']) {
			server.put(finished(id, 0));
			expect((await trigger.poll()).ids).toEqual([id]);
		}
	});
});

describe('poison tasks: one unreadable task does not block the others', () => {
	/** Two tracked tasks buried under 120 newer ones (so the poll GETs them), both finished. */
	async function twoTrackedBuried(parameters: IDataObject = {}) {
		const server = await serve();
		const poison = server.put(running('d00000000000000000000001', 5 * HOUR));
		const healthy = server.put(running('d00000000000000000000002', 5 * HOUR - MINUTE));
		addHistory(server, 120);
		const trigger = await Trigger.create(credentialsFor(server), parameters);
		await trigger.poll();
		markReady(server, poison);
		markReady(server, healthy);
		return { server, trigger, poison, healthy };
	}

	it.each([
		[
			'answers 500 forever',
			(_request: unknown, response: Parameters<typeof sendJson>[0]) =>
				sendJson(response, 500, { code: 'internal_error', message: 'boom' }),
		],
		[
			'answers a body that is not a task',
			(_request: unknown, response: Parameters<typeof sendJson>[0]) =>
				sendJson(response, 200, { hello: 'world' }),
		],
	])(
		'a tracked task whose GET %s: the others are emitted, it is warned about, then emitted once readable',
		async (_name, handler) => {
			const { server, trigger, poison, healthy } = await twoTrackedBuried();
			server.answerGet(poison, handler);
			const from = loggedLines().length;
			expect((await trigger.poll()).ids).toEqual([healthy]);
			const warnings = warningsSince(from);
			expect(warnings.some((line) => line.includes(poison))).toBe(true);
			expect((await trigger.poll()).ids).toEqual([]);
			server.answerGet(poison);
			expect((await trigger.poll()).ids).toEqual([poison]);
			expect((await trigger.poll()).ids).toEqual([]);
		},
	);

	it('Fetch Full Task: a finished task whose full read fails is kept back; the others are emitted', async () => {
		const server = await serve();
		addHistory(server, 5);
		const poison = server.put(running('e00000000000000000000001', 2 * MINUTE));
		const healthy = server.put(running('e00000000000000000000002', MINUTE));
		const trigger = await Trigger.create(credentialsFor(server), { fetchFullTask: true });
		await trigger.poll();
		markReady(server, poison);
		markReady(server, healthy);
		server.answerGet(poison, (_request, response) => sendJson(response, 200, { hello: 'world' }));
		const from = loggedLines().length;
		expect((await trigger.poll()).ids).toEqual([healthy]);
		expect(warningsSince(from).some((line) => line.includes(poison))).toBe(true);
		expect((await trigger.poll()).ids).toEqual([]);
		server.answerGet(poison);
		const healed = await trigger.poll();
		expect(healed.ids).toEqual([poison]);
		expect(healed.items[0].json.prompt ?? healed.items[0].json.result).toBeDefined();
		expect((await trigger.poll()).ids).toEqual([]);
	});
});

describe('corrupt static data: a fresh baseline with a warning, then business as usual', () => {
	let fixture: SimulatorFixture;
	beforeAll(async () => {
		fixture = await startSimulator();
	});
	afterAll(async () => {
		await fixture.sim.stop();
	});
	beforeEach(() => {
		fixture.sim.reset({ apiKeys: [API_KEY], seed: 7, startAt: Date.now() - 24 * HOUR });
	});

	const corruptions: Array<[string, unknown]> = [
		['the whole state null', null],
		['the whole state a string', 'garbage'],
		['the whole state an array', [1, 2, 3]],
		[
			'v a string',
			{
				v: '1',
				filterKey: '[null,null,null,null]',
				baselineAt: 1,
				watermark: 1,
				inFlight: {},
				retired: {},
			},
		],
		[
			'watermark null',
			{
				v: 1,
				filterKey: '[null,null,null,null]',
				baselineAt: 1,
				watermark: null,
				inFlight: {},
				retired: {},
			},
		],
		[
			'inFlight a string',
			{
				v: 1,
				filterKey: '[null,null,null,null]',
				baselineAt: 1,
				watermark: 1,
				inFlight: 'abc',
				retired: {},
			},
		],
		[
			'retired an array',
			{
				v: 1,
				filterKey: '[null,null,null,null]',
				baselineAt: 1,
				watermark: 1,
				inFlight: {},
				retired: ['x'],
			},
		],
		[
			'inFlight with a bad entry',
			{
				v: 1,
				filterKey: '[null,null,null,null]',
				baselineAt: 1,
				watermark: 1,
				inFlight: { 'a b': null },
				retired: {},
			},
		],
	];

	it.each(corruptions)('%s', async (_name, corrupt) => {
		fixture.sim.seedTasks(30, { status: ['ready', 'failed'] });
		let trigger = await Trigger.create(fixture.credentials, {}, {
			[NODE_KEY]: corrupt,
		} as IDataObject);
		const from = loggedLines().length;
		expect((await trigger.poll()).ids).toEqual([]); // the new baseline
		expect(warningsSince(from).some((line) => /state|static data/.test(line))).toBe(true);
		// n8n saves the static data and restarts: the baseline survives.
		trigger = await trigger.restart();
		const fresh = fixture.sim.createTaskDirect(
			{
				video: { type: 'url', url: 'https://videos.example.com/fresh.mp4' },
				prompt: 'Describe it.',
			},
			{ durationMs: 20 * SECOND },
		).taskId;
		fixture.sim.advance(MINUTE);
		expect((await trigger.poll()).ids).toEqual([fresh]);
		fixture.sim.advance(MINUTE);
		expect((await trigger.poll()).ids).toEqual([]);
	});
});

describe('task ids named like Object.prototype members', () => {
	it('__proto__, constructor and hasOwnProperty are emitted once each, like any id', async () => {
		const server = await serve();
		addHistory(server, 10);
		const names = ['__proto__', 'constructor', 'hasOwnProperty'];
		for (const name of names) server.put(running(name, 2 * MINUTE));
		let trigger = await Trigger.create(credentialsFor(server));
		await trigger.poll();
		expect(Object.keys(trigger.state().inFlight as object).sort()).toEqual([...names].sort());
		trigger = await trigger.restart();
		for (const name of names) markReady(server, name);
		expect((await trigger.poll()).ids.sort()).toEqual([...names].sort());
		server.put(finished('toString', 0));
		expect((await trigger.poll()).ids).toEqual(['toString']);
		for (let i = 0; i < 3; i++) expect((await trigger.poll()).ids).toEqual([]);
	});
});

describe('scale: 20,000 tasks in flight', () => {
	jest.setTimeout(300_000);

	it('each poll stays under 100 requests; every finished task is emitted once within a few polls', async () => {
		// Seeded tasks run for hours: only completeTask() finishes them.
		const fixture = await startSimulator({
			startAt: Date.now() - 48 * HOUR,
			durations: { minMs: 20 * HOUR, maxMs: 30 * HOUR },
		});
		try {
			const running = fixture.sim.seedTasks(20_000, {
				status: 'processing',
				spacingMs: 5 * SECOND,
			});
			fixture.sim.seedTasks(500, { status: 'ready', createdBefore: fixture.sim.now() - 30 * HOUR });
			const trigger = await Trigger.create(fixture.credentials, { fetchFullTask: false });
			const requests: number[] = [];
			const poll = async () => {
				const outcome = await trigger.poll();
				requests.push(outcome.requests);
				fixture.sim.advance(MINUTE);
				return outcome.ids;
			};
			let baselinePolls = 0;
			while (trigger.state().watermark === undefined && baselinePolls < 10) {
				expect(await poll()).toEqual([]);
				baselinePolls++;
			}
			expect(Object.keys(trigger.state().inFlight as object)).toHaveLength(20_000);

			const emitted = new Map<string, number>();
			const finishedIds: string[] = [];
			for (let round = 0; round < 3; round++) {
				for (let i = 0; i < 300; i++) {
					const id = running[((round * 300 + i) * 7) % running.length];
					fixture.sim.completeTask(id, 'ready');
					finishedIds.push(id);
				}
				for (const id of await poll()) emitted.set(id, (emitted.get(id) ?? 0) + 1);
			}
			let extraPolls = 0;
			while (emitted.size < finishedIds.length && extraPolls < 15) {
				for (const id of await poll()) emitted.set(id, (emitted.get(id) ?? 0) + 1);
				extraPolls++;
			}
			expect(finishedIds.filter((id) => !emitted.has(id))).toEqual([]);
			expect([...emitted.values()].every((count) => count === 1)).toBe(true);
			expect(emitted.size).toBe(900);
			expect(Math.max(...requests)).toBeLessThanOrEqual(100);
			expect(baselinePolls).toBeGreaterThan(1);
			expect(extraPolls).toBeLessThanOrEqual(12);
		} finally {
			await fixture.sim.stop();
		}
	});
});
