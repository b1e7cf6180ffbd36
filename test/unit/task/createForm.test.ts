/**
 * The create form as n8n sees it: defaults that equal the API's own, rows in the order a
 * person fills them, and custom-field types that the input reader understands.
 */
import type { INodeProperties } from 'n8n-workflow';
import { TwelveLabs } from '../../../nodes/TwelveLabs/TwelveLabs.node';
import { maxTokensRange } from '../../../nodes/TwelveLabs/createRequest/models';
import {
	CUSTOM_FIELD_TYPE_OPTIONS,
	decodeFieldType,
} from '../../../nodes/TwelveLabs/task/formChoices';
import {
	DEFAULT_INITIAL_INTERVAL_MS,
	DEFAULT_MAX_INTERVAL_MS,
	DEFAULT_WAIT_TIMEOUT_MS,
} from '../../../nodes/TwelveLabs/wait/pollSchedule';

const properties = new TwelveLabs().description.properties;
const named = (name: string, list: INodeProperties[] = properties) =>
	list.filter((property) => property.name === name);
const options = named('options')[0].options as INodeProperties[];

describe('the create form', () => {
	// n8n's lint wants literal defaults in the form; the waiting engine's constants are the fact.
	it("shows the waiting engine's own defaults for the wait options", () => {
		const defaultOf = (name: string) => named(name, options)[0].default;
		expect(defaultOf('waitTimeout')).toBe(DEFAULT_WAIT_TIMEOUT_MS / 1000);
		expect(defaultOf('initialPollInterval')).toBe(DEFAULT_INITIAL_INTERVAL_MS / 1000);
		expect(defaultOf('maxPollInterval')).toBe(DEFAULT_MAX_INTERVAL_MS / 1000);
	});

	it('pre-fills Max Tokens with the API default of each model and mode', () => {
		const copies = named('maxTokens', options);
		const defaultFor = (model: string, mode?: string) =>
			copies.find((copy) => {
				const show = copy.displayOptions?.show ?? {};
				return (
					show['/model']?.includes(model) &&
					(mode === undefined || show['/analysisMode']?.includes(mode))
				);
			})?.default;
		expect(defaultFor('pegasus1.2')).toBe(4096);
		expect(defaultFor('pegasus1.5', 'general')).toBe(4096);
		expect(defaultFor('pegasus1.5', 'time_based_metadata')).toBe(32768);
		expect(defaultFor('pegasus1.5', 'time_based_metadata')).toBe(
			maxTokensRange('pegasus1.5', 'time_based_metadata').defaultValue,
		);
	});

	it('starts time-window and duration options at 0, which sends nothing', () => {
		for (const name of ['startTime', 'endTime', 'minSegmentDuration', 'maxSegmentDuration'])
			expect(named(name, options)[0].default).toBe(0);
	});

	it('lists Analyze From before Analyze Until', () => {
		const names = options.map((option) => option.displayName);
		expect(names.indexOf('Analyze From (Seconds)')).toBeLessThan(
			names.indexOf('Analyze Until (Seconds)'),
		);
	});

	it('shows Output before Options for Create and Wait, one item per segment in segmentation', () => {
		const order = properties.map((property) => property.name);
		expect(order.indexOf('output')).toBeLessThan(order.indexOf('options'));
		const segmentationOutput = named('output').find((copy) =>
			(copy.displayOptions?.show?.analysisMode ?? []).includes('time_based_metadata'),
		);
		expect(segmentationOutput?.default).toBe('segments');
	});

	it('reads each custom field row as Name, Type, then the rest', () => {
		const definitions = named('segmentDefinitions')[0];
		const definition = (definitions.options as Array<{ values: INodeProperties[] }>)[0];
		const fields = definition.values.find((value) => value.name === 'fields');
		const row = (fields?.options as Array<{ values: INodeProperties[] }>)[0].values;
		expect(row.map((value) => value.name)).toEqual(['name', 'type', 'enumValues', 'description']);
		// No empty list for a new definition beyond its custom fields.
		expect(definition.values.map((value) => value.type)).toEqual([
			'string',
			'string',
			'fixedCollection',
			'collection',
		]);
	});

	it('decodes every custom-field type into the API parts', () => {
		const decoded = CUSTOM_FIELD_TYPE_OPTIONS.map((option) =>
			decodeFieldType(String(option.value)),
		);
		expect(decoded).toContainEqual({ type: 'array', itemType: 'string' });
		expect(decoded).toContainEqual({ type: 'timestamp', format: 'hh:mm:ss.fff' });
		expect(decoded).toContainEqual({ type: 'boolean' });
		for (const parts of decoded) {
			if (parts.type === 'array')
				expect(['string', 'number', 'integer', 'boolean']).toContain(parts.itemType);
			if (parts.type === 'timestamp')
				expect(['seconds', 'hh:mm:ss', 'hh:mm:ss.fff']).toContain(parts.format);
		}
	});
});
