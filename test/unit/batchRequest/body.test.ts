/** The batch request building (nodes/TwelveLabs/batchRequest/body.ts) on its own: no engine, no HTTP. */
import {
	BatchItemError,
	batchDefaults,
	buildBatchBody,
	checkBatchItem,
	chunk,
	type BatchItemInput,
	type CheckedBatchItem,
} from '../../../nodes/TwelveLabs/batchRequest/body';
import type { CreateInput } from '../../../nodes/TwelveLabs/createRequest/input';
import { messageOf } from './message';

const ASSET = '6650c3b4a3e0b8f3c1d2e4f5';
const general = (extra: Partial<CreateInput> = {}): CreateInput => ({
	video: { source: 'assetId', assetId: ASSET },
	model: 'pegasus1.5',
	analysisMode: 'general',
	prompt: 'Summarize',
	options: {},
	...extra,
});
const segmentation = (): CreateInput => ({
	video: { source: 'assetId', assetId: ASSET },
	model: 'pegasus1.5',
	analysisMode: 'time_based_metadata',
	definitionsSource: 'json',
	definitionsJson: [{ id: 'scenes', description: 'Each scene', fields: [] }],
	options: {},
});
const item = (extra: Partial<BatchItemInput> = {}): BatchItemInput => ({ input: general(), customId: 'a-1', ...extra });

describe('checkBatchItem', () => {
	it('turns the task rules’ body into batch settings: prompt as BatchPrompt, no video or custom ID', () => {
		const checked = checkBatchItem(item({ input: general({ options: { temperature: 0.3 } }) }));
		expect(checked).toEqual({
			model: 'pegasus1.5',
			mode: 'general',
			assetId: ASSET,
			customId: 'a-1',
			settings: { prompt: { input_text: 'Summarize' }, temperature: 0.3 },
		});
	});

	it('takes valid overrides for the mode (nothing valid refused)', () => {
		const schema = { type: 'object', properties: { title: { type: 'string' } } };
		const checked = checkBatchItem(
			item({
				overrides: {
					prompt: { input_text: 'Find <@logo>', media_sources: [{ name: 'logo', media_type: 'image', url: 'https://example.com/l.png' }] },
					response_format: { type: 'json_schema', json_schema: schema },
					max_tokens: 1024,
					start_time: 5,
					end_time: 60,
				},
			}),
		);
		expect(checked.settings).toMatchObject({
			prompt: { input_text: 'Find <@logo>', media_sources: [{ name: 'logo', media_type: 'image', url: 'https://example.com/l.png' }] },
			response_format: { type: 'json_schema', json_schema: schema },
			max_tokens: 1024,
			start_time: 5,
			end_time: 60,
		});
		const segments = checkBatchItem({
			input: segmentation(),
			customId: 's',
			overrides: { min_segment_duration: 4, max_segment_duration: 10 },
		});
		expect(segments.settings).toMatchObject({ min_segment_duration: 4, max_segment_duration: 10 });
		expect(segments.settings.prompt).toBeUndefined();
	});

	it.each([
		['a prompt in segmentation mode', { input: segmentation(), customId: 's', overrides: { prompt: 'x' } }, "'Overrides (JSON) › prompt' is not allowed in Video Segmentation mode"],
		['a JSON schema format in segmentation mode', { input: segmentation(), customId: 's', overrides: { response_format: { type: 'json_schema', json_schema: {} } } }, '\'Overrides (JSON) › response_format\' must have "type": "segment_definitions" in Video Segmentation mode'],
		['max_tokens out of the mode’s range', item({ overrides: { max_tokens: 10 } }), "'Overrides (JSON) › Options › Max Tokens' is 10, outside 512–98304"],
		['a number that is text', item({ overrides: { temperature: 'hot' } }), "'Overrides (JSON) › temperature' is \"hot\", not a number"],
		['an empty custom ID', item({ customId: ' ' }), "'Custom ID' is empty"],
		['a custom ID too long', item({ customId: 'x'.repeat(65) }), "'Custom ID' (\"" + 'x'.repeat(65) + '") must be 1–64 letters, digits, "_" or "-"'],
		['an asset ID with a slash', item({ input: general({ video: { source: 'assetId', assetId: 'a/b' } }) }), '\'Asset ID\' ("a/b") is not a valid asset ID'],
		['Pegasus 1.2', item({ input: general({ model: 'pegasus1.2' }) }), "'Model' is pegasus1.2; batches take pegasus1.5 only"],
		['a form rule (empty prompt) without overrides', item({ input: general({ prompt: '' }) }), "'Prompt' is empty"],
	])('refuses %s', (_name, input, message) => {
		expect(messageOf(() => checkBatchItem(input as BatchItemInput))).toBe(message);
	});

	it('an empty form prompt is fine when the override gives one', () => {
		expect(checkBatchItem(item({ input: general({ prompt: '' }), overrides: { prompt: 'Own' } })).settings.prompt).toEqual({ input_text: 'Own' });
	});
});

const checked = (customId: string, settings: CheckedBatchItem['settings'], mode: CheckedBatchItem['mode'] = 'general'): CheckedBatchItem => ({
	model: 'pegasus1.5',
	mode,
	assetId: ASSET,
	customId,
	settings,
});

describe('buildBatchBody and batchDefaults', () => {
	const prompt = (text: string) => ({ input_text: text });

	it('makes the value most items share the default; the others carry their own', () => {
		const items = [
			checked('a', { prompt: prompt('x'), temperature: 0.9 }),
			checked('b', { prompt: prompt('y'), temperature: 0.2 }),
			checked('c', { prompt: prompt('y'), temperature: 0.2 }),
		];
		const body = buildBatchBody(items, [0, 1, 2]);
		expect(body.defaults).toEqual({ prompt: prompt('y'), temperature: 0.2 });
		const video = { type: 'asset_id', asset_id: ASSET };
		expect(body.requests).toEqual([
			{ video, custom_id: 'a', prompt: prompt('x'), temperature: 0.9 },
			{ video, custom_id: 'b' },
			{ video, custom_id: 'c' },
		]);
	});

	it('never makes a default of a setting some items lack', () => {
		expect(batchDefaults([checked('a', { prompt: prompt('x'), max_tokens: 1024 }), checked('b', { prompt: prompt('x') })])).toEqual({
			prompt: prompt('x'),
		});
	});

	it('names the item that repeats a custom ID or changes the mode', () => {
		const repeat = messageOf(() => buildBatchBody([checked('a', {}), checked('a', {})], [3, 7]));
		expect(repeat).toBe('\'Custom ID\' ("a") is also the custom ID of item 3');
		let caught: unknown;
		try {
			buildBatchBody([checked('a', {}), checked('b', {}, 'time_based_metadata')], [0, 1]);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(BatchItemError);
		expect((caught as BatchItemError).itemIndex).toBe(1);
	});

	it('refuses more than 1,000 requests in one body; chunk cuts them in input order', () => {
		const many = Array.from({ length: 1001 }, (_, index) => checked(`c${index}`, {}));
		expect(() => buildBatchBody(many, many.map((_, index) => index))).toThrow('A batch has 1 to 1000 requests, not 1001');
		expect(chunk([...Array(2500).keys()]).map((part) => [part[0], part.length])).toEqual([
			[0, 1000],
			[1000, 1000],
			[2000, 500],
		]);
	});
});
