/**
 * The node as an AI agent's tool. n8n (2.41) runs a tool in one of two ways:
 * 1. The AI Agent v3 answers the model's tool calls with engine requests; n8n's WorkflowExecute
 *    then runs the tool node like any node (n8n-core requests-response.js handleRequest, then
 *    runNode → customOperations). Its context is an ExecuteContext, whose isToolExecution() is
 *    false; the node's type is what says "tool": n8n makes the tool variant of a node declared
 *    `usableAsTool` under the name `<name>Tool` (n8n NodeTypes.getByNameAndVersion →
 *    convertNodeToAiTool), the test n8n-workflow's NodeHelpers.isToolType and the `@tool`
 *    display condition make too.
 * 2. Older agents and the MCP Server Trigger call the tool that createNodeAsTool built (n8n-core
 *    get-input-connection-data.js makeHandleToolInvocation): `nodeType.execute` with a
 *    SupplyDataContext for the `ai_tool` connection, whose isToolExecution() is true.
 * In both, a call is shaped for a model: results fit its context, errors carry their fix in
 * the message (n8n passes only the message to the model in way 1), a running task says how to
 * read it later.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
	type NodeOutput,
} from 'n8n-workflow';
import { DEFAULT_TOOL_LIMITS, fitItemsForModel, type ToolLimits } from './limits';
import { DEFAULT_TOOL_WAIT_SECONDS } from './fields';

type Operation = (this: IExecuteFunctions) => Promise<NodeOutput>;
type Operations = Record<string, Record<string, Operation>>;

/** Whether this run is a call from an AI agent (see above for the two ways n8n makes one). */
export function isToolCall(context: IExecuteFunctions | IExecuteSingleFunctions): boolean {
	// isToolExecution exists since n8n-workflow 1.8x, and not on a routed operation's context.
	const viaSupplyData = (
		context as Partial<Pick<IExecuteFunctions, 'isToolExecution'>>
	).isToolExecution?.();
	return viaSupplyData === true || context.getNode().type.endsWith('Tool');
}

function positiveNumber(value: unknown, fallback: number): number {
	const number = Number(value);
	return Number.isFinite(number) && number > 0 ? number : fallback;
}

/** The Tool Limits collection as limits (defaults for what is not set). */
export function toolLimitsFrom(options: IDataObject): ToolLimits {
	return {
		maxTextLength: Math.floor(
			positiveNumber(options.maxTextLength, DEFAULT_TOOL_LIMITS.maxTextLength),
		),
		maxListItems: Math.floor(positiveNumber(options.maxListItems, DEFAULT_TOOL_LIMITS.maxListItems)),
	};
}

/** How long Create and Wait may wait in this run: the Wait Timeout, capped by the tool's limit. */
export function waitLimitMs(context: IExecuteFunctions, timeoutMs: number): number {
	if (!isToolCall(context)) return timeoutMs;
	const seconds = positiveNumber(
		context.getNodeParameter('toolWaitLimit', 0, DEFAULT_TOOL_WAIT_SECONDS),
		DEFAULT_TOOL_WAIT_SECONDS,
	);
	return Math.min(timeoutMs, Math.round(seconds * 1000));
}

/** The fix (n8n's error description) joined to the message: the model sees only the message. */
function withFixInMessage(error: unknown): unknown {
	if (!(error instanceof NodeOperationError || error instanceof NodeApiError)) return error;
	const description = typeof error.description === 'string' ? error.description.trim() : '';
	if (description && !error.message.includes(description)) {
		error.message = `${error.message.replace(/[.\s]*$/, '')}. ${description}`;
	}
	return error;
}

/** Items fitted for a model; a note item added at the end is paired like the last one. */
function fitItems(items: INodeExecutionData[], limits: ToolLimits): INodeExecutionData[] {
	const fitted = fitItemsForModel(
		items.map((item) => item.json),
		limits,
	);
	return fitted.map((json, index) => ({ ...items[Math.min(index, items.length - 1)], json }));
}

function fitOutput(context: IExecuteFunctions, output: NodeOutput): NodeOutput {
	if (!Array.isArray(output)) return output;
	const limits = toolLimitsFrom(context.getNodeParameter('toolLimits', 0, {}) as IDataObject);
	return output.map((items) => fitItems(items as INodeExecutionData[], limits));
}

/** A routed operation's items (the Get Manys, run by n8n's RoutingNode), fitted when an agent calls. */
export function fitRoutedItems(
	context: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): INodeExecutionData[] {
	if (!isToolCall(context)) return items;
	return fitItems(items, toolLimitsFrom(context.getNodeParameter('toolLimits', {}) as IDataObject));
}

/** An operation that, called by an agent, answers the way a model can use. */
function forModels(operation: Operation): Operation {
	return async function (this: IExecuteFunctions) {
		if (!isToolCall(this)) return await operation.call(this);
		try {
			return fitOutput(this, await operation.call(this));
		} catch (error) {
			throw withFixInMessage(error);
		}
	};
}

export function toolAwareOperations<T extends Operations>(operations: T): T {
	return Object.fromEntries(
		Object.entries(operations).map(([resource, byOperation]) => [
			resource,
			Object.fromEntries(
				Object.entries(byOperation).map(([name, operation]) => [name, forModels(operation)]),
			),
		]),
	) as T;
}

/**
 * `execute` for way 2. n8n gives a declarative node an `execute` that runs RoutingNode (n8n
 * NodeTypes.getByNameAndVersion, shouldAssignExecuteMethod) and calls only that for a tool:
 * customOperations would be skipped. This runs the custom operation of the chosen resource and
 * operation, and hands everything else (the routed Get Many) to n8n's own.
 */
export function dispatchingExecute(operations: Operations, routed: Operation): Operation {
	return async function (this: IExecuteFunctions) {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const byOperation = Object.hasOwn(operations, resource) ? operations[resource] : {};
		const custom = Object.hasOwn(byOperation, operation) ? byOperation[operation] : undefined;
		return await (custom ?? routed).call(this);
	};
}
