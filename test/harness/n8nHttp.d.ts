import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

/** n8n-core's outbound HTTP request, as `this.helpers.httpRequest` sends it. */
export function n8nHttpRequest(options: IHttpRequestOptions): Promise<IN8nHttpFullResponse>;
