/** Forwards POSTs to `target`, answering every `failEvery`-th (default 3rd) one 503 itself. */
export function flakyProxy(target: string, options?: { failEvery?: number }): Promise<{ url: string; close(): Promise<void> }>;
