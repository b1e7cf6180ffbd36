import type { IDataObject, INodeExecutionData, IPollFunctions, Workflow } from 'n8n-workflow';

export interface RunResult {
	items: INodeExecutionData[];
	error?: { message: string; description?: string; httpCode?: string | null; [key: string]: unknown };
	status: string;
}
export function runNode(options: {
	type?: string;
	parameters: IDataObject;
	items?: INodeExecutionData[];
	credentials: IDataObject;
	continueOnFail?: boolean;
	executionId?: string;
	onStart?: (cancel: () => void) => void;
}): Promise<RunResult>;
export function pollTrigger(options: {
	parameters: IDataObject;
	credentials: IDataObject;
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	activation?: 'init' | 'update' | 'activate' | 'manual';
}): Promise<{ result: INodeExecutionData[][] | null; staticData: IDataObject; workflow: Workflow; context?: IPollFunctions }>;
export function testCredential(credentials: IDataObject): Promise<{ status: 'OK' | 'Error'; message: string }>;
export const ROOT: string;
