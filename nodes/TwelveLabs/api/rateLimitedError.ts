import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/**
 * A 429 that says how long to wait (Retry-After). The waiting engine slows its rounds down by
 * `retryAfterMs` instead of failing the whole batch; everyone else reads it as any API error.
 */
export class RateLimitedError extends NodeApiError {
	constructor(
		node: INode,
		errorResponse: JsonObject,
		options: ConstructorParameters<typeof NodeApiError>[2],
		readonly retryAfterMs: number,
	) {
		super(node, errorResponse, options);
	}
}
