import {
	DEFAULT_TOOL_LIMITS,
	fitItemForModel,
	fitItemsForModel,
} from '../../../nodes/TwelveLabs/tool/limits';
import { toolFields } from '../../../nodes/TwelveLabs/tool/fields';

const limits = { maxTextLength: 10, maxListItems: 2 };

describe('fitItemForModel', () => {
	it('leaves a small result as it is', () => {
		const json = { task_id: 't1', status: 'ready', text: 'short', data: { a: [1, 2] } };
		expect(fitItemForModel(json, limits)).toEqual(json);
	});

	it('cuts long texts and lists at any depth and names every cut', () => {
		const fitted = fitItemForModel(
			{
				task_id: 't1',
				status: 'ready',
				text: 'abcdefghijklmnop',
				data: { scenes: [{ fields: { note: 'x' } }, {}, {}, {}] },
			},
			limits,
		);
		expect(fitted.text).toBe('abcdefghij…');
		expect(fitted.data).toEqual({ scenes: [{ fields: { note: 'x' } }, {}] });
		expect(fitted.tool_note).toBe(
			'Shortened to fit the conversation: "text" was cut to 10 of 16 characters; "data.scenes" kept its first 2 of 4 entries. The tool\'s Tool Limits set these sizes.',
		);
	});

	it('tells the model how to read a task that is still running, and only then', () => {
		for (const status of ['queued', 'pending', 'processing']) {
			const fitted = fitItemForModel({ task_id: 'abc123', status }, limits);
			expect(fitted.next_step).toContain('task_id "abc123"');
			expect(fitted.next_step).toContain('Do not start it again');
		}
		for (const status of ['ready', 'failed', 'canceled']) {
			expect(fitItemForModel({ task_id: 'abc123', status }, limits).next_step).toBeUndefined();
		}
		expect(fitItemForModel({ asset_id: 'a', status: 'processing' }, limits).next_step).toBeUndefined();
	});
});

describe('fitItemsForModel', () => {
	it('keeps the first items and says how many were left out', () => {
		const items = [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }];
		expect(fitItemsForModel(items, limits)).toEqual([
			{ n: 1 },
			{ n: 2 },
			{
				tool_note:
					"3 more results were left out (5 in all; the tool's Tool Limits keep 2). Narrow the request to see others.",
			},
		]);
	});
});

it('the Tool Limits fields default to DEFAULT_TOOL_LIMITS', () => {
	const collection = toolFields.find((field) => field.name === 'toolLimits');
	const defaults = Object.fromEntries(
		(collection?.options ?? []).map((option) => [
			'name' in option ? option.name : '',
			'default' in option ? option.default : undefined,
		]),
	);
	expect(defaults).toEqual(DEFAULT_TOOL_LIMITS);
});
