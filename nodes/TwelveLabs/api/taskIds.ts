/** What a task id looks like. Only such ids go into a URL path: a server-sent `..` must not read `/analyze/`. */
export const TASK_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidTaskId(value: unknown): value is string {
	return typeof value === 'string' && TASK_ID_PATTERN.test(value);
}
