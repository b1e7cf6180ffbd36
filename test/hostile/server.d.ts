/** What the handlers see of node's http request and response (the lint keeps node types out). */
export interface HostileRequest {
	method?: string;
	headers: Record<string, string | string[] | undefined>;
	url: URL;
	query: Record<string, string>;
	body: string;
}
export interface ServerResponse {
	writeHead(status: number, headers?: Record<string, string | number>): ServerResponse;
	write(chunk: string | Uint8Array): boolean;
	end(chunk?: string | Uint8Array): ServerResponse;
}
export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}
export interface HostileServer {
	url: string;
	origin: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}
export function startHostile(
	handler: (request: HostileRequest, response: ServerResponse) => void | Promise<void>,
): Promise<HostileServer>;
export function sendJson(
	res: ServerResponse,
	status: number,
	value: unknown,
	headers?: Record<string, string>,
): void;
export function task(id: string, overrides?: Record<string, unknown>): Record<string, unknown>;
export function taskId(n: number): string;
export function listPage(
	data: unknown[],
	info?: { page?: number; limit?: number; totalPage?: number; totalResults?: number },
): Record<string, unknown>;
export function stallAfterHeaders(res: ServerResponse): void;
export function endlessBody(res: ServerResponse, bytes?: number): void;
