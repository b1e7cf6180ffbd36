import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HostileRequest extends Omit<IncomingMessage, 'url'> {
	url: URL;
	query: Record<string, string>;
	body: string;
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
