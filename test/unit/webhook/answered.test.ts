/**
 * The status n8n answered a webhook call with: while the sender waits ('finish'), and after it
 * left ('close', then n8n's answer into the closed connection, which emits nothing). Over real
 * HTTP: test/integration/webhookTrigger.test.ts ("a sender that stops waiting").
 */
import { sleep } from 'n8n-workflow';
import { answeredStatus, type CallResponse } from '../../../nodes/TwelveLabs/webhook/answered';

/** A response as Node's ServerResponse behaves: listeners once, `emit` for what happens. */
function response() {
	const listeners = new Map<string, () => void>();
	const fake: CallResponse & { emit(event: string): void } = {
		statusCode: 200,
		writableEnded: false,
		once(event, listener) {
			listeners.set(event, listener);
			return fake;
		},
		emit(event) {
			listeners.get(event)?.();
		},
	};
	return fake;
}

describe('answeredStatus', () => {
	it('the status, once sent to a sender that waits', async () => {
		const call = response();
		const seen = answeredStatus(call);
		call.statusCode = 503;
		call.writableEnded = true;
		call.emit('finish');
		expect(await seen).toBe(503);
	});

	it('the status n8n answers after the sender left (its timeout): the call went on', async () => {
		const call = response();
		const seen = answeredStatus(call);
		call.emit('close');
		await sleep(250);
		call.statusCode = 500;
		call.writableEnded = true;
		expect(await seen).toBe(500);
	});
});
