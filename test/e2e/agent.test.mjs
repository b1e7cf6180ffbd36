/**
 * TwelveLabs as a tool of n8n's AI Agent, in a real n8n 2.41.1: the example "Ask Questions
 * About a Video With an AI Agent" (its chat trigger swapped for a Manual Trigger and a fixed
 * prompt) with n8n's OpenAI Chat Model pointed, through its credential's Base URL, at a
 * scripted OpenAI-compatible model on 127.0.0.1. The model calls the TwelveLabs tools with
 * arguments and answers from what they return; the test checks what the model was sent (tool
 * names, descriptions, parameter schemas, tool results) and the agent's answer.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { openBrowser, signIn } from './support/browser.mjs';
import { REPO_ROOT, clientsFor, executionError, nodeOutput, runManualWorkflow, timed, useEnvironment } from './support/environment.mjs';
import { N8N_MAJOR } from '../../scripts/n8n-environment.mjs';
import { SCRIPTED_MODEL, startScriptedModel, toolResultsOf } from './support/scriptedModel.mjs';

const state = await useEnvironment(after);
const { api, sim, login } = clientsFor(state);
const { TOOL_DESCRIPTIONS } = createRequire(import.meta.url)(path.join(REPO_ROOT, 'dist/nodes/TwelveLabs/tool/descriptions.js'));

const DOCS_SHOTS = path.join(REPO_ROOT, 'docs/screenshots');
const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === '1';
const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples/ask-questions-about-a-video.json'), 'utf8'));

// The simulator takes a video's duration from its URL: 60 simulated s, 3 s here (speed 20),
// longer than the Analyze Video tool may wait in this test (1 s).
const SLOW_VIDEO = 'https://videos.example.com/agent/keynote.mp4?sim_duration=60000';
const SCENES_VIDEO = 'https://videos.example.com/agent/trailer.mp4?sim_duration=5000';
const ASK = `What is said in the video ${SLOW_VIDEO}?`;
const SCENES = `List the scenes of ${SCENES_VIDEO}.`;
const GOOD_DEFINITIONS = [{ id: 'scenes', description: 'Each scene', fields: [{ name: 'summary', type: 'string', description: 'What happens' }] }];

const parse = (message) => JSON.parse(message.content);

/**
 * The model: for each question, the tool calls a careful agent would make, decided on the tool
 * results so far. A task still running is read again with Get Analysis a second later.
 */
function script(request) {
	const question = request.messages.find((message) => message.role === 'user')?.content ?? '';
	const results = toolResultsOf(request);
	const last = results.at(-1) && parse(results.at(-1))[0];
	if (last?.next_step) return { toolCalls: [{ name: 'Get_Analysis', arguments: { task_id: last.task_id } }], delayMs: 1000 };
	if (String(question).includes(SLOW_VIDEO)) {
		if (!last) return { toolCalls: [{ name: 'Analyze_Video', arguments: { video_url: SLOW_VIDEO, prompt: 'What is said in the video?' } }] };
		return { content: `The video says: ${last.text.slice(0, 60)}` };
	}
	if (!last) {
		// A definition without its description: the tool refuses it.
		return { toolCalls: [{ name: 'Find_Scenes', arguments: { video_url: SCENES_VIDEO, segment_definitions: '[{"id": "scenes"}]' } }] };
	}
	if (last.error) {
		return { toolCalls: [{ name: 'Find_Scenes', arguments: { video_url: SCENES_VIDEO, segment_definitions: JSON.stringify(GOOD_DEFINITIONS) } }] };
	}
	return { content: `I found ${last.data.scenes.length} scenes.` };
}

let model;
let rest;
let workflowFor;
before(async () => {
	rest = await login();
	model = await startScriptedModel(script, { port: Number(process.env.E2E_MODEL_PORT ?? 0) });
	const credential = await api.post('/credentials', {
		name: 'Scripted model',
		type: 'openAiApi',
		data: { apiKey: 'sk-scripted', url: model.url, header: false },
	});
	workflowFor = async (prompt, name) => {
		const nodes = example.nodes.map((node) => {
			if (node.type === '@n8n/n8n-nodes-langchain.chatTrigger') {
				return { id: node.id, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: node.position, parameters: {} };
			}
			if (node.name === 'AI Agent') return { ...node, parameters: { ...node.parameters, promptType: 'define', text: prompt } };
			if (node.name === 'OpenAI Chat Model') {
				return {
					...node,
					parameters: { ...node.parameters, model: { __rl: true, mode: 'id', value: SCRIPTED_MODEL } },
					credentials: { openAiApi: { id: credential.id, name: credential.name } },
				};
			}
			// A short wait, so that the agent has to come back for the result.
			if (node.name === 'Analyze Video') return { ...node, parameters: { ...node.parameters, toolWaitLimit: 1 } };
			return node;
		});
		const connections = { ...example.connections, Start: example.connections['When chat message received'] };
		delete connections['When chat message received'];
		return await api.post('/workflows', { name, nodes, connections, settings: example.settings });
	};
});
after(async () => {
	await model?.close();
});

/** The requests the model received for one question, in order. */
const requestsAbout = (text) => model.requests.filter((request) => request.messages.some((message) => message.role === 'user' && String(message.content).includes(text)));

