/**
 * Fields only the tool form shows (the node as an AI agent's tool, "TwelveLabs Tool"): n8n's
 * `@tool` display condition is true for a node type whose name ends in "Tool" (n8n-workflow
 * NodeHelpers getPropertyValues, used by HttpRequest V3 for its tool-only options).
 */
import type { INodeProperties } from 'n8n-workflow';
import { TOOL_DESCRIPTIONS } from './descriptions';

/** Create and Wait as a tool waits at most this long by default, then returns the task ID. */
export const DEFAULT_TOOL_WAIT_SECONDS = 90;

/**
 * One Description per operation, each with its own default. Because the node declares
 * `toolDescription`, n8n adds no "Tool Description" selector of its own and sends this text to
 * the model (n8n's ai-tools.js convertNodeToAiTool).
 */
const toolDescriptionFields: INodeProperties[] = Object.entries(TOOL_DESCRIPTIONS).flatMap(
	([resource, operations]) =>
		Object.entries(operations).map(
			([operation, text]): INodeProperties => ({
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				default: text,
				required: true,
				typeOptions: { rows: 4 },
				description:
					'What the AI agent reads about this tool: what it does, when to use it, what to pass and what it returns',
				displayOptions: { show: { '@tool': [true], resource: [resource], operation: [operation] } },
			}),
		),
);

/** Their defaults are DEFAULT_TOOL_LIMITS (n8n's lint wants literals here; a unit test compares). */
export const toolFields: INodeProperties[] = [
	...toolDescriptionFields,
	{
		displayName: 'Tool Wait Limit (Seconds)',
		name: 'toolWaitLimit',
		type: 'number',
		default: DEFAULT_TOOL_WAIT_SECONDS,
		typeOptions: { minValue: 1 },
		description:
			'As a tool, Create and Wait waits at most this long (or Options › Wait Timeout when shorter). What is still running then is returned with its ID and an instruction to check it later, so the agent is never stuck.',
		displayOptions: { show: { '@tool': [true], operation: ['createAndWait'] } },
	},
	{
		displayName: 'Tool Limits',
		name: 'toolLimits',
		type: 'collection',
		placeholder: 'Add Limit',
		default: {},
		description:
			'How much of a result goes back to the AI agent, so that it fits the conversation. Whatever is cut is named in a tool_note.',
		displayOptions: { show: { '@tool': [true] } },
		options: [
			{
				displayName: 'Max Text Length',
				name: 'maxTextLength',
				type: 'number',
				default: 4000,
				typeOptions: { minValue: 100 },
				description: 'Characters each text keeps (the answer, error messages, prompts); the rest is cut',
			},
			{
				displayName: 'Max List Entries',
				name: 'maxListItems',
				type: 'number',
				default: 25,
				typeOptions: { minValue: 1 },
				description:
					'Entries each list keeps (segments of a definition, tasks, results), and results a call returns',
			},
		],
	},
];
