/** What a promise rejected with, checked to be of the expected class (tests that must see a refusal). */
export async function rejectionOf<T>(
	promise: Promise<unknown>,
	type: abstract new (...args: never[]) => T,
): Promise<T> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(type);
	return error as T;
}
