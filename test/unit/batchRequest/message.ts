/** The message of what `run` throws (a refusal's `'field' problem`, or a batch rule's). */
export function messageOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('not refused');
}