test('the agent analyzes a video, checks back with Get Analysis, and answers from the result', async () => {
	await timed('agent: ask about a video', async () => {
		const workflow = await workflowFor(ASK, 'E2E: agent asks about a video');
		const execution = await runManualWorkflow({ rest, api }, workflow.id);
		assert.equal(execution.status, 'success', executionError(execution));

		// What the model was told about the tools: n8n's names, the node's descriptions, and
		// a JSON schema of the parameters the workflow lets the model fill ($fromAI).
		const [first] = requestsAbout(SLOW_VIDEO);
		if (process.env.E2E_AGENT_TOOLS_FILE) fs.writeFileSync(process.env.E2E_AGENT_TOOLS_FILE, JSON.stringify(first.tools, null, 2));
		const tools = Object.fromEntries(first.tools.map((tool) => [tool.function.name, tool.function]));
		assert.deepEqual(Object.keys(tools).sort(), ['Analyze_Video', 'Find_Scenes', 'Get_Analysis']);
		assert.equal(tools.Analyze_Video.description, TOOL_DESCRIPTIONS.analysisTask.createAndWait);
		// The example gives its segmentation tool a Description of its own.
		assert.equal(tools.Find_Scenes.description, example.nodes.find((node) => node.name === 'Find Scenes').parameters.toolDescription);
		assert.equal(tools.Get_Analysis.description, TOOL_DESCRIPTIONS.analysisTask.get);
		const schema = (tool) => ({ ...tool.parameters, properties: Object.fromEntries(Object.entries(tool.parameters.properties).map(([key, value]) => [key, value.type])) });
		assert.deepEqual(schema(tools.Analyze_Video), {
			type: 'object',
			properties: { video_url: 'string', prompt: 'string' },
			required: ['video_url', 'prompt'],
			additionalProperties: false,
			$schema: 'http://json-schema.org/draft-07/schema#',
		});
		assert.deepEqual(Object.keys(tools.Find_Scenes.parameters.properties).sort(), ['segment_definitions', 'video_url']);
		assert.equal(tools.Find_Scenes.parameters.properties.segment_definitions.type, 'string');
		assert.match(tools.Find_Scenes.parameters.properties.segment_definitions.description, /JSON string/);
		assert.deepEqual(tools.Get_Analysis.parameters.required, ['task_id']);

		// Analyze Video stopped waiting after its 1 s limit and said what to do next.
		const results = toolResultsOf(requestsAbout(SLOW_VIDEO).at(-1)).map(parse);
		const [created, ...reads] = results.map(([item]) => item);
		assert.ok(['queued', 'pending', 'processing'].includes(created.status), `still running, got ${created.status}`);
		assert.match(created.next_step, new RegExp(`check it later .*task_id "${created.task_id}"`));
		// Get Analysis read the same task until it was ready.
		assert.ok(reads.length >= 1);
		assert.ok(reads.every((read) => read.task_id === created.task_id));
		const ready = reads.at(-1);
		assert.equal(ready.status, 'ready');
		assert.equal(ready.next_step, undefined);
		const task = await sim.api('GET', `/analyze/tasks/${created.task_id}`);
		assert.equal(ready.text, task.result.data);
		const log = await sim.control('GET', '/requests');
		const creates = (Array.isArray(log) ? log : log.requests).filter((entry) => entry.method === 'POST' && entry.body?.video?.url === SLOW_VIDEO);
		assert.equal(creates.length, 1, 'one task, never started twice');

		const [answer] = nodeOutput(execution, 'AI Agent');
		assert.equal(answer.output, `The video says: ${task.result.data.slice(0, 60)}`);
		assert.equal(execution.data.resultData.runData['Get Analysis'].length, reads.length);

		// The screenshot shows n8n 2.x's editor (its Logs panel); the 1.x editor differs.
		if (N8N_MAJOR !== 2) return;
		const { browser, page } = await openBrowser(state, { width: 1440, height: 900 });
		try {
			await signIn(page, state);
			await page.goto(`${state.n8nUrl}/workflow/${workflow.id}/executions/${execution.id}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor();
			// The Logs panel lists the agent's model calls and tool calls of the run.
			await page.getByText('Logs', { exact: true }).last().click();
			await page.getByText('Get Analysis').last().waitFor();
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			await page.waitForTimeout(1500);
			await page.screenshot({ path: path.join(state.runDir, 'agent-run.png') });
			if (UPDATE_DOCS) await page.screenshot({ path: path.join(DOCS_SHOTS, 'agent-run.png') });
		} finally {
			await browser.close();
		}
	});
});

test('a tool call with bad arguments gets an error the model can act on', async () => {
	await timed('agent: bad arguments', async () => {
		const workflow = await workflowFor(SCENES, 'E2E: agent lists scenes');
		const execution = await runManualWorkflow({ rest, api }, workflow.id);
		if (N8N_MAJOR === 1) {
			// n8n 1.123's AI Agent ends the run on a tool's error instead of handing it to the
			// model: the user then reads the same sentence, naming the field and the fix.
			assert.equal(execution.status, 'error');
			assert.match(executionError(execution), /^'Segment Definitions \(JSON\) › \[0\] › Description' is empty\. Describe the segments to find/);
			return;
		}
		assert.equal(execution.status, 'success', executionError(execution));
		const [refused, found] = toolResultsOf(requestsAbout(SCENES_VIDEO).at(-1)).map(parse);
		assert.equal(refused.length, 1);
		assert.equal(
			refused[0].error,
			`'Segment Definitions (JSON) › [0] › Description' is empty. Describe the segments to find, e.g. "each scene with a change of location". Nothing was sent to TwelveLabs.`,
		);
		assert.equal(found[0].status, 'ready');
		assert.ok(found[0].data.scenes.length > 0);
		const [answer] = nodeOutput(execution, 'AI Agent');
		assert.equal(answer.output, `I found ${found[0].data.scenes.length} scenes.`);
	});
});
