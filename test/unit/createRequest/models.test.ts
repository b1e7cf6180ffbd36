/** The model table (nodes/TwelveLabs/createRequest/models.ts) and its lookups. */
import {
	CURRENT_MODEL,
	MODEL_RULES,
	maxTokensRange,
	modelsWhere,
	rulesOf,
} from '../../../nodes/TwelveLabs/createRequest/models';

describe('rulesOf', () => {
	it('gives each known model its own rules', () => {
		expect(rulesOf('pegasus1.5')).toMatchObject({
			segmentation: true,
			referenceImages: true,
			timestamps: true,
			timeWindow: true,
		});
		expect(rulesOf('pegasus1.2')).toMatchObject({
			segmentation: false,
			referenceImages: false,
			timestamps: false,
			timeWindow: false,
		});
	});

	it('treats a model it does not know like the current one', () => {
		expect(CURRENT_MODEL).toBe('pegasus1.5');
		for (const model of ['pegasus2', '', 'PEGASUS1.2'])
			expect(rulesOf(model)).toBe(MODEL_RULES[CURRENT_MODEL]);
	});

	// A model given by expression may be named like an Object.prototype member.
	it.each(['toString', 'constructor', '__proto__'])(
		"treats the model %j like any unknown one: the current model's rules",
		(model) => {
			expect(rulesOf(model)).toBe(MODEL_RULES[CURRENT_MODEL]);
		},
	);
});

describe('modelsWhere', () => {
	it('lists the known models for which the test holds, for the form', () => {
		expect(modelsWhere((rules) => rules.segmentation)).toEqual(['pegasus1.5']);
		expect(modelsWhere((rules) => !rules.timeWindow)).toEqual(['pegasus1.2']);
		expect(modelsWhere(() => true).sort()).toEqual(['pegasus1.2', 'pegasus1.5']);
		expect(modelsWhere(() => false)).toEqual([]);
	});
});

describe('maxTokensRange', () => {
	it.each([
		['pegasus1.5', 'general', { min: 512, max: 98304, defaultValue: 4096 }],
		['pegasus1.5', 'time_based_metadata', { min: 2048, max: 98304, defaultValue: 32768 }],
		['pegasus1.2', 'general', { min: 2, max: 4096, defaultValue: 4096 }],
		// No segmentation range: the general one.
		['pegasus1.2', 'time_based_metadata', { min: 2, max: 4096, defaultValue: 4096 }],
		['pegasus9', 'time_based_metadata', { min: 2048, max: 98304, defaultValue: 32768 }],
	])('%s in %s mode', (model, mode, range) => {
		expect(maxTokensRange(model, mode)).toEqual(range);
	});
});
