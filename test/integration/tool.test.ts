/**
 * The node as an AI agent's tool, through n8n-core's engine both ways n8n runs a tool (the
 * AI Agent v3's engine requests; older agents' and the MCP Server Trigger's SupplyDataContext),
 * against the simulator: model-filled parameters, the wait limit, results cut to fit, errors
 * a model can act on.
 */
import type { IDataObject } from 'n8n-workflow';
import { runTool, toolDescriptionFor } from '../harness/tool';
import { TOOL_DESCRIPTIONS } from '../../nodes/TwelveLabs/tool/descriptions';
import { expectNoSecret, scriptedVideo, useSimulator } from './support';

/** 50 simulated ms per real ms: a 10 s task takes 200 ms. */
const SPEED = 50;

const fromAI = (key: string, description: string, type = 'string') =>
	`={{ $fromAI('${key}', \`${description}\`, '${type}') }}`;

/** Create and Wait as an agent's tool: the video and the prompt come from the model. */
const analyzeVideo = (extra: IDataObject = {}): IDataObject => ({
	resource: 'analysisTask',
	operation: 'createAndWait',
	videoSource: 'url',
	videoUrl: fromAI('video_url', 'A direct link to the video file'),
	model: 'pegasus1.5',
	analysisMode: 'general',
	prompt: fromAI('prompt', 'The question about the video'),
	options: { initialPollInterval: 0.02, maxPollInterval: 0.1 },
	...extra,
});

const fixture = useSimulator({ speed: SPEED });

describe('the tool form', () => {
	it('describes each operation to the model, and defaults to a simplified output and a 90 s wait', async () => {
		for (const [resource, operations] of Object.entries(TOOL_DESCRIPTIONS)) {
			for (const [operation, text] of Object.entries(operations)) {
				const { description } = await toolDescriptionFor({ resource, operation });
				expect(description).toBe(text);
			}
		}
		const { parameters } = await toolDescriptionFor({
			resource: 'analysisTask',
			operation: 'createAndWait',
			analysisMode: 'time_based_metadata',
		});
		expect(parameters.output).toBe('simplified');
		expect(parameters.toolWaitLimit).toBe(90);
		expect(parameters.toolLimits).toEqual({});
	});
});

describe.each(['engine', 'supplyData'] as const)('as a tool (%s)', (via) => {
	it('Create and Wait answers with the result, from the arguments the model gave', async () => {
		const result = await runTool({
			via,
			parameters: analyzeVideo(),
			args: { video_url: scriptedVideo('talk', 10_000), prompt: 'What is said?' },
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.json).toMatchObject({ status: 'ready', analysis_mode: 'general' });
		expect(typeof item.json.text).toBe('string');
		expect(item.json.next_step).toBeUndefined();
		const create = fixture.sim.requests().find((entry) => entry.method === 'POST');
		expect(create?.body).toMatchObject({ prompt: 'What is said?' });
	});

	it('Create and Wait returns a task still running after the tool wait limit, with what to do next', async () => {
		const started = Date.now();
		const result = await runTool({
			via,
			// Wait Timeout is longer; the tool's limit (1 s) wins, On Timeout "fail" does not apply.
			parameters: analyzeVideo({
				toolWaitLimit: 1,
				options: { initialPollInterval: 0.02, waitTimeout: 600, onTimeout: 'fail' },
			}),
			args: { video_url: scriptedVideo('long', 600_000), prompt: 'Summarize' },
			credentials: fixture.credentials,
		});
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(['queued', 'pending', 'processing']).toContain(item.json.status);
		expect(item.json.next_step).toContain(`task_id "${String(item.json.task_id)}"`);
		expect(item.json.next_step).toContain('check it later');
	});

	it('refuses bad arguments with the fix in the message, before anything is sent', async () => {
		const result = await runTool({
			via,
			parameters: analyzeVideo({
				analysisMode: 'time_based_metadata',
				definitionsSource: 'json',
				segmentDefinitionsJson: fromAI('segment_definitions', 'Segment definitions, a JSON string'),
			}),
			args: {
				video_url: scriptedVideo('scenes', 10_000),
				segment_definitions: '[{"id": "scenes"}]',
			},
			credentials: fixture.credentials,
		});
		const message = String(result.error?.message);
		expect(message).toMatch(/Segment Definitions \(JSON\)/);
		expect(message).toMatch(/description/i);
		expect(message).toContain('Nothing was sent to TwelveLabs.');
		expect(fixture.sim.tasks()).toHaveLength(0);
		expectNoSecret(message);
	});

	it('cuts long texts and long segment lists to the Tool Limits, and says so', async () => {
		const definitions = JSON.stringify([
			{
				id: 'scenes',
				description: 'Each scene',
				fields: [{ name: 'summary', type: 'string', description: 'What happens' }],
			},
		]);
		const result = await runTool({
			via,
			parameters: analyzeVideo({
				analysisMode: 'time_based_metadata',
				definitionsSource: 'json',
				segmentDefinitionsJson: definitions,
				toolLimits: { maxListItems: 2, maxTextLength: 100 },
			}),
			args: { video_url: scriptedVideo('many-scenes', 120_000) },
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const { data, tool_note: note, task_id: taskId } = result.items[0].json as IDataObject & {
			data: IDataObject;
		};
		// The simulator draws 1–n segments: compare with what the task really holds.
		const wire = fixture.sim.getTaskDirect(String(taskId))?.json as { result: { data: string } };
		const all = (JSON.parse(wire.result.data) as { scenes: unknown[] }).scenes.length;
		expect(data.scenes).toHaveLength(Math.min(all, 2));
		if (all > 2) expect(note).toContain(`"data.scenes" kept its first 2 of ${all} entries`);
		else expect(note).toBeUndefined();
	});

	it('Get reads a task by the ID the model passes', async () => {
		const created = await runTool({
			via,
			parameters: { ...analyzeVideo(), operation: 'create' },
			args: { video_url: scriptedVideo('later', 10_000), prompt: 'Summarize' },
			credentials: fixture.credentials,
		});
		const taskId = String(created.items[0].json.task_id);
		expect(created.items[0].json.next_step).toContain(taskId);
		fixture.sim.completeTask(taskId, 'ready');
		const read = await runTool({
			via,
			parameters: {
				resource: 'analysisTask',
				operation: 'get',
				taskId: { __rl: true, mode: 'id', value: fromAI('task_id', 'The task ID') },
			},
			args: { task_id: taskId },
			credentials: fixture.credentials,
		});
		expect(read.error).toBeUndefined();
		expect(read.items[0].json).toMatchObject({ task_id: taskId, status: 'ready' });
		expect(read.items[0].json.next_step).toBeUndefined();
	});
});

it.each(['engine', 'supplyData'] as const)(
	'Get Many, routed by n8n, runs as a tool (%s) and keeps to the Tool Limits',
	async (via) => {
		fixture.sim.seedTasks(5);
		const result = await runTool({
			via,
			parameters: {
				resource: 'analysisTask',
				operation: 'getMany',
				limit: 5,
				toolLimits: { maxListItems: 2 },
			},
			credentials: fixture.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.task_id).toEqual(expect.any(String));
		expect(result.items[2].json).toEqual({
			tool_note:
				"3 more results were left out (5 in all; the tool's Tool Limits keep 2). Narrow the request to see others.",
		});
	},
);
