import { NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';
import { isToolCall, toolAwareOperations, waitLimitMs } from '../../../nodes/TwelveLabs/tool/toolCall';

const node = (type: string) => ({ name: 'TwelveLabs', type }) as INode;

/** A context with just what the tool code reads. */
function contextOf(
	type: string,
	parameters: Record<string, unknown> = {},
	isToolExecution?: () => boolean,
): IExecuteFunctions {
	return {
		getNode: () => node(type),
		getNodeParameter: (name: string, _index: number, fallback: unknown) => parameters[name] ?? fallback,
		...(isToolExecution ? { isToolExecution } : {}),
	} as unknown as IExecuteFunctions;
}

describe('isToolCall', () => {
	it('is true for the tool variant of the node, or when n8n says the run is a tool execution', () => {
		expect(isToolCall(contextOf('n8n-nodes-twelvelabs.twelveLabsTool'))).toBe(true);
		expect(isToolCall(contextOf('n8n-nodes-twelvelabs.twelveLabs', {}, () => true))).toBe(true);
		expect(isToolCall(contextOf('n8n-nodes-twelvelabs.twelveLabs', {}, () => false))).toBe(false);
		// An n8n without isToolExecution (older n8n-workflow).
		expect(isToolCall(contextOf('n8n-nodes-twelvelabs.twelveLabs'))).toBe(false);
	});
});

describe('waitLimitMs', () => {
	const tool = 'n8n-nodes-twelvelabs.twelveLabsTool';
	it('caps the wait of a tool call at the tool wait limit (90 s by default)', () => {
		expect(waitLimitMs(contextOf(tool), 1_800_000)).toBe(90_000);
		expect(waitLimitMs(contextOf(tool, { toolWaitLimit: 5 }), 1_800_000)).toBe(5_000);
		expect(waitLimitMs(contextOf(tool, { toolWaitLimit: 120 }), 30_000)).toBe(30_000);
	});
	it('leaves a workflow step alone', () => {
		expect(waitLimitMs(contextOf('n8n-nodes-twelvelabs.twelveLabs'), 1_800_000)).toBe(1_800_000);
	});
});

describe('toolAwareOperations', () => {
	const failing = {
		task: {
			get: async function (this: IExecuteFunctions): Promise<never> {
				throw new NodeOperationError(this.getNode(), "'Task' is empty.", {
					description: 'Pass the task_id an earlier call returned.',
				});
			},
		},
	};
	it('puts the fix into the message for a model, which sees only the message', async () => {
		const wrapped = toolAwareOperations(failing);
		await expect(wrapped.task.get.call(contextOf('x.twelveLabsTool'))).rejects.toThrow(
			"'Task' is empty. Pass the task_id an earlier call returned.",
		);
	});
	it('changes nothing for a workflow step', async () => {
		const wrapped = toolAwareOperations(failing);
		await expect(wrapped.task.get.call(contextOf('x.twelveLabs'))).rejects.toThrow(/^'Task' is empty\.$/);
	});
});
