/** The request budget of one poll (trigger/budget.ts). */
import { budgetedReader, BudgetedReader } from '../../../nodes/TwelveLabs/trigger/budget';
import { FakeTaskStore } from '../fakeTaskStore';

describe('BudgetedReader', () => {
	it('counts requests and refuses the one past the cap, for good', async () => {
		const store = new FakeTaskStore();
		const id = store.create({ status: 'ready' });
		const reader = new BudgetedReader(store, undefined, () => 0, 2);
		expect([reader.canSend(), reader.remaining()]).toEqual([true, 2]);
		await reader.listTasks({ page: 1, page_limit: 10 });
		expect((await reader.getTask(id)).task_id).toBe(id);
		expect([reader.requests, reader.remaining()]).toEqual([2, 0]);
		expect(reader.canSend()).toBe(false);
		expect(reader.stopped).toBe(true);
		expect(store.requests.map((request) => request.kind)).toEqual(['list', 'get']);
	});

	it('refuses once the clock reaches the deadline, and stays stopped', () => {
		let now = 1_000;
		const reader = new BudgetedReader(new FakeTaskStore(), 2_000, () => now, 100);
		expect(reader.canSend()).toBe(true);
		now = 2_000;
		expect(reader.canSend()).toBe(false);
		expect(reader.remaining()).toBe(0);
		now = 0;
		expect(reader.canSend()).toBe(false);
	});

	it('budgetedReader takes the options, or the default cap and the real clock', () => {
		const store = new FakeTaskStore();
		const defaults = budgetedReader(store, {}, 7);
		expect(defaults.remaining()).toBe(7);
		expect(defaults.canSend()).toBe(true);
		const past = budgetedReader(store, { deadline: Date.now() - 1, maxRequests: 3 }, 7);
		expect(past.remaining()).toBe(3);
		expect(past.canSend()).toBe(false);
		const clocked = budgetedReader(store, { deadline: 10, clock: () => 9 }, 7);
		expect(clocked.canSend()).toBe(true);
	});
});
