import type { IDataObject, INodeExecutionData, INodeListSearchResult, IPollFunctions, Workflow } from 'n8n-workflow';

export interface RunResult {
	items: INodeExecutionData[];
	error?: { message: string; description?: string; httpCode?: string | null; [key: string]: unknown };
	status: string;
	/** The whole run as n8n-core returned it (run data included), when the run started. */
	run?: unknown;
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
/** The workflow of an active trigger: poll it again to share its static data, as n8n does. */
export function triggerWorkflow(options: { parameters: IDataObject; staticData?: IDataObject }): Promise<Workflow>;
export function pollTrigger(options: {
	/** Ignored when `workflow` is given. */
	parameters?: IDataObject;
	credentials: IDataObject;
	/** Static data as loaded from the database; ignored when `workflow` is given. */
	staticData?: IDataObject;
	/** An earlier poll's workflow: this poll shares its static data. */
	workflow?: Workflow;
	mode?: 'trigger' | 'manual';
	activation?: 'init' | 'update' | 'activate' | 'manual';
	/** What getPollBudgetMs() answers; omitted: n8n-core's default; null: the method is absent. */
	pollBudgetMs?: number | null;
	/** Called as each HTTP attempt of this poll settles, with the attempts made so far and how it ended. */
	onRequest?: (requests: number, outcome: { statusCode?: number; error?: unknown }) => void;
}): Promise<{
	result: INodeExecutionData[][] | null;
	staticData: IDataObject;
	workflow: Workflow;
	context: IPollFunctions;
	/** HTTP attempts this poll made, retries included. */
	requests: number;
}>;
export function listSearch(options: {
	method: string;
	parameters?: IDataObject;
	credentials: IDataObject;
	filter?: string;
	paginationToken?: string;
}): Promise<INodeListSearchResult>;
export function testCredential(credentials: IDataObject): Promise<{ status: 'OK' | 'Error'; message: string }>;
export const ROOT: string;
/** Stores bytes in n8n's filesystem binary store (the binary gets an id, read as a stream). */
export function storeBinary(
	bytes: Buffer | NodeJS.ReadableStream,
	meta: { fileName: string; mimeType: string },
): Promise<import('n8n-workflow').IBinaryData>;
/** Deletes a stored binary's file and metadata (a store without that file: another disk, a pruned execution). */
export function dropStoredBinary(binary: import('n8n-workflow').IBinaryData): Promise<void>;
/** The built package as n8n loads it; tests may change a loaded description and restore it. */
export function loadPackage(): Promise<{
	nodeTypes: Record<string, { type: { description: { properties: Array<Record<string, unknown>> } } }>;
}>;
/** One call served by a webhookEndpoint. */
export interface WebhookCall {
	status: number;
	/** The answer's body text. */
	answer?: string;
	/** What the node's webhook() returned. */
	result?: { workflowData?: INodeExecutionData[][]; noWebhookResponse?: boolean };
	error?: unknown;
}
/** An active workflow with the TwelveLabs Webhook Trigger, served over HTTP as n8n serves a webhook. */
export interface WebhookEndpoint {
	/** The production (or, with mode 'manual', test) URL. */
	url: string;
	/** The static data as last saved. */
	saved: IDataObject;
	calls: WebhookCall[];
	/** The items of every call that started the workflow, in the order the calls finished. */
	executions: IDataObject[][];
	/** Waits until every call received so far has finished. */
	settle(): Promise<void>;
	close(): Promise<void>;
}
export function webhookEndpoint(options: {
	parameters: IDataObject;
	/** The TwelveLabs API credential (for the full read). */
	credentials: IDataObject;
	/** The webhook secret (the TwelveLabs Webhook API credential). */
	secret: string;
	staticData?: IDataObject;
	mode?: 'webhook' | 'manual';
	/** Default: a new one per endpoint. The same one serves the same workflow again. */
	workflowId?: string;
}): Promise<WebhookEndpoint>;
/** One delivery: n8n's answer, and the items the workflow was started with (none: not started). */
export function runWebhook(
	endpoint: WebhookEndpoint,
	delivery: { body: string | Buffer | IDataObject; headers?: Record<string, string> },
): Promise<{ status: number; answer?: IDataObject; items: IDataObject[]; started: boolean; error?: unknown }>;
