/**
 * The status n8n answered a webhook call with, whether or not the sender still waited for it:
 * the Webhook Trigger's claim on a delivery stands or falls by it.
 */
import { sleep } from 'n8n-workflow';

/** How often, and how long at most, an answer into a closed connection is awaited. */
const POLL_MS = 100;
const LONGEST_WAIT_MS = 60_000;

/** The parts of the call's response (Node's ServerResponse) this reads. */
export interface CallResponse {
	statusCode: number;
	writableEnded: boolean;
	once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * The status of n8n's answer once it is sent: on 'finish' while the sender listens. A sender
 * that left first (its timeout) closes the connection; n8n still finishes the call, starts the
 * run and answers into the closed connection, which emits nothing more, so the answer's end is
 * awaited (every POLL_MS, at most LONGEST_WAIT_MS; `undefined` if n8n has not answered by then).
 */
export async function answeredStatus(response: CallResponse): Promise<number | undefined> {
	const event = await new Promise<'finish' | 'close'>((resolve) => {
		response.once('finish', () => resolve('finish'));
		response.once('close', () => resolve('close'));
	});
	if (event === 'finish') return response.statusCode;
	for (let waited = 0; waited <= LONGEST_WAIT_MS; waited += POLL_MS) {
		if (response.writableEnded) return response.statusCode;
		await sleep(POLL_MS);
	}
	return undefined;
}
