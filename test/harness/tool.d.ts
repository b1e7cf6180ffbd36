import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** Runs the node as an AI agent's tool: `engine` (AI Agent v3) or `supplyData` (older agents, MCP). */
export function runTool(options: {
	parameters: IDataObject;
	/** The model's arguments, read by `$fromAI()`. */
	args?: IDataObject;
	credentials: IDataObject;
	via?: 'engine' | 'supplyData';
}): Promise<{
	items: INodeExecutionData[];
	error?: { message: string; description?: string | null; [key: string]: unknown };
	/** The node's parameters with n8n's defaults filled in (the tool form's). */
	parameters: IDataObject;
}>;
/** The tool description n8n sends to the model, and the parameters with defaults. */
export function toolDescriptionFor(parameters: IDataObject): Promise<{ description: string; parameters: IDataObject }>;
