/**
 * What each Pegasus model allows: the one table behind the form's field visibility
 * (task/formDisplay.ts, task/createOptions.ts), what the input reader reads
 * (task/createInput.ts) and what a create request is checked against (createRequest/).
 * A model the table does not know (a newer one, given by expression) is treated like the
 * current model, and the API has the last word.
 */

export interface TokenRange {
	min: number;
	max: number;
	defaultValue: number;
}

export interface ModelRules {
	/** Video segmentation (analysis mode `time_based_metadata`). */
	segmentation: boolean;
	/** Reference images in the prompt (`prompt_v2`) and in segment definitions. */
	referenceImages: boolean;
	/** `timestamp` fields in a JSON schema. */
	timestamps: boolean;
	/** `start_time` / `end_time` (Analyze From / Until). */
	timeWindow: boolean;
	maxTokens: { general: TokenRange; segmentation?: TokenRange };
}

export const CURRENT_MODEL = 'pegasus1.5';

export const MODEL_RULES: Record<string, ModelRules> = {
	[CURRENT_MODEL]: {
		segmentation: true,
		referenceImages: true,
		timestamps: true,
		timeWindow: true,
		maxTokens: {
			general: { min: 512, max: 98304, defaultValue: 4096 },
			segmentation: { min: 2048, max: 98304, defaultValue: 32768 },
		},
	},
	'pegasus1.2': {
		segmentation: false,
		referenceImages: false,
		timestamps: false,
		timeWindow: false,
		maxTokens: { general: { min: 2, max: 4096, defaultValue: 4096 } },
	},
};

export function rulesOf(model: string): ModelRules {
	// Own keys only: a model named by expression as 'constructor' or '__proto__' is just unknown.
	return Object.hasOwn(MODEL_RULES, model) ? MODEL_RULES[model] : MODEL_RULES[CURRENT_MODEL];
}

/** The known models for which `test` holds, for the form's display rules. */
export function modelsWhere(test: (rules: ModelRules) => boolean): string[] {
	return Object.keys(MODEL_RULES).filter((model) => test(MODEL_RULES[model]));
}

export function maxTokensRange(model: string, mode: string): TokenRange {
	const { general, segmentation } = rulesOf(model).maxTokens;
	return mode === 'time_based_metadata' && segmentation ? segmentation : general;
}
