/** Reading a verified notification: the documented shape, other products' events, broken ones. */
import { readNotification } from '../../../nodes/TwelveLabs/webhook/payload';

describe('notification', () => {
	const read = (value: unknown) => readNotification(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
	it('reads the documented shape (the docs\' example)', () => {
		const reading = read({ id: 'whe_1', created_at: '2024-09-26T10:30:45.123Z', type: 'analyze.task.ready', data: { id: '64f8d2c7e4a1b37f8a9c5d12', custom_id: 'client-ref-42', status: 'ready', created_at: '2024-09-26T10:29:19.968Z' } });
		expect(reading).toMatchObject({ kind: 'notification', notification: { eventId: 'whe_1', subject: 'task', subjectId: '64f8d2c7e4a1b37f8a9c5d12', customId: 'client-ref-42', status: 'ready' } });
	});
	it('knows other products\' events, refuses unknown ones and broken shapes', () => {
		expect(read({ id: 'whe_1', type: 'index.task.ready', data: { id: 'x' } }).kind).toBe('otherEvent');
		for (const bad of ['[1]', 'not json', { id: 'whe_1', type: 'analyze.task.done', data: { id: 'x' } }, { type: 'analyze.task.ready', data: { id: 'x' } }, { id: 'whe_1', type: 'analyze.task.ready', data: { id: '../x' } }]) {
			expect(read(bad).kind).toBe('invalid');
		}
	});
});
