/**
 * Runs the TwelveLabs node as an AI agent's tool, the two ways n8n 2.41 does (see
 * nodes/TwelveLabs/tool/toolCall.ts), through n8n-core's real classes:
 * - `engine`: the AI Agent v3's way. The tool node (type `twelveLabsTool`) runs through
 *   WorkflowExecute like any node, its input item holding the model's arguments (n8n-core
 *   requests-response.js), so `$fromAI()` reads them.
 * - `supplyData`: the way of older agents and the MCP Server Trigger. n8n gives the declarative
 *   node RoutingNode as `execute` (n8n NodeTypes.getByNameAndVersion), and the tool calls it
 *   with a SupplyDataContext for `ai_tool` holding the arguments (n8n-core
 *   get-input-connection-data.js makeHandleToolInvocation).
 * The tool variant's description is made as n8n's convertNodeToAiTool makes it.
 */
const { WorkflowExecute, ExecutionLifecycleHooks, RoutingNode, SupplyDataContext } = require('n8n-core');
const { Workflow, NodeHelpers, createRunExecutionData, NodeConnectionTypes } = require('n8n-workflow');
const { loadPackage, internals } = require('./engine');

const { nodeTypesOf, TestCredentialsHelper, additionalDataFor, makeNode, CREDENTIAL } = internals;

/** The node's tool variant as n8n builds it: inherits the node, `<name>Tool`, an ai_tool output. */
function toolVariant(nodeType) {
	if (!nodeType.execute) {
		// n8n's NodeTypes gives a declarative node RoutingNode as `execute` (shouldAssignExecuteMethod).
		nodeType.execute = async function () {
			return (await new RoutingNode(this, nodeType).runNode()) ?? [];
		};
	}
	const description = Object.create(nodeType.description, {
		name: { value: `${nodeType.description.name}Tool` },
		displayName: { value: `${nodeType.description.displayName} Tool` },
		inputs: { value: [] },
		outputs: { value: [NodeConnectionTypes.AiTool] },
	});
	return Object.create(nodeType, { description: { value: description } });
}

async function runTool({ parameters, args = {}, credentials, via = 'engine' }) {
	const loader = await loadPackage();
	const base = nodeTypesOf(loader);
	const tool = toolVariant(base.getByName('twelveLabs'));
	const nodeTypes = {
		...base,
		getByName: (name) => (name.endsWith('Tool') ? tool : base.getByName(name)),
		getByNameAndVersion: (name, version) => (name.endsWith('Tool') ? tool : base.getByNameAndVersion(name, version)),
	};
	const node = makeNode('twelveLabsTool', parameters, { name: 'Analyze Video' });
	const workflow = new Workflow({ id: 'wf-tool', name: 'tool', nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
	const hooks = new ExecutionLifecycleHooks('manual', 'tool-execution', { id: 'wf-tool', nodes: [node], connections: {} });
	const additionalData = additionalDataFor(new TestCredentialsHelper(loader, { [CREDENTIAL]: credentials }), hooks);
	const workflowNode = workflow.getNode(node.name);
	if (via === 'supplyData') {
		const runExecutionData = createRunExecutionData({});
		const executeData = { node: workflowNode, data: {}, source: null };
		const context = new SupplyDataContext(workflow, workflowNode, additionalData, 'manual', runExecutionData, 0, [], {}, NodeConnectionTypes.AiTool, executeData, [], undefined, undefined);
		context.addInputData(NodeConnectionTypes.AiTool, [[{ json: args }]]);
		try {
			const output = await tool.execute.call(context);
			return { items: output[0], parameters: workflowNode.parameters };
		} catch (error) {
			return { items: [], error, parameters: workflowNode.parameters };
		}
	}
	const done = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: workflowNode, data: { main: [[{ json: { ...args, toolCallId: 'call-1' } }]] }, source: null }] },
	});
	new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = await done;
	const output = run.data.resultData.runData[node.name]?.[0]?.data?.main?.[0] ?? [];
	return { items: output, error: run.data.resultData.error, parameters: workflowNode.parameters };
}

/** The tool's description and parameters as n8n sends them to the model (createNodeAsTool). */
async function toolDescriptionFor(parameters) {
	const loader = await loadPackage();
	const tool = toolVariant(nodeTypesOf(loader).getByName('twelveLabs'));
	const node = makeNode('twelveLabsTool', parameters);
	node.parameters = NodeHelpers.getNodeParameters(tool.description.properties, node.parameters, true, false, node, tool.description);
	return { description: NodeHelpers.getToolDescriptionForNode(node, tool), parameters: node.parameters };
}

module.exports = { runTool, toolDescriptionFor };
