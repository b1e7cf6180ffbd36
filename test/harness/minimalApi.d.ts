export interface MinimalApi {
	baseUrl: string;
	/** "METHOD /path?query" of every request, in order (cleared by the caller). */
	requests: string[];
	stop(): Promise<void>;
}
export function startMinimalApi(answers: {
	tasks: (page: number, limit: number) => object[];
	task: (id: string) => object | undefined;
	created: object;
}): Promise<MinimalApi>;
